// Security review finding (HIGH): the requester must not choose the policy. A request is decided by the policy
// in force (AIRLOCK_POLICY, else airlock.yaml at the repository root, else built-in), records its identity,
// and `approve`, `status`, `apply` and isDigestApproved void it when the policy in force differs.
// Real terraform plans (terraform_data), a real git repository, real signatures.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { runApply } from "../../src/apply/gate.js";
import { isDigestApproved } from "../../src/approvals/lookup.js";
import { createRequest, RefusedError, requestStatus, review } from "../../src/approvals/service.js";
import { loadOrCreateReviewerKey, sshEd25519PublicKey } from "../../src/approvals/signing.js";

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

const STRICT = `version: 1
groups:
  platform: [bob@example.com]
rules:
  - id: any-change
    description: every change needs one approval from the platform group
    when: "true"
    effect: require-approval
    approval: { count: 1, groups: [platform], ttl: 1h }
    enforcement: hard-mandatory
`;
const PERMISSIVE = `version: 1
rules: []
`;

describe("the requester cannot choose the policy", {
  skip: !hasTerraform && "terraform is not installed",
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-policy-binding-"));
  const repo = join(dir, "repo");
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const log: string[] = [];
  const apply = () =>
    runApply(["terraform", "apply", "-input=false", "-no-color", "tfplan"], { log: (l) => log.push(l) });
  const state = () =>
    existsSync(join(repo, "terraform.tfstate")) ? readFileSync(join(repo, "terraform.tfstate"), "utf8") : "";
  const as = (identity: string) => {
    process.env.AIRLOCK_IDENTITY = identity;
    delete process.env.AIRLOCK_AGENT;
  };
  let home = 0;

  before(() => {
    mkdirSync(repo);
    execFileSync("git", ["init", "-q"], { cwd: repo });
    process.chdir(repo);
    process.env.TF_CLI_CONFIG_FILE = "/dev/null";
    delete process.env.AIRLOCK_DATABASE_URL;
    delete process.env.AIRLOCK_POLICY;
    writeFileSync(join(repo, "main.tf"), 'resource "terraform_data" "x" {\n  input = "one"\n}\n');
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: repo, stdio: "ignore" });
    execFileSync("terraform", ["plan", "-input=false", "-no-color", "-out", "tfplan"], {
      cwd: repo,
      stdio: "ignore",
    });
    writeFileSync(join(repo, "permissive.yaml"), PERMISSIVE);
    process.env.AIRLOCK_REVIEWER_KEY = join(dir, "bob.key");
    const pub = sshEd25519PublicKey(loadOrCreateReviewerKey().publicKey);
    writeFileSync(join(dir, "allowed_signers"), `bob@example.com namespaces="airlock" ${pub}\n`);
    process.env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
  });
  beforeEach(() => {
    // A fresh store for every test; the repository's policy is the strict one.
    process.env.AIRLOCK_HOME = join(dir, `home-${home++}`);
    delete process.env.AIRLOCK_POLICY;
    writeFileSync(join(repo, "airlock.yaml"), STRICT);
    as("agent@example.com");
  });
  after(() => {
    process.chdir(saved.cwd);
    rmSync(dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
  });

  it("request --policy naming a more permissive file is refused, so nothing is approved", async () => {
    await assert.rejects(
      createRequest({ plan: "tfplan", policy: "permissive.yaml" }),
      /requests are always decided by the policy in force, airlock\.yaml/,
    );
    await assert.rejects(createRequest({ plan: "tfplan", policy: "builtin" }), /policy in force/);
    const req = await createRequest({ plan: "tfplan" });
    assert.equal(req.decision.decision, "require-approval");
    assert.equal((await isDigestApproved(req.digest)).approved, false);
    assert.equal(await apply(), 1);
    assert.equal(state(), "");
  });

  it("request --policy naming the policy in force is accepted and recorded with its identity", async () => {
    const req = await createRequest({ plan: "tfplan", policy: join(repo, "airlock.yaml") });
    assert.equal(req.decision.decision, "require-approval");
    assert.equal(req.policyIdentity?.kind, "file");
    assert.equal(req.policyIdentity?.kind === "file" && req.policyIdentity.path, "airlock.yaml");
    const sha = execFileSync("sha256sum", [join(repo, "airlock.yaml")], { encoding: "utf8" }).split(" ")[0];
    assert.equal(req.policyIdentity?.sha256, sha);
  });

  it("a request made while airlock.yaml was swapped for a permissive one is void once it is restored", async () => {
    writeFileSync(join(repo, "airlock.yaml"), PERMISSIVE);
    const req = await createRequest({ plan: "tfplan" });
    assert.equal(req.decision.decision, "allow");
    writeFileSync(join(repo, "airlock.yaml"), STRICT);
    const lookup = await isDigestApproved(req.digest);
    assert.equal(lookup.approved, false);
    assert.match(lookup.reason, /policy changed since request/);
    const { status } = await requestStatus(req.id);
    assert.equal(status.state, "blocked");
    assert.equal(status.satisfied, false);
    assert.match(status.voided?.[0] ?? "", /policy changed since request; request again/);
    assert.equal(await apply(), 1);
    assert.match(log.at(-1) ?? "", /policy changed since request/);
    assert.equal(state(), "");
  });

  it("changing the policy after an approval voids the request for status, approve and the guard", async () => {
    const req = await createRequest({ plan: "tfplan" });
    as("bob@example.com");
    const r = await review(req.id, "approve", { method: "airlock" });
    assert.equal(r.status.state, "approved", r.status.reasons.join("; "));
    assert.equal((await isDigestApproved(req.digest)).approved, true);
    writeFileSync(join(repo, "airlock.yaml"), `${STRICT}# edited\n`);
    assert.equal((await isDigestApproved(req.digest)).approved, false);
    await assert.rejects(review(req.id, "approve", { method: "airlock" }), RefusedError);
    // Restoring the exact bytes restores the request.
    writeFileSync(join(repo, "airlock.yaml"), STRICT);
    assert.equal((await isDigestApproved(req.digest)).approved, true);
  });

  it("a policy file in a subdirectory cannot shadow the repository's", async () => {
    mkdirSync(join(repo, "sub"), { recursive: true });
    writeFileSync(join(repo, "sub", "airlock.yaml"), PERMISSIVE);
    process.chdir(join(repo, "sub"));
    try {
      const req = await createRequest({ plan: join(repo, "tfplan") });
      assert.equal(req.decision.decision, "require-approval");
      assert.equal(req.policyIdentity?.kind === "file" && req.policyIdentity.path, "airlock.yaml");
    } finally {
      process.chdir(repo);
      rmSync(join(repo, "sub"), { recursive: true, force: true });
    }
  });

  it("AIRLOCK_POLICY names the policy in force; a file it names that cannot be read fails closed", async () => {
    const ops = join(dir, "ops-policy.yaml");
    writeFileSync(ops, STRICT.replace("count: 1", "count: 2"));
    process.env.AIRLOCK_POLICY = ops;
    const req = await createRequest({ plan: "tfplan" });
    assert.equal(req.decision.requirements[0].approval?.count, 2);
    assert.equal(req.policyIdentity?.kind === "file" && req.policyIdentity.path, ops);
    // Unset, the repository's airlock.yaml is in force: a different policy, so the request is void.
    delete process.env.AIRLOCK_POLICY;
    assert.match((await isDigestApproved(req.digest)).reason, /policy changed since request/);
    process.env.AIRLOCK_POLICY = join(dir, "missing.yaml");
    const lookup = await isDigestApproved(req.digest);
    assert.equal(lookup.approved, false);
    assert.match(lookup.reason, /cannot be read/);
    await assert.rejects(createRequest({ plan: "tfplan" }), /missing\.yaml: cannot read the policy in force/);
  });
});
