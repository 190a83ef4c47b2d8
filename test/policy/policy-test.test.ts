// `airlock policy test`: fixture changes (a real terraform plan, hand-built assessments) with expected
// decisions, run through the library and the CLI.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadPolicy, parsePolicy } from "../../src/policy/load.js";
import { runPolicyTests } from "../../src/policy/policy-test.js";
import { assessment, change, finding, terraform } from "./assessment-builder.js";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const TSX = import.meta.resolve("tsx");

const POLICY = `version: 1
environments:
  - { name: production, criticality: critical, match: { paths: ["envs/prod/**"], workspaces: [prod] } }
rules:
  - id: ai-deletes
    forEach: change
    when: change.action == "delete" && change.ai
    effect: require-approval
    approval: { count: 2 }
  - id: prod-deletes-tested
    when: environment.name == "production" && summary.delete > 0
    effect: require-evidence
    evidence: [junit]
`;

let dir: string;
let cases: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-ptest-"));
  // A real plan: terraform_data.old exists in state and is removed from the configuration.
  const tf = join(dir, "tf");
  mkdirSync(tf);
  writeFileSync(
    join(tf, "main.tf"),
    'resource "terraform_data" "old" {\n  input = 1\n}\nresource "terraform_data" "keep" {\n  input = 2\n}\n',
  );
  terraform(tf, "init", "-input=false", "-no-color");
  terraform(tf, "apply", "-auto-approve", "-input=false", "-no-color");
  writeFileSync(join(tf, "main.tf"), 'resource "terraform_data" "keep" {\n  input = 2\n}\n');
  terraform(tf, "plan", "-input=false", "-no-color", "-out=tfplan");
  cases = join(dir, "cases");
  mkdirSync(join(cases, "nested"), { recursive: true });
  writeFileSync(join(cases, "delete.plan.json"), terraform(tf, "show", "-json", "tfplan"));
  writeFileSync(join(cases, "pass.xml"), '<testsuite tests="1"><testcase name="ok"/></testsuite>');
  writeFileSync(
    join(cases, "delete.expect.yaml"),
    "description: AI deletes in prod need approvals and tests\nprovenance: ai-authored\npath: envs/prod/plan.json\nexpect:\n  decision: require-approval\n  requirements: [approval:ai-deletes, evidence:prod-deletes-tested]\n  environment: production\n",
  );
  writeFileSync(
    join(cases, "delete-human-tested.expect.yaml"),
    "plan: delete.plan.json\nprovenance: { default: ai-authored, addresses: { terraform_data.old: human } }\nworkspace: prod\nevidence: [pass.xml]\nexpect:\n  decision: allow\n  requirements: []\n",
  );
  writeFileSync(
    join(cases, "nested", "dev.expect.yaml"),
    "plan: ../delete.plan.json\nprovenance: ai-authored\npath: envs/dev/plan.json\nexpect:\n  decision: require-approval\n  requirements: [approval:ai-deletes]\n",
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("policy test runner", () => {
  test("all cases pass against the policy they were written for", async () => {
    const results = await runPolicyTests(cases, parsePolicy(POLICY, "p.yaml"), { cwd: dir });
    assert.equal(results.length, 3);
    for (const r of results) assert.ok(r.passed, `${r.name}: ${r.problems.join("; ")}`);
  });

  test("a policy that decides differently fails the cases, saying how", async () => {
    const lax = parsePolicy("version: 1\nrules: []\n", "lax.yaml");
    const results = await runPolicyTests(cases, lax, { cwd: dir });
    const del = results.find((r) => r.file.endsWith("/delete.expect.yaml"));
    assert.equal(del?.passed, false);
    assert.deepEqual(del?.problems, [
      "decision: expected require-approval, got allow",
      "missing open requirement(s): approval:ai-deletes, evidence:prod-deletes-tested",
      "environment: expected production, got unclassified",
    ]);
  });

  test("hand-built assessment fixtures against the built-in policy", async () => {
    const d = join(dir, "builtin");
    mkdirSync(d);
    const a = assessment(
      [change("aws_db_instance.main", "delete")],
      [finding("aws_db_instance.main", "data-loss", "critical")],
      {},
      "envs/prod/plan.json",
    );
    writeFileSync(join(d, "critical.assessment.json"), JSON.stringify(a));
    writeFileSync(
      join(d, "critical.expect.yaml"),
      "provenance: human\nexpect:\n  decision: block\n  requirements: [block:critical-data-loss, approval:prod-high-risk]\n",
    );
    writeFileSync(
      join(d, "critical-override.expect.yaml"),
      "assessment: critical.assessment.json\nprovenance: human\noverrides:\n  - { requirement: critical-data-loss, reason: tested restore, by: hanna@example.com }\nexpect:\n  decision: require-approval\n  requirements: [approval:prod-high-risk]\n",
    );
    const results = await runPolicyTests(d, loadPolicy(), { cwd: dir });
    for (const r of results) assert.ok(r.passed, `${r.name}: ${r.problems.join("; ")}`);
    assert.equal(results.length, 2);
  });

  test("malformed expect files are input errors with line and column", async () => {
    const d = join(dir, "bad");
    mkdirSync(d);
    writeFileSync(join(d, "x.plan.json"), "{}");
    writeFileSync(join(d, "x.expect.yaml"), "provenance: ai-authored\nexpect:\n  decision: maybe\n");
    await assert.rejects(
      runPolicyTests(d, loadPolicy()),
      /x\.expect\.yaml:3:13: expect\.decision: must be one of allow, require-approval, block/,
    );
    writeFileSync(join(d, "x.expect.yaml"), "provenance: robot\nexpect: { decision: allow }\n");
    await assert.rejects(runPolicyTests(d, loadPolicy()), /x\.expect\.yaml:1:13: provenance: must be one of/);
    writeFileSync(join(d, "x.expect.yaml"), "expect: { decision: allow }\nplann: x.json\n");
    await assert.rejects(runPolicyTests(d, loadPolicy()), /x\.expect\.yaml:2:1: plann: unknown key/);
    rmSync(join(d, "x.plan.json"));
    writeFileSync(join(d, "x.expect.yaml"), "expect: { decision: allow }\n");
    await assert.rejects(runPolicyTests(d, loadPolicy()), /no input x\.\*/);
  });
});

describe("airlock policy test (CLI)", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", TSX, MAIN, "policy", "test", ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });

  test("exit 0 when every case passes", () => {
    writeFileSync(join(dir, "p.yaml"), POLICY);
    const r = run(["cases", "--policy", "p.yaml"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(
      r.stdout,
      /^ok {3}cases\/delete\.expect\.yaml — AI deletes in prod need approvals and tests: require-approval$/m,
    );
    assert.match(r.stdout, /3 passed, 0 failed/);
  });

  test("exit 1 when a case fails; JSON output", () => {
    writeFileSync(join(dir, "lax.yaml"), "version: 1\n");
    const r = run(["cases", "--policy", "lax.yaml", "--format", "json"]);
    assert.equal(r.status, 1);
    const j = JSON.parse(r.stdout);
    assert.equal(j.failed, 2, "the human-written, tested case is allowed by the lax policy too");
    assert.deepEqual(
      j.cases.map((c: { passed: boolean }) => c.passed),
      [true, false, false],
    );
  });

  test("exit 2 for a missing folder", () => {
    const r = run(["nope"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^airlock: nope: no such directory\n$/);
  });
});
