// Property: no rule throws, whatever values a plan carries (provider schemas change; plans come from many
// Terraform and OpenTofu versions), and every message stays one line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { TERRAFORM_RULES } from "../../src/rules/catalog/terraform.js";
import { changeSet, ctxFor, type SpecAction, tfChange } from "./helpers.js";

const ACTIONS: SpecAction[] = [
  "create",
  "update",
  "delete",
  "replace",
  "replace-create-first",
  "forget",
  "import",
];

/** Arbitrary values, biased towards the shapes rules look into (lists of one object, policy strings). */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue(),
    tie("obj"),
    fc.array(tie("obj"), { maxLength: 3 }),
    fc.constantFrom(
      "0.0.0.0/0",
      "*",
      "allUsers",
      "Delete",
      "Enabled",
      "true",
      "false",
      "-1",
      "{",
      '{"Statement":{}}',
    ),
  ),
  obj: fc.dictionary(
    fc.constantFrom(
      "ingress",
      "cidr_blocks",
      "from_port",
      "to_port",
      "protocol",
      "policy",
      "assume_role_policy",
      "spec",
      "metadata",
      "rule",
      "role",
      "member",
      "members",
      "policy_data",
      "settings",
      "tags",
      "deletion_protection",
      "scope",
      "manifest",
      "allow",
      "source_ranges",
      "security_rule",
      "bucket",
      "name",
      "type",
    ),
    tie("any"),
    { maxKeys: 5 },
  ),
})).any;

describe("rules never throw on arbitrary values", () => {
  for (const rule of TERRAFORM_RULES) {
    const types = (rule.resourceTypes ?? []).slice(0, 3);
    if (types.length === 0) types.push("aws_instance");
    it(rule.id, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...types),
          fc.constantFrom(...ACTIONS),
          value,
          value,
          (type, action, before, after) => {
            const change = tfChange({ type, action, before, after });
            const cs = changeSet([change, tfChange({ type, name: "other", action: "delete", before })]);
            const result =
              rule.scope === "change" ? rule.check(change, ctxFor(cs)) : rule.check(cs, ctxFor(cs));
            const hits = result ? (Array.isArray(result) ? result : [result]) : [];
            for (const h of hits) {
              assert.equal(typeof h.message, "string");
              assert.ok(!/[\r\n]/.test(h.message), h.message);
            }
          },
        ),
        { numRuns: 40, seed: 20251224 },
      );
    });
  }
});
