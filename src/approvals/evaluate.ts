// Whether a change request is satisfied: pure evaluation of its policy decision against the reviews whose
// signatures were verified. Quorum of distinct approvers from the required groups/owners; the requester and
// AI agents never count; approvals expire (statement expiry and policy TTL); a different digest voids a
// review; an active rejection blocks; an override passes soft-mandatory requirements only.
import type { Requirement } from "../model/decision.js";
import { isAgentIdentity, sameIdentity } from "./identity.js";
import type {
  ChangeRequest,
  RequestState,
  RequestStatus,
  RequirementStatus,
  ReviewView,
  Verdict,
} from "./types.js";

/** A review after its envelope was decoded and its signature checked. */
export interface CheckedReview {
  id: string;
  verdict: Verdict;
  reviewer: string;
  requestId: string;
  digest: string;
  signedAt: string;
  expiresAt?: string;
  reason?: string;
  signatureOk: boolean;
  signatureProblem?: string;
  /** Fingerprint of the key that made the verified signature: one key counts once, whatever it signs as. */
  signerKey?: string;
}

/** Lifetime of an approval / override whose statement carries no expiry (and whose policy sets no TTL). */
export const DEFAULT_APPROVAL_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_OVERRIDE_TTL_SECONDS = 24 * 3600;

function basicProblem(req: ChangeRequest, r: CheckedReview, now: Date): string | undefined {
  if (!r.signatureOk) return r.signatureProblem ?? "signature does not verify";
  if (r.digest !== req.digest) return `signed for a different change (${r.digest}); any difference voids it`;
  if (r.requestId !== req.id) return `signed for request ${r.requestId}`;
  const signedAt = Date.parse(r.signedAt);
  if (!Number.isFinite(signedAt)) return "signing time is unreadable";
  if (signedAt > now.getTime() + 5 * 60_000) return "signed in the future";
  if (r.verdict === "approve" || r.verdict === "override") {
    // A statement without a readable expiry still expires: the default lifetime counts from its signing.
    const ttl = r.verdict === "approve" ? DEFAULT_APPROVAL_TTL_SECONDS : DEFAULT_OVERRIDE_TTL_SECONDS;
    const stated = r.expiresAt === undefined ? Number.NaN : Date.parse(r.expiresAt);
    if (r.expiresAt !== undefined && !Number.isFinite(stated)) return "expiry time is unreadable";
    const expires = Number.isFinite(stated) ? stated : signedAt + ttl * 1000;
    if (expires <= now.getTime()) return `expired at ${new Date(expires).toISOString()}`;
  } else if (r.expiresAt && Date.parse(r.expiresAt) <= now.getTime()) return `expired at ${r.expiresAt}`;
  if (r.verdict !== "reject" && r.verdict !== "withdraw" && isAgentIdentity(r.reviewer)) {
    return "AI agents can never approve";
  }
  if (r.verdict === "approve" && sameIdentity(r.reviewer, req.requester.identity)) {
    return "the requester can never approve their own change";
  }
  if (
    r.verdict === "approve" &&
    req.requester.kind === "agent" &&
    sameIdentity(r.reviewer, req.requester.agent ?? "")
  ) {
    return "AI agents can never approve";
  }
  return undefined;
}

function view(r: CheckedReview, problem?: string): ReviewView {
  return {
    id: r.id,
    verdict: r.verdict,
    reviewer: r.reviewer,
    signedAt: r.signedAt,
    expiresAt: r.expiresAt,
    reason: r.reason,
    valid: !problem,
    problem,
  };
}

function qualifies(req: ChangeRequest, reqmt: Requirement, reviewer: string): boolean {
  const a = reqmt.approval;
  const groups = a?.groups ?? [];
  const owners = a?.owners ?? [];
  if (groups.length === 0 && owners.length === 0) return true;
  if (owners.some((o) => sameIdentity(o, reviewer))) return true;
  return groups.some((g) => (req.groups[g] ?? []).some((m) => sameIdentity(m, reviewer)));
}

