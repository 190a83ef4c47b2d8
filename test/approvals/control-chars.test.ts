// `airlock request`, `status`, `approve|reject`, `apply` and `ledger` print identities, file names, reasons
// and requirement details from the plan, the ledger and the reviewers only in printable form: no control or
// bidirectional-control character reaches the terminal raw. JSON output keeps the exact values.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { renderStatus } from "../../src/approvals/commands.js";
import type { RequestStatus } from "../../src/approvals/types.js";
import { assertNoRaw, assertShown, cli, EVIL, EVIL_ONE_LINE, EVIL_SHOWN } from "../helpers/hostile.js";

describe("renderStatus with hostile strings", () => {
  const v = (s: string) => `${s}${EVIL}`;
  const review = {
    id: v("rv-1"),
    verdict: "approve" as const,
    reviewer: v("bob@example.com"),
    signedAt: v("2026-01-01T00:00:00Z"),
    expiresAt: v("2026-01-02T00:00:00Z"),
    reason: v("looks fine"),
    valid: false,
    problem: v("signature does not verify"),
  };
  const status: RequestStatus = {
    schemaVersion: "1",
    id: v("cr-1"),
    digest: v("sha256:abc"),
    state: "pending",
    satisfied: false,
    decision: v("require-approval"),
    requester: v("mallory@example.com"),
    createdAt: v("2026-01-01T00:00:00Z"),
    requirements: [
      {
        id: v("approval:deletes"),
        kind: "approval",
        enforcement: v("hard-mandatory"),
        description: v("d"),
        satisfied: false,
        detail: v("0 of 1 approval(s)"),
      },
    ],
    reviews: [review],
    overrides: [{ ...review, id: v("ov-1"), verdict: "override", valid: true, reason: v("break glass") }],
    reasons: [v("approval:deletes: 0 of 1 approval(s)")],
  };

  it("nothing raw; every value shown escaped", () => {
    const out = renderStatus(status);
    assertNoRaw(out, "status");
    for (const s of [
      "cr-1",
      "sha256:abc",
      "decision require-approval",
      "requested by mallory@example.com",
      "BREAK-GLASS OVERRIDE by bob@example.com",
      "break glass",
      "approval:deletes",
      "[hard-mandatory",
      "0 of 1 approval(s)",
      "(expires 2026-01-02T00:00:00Z",
      "NOT COUNTED: signature does not verify",
      "— looks fine",
      "→ approval:deletes: 0 of 1 approval(s)",
    ])
      assertShown(out, `${s}${EVIL_SHOWN}`, "status");
  });
});

describe("approvals, apply and ledger commands with hostile input (CLI)", () => {
  let dir: string;
  let id = "";
  const planName = `plan${EVIL}.json`;
  const env: Record<string, string | undefined> = {
    AIRLOCK_IDENTITY: `mallory${EVIL}@example.com`,
    AIRLOCK_DATABASE_URL: undefined,
    AIRLOCK_REVIEWER_KEY: undefined,
  };
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    cli(args, { cwd: dir, env: { ...env, ...extra } });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-ctl-approvals-"));
    env.AIRLOCK_HOME = join(dir, ".airlock");
    env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
    copyFileSync(new URL("../../examples/replace-database.plan.json", import.meta.url), join(dir, planName));
    const key = run(["reviewer-key"], { AIRLOCK_IDENTITY: "bob@example.com" });
    assert.equal(key.status, 0, key.stderr);
    writeFileSync(join(dir, "allowed_signers"), key.stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("request: the plan's file name and the requester are escaped; JSON keeps them exact", () => {
    const r = run(["request", planName]);
    assert.equal(r.status, 0, r.stderr);
    id = /recorded change request (\S+)/.exec(r.stdout)?.[1] ?? "";
    assert.ok(id, r.stdout);
    assertNoRaw(r.stdout, "request");
    assertShown(r.stdout, `source    plan${EVIL_SHOWN}.json`, "request");
    assertShown(r.stdout, `requester mallory${EVIL_SHOWN}@example.com`, "request");
    const j = run(["status", id, "--format", "json"]);
    assert.equal(JSON.parse(j.stdout).requester, `mallory${EVIL}@example.com`);
  });

  it("status (list and one request)", () => {
    const list = run(["status"]);
    assert.equal(list.status, 0, list.stderr);
    assertNoRaw(list.stdout, "status list");
    assertShown(list.stdout, `mallory${EVIL_SHOWN}@example.com`, "status list");
    const one = run(["status", id]);
    assert.equal(one.status, 1, one.stderr);
    assertNoRaw(one.stdout, "status");
    assertShown(one.stdout, `requested by mallory${EVIL_SHOWN}@example.com`, "status");
  });

  it("a refused review and a signed rejection with a hostile reason", () => {
    const self = run(["approve", id, "--sign-with", "airlock"]);
    assert.equal(self.status, 1, self.stderr);
    assertNoRaw(self.stderr, "refused");
    assertShown(self.stderr, `refused: mallory${EVIL_SHOWN}@example.com requested`, "refused");
    const reject = run(["reject", id, "--sign-with", "airlock", "--reason", `no${EVIL}way`], {
      AIRLOCK_IDENTITY: "bob@example.com",
    });
    assert.equal(reject.status, 0, reject.stderr);
    assertNoRaw(reject.stdout, "reject");
    assertShown(reject.stdout, `— no${EVIL_SHOWN}way`, "reject");
  });

  it("apply: a refused command line and a missing plan file", () => {
    const refused = run(["apply", "--", "terraform", `-foo${EVIL}`, "apply", "tfplan"]);
    assert.equal(refused.status, 1, refused.stderr);
    assertNoRaw(refused.stderr, "apply refused");
    assertShown(refused.stderr, `apply refused: -foo${EVIL_SHOWN}: only -chdir=DIR`, "apply refused");
    const missing = run(["apply", "--", "terraform", "apply", `nope${EVIL}`]);
    assert.equal(missing.status, 2, missing.stderr);
    assertNoRaw(missing.stderr, "apply missing plan");
    assertShown(missing.stderr, `nope${EVIL_ONE_LINE}: cannot read plan`, "apply missing plan");
  });

  it("ledger: verify and a missing proof file", () => {
    const ok = run(["ledger", "verify"]);
    assert.equal(ok.status, 0, ok.stderr);
    assertNoRaw(ok.stdout, "ledger verify");
    const missing = run(["ledger", "verify-proof", "--proof", `p${EVIL}`]);
    assert.equal(missing.status, 2, missing.stderr);
    assertNoRaw(missing.stderr, "ledger verify-proof");
    assertShown(missing.stderr, `p${EVIL_ONE_LINE}: cannot read proof`, "ledger verify-proof");
  });
});
