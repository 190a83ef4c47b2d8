// The rules that decide whether a change request is satisfied (pure evaluation over checked reviews).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CheckedReview, evaluateRequest } from "../../src/approvals/evaluate.js";
import type { ChangeRequest } from "../../src/approvals/types.js";
import type { Requirement } from "../../src/model/decision.js";

const DIGEST = `sha256:${"a".repeat(64)}`;
const NOW = new Date("2030-01-10T12:00:00Z");

function request(requirements: Requirement[], extra: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    schemaVersion: "1",
    id: "cr-1",
    digest: DIGEST,
    createdAt: "2030-01-10T10:00:00Z",
    requester: { identity: "alice@example.com", kind: "human", source: "test" },
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
      decision: requirements.length ? "require-approval" : "allow",
      digest: DIGEST,
      requirements,
      reasons: [],
      provenance: { classification: "human", agents: [], commits: [], files: [], notes: [] },
      policy: "test",
    },
    groups: { platform: ["bob@example.com", "carol@example.com", "dave@example.com"] },
    evidence: [],
    ...extra,
  };
}

const approval = (
  count: number,
  more: Partial<Requirement["approval"]> = {},
  enforcement: Requirement["enforcement"] = "hard-mandatory",
): Requirement => ({
  id: "approval:x",
  kind: "approval",
  rule: "x",
  description: "approvals",
  enforcement,
  approval: { count, ...more },
  satisfied: false,
});

let n = 0;
function rv(
  reviewer: string,
  verdict: CheckedReview["verdict"] = "approve",
  more: Partial<CheckedReview> = {},
): CheckedReview {
  n++;
  return {
    id: `rv-${n}`,
    verdict,
    reviewer,
    requestId: "cr-1",
    digest: DIGEST,
    signedAt: new Date(NOW.getTime() - (100 - n) * 1000).toISOString(),
    expiresAt: "2030-01-11T00:00:00Z",
    signatureOk: true,
    ...more,
  };
}

describe("quorum", () => {
  it("needs N distinct approvers; the same reviewer twice counts once", () => {
    const req = request([approval(2)]);
    assert.equal(evaluateRequest(req, [rv("bob@example.com"), rv("bob@example.com")], NOW).state, "pending");
    assert.equal(
      evaluateRequest(req, [rv("bob@example.com"), rv("Carol@Example.com")], NOW).state,
      "approved",
    );
  });
  it("the requester and AI agents never count", () => {
    const req = request([approval(1)]);
    const s = evaluateRequest(
      req,
      [rv("alice@example.com"), rv("noreply@anthropic.com"), rv("copilot-swe-agent[bot]")],
      NOW,
    );
    assert.equal(s.state, "pending");
    assert.deepEqual(
      s.reviews.map((r) => r.problem),
      [
        "the requester can never approve their own change",
        "AI agents can never approve",
        "AI agents can never approve",
      ],
    );
  });
  it("approvers must come from the required groups or owners", () => {
    const req = request([approval(1, { groups: ["platform"] })]);
    assert.equal(evaluateRequest(req, [rv("eve@example.com")], NOW).state, "pending");
    assert.equal(evaluateRequest(req, [rv("dave@example.com")], NOW).state, "approved");
    const owners = request([approval(1, { owners: ["eve@example.com"] })]);
    assert.equal(evaluateRequest(owners, [rv("eve@example.com")], NOW).state, "approved");
    assert.equal(evaluateRequest(owners, [rv("bob@example.com")], NOW).state, "pending");
  });
  it("bad signatures and a different digest void a review", () => {
    const req = request([approval(1)]);
    const s = evaluateRequest(
      req,
      [
        rv("bob@example.com", "approve", { signatureOk: false, signatureProblem: "bad" }),
        rv("carol@example.com", "approve", { digest: `sha256:${"b".repeat(64)}` }),
      ],
      NOW,
    );
    assert.equal(s.state, "pending");
    assert.match(s.reviews[1].problem ?? "", /different change/);
  });
});

describe("expiry", () => {
  it("an approval past its statement expiry or older than the policy TTL does not count", () => {
    const req = request([approval(1, { ttlSeconds: 3600 })]);
    assert.equal(
      evaluateRequest(req, [rv("bob@example.com", "approve", { expiresAt: "2030-01-10T11:00:00Z" })], NOW)
        .state,
      "pending",
    );
    const old = rv("bob@example.com", "approve", { signedAt: "2030-01-10T10:30:00Z" });
    const s = evaluateRequest(req, [old], NOW);
    assert.equal(s.state, "pending");
    assert.match(s.requirements[0].detail, /older than the policy TTL/);
    assert.equal(
      evaluateRequest(req, [rv("bob@example.com", "approve", { signedAt: "2030-01-10T11:30:00Z" })], NOW)
        .state,
      "approved",
    );
  });
});

