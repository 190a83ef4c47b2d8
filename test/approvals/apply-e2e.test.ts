// End to end with the real terraform binary and terraform_data: request → refused apply → signed approvals
// (Airlock Ed25519 key and an SSH key through ssh-keygen) → apply → a re-made plan with one value changed is
// refused; state is untouched by every refusal; the ledger records it all and verifies.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runApply } from "../../src/apply/gate.js";
import { isDigestApproved } from "../../src/approvals/lookup.js";
import { createRequest, RefusedError, requestStatus, review } from "../../src/approvals/service.js";
import { loadOrCreateReviewerKey, sshEd25519PublicKey } from "../../src/approvals/signing.js";
import { openLedger } from "../../src/ledger/index.js";

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
const hasSshKeygen = spawnSync("ssh-keygen", ["-?"], { stdio: "ignore" }).error === undefined;

const POLICY = `version: 1
groups:
  platform: [bob@example.com, carol@example.com]
rules:
  - id: any-change
    description: every change needs one approval from the platform group
    when: "true"
    effect: require-approval
    approval: { count: 1, groups: [platform], ttl: 1h }
    enforcement: hard-mandatory
`;

describe("airlock apply with terraform", { skip: !hasTerraform && "terraform is not installed" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-e2e-"));
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const log: string[] = [];
  const apply = (argv: string[]) => runApply(argv, { log: (l) => log.push(l) });
  const as = (identity: string, extra: Record<string, string | undefined> = {}) => {
    process.env.AIRLOCK_IDENTITY = identity;
    delete process.env.AIRLOCK_AGENT;
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const plan = (value: string) => {
    writeFileSync(join(dir, "main.tf"), `resource "terraform_data" "x" {\n  input = "${value}"\n}\n`);
    execFileSync("terraform", ["plan", "-input=false", "-no-color", "-out", "tfplan"], {
      cwd: dir,
      stdio: "ignore",
    });
  };
  const state = () =>
    existsSync(join(dir, "terraform.tfstate")) ? readFileSync(join(dir, "terraform.tfstate"), "utf8") : "";

  before(() => {
    process.chdir(dir);
    process.env.TF_CLI_CONFIG_FILE = "/dev/null";
    process.env.AIRLOCK_HOME = join(dir, ".airlock");
    delete process.env.AIRLOCK_DATABASE_URL;
    writeFileSync(join(dir, "airlock.yaml"), POLICY);
    writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {\n  input = "one"\n}\n');
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, stdio: "ignore" });
    // Bob signs with an Airlock Ed25519 key, Carol with an SSH key; both are in allowed_signers.
    const bobKey = join(dir, "bob.key");
    const lines: string[] = [];
    const created = loadOrCreateReviewerKeyAt(bobKey);
    lines.push(`bob@example.com namespaces="airlock" ${sshEd25519PublicKey(created)}`);
    if (hasSshKeygen) {
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "carol", "-f", join(dir, "carol")]);
      lines.push(
        `carol@example.com namespaces="airlock" ${readFileSync(join(dir, "carol.pub"), "utf8").trim()}`,
      );
    }
    writeFileSync(join(dir, "allowed_signers"), `${lines.join("\n")}\n`);
    process.env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
  });
  const scratch: string[] = [dir];
  after(() => {
    process.chdir(saved.cwd);
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
  });

  let firstDigest = "";
  let firstId = "";

  it("an unapproved plan is refused and the state is untouched", async () => {
    plan("one");
    as("alice@example.com");
    const req = await createRequest({ plan: "tfplan" });
    firstDigest = req.digest;
    firstId = req.id;
    assert.equal(req.decision.decision, "require-approval");
    assert.deepEqual(req.groups, { platform: ["bob@example.com", "carol@example.com"] });
    assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 1);
    assert.match(log.join("\n"), /apply refused .*pending/);
    assert.equal(state(), "");
    assert.equal((await isDigestApproved(req.digest)).approved, false);
  });

  it("terraform apply without a saved plan is refused", async () => {
    assert.equal(await apply(["terraform", "apply", "-auto-approve"]), 1);
    assert.match(log.at(-1) ?? "", /without a saved plan is refused/);
    assert.equal(await apply(["terraform", "destroy", "-auto-approve"]), 1);
    assert.equal(state(), "");
  });

  it("the requester and AI agents can never approve", async () => {
    as("alice@example.com");
    await assert.rejects(review(firstId, "approve", { method: "airlock" }), RefusedError);
    as("bob@example.com", { AIRLOCK_AGENT: "claude-code" });
    await assert.rejects(review(firstId, "approve", { method: "airlock" }), /AI agents can never approve/);
  });

  it("a reviewer outside allowed_signers cannot sign an approval that verifies", async () => {
    as("mallory@example.com", { AIRLOCK_REVIEWER_KEY: join(dir, "mallory.key") });
    await assert.rejects(review(firstId, "approve", { method: "airlock" }), /does not verify/);
  });

  it("a signed approval from the required group satisfies the request and the apply runs", async () => {
    as("bob@example.com", { AIRLOCK_REVIEWER_KEY: join(dir, "bob.key") });
    const r = await review(firstDigest, "approve", { method: "airlock", reason: "looks right" });
    assert.equal(r.status.state, "approved", r.status.reasons.join("; "));
    assert.equal((await isDigestApproved(firstDigest)).approved, true);
    // The guard passes the Airlock home explicitly; lookups elsewhere find nothing and fail closed.
    process.env.AIRLOCK_HOME = mkdtempSync(join(tmpdir(), "airlock-other-"));
    scratch.push(process.env.AIRLOCK_HOME);
    assert.equal((await isDigestApproved(firstDigest)).approved, false);
    assert.equal((await isDigestApproved(firstDigest, { home: join(dir, ".airlock") })).approved, true);
    process.env.AIRLOCK_HOME = join(dir, ".airlock");
    // Arguments injected through the environment are refused, not passed to terraform.
    for (const k of ["TF_CLI_ARGS_apply", "TF_CLI_ARGS"]) {
      process.env[k] = `-state-out=${join(dir, "elsewhere.tfstate")}`;
      try {
        assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 1);
      } finally {
        delete process.env[k];
      }
      assert.match(log.at(-1) ?? "", new RegExp(`${k} is set`));
      assert.equal(existsSync(join(dir, "elsewhere.tfstate")), false);
      assert.equal(state(), "");
    }
    // Options that change what the saved plan does are refused, in any spelling.
    assert.equal(await apply(["terraform", "apply", "--var=x=1", "tfplan"]), 1);
    assert.equal(
      await apply(["terraform", "apply", `-state-out=${join(dir, "elsewhere.tfstate")}`, "tfplan"]),
      1,
    );
    assert.equal(existsSync(join(dir, "elsewhere.tfstate")), false);
    assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 0);
    assert.match(state(), /"input":\s*\{\s*"value":\s*"one"/);
  });

  it("a plan re-made after the approval with one value changed is refused", async () => {
    const before = state();
    plan("two");
    assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 1);
    assert.match(log.at(-1) ?? "", /no change request for sha256:/);
    assert.equal(state(), before);
  });

  it("an SSH-signed approval (ssh-keygen -Y sign) works, a rejection blocks until withdrawn", {
    skip: !hasSshKeygen && "no ssh-keygen",
  }, async () => {
    as("alice@example.com");
    const req = await createRequest({ plan: "tfplan" });
    as("bob@example.com", { AIRLOCK_REVIEWER_KEY: join(dir, "bob.key") });
    let s = (await review(req.id, "reject", { method: "airlock", reason: "wrong value" })).status;
    assert.equal(s.state, "rejected");
    as("carol@example.com");
    s = (await review(req.id, "approve", { method: "ssh", key: join(dir, "carol") })).status;
    assert.equal(s.state, "rejected", "a standing rejection blocks despite an approval");
    assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 1);
    as("bob@example.com", { AIRLOCK_REVIEWER_KEY: join(dir, "bob.key") });
    s = (await review(req.id, "withdraw", { method: "airlock" })).status;
    assert.equal(s.state, "approved", s.reasons.join("; "));
    assert.deepEqual(s.requirements[0].approvers, ["carol@example.com"]);
    assert.equal(await apply(["terraform", "apply", "-input=false", "-no-color", "tfplan"]), 0);
    assert.match(state(), /"value":\s*"two"/);
  });

  it("a forged review row is not counted (it voids the request), and the ledger recorded everything and verifies", async () => {
    const ledger = await openLedger();
    try {
      await ledger.store.insertReview({
        id: "rv-forged",
        requestId: firstId,
        digest: firstDigest,
        kind: "reject",
        reviewer: "carol@example.com",
        createdAt: new Date().toISOString(),
        envelope: JSON.stringify({
          payloadType: "application/vnd.in-toto+json",
          payload: "e30=",
          signatures: [{ sig: "AAAA" }],
        }),
      });
      // A review row that is not in the ledger is never counted, and it voids the request (tampering).
      const { status } = await requestStatus(firstId);
      assert.equal(status.state, "blocked");
      assert.equal(
        status.reviews.find((r) => r.id === "rv-forged"),
        undefined,
      );
      assert.match(status.voided?.join("\n") ?? "", /rv-forged .*not in the ledger \(forged row\)/);
      const types: string[] = [];
      for await (const e of ledger.entries()) types.push(JSON.parse(e.body).type);
      for (const t of [
        "request",
        "apply-refused",
        "approval",
        "apply-start",
        "apply-end",
        "rejection",
        "withdrawal",
      ]) {
        assert.ok(types.includes(t), `ledger has a ${t} entry`);
      }
      const report = await ledger.verify();
      assert.deepEqual(report.problems, []);
    } finally {
      await ledger.close();
    }
  });
});

function loadOrCreateReviewerKeyAt(path: string): Buffer {
  const saved = process.env.AIRLOCK_REVIEWER_KEY;
  process.env.AIRLOCK_REVIEWER_KEY = path;
  try {
    return loadOrCreateReviewerKey().publicKey;
  } finally {
    if (saved === undefined) delete process.env.AIRLOCK_REVIEWER_KEY;
    else process.env.AIRLOCK_REVIEWER_KEY = saved;
  }
}
