// Format detection judges a JSON document by its top-level member names, never by strings at its start: a
// key-sorted Terraform plan (`jq -S`) with "ChangeSetName" early and `format_version` later is a plan; a
// sorted change set is still a change set; a template with a ChangeSetName parameter is a template.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { looksLikeChangeSet } from "../../src/ingest/cloudformation/detect.js";
import { loadChangeSet } from "../../src/ingest/index.js";
import { computeDigest } from "../../src/model/digest.js";
import { plan, rc, writeTemp } from "../helpers/plan-builder.js";

const FIXTURES = new URL("../fixtures/cloudformation/", import.meta.url).pathname;

/** What `jq -S` does: every object's keys sorted. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** A plan whose configuration (sorted before format_version) names CloudFormation change set members. */
function cfnFlavouredPlan(): Record<string, unknown> {
  return plan(
    [
      rc({
        address: "aws_cloudformation_stack.app",
        actions: ["update"],
        before: { name: "app", parameters: { ChangeSetName: "a" } },
        after: { name: "app", parameters: { ChangeSetName: "b" } },
      }),
    ],
    {
      configuration: {
        root_module: {
          resources: [
            {
              address: "aws_cloudformation_stack.app",
              mode: "managed",
              type: "aws_cloudformation_stack",
              name: "app",
              expressions: {
                parameters: { constant_value: { ChangeSetName: "b", ChangeSetId: "x", Changes: "[]" } },
              },
            },
          ],
        },
      },
    },
  );
}

describe("format detection by top-level member names", () => {
  it("reads a key-sorted Terraform plan with ChangeSetName early as a Terraform plan", async () => {
    const doc = cfnFlavouredPlan();
    const sorted = `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
    // The case that used to be refused: the change set member name early, format_version past 4 KiB.
    // Padding between configuration and format_version (still in key order) puts format_version past 4 KiB.
    const padded = sorted.replace(
      '"errored": false',
      `"description": "${" ".repeat(5000)}",\n  "errored": false`,
    );
    const nameAt = padded.indexOf('"ChangeSetName":');
    assert.ok(nameAt >= 0 && nameAt < 4096, "ChangeSetName in the first 4 KiB");
    assert.ok(padded.indexOf('"format_version"') > 4096, "format_version past the first 4 KiB");
    assert.ok(sorted.indexOf('"format_version"') > nameAt, "format_version after ChangeSetName");
    const unsorted = await loadChangeSet({ plan: writeTemp("unsorted.json", doc) });
    for (const [name, text] of [
      ["sorted.json", sorted],
      ["padded.json", padded],
    ]) {
      const cs = await loadChangeSet({ plan: writeTemp(name, text) });
      assert.equal(cs.source.framework, "terraform", name);
      assert.deepEqual(
        cs.changes.map((c) => `${c.address} ${c.action}`),
        ["aws_cloudformation_stack.app update"],
      );
      assert.equal(computeDigest(cs.digestMaterial), computeDigest(unsorted.digestMaterial), name);
    }
  });

  it("still reads a key-sorted change set (and an array of pages) as a change set", async () => {
    const page = JSON.parse(readFileSync(join(FIXTURES, "changesets", "prop-values.json"), "utf8"));
    const plain = await loadChangeSet({ plan: join(FIXTURES, "changesets", "prop-values.json") });
    for (const [name, v] of [
      ["sorted-cs.json", sortKeys(page)],
      ["sorted-array-cs.json", [sortKeys(page)]],
    ] as const) {
      const cs = await loadChangeSet({ plan: writeTemp(name, v as object) });
      assert.equal(cs.source.framework, "cloudformation", name);
      assert.deepEqual(
        cs.changes.map((c) => `${c.address} ${c.action}`),
        plain.changes.map((c) => `${c.address} ${c.action}`),
        name,
      );
    }
  });

  it("looksLikeChangeSet decides on member names, for text and bytes", () => {
    const cases: [string, boolean][] = [
      ['{"Changes":[],"ChangeSetName":"x"}', true],
      ['\ufeff  [ {"Capabilities":["CAPABILITY_IAM"],"ChangeSetId":"arn"} ]', true],
      ['{"Changes":[{"Type":"Resource"', true], // cut short after the deciding name: the reader says so
      ['{"Description":"{\\"ChangeSetName\\":1}","Parameters":[],"StackName":"s"}', false],
      ['{"applyable":true,"configuration":{"ChangeSetName":"x"},"format_version":"1.2"}', false],
      ['{"format_version":"1.2","ChangeSetName":"x"}', false],
      ['{"AWSTemplateFormatVersion":"2010-09-09","Parameters":{"ChangeSetName":{}}}', false],
      ['{"Parameters":{"ChangeSetName":{"Type":"String"}},"Resources":{}}', false],
      ['{"apiVersion":"v1","kind":"ConfigMap","data":{"ChangeSetName":"x"}}', false],
      ["ChangeSetName: x\n", false],
      ['{"ChangeSetName"', true], // the name settles it; the change set reader reports the truncation
    ];
    for (const [text, want] of cases) {
      assert.equal(looksLikeChangeSet(text), want, text);
      assert.equal(looksLikeChangeSet(Buffer.from(text)), want, `bytes: ${text}`);
    }
  });

  it("a template with a ChangeSetName parameter is compared as a template", async () => {
    const sides = ["app-before.json", "app-after.json"].map((f) => {
      const t = JSON.parse(readFileSync(join(FIXTURES, "templates", f), "utf8"));
      t.Parameters = { ChangeSetName: { Type: "String", Default: "x" }, ...t.Parameters };
      return writeTemp(`cs-param-${f}`, t);
    });
    const cs = await loadChangeSet({ before: sides[0], after: sides[1] });
    assert.equal(cs.source.framework, "cloudformation");
    assert.ok(cs.changes.length > 0);
  });
});
