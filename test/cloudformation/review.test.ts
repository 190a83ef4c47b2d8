// Gaps found in review: each case a pair of hand-written templates in the exact CloudFormation format, and
// what a reviewer needs to see.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { InputError } from "../../src/model/types.js";
import { FORMATS, render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const R = new URL("../fixtures/cloudformation/review/", import.meta.url).pathname;

async function run(before: string, after: string): Promise<Assessment> {
  return analyzeInput({ before: R + before, after: R + after });
}

function pins(a: Assessment): string[] {
  return a.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
}

describe("cloudformation review cases", () => {
  it('Action "*:*" is Action "*": full administrator access', async () => {
    const a = await run("iam-before.yaml", "iam-after.yaml");
    assert.deepEqual(pins(a), ["critical AL-CFN-PRIV-001 DeployPolicy"]);
    assert.match(a.findings[0].message, /full administrator access/);
  });
});

describe("stateful replacement under Retain/Snapshot", () => {
  it("the old data is kept, but the new resource starts empty: medium, not info", async () => {
    const a = await run("db-rename-before.yaml", "db-rename-after.yaml");
    assert.deepEqual(pins(a), ["medium AL-CFN-DATA-001 ArchiveBucket", "medium AL-CFN-DATA-001 OrdersDb"]);
    assert.match(a.findings[1].message, /new, empty/);
    assert.match(a.findings[1].message, /ReplaceAndSnapshot/);
    // Removing a retained resource still loses nothing: info.
    const removed = await analyzeInput({ before: `${R}db-rename-before.yaml`, after: `${R}iam-before.yaml` });
    assert.deepEqual(
      pins(removed).filter((p) => p.includes("DATA-001")),
      ["info AL-CFN-DATA-001 ArchiveBucket", "info AL-CFN-DATA-001 OrdersDb"],
    );
  });
});

describe("public endpoints", () => {
  it("an internal load balancer made internet-facing, a function URL without auth", async () => {
    const a = await run("endpoints-before.yaml", "endpoints-after.yaml");
    // WebAlb was already internet-facing (the default): only its spelling changed.
    assert.deepEqual(
      pins(a).filter((p) => p.includes("EXP-")),
      ["high AL-CFN-EXP-004 AdminAlb", "high AL-CFN-EXP-004 HandlerUrl"],
    );
    assert.match(a.findings.find((f) => f.address === "AdminAlb")?.message ?? "", /internet-facing/);
    // A new internet-facing load balancer is routine for a web stack: not reported on create.
    const created = await analyzeInput({ before: `${R}iam-before.yaml`, after: `${R}endpoints-after.yaml` });
    assert.deepEqual(
      pins(created).filter((p) => p.includes("EXP-")),
      ["high AL-CFN-EXP-004 HandlerUrl"],
    );
  });
});

describe("conditions", () => {
  it("a stateful resource that gains a Condition may be deleted at deploy time", async () => {
    const a = await run("condition-before.yaml", "condition-after.yaml");
    assert.deepEqual(pins(a), ["medium AL-CFN-DATA-001 Orders"]);
    assert.match(a.findings[0].message, /Condition IsProd/);
    // Dropping the Condition keeps the resource: nothing to say.
    assert.deepEqual(pins(await run("condition-after.yaml", "condition-before.yaml")), []);
  });
});

describe("secrets named by a sibling Name", () => {
  it("ECS/CodeBuild {Name: DB_PASSWORD, Value: …} and SSM parameters named like secrets are (sensitive)", async () => {
    const a = await run("named-secrets-before.yaml", "named-secrets-after.yaml");
    for (const format of FORMATS) {
      const out = render(a, format, { color: false, rules: ALL_RULES });
      for (const v of ["ECSSECRETVAL", "CBSECRETVAL", "SSMSECRETVAL"])
        assert.ok(!out.includes(v), `${format} leaks ${v}`);
    }
    const td = a.changes.find((c) => c.address === "Td");
    assert.ok(
      td?.attributes.some((x) => x.path.endsWith("Environment[0].Value") && x.after === "(sensitive)"),
    );
    // The neighbour that is not a secret is still shown.
    assert.ok(td?.attributes.some((x) => x.after === '"app:2"'));
  });
});

describe("log retention", () => {
  it("shortening a log group's retention deletes older events; lengthening it does not", async () => {
    const a = await run("logs-before.yaml", "logs-after.yaml");
    assert.deepEqual(pins(a), ["medium AL-CFN-DATA-003 AppLogs", "medium AL-CFN-DATA-003 AuditLogs"]);
    assert.match(a.findings[0].message, /RetentionInDays goes from never expire to 30/);
    assert.match(a.findings[1].message, /RetentionInDays goes from 365 to 1/);
    // Back: AuditLogs 1 → 365 and AppLogs 30 → never expire lengthen; only DebugLogs 14 → 7 shortens.
    assert.deepEqual(pins(await run("logs-after.yaml", "logs-before.yaml")), [
      "medium AL-CFN-DATA-003 DebugLogs",
    ]);
  });
});

describe("templates that must be refused with file:line:col", () => {
  it("a template with Latin-1 bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-cfn-review-"));
    const ok = join(dir, "ok.yaml");
    writeFileSync(ok, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: cafe}\n");
    const bad = join(dir, "latin1.yaml");
    writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: caf"),
        Buffer.from([0xe9]),
        Buffer.from("}\n"),
      ]),
    );
    await assert.rejects(analyzeInput({ before: ok, after: bad }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /latin1\.yaml:4:33: not UTF-8 text/);
      return true;
    });
  });
});