describe("statements without an expiry", () => {
  it("an approval or override whose statement has no expiry still expires after the default lifetime", () => {
    const req = request([approval(1)]);
    const old = new Date(NOW.getTime() - 8 * 86400_000).toISOString();
    const recent = new Date(NOW.getTime() - 3600_000).toISOString();
    const stale = rv("bob@example.com", "approve", { expiresAt: undefined, signedAt: old });
    let s = evaluateRequest(req, [stale], NOW);
    assert.equal(s.state, "pending");
    assert.match(s.reviews[0].problem ?? "", /expired/);
    s = evaluateRequest(
      req,
      [rv("bob@example.com", "approve", { expiresAt: undefined, signedAt: recent })],
      NOW,
    );
    assert.equal(s.state, "approved");
    const soft = request([approval(1, {}, "soft-mandatory")]);
    const override = rv("bob@example.com", "override", {
      expiresAt: undefined,
      signedAt: new Date(NOW.getTime() - 2 * 86400_000).toISOString(),
      reason: "outage",
    });
    assert.equal(evaluateRequest(soft, [override], NOW).state, "pending");
    assert.equal(
      evaluateRequest(req, [rv("bob@example.com", "approve", { expiresAt: "not a time" })], NOW).state,
      "pending",
    );
  });
});

describe("rejections and overrides", () => {
  it("a rejection blocks until its author withdraws it", () => {
    const req = request([approval(1)]);
    const reviews = [rv("bob@example.com"), rv("carol@example.com", "reject", { reason: "no" })];
    assert.equal(evaluateRequest(req, reviews, NOW).state, "rejected");
    assert.equal(
      evaluateRequest(req, [...reviews, rv("carol@example.com", "withdraw")], NOW).state,
      "approved",
    );
    assert.equal(
      evaluateRequest(req, [...reviews, rv("dave@example.com", "withdraw")], NOW).state,
      "rejected",
    );
  });
  it("an override passes soft-mandatory requirements only, and is listed", () => {
    const soft: Requirement = { ...approval(2, {}, "soft-mandatory"), id: "approval:soft" };
    const hardBlock: Requirement = {
      id: "block:x",
      kind: "block",
      rule: "x",
      description: "blocked",
      enforcement: "hard-mandatory",
      satisfied: false,
    };
    const o = rv("dave@example.com", "override", { reason: "outage" });
    const s = evaluateRequest(request([soft]), [o], NOW);
    assert.equal(s.state, "approved");
    assert.equal(s.requirements[0].overridden, true);
    assert.equal(s.overrides.length, 1);
    assert.ok(s.reasons.some((r) => /BREAK-GLASS/.test(r)));
    const h = evaluateRequest(request([soft, hardBlock]), [o], NOW);
    assert.equal(h.state, "blocked");
    assert.match(h.requirements[1].detail, /override cannot pass/);
    assert.equal(evaluateRequest(request([soft]), [rv("bot[bot]", "override")], NOW).state, "pending");
  });
  it("advisory requirements never block; evidence requirements need passing evidence", () => {
    assert.equal(evaluateRequest(request([approval(1, {}, "advisory")]), [], NOW).state, "approved");
    const ev: Requirement = {
      id: "evidence:t",
      kind: "evidence",
      rule: "t",
      description: "tests",
      enforcement: "hard-mandatory",
      evidence: ["junit"],
      satisfied: false,
    };
    assert.equal(evaluateRequest(request([ev]), [], NOW).state, "pending");
    const withEvidence = request([ev], {
      evidence: [{ file: "r.xml", sha256: "x", kind: "junit", passed: true, detail: "" }],
    });
    assert.equal(evaluateRequest(withEvidence, [], NOW).state, "approved");
  });
  it("an allow decision needs nothing", () => {
    const s = evaluateRequest(request([]), [], NOW);
    assert.equal(s.state, "approved");
    assert.equal(s.satisfied, true);
  });
});

describe("evidence files", () => {
  it("a file named as test evidence only passes when it is a passing test report", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { readEvidence } = await import("../../src/approvals/evidence.js");
    const dir = mkdtempSync(join(tmpdir(), "airlock-evidence-"));
    try {
      const junk = join(dir, "notes.txt");
      writeFileSync(junk, "trust me, the tests passed\n");
      const failing = join(dir, "junit.xml");
      writeFileSync(
        failing,
        '<testsuite tests="2" failures="1"><testcase/><testcase><failure/></testcase></testsuite>',
      );
      const passing = join(dir, "ok.xml");
      writeFileSync(
        passing,
        '<testsuite tests="2" failures="0" errors="0"><testcase/><testcase/></testsuite>',
      );
      for (const arg of [`tests=${junk}`, `junit=${junk}`, `custom=${junk}`, `tests=${failing}`]) {
        assert.equal(readEvidence(arg).passed, false, arg);
      }
      assert.equal(readEvidence(`tests=${passing}`).passed, true);
      assert.equal(readEvidence(`tests=${passing}`).kind, "junit");
      const req = request([
        {
          id: "evidence:tests",
          kind: "evidence",
          rule: "t",
          description: "tests",
          enforcement: "hard-mandatory",
          evidence: ["tests"],
          satisfied: false,
        },
      ]);
      req.evidence = [readEvidence(`tests=${junk}`)];
      assert.equal(evaluateRequest(req, [], NOW).state, "pending");
      req.evidence = [readEvidence(`tests=${passing}`)];
      assert.equal(evaluateRequest(req, [], NOW).state, "approved");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
