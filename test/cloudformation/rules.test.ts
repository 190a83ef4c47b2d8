// AL-CFN rules over hand-written change sets and template pairs: every rule fires on a fixture, routine
// changes stay quiet, pinned findings for the risky fixtures, and NoEcho/secret values never printed.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { AnalyzeInput } from "../../src/ingest/index.js";
import type { Assessment } from "../../src/model/assessment.js";
import { FORMATS, type Format, render } from "../../src/report/index.js";
import { CLOUDFORMATION_RULES } from "../../src/rules/catalog/cloudformation.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const C = new URL("../fixtures/cloudformation/", import.meta.url).pathname;
const T = `${C}templates/`;

const INPUTS: AnalyzeInput[] = [
  { plan: `${C}changesets/prop-values.json` },
  { plan: `${C}changesets/nested.json` },
  { before: `${T}app-before.yaml`, after: `${T}app-after.yaml` },
  { before: `${T}more-before.yaml`, after: `${T}more-after.yaml` },
  { before: `${T}app-before.yaml`, after: `${T}teardown-after.yaml` },
];

function pins(a: Assessment): string[] {
  return a.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
}

function tmp(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "airlock-cfnr-")), name);
  writeFileSync(p, text);
  return p;
}

describe("cloudformation rules", () => {
  it("every AL-CFN rule fires on at least one fixture", async () => {
    const fired = new Set<string>();
    for (const input of INPUTS) for (const f of (await analyzeInput(input)).findings) fired.add(f.ruleId);
    assert.deepEqual(
      CLOUDFORMATION_RULES.map((r) => r.id).filter((id) => !fired.has(id)),
      [],
    );
  });

  it("rules are CloudFormation rules with stable ids and documented metadata", () => {
    const ids = new Set<string>();
    for (const r of CLOUDFORMATION_RULES) {
      assert.match(r.id, /^AL-CFN-(DATA|EXP|PRIV|AVAIL|AUDIT|ENC|MASS)-\d{3}$/);
      assert.ok(!ids.has(r.id), r.id);
      ids.add(r.id);
      assert.deepEqual(r.frameworks, ["cloudformation"]);
      assert.equal(r.provider, "aws");
      assert.ok(r.rationale.length > 20 && r.remediation.length > 10, r.id);
    }
  });

  it("a routine template change (code, tags, sizes, descriptions) has no high or critical finding", async () => {
    const text = readFileSync(`${T}app-before.yaml`, "utf8");
    const routine = text
      .replace("Description: Payments service (before)", "Description: Payments service v2")
      .replace("Runtime: python3.12", "Runtime: python3.13")
      .replace('MaxSize: "6"', 'MaxSize: "8"')
      .replace("InstanceType: t3.small", "InstanceType: t3.medium")
      .replace(
        "      BucketName: !Sub",
        "      Tags:\n        - Key: team\n          Value: payments\n      BucketName: !Sub",
      )
      .replace('EngineVersion: "15.4"', 'EngineVersion: "15.5"');
    const a = await analyzeInput({ before: `${T}app-before.yaml`, after: tmp("routine.yaml", routine) });
    assert.ok(a.summary.update >= 5, JSON.stringify(a.summary));
    assert.deepEqual(
      a.findings.filter((f) => f.severity === "high" || f.severity === "critical").map((f) => f.ruleId),
      [],
    );
  });

  it("change set: data loss unless retained, SSH to the world, trail removed", async () => {
    const a = await analyzeInput({ plan: `${C}changesets/prop-values.json` });
    assert.deepEqual(pins(a), [
      "critical AL-CFN-DATA-001 Database",
      "critical AL-CFN-DATA-001 Sessions",
      "critical AL-CFN-AUDIT-001 Trail",
      "critical AL-CFN-EXP-001 WebSecurityGroup",
      "medium AL-CFN-AVAIL-003 Exporter",
      "medium AL-CFN-DATA-001 Ledger",
      // Replaced with ReplaceAndRetain: the old bucket is kept, the new one starts empty.
      "medium AL-CFN-DATA-001 Uploads",
      "info AL-CFN-DATA-001 Archive",
      "info AL-CFN-DATA-001 Reporting",
    ]);
    const msg = (addr: string) => a.findings.find((f) => f.address === addr)?.message ?? "";
    assert.match(
      msg("Database"),
      /replaced and the old resource deleted, losing the database \(PolicyAction ReplaceAndDelete\)/,
    );
    assert.match(msg("Archive"), /keeps the old resource \(PolicyAction Retain\): no data is lost/);
    assert.match(msg("WebSecurityGroup"), /0\.0\.0\.0\/0 on tcp port 22 \(SSH 22\)/);
    assert.deepEqual(a.findings.find((f) => f.address === "Database")?.blastRadius, ["AppFunction"]);
  });

  it("a Remove without PolicyAction is assumed to delete (fail closed)", async () => {
    const doc = JSON.parse(readFileSync(`${C}changesets/prop-values.json`, "utf8"));
    for (const c of doc.Changes) delete c.ResourceChange.PolicyAction;
    const a = await analyzeInput({ plan: tmp("np.json", JSON.stringify(doc)) });
    const archive = a.findings.find((f) => f.address === "Archive");
    assert.equal(archive?.severity, "critical");
    assert.match(archive?.message ?? "", /gives no PolicyAction; Delete assumed/);
  });

  it("template pair: the agent's 'cleanup' of the payments stack", async () => {
    const a = await analyzeInput({ before: `${T}app-before.yaml`, after: `${T}app-after.yaml` });
    assert.deepEqual(pins(a), [
      "critical AL-CFN-PRIV-001 AppRole",
      "critical AL-CFN-PRIV-002 AppRole",
      "critical AL-CFN-ENC-001 DataKey",
      "critical AL-CFN-DATA-001 Database",
      "critical AL-CFN-AUDIT-002 Trail",
      "critical AL-CFN-EXP-001 WebSecurityGroup",
      "high AL-CFN-DATA-002 Archive",
      "high AL-CFN-DATA-002 Archive",
      "high AL-CFN-EXP-003 Archive",
      "high AL-CFN-DATA-002 Database",
      "high AL-CFN-DATA-003 Database",
      "high AL-CFN-AVAIL-001 Workers",
      "medium AL-CFN-PRIV-003 AppRole",
      "medium AL-CFN-AUDIT-002 Archive",
    ]);
    assert.match(
      a.findings.find((f) => f.ruleId === "AL-CFN-EXP-001")?.message ?? "",
      /ingress from 0\.0\.0\.0\/0 \(default of parameter AdminCidr\) on tcp port 22/,
    );
  });

  it("template pair: network, data protection, encryption, capacity", async () => {
    const a = await analyzeInput({ before: `${T}more-before.yaml`, after: `${T}more-after.yaml` });
    assert.deepEqual(pins(a), [
      "high AL-CFN-AVAIL-001 Api",
      "high AL-CFN-EXP-005 AssetsPolicy",
      "high AL-CFN-AUDIT-002 Detector",
      "high AL-CFN-EXP-002 PublicAclInbound",
      "high AL-CFN-AUDIT-001 Recorder",
      "high AL-CFN-DATA-003 Reports",
      "high AL-CFN-EXP-004 Reports",
      "high AL-CFN-ENC-002 Scratch",
      "medium AL-CFN-AVAIL-002 ApiTopic",
      "medium AL-CFN-DATA-003 Assets",
      "medium AL-CFN-ENC-002 Jobs",
      "low AL-CFN-AVAIL-002 ApiTopicSub",
    ]);
  });

  it("tearing the stack down is a critical mass change", async () => {
    const a = await analyzeInput({ before: `${T}app-before.yaml`, after: `${T}teardown-after.yaml` });
    const mass = a.findings.find((f) => f.ruleId === "AL-CFN-MASS-001");
    assert.equal(mass?.severity, "critical");
    assert.match(mass?.message ?? "", /12 of 13 existing resources are removed or replaced/);
  });
});

