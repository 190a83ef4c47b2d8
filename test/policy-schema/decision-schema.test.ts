// schemas/decision.schema.json documents `airlock check --format json`: real output of the real CLI (a git
// repository with a commit co-authored by an AI agent, a real terraform plan of terraform_data resources,
// several policies) must validate against it under JSON Schema 2020-12, and the schema must reject output
// that breaks the contract.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const TSX = import.meta.resolve("tsx");
const SCHEMA = JSON.parse(
  readFileSync(new URL("../../schemas/decision.schema.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

const STRICT = `version: 1
groups:
  platform: [bob@example.com, carol@example.com]
environments:
  - name: production
    criticality: critical
    match: { paths: ["envs/prod/**"] }
rules:
  - id: prod-approval
    description: production changes need two platform approvals
    when: environment.name == "production"
    effect: require-approval
    approval: { count: 2, groups: [platform], ttl: 8h }
  - id: prod-tests
    description: production changes need passing tests
    when: environment.name == "production"
    effect: require-evidence
    evidence: [junit]
  - id: ai-deletes
    description: AI-written deletions are blocked
    forEach: change
    when: change.action == "delete" && change.ai
    effect: block
    enforcement: soft-mandatory
  - id: heads-up
    description: tell the team
    when: "true"
    effect: require-approval
    enforcement: advisory
`;
const BLOCKING = `version: 1
rules:
  - id: no-changes
    description: nothing may change
    when: "true"
    effect: block
`;

describe("decision.schema.json", { skip: !hasTerraform && "terraform is not installed" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-decision-schema-"));
  const prod = join(dir, "envs", "prod");
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(SCHEMA);
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir },
    });
  const check = (args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", TSX, MAIN, "check", ...args, "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", AIRLOCK_AGENT: "", TF_CLI_CONFIG_FILE: "/dev/null", HOME: dir },
    });
    assert.ok(r.status === 0 || r.status === 1, `check exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const valid = (doc: unknown) => {
    const ok = validate(doc);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  };

  before(() => {
    execFileSync("mkdir", ["-p", prod]);
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Hanna Human");
    git("config", "user.email", "hanna@example.com");
    git("config", "commit.gpgsign", "false");
    writeFileSync(
      join(prod, "main.tf"),
      'resource "terraform_data" "keep" {\n  input = "a"\n}\nresource "terraform_data" "old" {\n  input = "b"\n}\n',
    );
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: prod, stdio: "ignore" });
    execFileSync("terraform", ["apply", "-input=false", "-no-color", "-auto-approve"], {
      cwd: prod,
      stdio: "ignore",
    });
    git("checkout", "-q", "-b", "agent");
    writeFileSync(
      join(prod, "main.tf"),
      'resource "terraform_data" "keep" {\n  input = "changed"\n}\nresource "terraform_data" "new" {\n  input = "c"\n}\n',
    );
    git("add", "envs/prod/main.tf");
    git("commit", "-q", "-m", "replace old\n\nCo-authored-by: Claude <noreply@anthropic.com>");
    execFileSync("terraform", ["plan", "-input=false", "-no-color", "-out", "tfplan"], {
      cwd: prod,
      stdio: "ignore",
    });
    writeFileSync(
      join(dir, "tests.xml"),
      '<testsuite name="t" tests="2"><testcase name="a"/><testcase name="b"/></testsuite>\n',
    );
    writeFileSync(join(dir, "strict.yaml"), STRICT);
    writeFileSync(join(dir, "blocking.yaml"), BLOCKING);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("validates the built-in policy's decision with AI provenance from a git range", () => {
    const d = check(["envs/prod/tfplan", "--git-range", "main..agent"]);
    valid(d);
    assert.equal(d.schemaVersion, "1.0");
    assert.equal(d.policy, "builtin");
    const prov = d.provenance as { classification: string; commits: unknown[]; agents: string[] };
    assert.notEqual(prov.classification, "human");
    assert.ok(prov.commits.length >= 1);
  });

  it("validates a decision with groups, TTL, evidence, environment, advisory and block requirements", () => {
    const d = check([
      "envs/prod/tfplan",
      "--policy",
      "strict.yaml",
      "--git-range",
      "main..agent",
      "--evidence",
      "tests.xml",
    ]);
    valid(d);
    if (process.env.DUMP_DECISION) writeFileSync(process.env.DUMP_DECISION, JSON.stringify(d, null, 2));
    const reqs = d.requirements as { id: string; kind: string; approval?: { ttlSeconds?: number } }[];
    assert.deepEqual(d.environment, { name: "production", criticality: "critical" });
    assert.ok(reqs.some((r) => r.kind === "approval" && r.approval?.ttlSeconds === 8 * 3600));
    assert.ok(reqs.some((r) => r.kind === "evidence"));
    assert.ok(reqs.some((r) => r.kind === "block"));
  });

  it("validates a block decision from a policy without environments", () => {
    const d = check(["envs/prod/tfplan", "--policy", "blocking.yaml"]);
    valid(d);
    assert.equal(d.decision, "block");
    assert.deepEqual(d.openRequirements, ["block:no-changes"]);
  });

  it("rejects output that breaks the contract", () => {
    const d = check(["envs/prod/tfplan", "--policy", "strict.yaml", "--git-range", "main..agent"]);
    valid(d);
    const broken: [string, (x: Record<string, unknown>) => void][] = [
      ["unknown decision", (x) => (x.decision = "maybe")],
      ["missing digest", (x) => delete x.digest],
      ["digest not sha256", (x) => (x.digest = "md5:abc")],
      ["other schemaVersion", (x) => (x.schemaVersion = "2.0")],
      ["unknown top-level field", (x) => (x.extra = true)],
      ["requirement kind", (x) => ((x.requirements as { kind: string }[])[0].kind = "vibes")],
      ["provenance class", (x) => ((x.provenance as { classification: string }).classification = "robot")],
      ["environment criticality", (x) => (x.environment = { name: "p", criticality: "extreme" })],
    ];
    for (const [what, mutate] of broken) {
      const copy = structuredClone(d);
      mutate(copy);
      assert.equal(validate(copy), false, `${what} must not validate`);
    }
  });
});