export function evaluateRequest(
  req: ChangeRequest,
  reviews: CheckedReview[],
  now = new Date(),
): RequestStatus {
  const sorted = [...reviews].sort(
    (a, b) => a.signedAt.localeCompare(b.signedAt) || a.id.localeCompare(b.id),
  );
  const views: ReviewView[] = [];
  const overrides: ReviewView[] = [];
  // The standing review of each reviewer: their latest valid approve/reject; a withdrawal clears it.
  const standing = new Map<string, CheckedReview>();
  const validOverrides: CheckedReview[] = [];
  for (const r of sorted) {
    const problem = basicProblem(req, r, now);
    const v = view(r, problem);
    if (r.verdict === "override") overrides.push(v);
    else views.push(v);
    if (problem) continue;
    const key = r.reviewer.trim().toLowerCase();
    if (r.verdict === "withdraw") standing.delete(key);
    else if (r.verdict === "override") validOverrides.push(r);
    else standing.set(key, r);
  }
  const rejections = [...standing.values()].filter((r) => r.verdict === "reject");
  const approvals = [...standing.values()].filter((r) => r.verdict === "approve");
  const overridden = validOverrides.length > 0;

  const requirements: RequirementStatus[] = req.decision.requirements.map((q) => {
    const base = { id: q.id, kind: q.kind, enforcement: q.enforcement, description: q.description };
    let satisfied = false;
    let detail = "";
    let needed: number | undefined;
    let approvers: string[] | undefined;
    if (q.kind === "approval") {
      needed = q.approval?.count ?? 1;
      const ttl = q.approval?.ttlSeconds;
      const fresh = approvals.filter((a) => !ttl || Date.parse(a.signedAt) + ttl * 1000 > now.getTime());
      const stale = approvals.length - fresh.length;
      const qualified = fresh.filter((a) => qualifies(req, q, a.reviewer));
      // One key is one person: the same key listed under several principals counts once.
      const keys = new Set<string>();
      const distinct = qualified.filter((a) => {
        const k = a.signerKey ?? `identity:${a.reviewer.trim().toLowerCase()}`;
        if (keys.has(k)) return false;
        keys.add(k);
        return true;
      });
      approvers = distinct.map((a) => a.reviewer);
      const unqualified = fresh.length - qualified.length;
      const sameKey = qualified.length - distinct.length;
      satisfied = approvers.length >= needed;
      const from = [
        ...(q.approval?.groups ?? []).map((g) => `group ${g}`),
        ...(q.approval?.owners ?? []).map((o) => `owner ${o}`),
      ];
      detail = `${approvers.length} of ${needed} approval(s)${from.length ? ` from ${from.join(", ")}` : ""}`;
      if (stale) detail += `; ${stale} older than the policy TTL of ${ttl}s`;
      if (unqualified) detail += `; ${unqualified} from reviewers outside the required groups/owners`;
      if (sameKey) detail += `; ${sameKey} signed with a key already counted for another reviewer`;
      for (const g of q.approval?.groups ?? []) {
        if (!req.groups[g]?.length) detail += `; members of group ${g} are unknown`;
      }
    } else if (q.kind === "evidence") {
      const kinds = q.evidence ?? [];
      const matches = (k: string, kind: string) =>
        k === kind || (k === "tests" && (kind === "junit" || kind === "terraform-test"));
      const missing = kinds.filter((k) => !req.evidence.some((e) => matches(k, e.kind) && e.passed));
      satisfied = q.satisfied || missing.length === 0;
      detail = satisfied ? "evidence present" : `missing passing evidence: ${missing.join(", ")}`;
    } else {
      satisfied = false;
      detail = q.kind === "freeze" ? "change freeze in effect" : "blocked by policy";
    }
    if (!satisfied && q.enforcement === "advisory") {
      return { ...base, satisfied: true, needed, approvers, detail: `${detail} (advisory: does not block)` };
    }
    if (!satisfied && overridden && q.enforcement === "soft-mandatory") {
      return {
        ...base,
        satisfied: true,
        overridden: true,
        needed,
        approvers,
        detail: `${detail}; OVERRIDDEN (break-glass)`,
      };
    }
    if (!satisfied && overridden && q.enforcement === "hard-mandatory") {
      detail += "; hard-mandatory: an override cannot pass it";
    }
    return { ...base, satisfied, needed, approvers, detail };
  });

  const reasons: string[] = [];
  let state: RequestState;
  const hardBlock = requirements.some(
    (r) => !r.satisfied && (r.kind === "block" || r.kind === "freeze") && r.enforcement === "hard-mandatory",
  );
  if (rejections.length > 0) {
    state = "rejected";
    for (const r of rejections)
      reasons.push(`rejected by ${r.reviewer}${r.reason ? `: ${r.reason}` : ""} (until withdrawn)`);
  } else if (req.decision.decision === "block" && requirements.length === 0) {
    state = "blocked";
    reasons.push(...(req.decision.reasons.length ? req.decision.reasons : ["blocked by policy"]));
  } else if (hardBlock) {
    state = "blocked";
    for (const r of requirements) if (!r.satisfied) reasons.push(`${r.id}: ${r.detail}`);
  } else if (requirements.every((r) => r.satisfied)) {
    state = "approved";
    if (requirements.length === 0)
      reasons.push(`policy decision is ${req.decision.decision}: nothing required`);
    else reasons.push("every requirement is satisfied");
    if (requirements.some((r) => r.overridden)) reasons.push("BREAK-GLASS OVERRIDE in effect");
  } else {
    state = "pending";
    for (const r of requirements) if (!r.satisfied) reasons.push(`${r.id}: ${r.detail}`);
  }
  return {
    schemaVersion: "1",
    id: req.id,
    digest: req.digest,
    state,
    satisfied: state === "approved",
    decision: req.decision.decision,
    requester: req.requester.identity,
    createdAt: req.createdAt,
    requirements,
    reviews: views,
    overrides,
    reasons,
  };
}