describe("cloudformation secrets never appear in output", () => {
  const SECRETS = ["correct-horse-battery-staple", "tok-live-4f9a8b7c6d5e"];
  for (const input of INPUTS) {
    it(`${input.plan ?? input.after}: all four formats`, async () => {
      const a = await analyzeInput(input);
      for (const format of FORMATS as readonly Format[]) {
        const out = render(a, format, { color: false, rules: ALL_RULES });
        for (const s of SECRETS) assert.ok(!out.includes(s), `${format} leaks ${s}`);
      }
    });
  }

  it("values from NoEcho parameters and secret-named properties show as (sensitive)", async () => {
    const a = await analyzeInput({ before: `${T}app-before.yaml`, after: `${T}app-after.yaml` });
    const fresh = await analyzeInput({ before: tmp("e.yaml", ""), after: `${T}app-after.yaml` });
    const pw = fresh.changes
      .find((c) => c.address === "Database")
      ?.attributes.find((x) => x.path === "Properties.MasterUserPassword");
    assert.deepEqual(pw, { path: "Properties.MasterUserPassword", after: "(sensitive)" });
    assert.ok(a.changes.length > 0);
    const cs = await analyzeInput({ plan: `${C}changesets/prop-values.json` });
    const db = cs.changes.find((c) => c.address === "Database");
    assert.ok(
      !db?.attributes.some((x) => x.path.includes("MasterUserPassword") && x.after !== "(sensitive)"),
    );
  });
});
