import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { RULES_DOC_PATH, renderRulesDoc } from "../../scripts/gen-rules-doc.js";
import { CATEGORIES, isSeverity } from "../../src/model/types.js";
import { ALL_RULES, changeSetRules, ruleById, rulesForType } from "../../src/rules/catalog/index.js";
import { TERRAFORM_RULES } from "../../src/rules/catalog/terraform.js";
import { indexRules } from "../../src/rules/engine.js";
import { STATEFUL_TYPES } from "../../src/rules/tables/stateful.js";

const CATEGORY_CODES: Record<string, string> = {
  "data-loss": "DATA",
  exposure: "EXP",
  privilege: "PRIV",
  availability: "AVAIL",
  audit: "AUDIT",
  encryption: "ENC",
  "mass-change": "MASS",
};

describe("Terraform rule catalog", () => {
  it("has at least 60 rules covering all four providers and all seven categories", () => {
    assert.ok(TERRAFORM_RULES.length >= 60, `${TERRAFORM_RULES.length} rules`);
    for (const p of ["aws", "google", "azure", "kubernetes"])
      assert.ok(
        TERRAFORM_RULES.filter((r) => r.provider === p).length >= 5,
        `provider ${p} has fewer than 5 rules`,
      );
    for (const c of CATEGORIES)
      assert.ok(
        TERRAFORM_RULES.some((r) => r.category === c),
        `no ${c} rule`,
      );
  });

  it("every rule has a unique, well-formed id and complete metadata", () => {
    const ids = new Set<string>();
    for (const r of TERRAFORM_RULES) {
      assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
      ids.add(r.id);
      assert.match(r.id, /^AL-TF-(DATA|EXP|PRIV|AVAIL|AUDIT|ENC|MASS)-\d{3}$/, r.id);
      assert.equal(r.id.split("-")[2], CATEGORY_CODES[r.category], `${r.id} is in category ${r.category}`);
      assert.ok((CATEGORIES as readonly string[]).includes(r.category), r.id);
      assert.ok(isSeverity(r.severity), `${r.id} severity`);
      for (const f of ["title", "rationale", "remediation"] as const)
        assert.ok(r[f].trim().length >= 10, `${r.id} ${f} is empty or too short`);
      assert.ok(!/\n/.test(r.title), `${r.id} title is one line`);
      assert.deepEqual(r.frameworks, ["terraform"], r.id);
      assert.ok(["aws", "google", "azure", "kubernetes", "any"].includes(r.provider), r.id);
      assert.equal(typeof r.check, "function");
      if (r.scope === "change")
        assert.ok(r.resourceTypes && r.resourceTypes.length > 0, `${r.id} declares resource types`);
      for (const t of r.resourceTypes ?? []) assert.match(t, /^[a-z0-9_]+$/, `${r.id}: resource type ${t}`);
    }
  });

  it("ids are unique across every framework's rules", () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of TERRAFORM_RULES) assert.equal(ruleById(r.id), r);
  });

  it("provider-specific rules only list that provider's resource types", () => {
    const prefix: Record<string, RegExp> = {
      aws: /^aws_/,
      google: /^google_/,
      azure: /^(azurerm|azuread)_/,
      kubernetes: /^kubernetes_/,
    };
    for (const r of TERRAFORM_RULES) {
      if (r.provider === "any") continue;
      for (const t of r.resourceTypes ?? []) assert.match(t, prefix[r.provider], `${r.id} lists ${t}`);
    }
  });

  it("stateful tables have no duplicate types", () => {
    const seen = new Set<string>();
    for (const s of STATEFUL_TYPES) {
      assert.ok(!seen.has(s.type), `duplicate stateful type ${s.type}`);
      seen.add(s.type);
    }
  });
});

describe("dispatch by resource type", () => {
  it("rulesForType returns exactly the change rules that list the type", () => {
    const forDb = rulesForType("aws_db_instance", "terraform").map((r) => r.id);
    for (const id of [
      "AL-TF-DATA-001",
      "AL-TF-DATA-040",
      "AL-TF-EXP-003",
      "AL-TF-ENC-001",
      "AL-TF-AVAIL-020",
    ])
      assert.ok(forDb.includes(id), `${id} missing for aws_db_instance`);
    assert.ok(!forDb.includes("AL-TF-EXP-001"));
    assert.deepEqual(rulesForType("null_resource", "terraform"), []);
    assert.equal(
      rulesForType("aws_db_instance", "terraform"),
      rulesForType("aws_db_instance", "terraform"),
      "cached",
    );
  });

  it("agrees with the engine's index for every type the catalog knows", () => {
    const idx = indexRules(ALL_RULES, "terraform");
    const types = new Set(TERRAFORM_RULES.flatMap((r) => r.resourceTypes ?? []));
    for (const t of types) {
      const engine = [...(idx.byType.get(t) ?? []), ...idx.anyType].map((r) => r.id).sort();
      const ours = rulesForType(t, "terraform")
        .map((r) => r.id)
        .sort();
      assert.deepEqual(ours, engine, t);
    }
  });

  it("changeSetRules returns the plan-wide rules", () => {
    const ids = changeSetRules("terraform").map((r) => r.id);
    assert.ok(ids.includes("AL-TF-MASS-001") && ids.includes("AL-TF-MASS-003"));
    assert.ok(changeSetRules("terraform").every((r) => r.scope === "changeset"));
  });
});

describe("docs/rules.md", () => {
  it("is generated from the rule table and up to date (npm run docs:rules)", () => {
    const text = readFileSync(RULES_DOC_PATH, "utf8");
    assert.equal(text, renderRulesDoc(ALL_RULES), "docs/rules.md is out of date: run npm run docs:rules");
    for (const r of ALL_RULES) assert.ok(text.includes(`### ${r.id}`), `${r.id} missing from docs/rules.md`);
  });
});
