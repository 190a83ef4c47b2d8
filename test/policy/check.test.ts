// End to end: a git repository with Terraform code written partly by an agent, a real plan, the real
// analyzer, checkChange, and the `airlock check` / `policy` commands (exit codes, output, errors).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { checkChange } from "../../src/policy/check.js";
import { DEFAULT_POLICY_YAML } from "../../src/policy/default-policy.js";
import { TempRepo } from "../provenance/git-fixture.js";
import { terraform } from "./assessment-builder.js";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
// Resolved here so the CLI can run from any working directory.
const TSX = import.meta.resolve("tsx");

function cli(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", AIRLOCK_AGENT: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const POLICY = `version: 1
environments:
  - name: production
    criticality: critical
    match: { paths: ["envs/prod/**"] }
rules:
  - id: ai-deletes
    description: deletions written by AI need two approvals from the owners
    forEach: change
    when: change.action == "delete" && change.ai
    effect: require-approval
    approval: { count: 2, owners: true }
  - id: prod-tests
    when: environment.name == "production" && summary.delete > 0
    effect: require-evidence
    evidence: [terraform-test, junit]
`;

describe("check end to end (git + terraform + analyzer)", () => {
  let repo: TempRepo;
  let planPath: string;
  let assessment: Assessment;
  const prod = () => join(repo.dir, "envs", "prod");

  before(async () => {
    repo = new TempRepo("airlock-check-");
    repo.commit(
      {
        ".gitignore": ".terraform/\n*.tfstate*\ntfplan\nplan.json\n.terraform.lock.hcl\n*.xml\n",
        ".github/CODEOWNERS": "*  @acme/platform\n/envs/prod/  @acme/sre\n",
        "airlock.yaml": POLICY,
        "envs/prod/main.tf": 'resource "terraform_data" "keep" {\n  input = "a"\n}\n',
        "envs/prod/db.tf": 'resource "terraform_data" "db" {\n  input = "data"\n}\n',
      },
      "base",
    );
    terraform(prod(), "init", "-input=false", "-no-color");
    terraform(prod(), "apply", "-auto-approve", "-input=false", "-no-color");
    repo.git("checkout", "-q", "-b", "agent/cleanup");
    rmSync(join(prod(), "db.tf"));
    repo.commit({}, "Remove unused db\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
    terraform(prod(), "plan", "-input=false", "-no-color", "-out=tfplan");
    planPath = join(prod(), "plan.json");
    writeFileSync(planPath, terraform(prod(), "show", "-json", "tfplan"));
    assessment = await analyzeInput({ plan: planPath });
  });
  after(() => repo.cleanup());

  test("the policy found in the repository decides; owners come from CODEOWNERS", async () => {
    const d = await checkChange({ assessment, cwd: repo.dir, env: {} });
    assert.equal(d.policy, join(repo.dir, "airlock.yaml"));
    assert.equal(d.decision, "require-approval");
    assert.equal(d.environment?.name, "production");
    assert.equal(d.digest, assessment.digest);
    assert.equal(d.provenance.classification, "ai-assisted");
    assert.equal(d.provenance.range, "main..HEAD");
    assert.deepEqual(d.provenance.addresses, { "terraform_data.db": "ai-assisted" });
    const approval = d.requirements.find((q) => q.id === "approval:ai-deletes");
    assert.deepEqual(approval?.approval, { count: 2, owners: ["@acme/sre"] });
    const ev = d.requirements.find((q) => q.id === "evidence:prod-tests");
    assert.equal(ev?.satisfied, false);
  });

  test("the same change from a human-tracked commit needs no approval", async () => {
    // Range that excludes the agent's commit: nothing in it, so provenance is unknown → treated as AI.
    const d = await checkChange({ assessment, cwd: repo.dir, env: {}, gitRange: "HEAD..HEAD" });
    assert.equal(d.provenance.classification, "unknown");
    assert.ok(
      d.requirements.some((q) => q.id === "approval:ai-deletes"),
      "unknown counts as AI",
    );
    const relaxed = await checkChange({
      assessment,
      cwd: repo.dir,
      env: {},
      gitRange: "HEAD..HEAD",
      policy: (await import("../../src/policy/load.js")).parsePolicy(
        POLICY.replace("version: 1\n", "version: 1\nprovenance: { treatUnknownAs: human }\n"),
        "relaxed.yaml",
      ),
    });
    assert.ok(!relaxed.requirements.some((q) => q.id === "approval:ai-deletes"));
  });

  test("passing terraform test evidence satisfies the evidence requirement", async () => {
    const evidence = join(repo.dir, "tests.xml");
    writeFileSync(
      evidence,
      '<testsuite name="envs/prod/tests/x.tftest.hcl" tests="1"><testcase name="ok"/></testsuite>',
    );
    const d = await checkChange({ assessment, cwd: repo.dir, env: {}, evidence: [evidence] });
    assert.equal(d.requirements.find((q) => q.id === "evidence:prod-tests")?.satisfied, true);
    assert.equal(d.decision, "require-approval");
  });

  test("AIRLOCK_AGENT (set by the guard) makes the change ai-authored", async () => {
    const d = await checkChange({ assessment, cwd: repo.dir, env: { AIRLOCK_AGENT: "codex" } });
    assert.equal(d.provenance.classification, "ai-authored");
    assert.ok(d.provenance.agents.includes("codex"));
  });

  test("CLI: text output, exit 1 when not allowed", () => {
    const r = cli(repo.dir, ["check", planPath]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Decision: {4}REQUIRE-APPROVAL$/m);
    assert.match(
      r.stdout,
      /approval:ai-deletes \[hard-mandatory\] 2 human approval\(s\) from owners @acme\/sre/,
    );
    assert.match(r.stdout, /ai-assisted +terraform_data\.db/);
  });

  test("CLI: JSON output carries decision, requirements, provenance.classification, digest", () => {
    const r = cli(repo.dir, ["check", planPath, "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.schemaVersion, "1.0");
    assert.equal(j.decision, "require-approval");
    assert.equal(j.digest, assessment.digest);
    assert.equal(j.provenance.classification, "ai-assisted");
    assert.deepEqual(j.openRequirements.sort(), ["approval:ai-deletes", "evidence:prod-tests"]);
    assert.ok(Array.isArray(j.requirements));
  });

  test("CLI: markdown output for PR comments", () => {
    const r = cli(repo.dir, ["check", planPath, "--format", "markdown"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<!-- airlock:check -->/);
    assert.match(r.stdout, /Airlock check: \*\*REQUIRE-APPROVAL\*\*/);
  });

  test("CLI: exit 0 when allowed", () => {
    const allowAll = join(repo.dir, "allow.yaml");
    writeFileSync(allowAll, 'version: 1\nrules:\n  - id: ok\n    when: "true"\n    effect: allow\n');
    const r = cli(repo.dir, ["check", planPath, "--policy", allowAll, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).decision, "allow");
  });

  test("CLI: exit 2 with one line naming file:line:column for a malformed policy", () => {
    const bad = join(repo.dir, "bad.yaml");
    writeFileSync(
      bad,
      'version: 1\nrules:\n  - id: r\n    when: change.action = "delete"\n    effect: block\n',
    );
    const r = cli(repo.dir, ["check", planPath, "--policy", bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^airlock: .*bad\.yaml:4:\d+: rules\.0\.when: CEL: .+\n$/);
  });

  test("CLI: exit 2 for a bad range, a missing evidence file, a bad format", () => {
    const range = cli(repo.dir, ["check", planPath, "--git-range", "nope..HEAD"]);
    assert.equal(range.code, 2);
    assert.match(range.stderr, /^airlock: --git-range nope\.\.HEAD: unknown revision 'nope'/);
    const ev = cli(repo.dir, ["check", planPath, "--evidence", "missing.xml"]);
    assert.equal(ev.code, 2);
    assert.match(ev.stderr, /missing\.xml: cannot read evidence \(no such file\)/);
    const fmt = cli(repo.dir, ["check", planPath, "--format", "yaml"]);
    assert.equal(fmt.code, 2);
    const none = cli(repo.dir, ["check"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no input/);
  });

  test("CLI: provenance command", () => {
    const r = cli(repo.dir, ["provenance", planPath, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.classification, "ai-assisted");
    assert.equal(j.commits[0].evidence[0].signal, "co-author-trailer");
    const t = cli(repo.dir, ["provenance"]);
    assert.match(
      t.stdout,
      /co-author-trailer \(claude-code\): Co-authored-by: Claude <noreply@anthropic\.com>/,
    );
  });
});

describe("policy init / validate / show", () => {
  let repo: TempRepo;
  before(() => {
    repo = new TempRepo("airlock-init-");
  });
  after(() => repo.cleanup());

  test("init writes the built-in policy, refuses to overwrite, validate accepts it", () => {
    const r = cli(repo.dir, ["policy", "init"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(repo.dir, "airlock.yaml"), "utf8"), DEFAULT_POLICY_YAML);
    const again = cli(repo.dir, ["policy", "init"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /airlock\.yaml exists; use --force/);
    assert.equal(cli(repo.dir, ["policy", "init", "--force"]).code, 0);
    const v = cli(repo.dir, ["policy", "validate"]);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /airlock\.yaml: valid \(6 rule\(s\), 3 environment\(s\), 0 freeze window\(s\)\)/);
    const show = cli(repo.dir, ["policy", "show"]);
    assert.equal(show.stdout.trim(), DEFAULT_POLICY_YAML.trim());
  });

  test("validate reports line and column", () => {
    writeFileSync(
      join(repo.dir, "broken.yaml"),
      "version: 1\nrules:\n  - id: r\n    when: 'true'\n    efect: block\n",
    );
    const r = cli(repo.dir, ["policy", "validate", "broken.yaml"]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^airlock: broken\.yaml:3:5: rules\[0\]: missing required key 'effect'|^airlock: broken\.yaml:5:5: rules\[0\]\.efect: unknown key \(did you mean 'effect'\?\)/,
    );
    assert.ok(existsSync(join(repo.dir, "broken.yaml")));
  });
});
