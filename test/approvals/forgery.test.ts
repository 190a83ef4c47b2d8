// Attempts to satisfy a change request without N distinct, current, human approvals, through the real
// signing and verification path (review → DSSE/in-toto envelope → allowed_signers → evaluation).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { policyInForce } from "../../src/approvals/policy-identity.js";
import { RefusedError, recordRequest, requestStatus, review } from "../../src/approvals/service.js";
import { sshEd25519PublicKey } from "../../src/approvals/signing.js";
import type { ChangeRequest } from "../../src/approvals/types.js";
import { openLedger } from "../../src/ledger/index.js";

const hasSshKeygen = spawnSync("ssh-keygen", ["-?"], { stdio: "ignore" }).error === undefined;
const DIGEST = `sha256:${"b".repeat(64)}`;

function changeRequest(id: string, requester: string, count: number): ChangeRequest {
  return {
    schemaVersion: "1",
    id,
    digest: DIGEST,
    createdAt: new Date().toISOString(),
    requester: { identity: requester, kind: "human", source: "test" },
    source: { path: "tfplan", framework: "terraform", format: "terraform-plan-json" },
    assessment: {
      framework: "terraform",
      summary: {
        create: 1,
        update: 0,
        replace: 0,
        delete: 0,
        read: 0,
        noop: 0,
        forget: 0,
        import: 0,
        moved: 0,
        drift: 0,
        deferred: 0,
        total: 1,
      },
      risk: { level: "none", findings: { info: 0, low: 0, medium: 0, high: 0, critical: 0 }, byCategory: {} },
      findings: [],
    },
    decision: {
      decision: "require-approval",
      digest: DIGEST,
      requirements: [
        {
          id: "approval:two",
          kind: "approval",
          rule: "two",
          description: "two approvals",
          enforcement: "hard-mandatory",
          approval: { count },
          satisfied: false,
        },
      ],
      reasons: [],
      provenance: { classification: "human", agents: [], commits: [], files: [], notes: [] },
      policy: "test",
    },
    policyIdentity: policyInForce().identity,
    groups: {},
    evidence: [],
  };
}

describe("approval forgery and identity tricks", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-forgery-"));
  const saved = { ...process.env };
  const sharedKey = join(dir, "shared.key");

  const as = (identity: string, extra: Record<string, string> = {}) => {
    delete process.env.AIRLOCK_AGENT;
    process.env.AIRLOCK_IDENTITY = identity;
    Object.assign(process.env, extra);
  };

  before(async () => {
    process.env.AIRLOCK_HOME = join(dir, ".airlock");
    delete process.env.AIRLOCK_DATABASE_URL;
    process.env.AIRLOCK_POLICY = "builtin";
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(sharedKey, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    const pub = sshEd25519PublicKey(publicKey.export({ format: "der", type: "spki" }).subarray(12));
    // One person's key listed under two principals, and a second key for a real second reviewer.
    const lines = [`bob@example.com ${pub}`, `carol@example.com ${pub}`];
    if (hasSshKeygen) {
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dave", "-f", join(dir, "dave")]);
      const sshPub = readFileSync(join(dir, "dave.pub"), "utf8").trim();
      lines.push(`dave@example.com ${sshPub}`, `erin@example.com ${sshPub}`);
    }
    const other = generateKeyPairSync("ed25519");
    writeFileSync(join(dir, "frank.key"), other.privateKey.export({ format: "pem", type: "pkcs8" }), {
      mode: 0o600,
    });
    lines.push(
      `frank@example.com ${sshEd25519PublicKey(other.publicKey.export({ format: "der", type: "spki" }).subarray(12))}`,
    );
    writeFileSync(join(dir, "allowed_signers"), `${lines.join("\n")}\n`);
    process.env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
    const ledger = await openLedger();
    try {
      for (const r of [
        changeRequest("cr-shared", "alice@example.com", 2),
        changeRequest("cr-ssh", "alice@example.com", 2),
      ]) {
        await recordRequest(ledger, r);
      }
    } finally {
      await ledger.close();
    }
  });
  after(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  it("one Ed25519 key listed under two principals counts once toward the quorum", async () => {
    as("bob@example.com", { AIRLOCK_REVIEWER_KEY: sharedKey });
    await review("cr-shared", "approve", { method: "airlock" });
    as("carol@example.com", { AIRLOCK_REVIEWER_KEY: sharedKey });
    const s = (await review("cr-shared", "approve", { method: "airlock" })).status;
    assert.equal(s.state, "pending", s.reasons.join("; "));
    assert.equal(s.requirements[0].approvers?.length, 1);
    assert.match(s.requirements[0].detail, /key already counted/);
    // A second, different key completes the quorum.
    as("frank@example.com", { AIRLOCK_REVIEWER_KEY: join(dir, "frank.key") });
    const done = (await review("cr-shared", "approve", { method: "airlock" })).status;
    assert.equal(done.state, "approved", done.reasons.join("; "));
  });

  it("one SSH key listed under two principals counts once", {
    skip: !hasSshKeygen && "no ssh-keygen",
  }, async () => {
    as("dave@example.com");
    await review("cr-ssh", "approve", { method: "ssh", key: join(dir, "dave") });
    as("erin@example.com");
    const s = (await review("cr-ssh", "approve", { method: "ssh", key: join(dir, "dave") })).status;
    assert.equal(s.state, "pending", s.reasons.join("; "));
    assert.equal(s.requirements[0].approvers?.length, 1);
  });

  it("the requester cannot approve under a case or whitespace variant of their identity", async () => {
    as(" ALICE@Example.com ", { AIRLOCK_REVIEWER_KEY: sharedKey });
    await assert.rejects(review("cr-shared", "approve", { method: "airlock" }), RefusedError);
  });

  it("an AI agent's identity cannot approve even without AIRLOCK_AGENT", async () => {
    const agents = ["noreply@anthropic.com", "NoReply@Anthropic.com ", "copilot-swe-agent[bot]"];
    for (const id of agents) {
      as(id, { AIRLOCK_REVIEWER_KEY: sharedKey });
      await assert.rejects(review("cr-shared", "approve", { method: "airlock" }), /AI agent/);
    }
    const { status } = await requestStatus("cr-shared");
    const lower = agents.map((a) => a.trim().toLowerCase());
    assert.deepEqual(
      status.reviews.filter((r) => lower.includes(r.reviewer.toLowerCase())),
      [],
      "nothing was recorded for an agent identity",
    );
  });
});
