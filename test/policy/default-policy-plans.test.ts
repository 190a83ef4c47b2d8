// The built-in policy against plans in Terraform's exact JSON format, analyzed by the real analyzer: the four
// promises of the issue — production AI-authored destructive → 2 human approvals + test evidence; IAM
// broadening by AI → an owner's approval; critical data loss → blocked unless overridden; low risk → allow.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { PolicyDecision, Provenance, ProvenanceClass } from "../../src/model/decision.js";
import { checkChange } from "../../src/policy/check.js";
import type { Override } from "../../src/policy/types.js";

type Rc = { address: string; type: string; actions: string[]; before: unknown; after: unknown };

function plan(rcs: Rc[]): string {
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: rcs.map((r) => ({
      address: r.address,
      mode: "managed",
      type: r.type,
      name: r.address.split(".").pop(),
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: r.actions,
        before: r.before,
        after: r.after,
        after_unknown: {},
        before_sensitive: r.before === null ? false : {},
        after_sensitive: r.after === null ? false : {},
      },
    })),
    errored: false,
  });
}

const instanceDelete: Rc = {
  address: "aws_instance.worker",
  type: "aws_instance",
  actions: ["delete"],
  before: { ami: "ami-123", instance_type: "t3.small", id: "i-0abc" },
  after: null,
};
const queueCreate: Rc = {
  address: "aws_sqs_queue.jobs",
  type: "aws_sqs_queue",
  actions: ["create"],
  before: null,
  after: { name: "jobs", sqs_managed_sse_enabled: true },
};
const adminPolicy: Rc = {
  address: "aws_iam_role_policy.ci",
  type: "aws_iam_role_policy",
  actions: ["create"],
  before: null,
  after: {
    name: "ci",
    role: "ci",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    }),
  },
};

let dir: string;
let passing: string;
const planFile: Record<string, string> = {};

before(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-default-policy-"));
  passing = join(dir, "tests.xml");
  writeFileSync(passing, '<testsuite name="t" tests="1"><testcase name="restore"/></testsuite>\n');
  const put = (name: string, env: string, body: string) => {
    mkdirSync(join(dir, "envs", env), { recursive: true });
    planFile[name] = join(dir, "envs", env, `${name}.plan.json`);
    writeFileSync(planFile[name], body);
  };
  put("instance-delete", "prod", plan([instanceDelete]));
  put("low-risk", "prod", plan([queueCreate]));
  put("iam", "dev", plan([adminPolicy]));
  mkdirSync(join(dir, "envs", "prod"), { recursive: true });
  planFile["replace-database"] = join(dir, "envs", "prod", "replace-database.plan.json");
  copyFileSync(
    join(import.meta.dirname, "../../examples/replace-database.plan.json"),
    planFile["replace-database"],
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function decide(
  name: string,
  cls: ProvenanceClass,
  o: { evidence?: string[]; overrides?: Override[] } = {},
): Promise<PolicyDecision> {
  const assessment = await analyzeInput({ plan: planFile[name] });
  const addresses: Record<string, ProvenanceClass> = {};
  for (const c of assessment.changes) addresses[c.address] = cls;
  const provenance: Provenance = {
    classification: cls,
    agents: [],
    commits: [],
    files: [],
    addresses,
    notes: [],
  };
  return checkChange({
    assessment,
    policyPath: "builtin",
    provenance,
    evidence: o.evidence,
    overrides: o.overrides,
    cwd: dir,
    env: {},
    now: new Date("2026-03-04T10:00:00Z"),
  });
}

const open = (d: PolicyDecision) =>
  d.requirements
    .filter((q) => !q.satisfied && q.enforcement !== "advisory")
    .map((q) => q.id)
    .sort();

describe("built-in policy on real-format plans", () => {
  test("production, AI-authored destructive change → 2 human approvals + test evidence", async () => {
    const d = await decide("instance-delete", "ai-authored");
    assert.equal(d.environment?.name, "production");
    assert.equal(d.decision, "require-approval");
    assert.deepEqual(open(d), [
      "approval:prod-ai-destructive-approval",
      "evidence:prod-ai-destructive-tests",
    ]);
    assert.equal(
      d.requirements.find((q) => q.id === "approval:prod-ai-destructive-approval")?.approval?.count,
      2,
    );
    const withTests = await decide("instance-delete", "ai-authored", { evidence: [passing] });
    assert.deepEqual(open(withTests), ["approval:prod-ai-destructive-approval"]);
  });

  test("the same change by a human, or with unknown provenance (treated like AI)", async () => {
    assert.equal((await decide("instance-delete", "human")).decision, "allow");
    assert.deepEqual(open(await decide("instance-delete", "unknown")), [
      "approval:prod-ai-destructive-approval",
      "evidence:prod-ai-destructive-tests",
    ]);
  });

  test("IAM broadening by AI → an owner's approval; by a human in development → allowed", async () => {
    const d = await decide("iam", "ai-assisted");
    assert.equal(d.environment?.name, "development");
    assert.ok(open(d).includes("approval:ai-privilege-broadening"), JSON.stringify(d.reasons));
    const q = d.requirements.find((x) => x.id === "approval:ai-privilege-broadening");
    assert.ok(q?.approval?.owners, "owners requested");
    assert.equal((await decide("iam", "human")).decision, "allow");
  });

  test("critical data loss is blocked for anyone, unless a break-glass override is recorded", async () => {
    const human = await decide("replace-database", "human");
    assert.equal(human.decision, "block");
    assert.ok(open(human).includes("block:critical-data-loss"));
    const overridden = await decide("replace-database", "human", {
      overrides: [
        { requirement: "critical-data-loss", reason: "restore tested in staging", by: "ops@example.com" },
      ],
    });
    assert.ok(!open(overridden).includes("block:critical-data-loss"));
    assert.equal(overridden.decision, "require-approval", "still a high-risk production change");
    const ai = await decide("replace-database", "ai-authored", {
      overrides: [{ requirement: "critical-data-loss", reason: "approved incident", by: "ops@example.com" }],
    });
    assert.ok(open(ai).includes("approval:prod-ai-destructive-approval"));
    assert.ok(open(ai).includes("evidence:prod-ai-destructive-tests"));
  });

  test("low-risk change in production is allowed, even by AI", async () => {
    const d = await decide("low-risk", "ai-authored");
    assert.equal(d.environment?.name, "production");
    assert.equal(d.decision, "allow", JSON.stringify(d.reasons));
    assert.deepEqual(open(d), []);
  });
});
