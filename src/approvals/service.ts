// Change requests and reviews: create a request from a change artifact, sign approvals/rejections/withdrawals/
// overrides as DSSE envelopes over in-toto statements, and evaluate what is still required.
import { randomBytes } from "node:crypto";
import { openExistingLedger, openLedger } from "../ledger/index.js";
import type { Ledger } from "../ledger/ledger.js";
import { InputError, UsageError } from "../model/types.js";
import type { StoredRequest, StoredReview } from "../store/types.js";
import { canonicalJson } from "../util/canonical-json.js";
import { findAllowedSigners } from "./allowed-signers.js";
import { decodeBase64Any, pae, parseEnvelope } from "./dsse.js";
import {
  type CheckedReview,
  DEFAULT_APPROVAL_TTL_SECONDS,
  DEFAULT_OVERRIDE_TTL_SECONDS,
  evaluateRequest,
} from "./evaluate.js";
import { readEvidence } from "./evidence.js";
import { currentIdentity, sameIdentity } from "./identity.js";
import { bindToLedger, requestRecordSha256 } from "./ledger-binding.js";
import { decide } from "./policy-bridge.js";
import { policyProblem } from "./policy-identity.js";
import { type SignMethod, signMessage, verifyMessage } from "./signing.js";
import {
  type ChangeRequest,
  type DsseEnvelope,
  type Identity,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_V1,
  REVIEW_PREDICATE_TYPE,
  type RequestStatus,
  type ReviewStatement,
  type Verdict,
} from "./types.js";

/** The action is refused by policy (exit 1), as opposed to a usage or input error (exit 2). */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedError";
  }
}

export interface RequestOptions {
  plan?: string;
  before?: string;
  after?: string;
  policy?: string;
  gitRange?: string;
  evidence?: string[];
  terraformBin?: string;
}

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createRequest(opts: RequestOptions): Promise<ChangeRequest> {
  const { analyzeInput } = await import("../assess/analyze.js");
  const assessment = await analyzeInput({
    plan: opts.plan,
    before: opts.before,
    after: opts.after,
    terraformBin: opts.terraformBin,
  });
  const file = opts.plan ?? opts.after ?? "";
  if (assessment.source.errored) {
    throw new InputError(
      `${file}: the plan errored or is not applyable; nothing to request approval for`,
      file,
    );
  }
  if (assessment.source.complete === false) {
    throw new InputError(`${file}: the change could not be read completely; refusing to record it`, file);
  }
  const evidence = (opts.evidence ?? []).map(readEvidence);
  const {
    decision,
    groups: allGroups,
    identity: policyIdentity,
  } = await decide({
    assessment,
    provenance: async () => {
      const { readProvenance } = await import("../provenance/index.js");
      return readProvenance({ gitRange: opts.gitRange, assessment });
    },
    policyFile: opts.policy,
    gitRange: opts.gitRange,
    evidenceFiles: evidence.map((e) => e.file),
  });
  const provenance = decision.provenance;
  const wanted = new Set(decision.requirements.flatMap((r) => r.approval?.groups ?? []));
  const groups = Object.fromEntries(Object.entries(allGroups).filter(([k]) => wanted.has(k)));
  const requester = currentIdentity();
  const req: ChangeRequest = {
    schemaVersion: "1",
    id: newId("cr"),
    digest: assessment.digest,
    createdAt: new Date().toISOString(),
    requester,
    source: {
      path: assessment.source.path,
      framework: assessment.source.framework,
      format: assessment.source.format,
    },
    assessment: {
      framework: assessment.framework,
      summary: assessment.summary,
      risk: assessment.risk,
      findings: assessment.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        category: f.category,
        address: f.address,
        title: f.title,
      })),
    },
    decision: { ...decision, digest: assessment.digest },
    policyIdentity,
    groups,
    evidence,
    gitRange: opts.gitRange ?? provenance.range,
  };
  const ledger = await openLedger();
  try {
    await recordRequest(ledger, req);
  } finally {
    await ledger.close();
  }
  return req;
}

/**
 * Appends the `request` ledger entry (which binds the record by its SHA-256) and then inserts the store row
 * carrying the entry's index. Sets `req.ledgerIndex`.
 */
export async function recordRequest(ledger: Ledger, req: ChangeRequest): Promise<number> {
  const { decision, requester } = req;
  const provenance = decision.provenance;
  const appended = await ledger.append({
    type: "request",
    actor: actorOf(requester),
    digest: req.digest,
    requestId: req.id,
    data: {
      source: req.source,
      summary: req.assessment.summary,
      risk: req.assessment.risk,
      findings: req.assessment.findings,
      decision: {
        decision: decision.decision,
        policy: decision.policy,
        policyIdentity: req.policyIdentity,
        reasons: decision.reasons,
        environment: decision.environment,
        requirements: decision.requirements.map((r) => ({
          id: r.id,
          kind: r.kind,
          enforcement: r.enforcement,
          description: r.description,
          approval: r.approval,
          evidence: r.evidence,
        })),
      },
      provenance: {
        classification: provenance.classification,
        agents: provenance.agents,
        range: provenance.range,
      },
      evidence: req.evidence.map((e) => ({ file: e.file, sha256: e.sha256, kind: e.kind, passed: e.passed })),
      // Binds the store row: the SHA-256 of the whole record's canonical JSON (without its ledger index).
      recordSha256: requestRecordSha256({ ...req, ledgerIndex: undefined }),
    },
  });
  req.ledgerIndex = appended.index;
  await ledger.store.insertRequest({
    id: req.id,
    digest: req.digest,
    createdAt: req.createdAt,
    requester: requester.identity,
    record: JSON.stringify(req),
  });
  return appended.index;
}

function actorOf(id: Identity) {
  return id.kind === "agent"
    ? { identity: id.identity, kind: "agent" as const, agent: id.agent }
    : { identity: id.identity, kind: "human" as const };
}

function parseRequest(s: StoredRequest): ChangeRequest {
  return JSON.parse(s.record) as ChangeRequest;
}

/** Finds a request by id, or by change digest (`sha256:…` or bare hex; the latest request wins). */
export async function resolveRequest(ledger: Ledger, target: string): Promise<ChangeRequest> {
  const t = target.trim();
  const digest = /^sha256:[0-9a-f]{64}$/.test(t) ? t : /^[0-9a-f]{64}$/.test(t) ? `sha256:${t}` : undefined;
  if (digest) {
    const found = await ledger.store.findRequestsByDigest(digest);
    if (found.length === 0) throw new InputError(`no change request for digest ${digest}`);
    return parseRequest(found[0]);
  }
  const r = await ledger.store.getRequest(t);
  if (!r) throw new InputError(`no change request ${t}`);
  return parseRequest(r);
}

/** Decodes a stored review envelope and checks its signature; the signed statement is the only truth used. */
export function checkReview(
  stored: StoredReview,
  allowedSigners: string | undefined,
  now: Date,
): CheckedReview {
  const fallback: CheckedReview = {
    id: stored.id,
    verdict: stored.kind,
    reviewer: stored.reviewer,
    requestId: stored.requestId,
    digest: stored.digest,
    signedAt: stored.createdAt,
    signatureOk: false,
  };
  let env: DsseEnvelope;
  let st: ReviewStatement;
  try {
    env = parseEnvelope(stored.envelope);
    if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE)
      throw new Error(`unexpected payload type ${env.payloadType}`);
    st = JSON.parse(decodeBase64Any(env.payload).toString("utf8")) as ReviewStatement;
    if (st._type !== IN_TOTO_STATEMENT_V1 || st.predicateType !== REVIEW_PREDICATE_TYPE) {
      throw new Error("not an Airlock review statement");
    }
  } catch (err) {
    return { ...fallback, signatureProblem: `unreadable envelope: ${(err as Error).message}` };
  }
  const p = st.predicate;
  const subjectDigest = st.subject?.[0]?.digest?.sha256;
  const out: CheckedReview = {
    id: stored.id,
    verdict: p.verdict,
    reviewer: p.reviewer,
    requestId: p.requestId,
    digest: p.digest,
    signedAt: p.signedAt,
    expiresAt: p.expiresAt,
    reason: p.reason,
    signatureOk: false,
  };
  if (`sha256:${subjectDigest}` !== p.digest)
    return { ...out, signatureProblem: "statement subject and digest disagree" };
  const message = pae(env.payloadType, decodeBase64Any(env.payload));
  const problems: string[] = [];
  for (const s of env.signatures) {
    const c = verifyMessage(message, s.sig, p.reviewer, allowedSigners, now);
    if (c.ok) return { ...out, signatureOk: true, signerKey: c.key };
    if (c.problem) problems.push(c.problem);
  }
  return { ...out, signatureProblem: problems[0] ?? "no signature" };
}

export async function statusOf(
  ledger: Ledger,
  req: ChangeRequest,
  opts: { allowedSigners?: string; now?: Date; cwd?: string } = {},
): Promise<RequestStatus> {
  const now = opts.now ?? new Date();
  let allowed: string | undefined;
  try {
    allowed = findAllowedSigners(opts.allowedSigners);
  } catch {
    allowed = undefined;
  }
  // Only reviews recorded in the (signature-checked) ledger count; store rows that disagree void the request.
  const binding = await bindToLedger(ledger, req);
  const reviews = binding.reviews.map((r) => checkReview(r, allowed, now));
  const voided = [...binding.problems];
  const policy = policyProblem(req.policyIdentity, opts.cwd);
  if (policy) voided.push(policy);
  const status = voidStatus(evaluateRequest(req, reviews, now), voided);
  if (binding.notes.length) status.reasons.push(...binding.notes);
  return status;
}

/** A status whose request no longer counts: blocked, with the reasons first. */
function voidStatus(status: RequestStatus, voided: string[]): RequestStatus {
  if (voided.length === 0) return status;
  return {
    ...status,
    state: "blocked",
    satisfied: false,
    reasons: [...voided.map((v) => `VOID: ${v}`), ...status.reasons],
    voided,
  };
}

export interface ReviewOptions {
  reason?: string;
  /** `24h`, `7d`, `90m` or an ISO time; never later than the policy TTL. */
  expires?: string;
  method?: SignMethod;
  key?: string;
  allowedSigners?: string;
  now?: Date;
}

export function parseDuration(s: string, now: Date): Date {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(s.trim());
  if (m) {
    const mult = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
    return new Date(now.getTime() + Number(m[1]) * mult * 1000);
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t))
    throw new UsageError(`--expires ${s}: use a duration like 24h or 7d, or an ISO time`);
  return new Date(t);
}

export async function review(
  target: string,
  verdict: Verdict,
  opts: ReviewOptions = {},
): Promise<{ request: ChangeRequest; status: RequestStatus; reviewId: string; ledgerIndex: number }> {
  const ledger = await openExistingLedger();
  if (!ledger) throw new InputError("no change requests have been recorded here (run airlock request first)");
  try {
    const req = await resolveRequest(ledger, target);
    if (verdict === "approve" || verdict === "override") {
      const policy = policyProblem(req.policyIdentity);
      if (policy) throw new RefusedError(`${req.id}: ${policy}`);
      const { problems } = await bindToLedger(ledger, req);
      if (problems.length) throw new RefusedError(`${req.id} does not match the ledger: ${problems[0]}`);
    }
    const me = currentIdentity();
    const now = opts.now ?? new Date();
    if (me.kind === "agent" && (verdict === "approve" || verdict === "override")) {
      throw new RefusedError(`${me.identity} is an AI agent (${me.source}); AI agents can never ${verdict}`);
    }
    if (verdict === "approve" && sameIdentity(me.identity, req.requester.identity)) {
      throw new RefusedError(`${me.identity} requested ${req.id} and can never approve it`);
    }
    if (verdict === "override" && !opts.reason?.trim()) throw new UsageError("an override needs --reason");
    let expiresAt: string | undefined;
    if (verdict === "approve" || verdict === "override") {
      const ttls = req.decision.requirements
        .map((r) => r.approval?.ttlSeconds)
        .filter((t): t is number => typeof t === "number" && t > 0);
      const ttl = ttls.length
        ? Math.min(...ttls)
        : verdict === "override"
          ? DEFAULT_OVERRIDE_TTL_SECONDS
          : DEFAULT_APPROVAL_TTL_SECONDS;
      let exp = new Date(now.getTime() + ttl * 1000);
      if (opts.expires) {
        const asked = parseDuration(opts.expires, now);
        if (asked.getTime() <= now.getTime())
          throw new UsageError(`--expires ${opts.expires} is not in the future`);
        if (asked < exp) exp = asked;
      }
      expiresAt = exp.toISOString();
    }
    const statement: ReviewStatement = {
      _type: IN_TOTO_STATEMENT_V1,
      subject: [{ name: `airlock-change:${req.id}`, digest: { sha256: req.digest.replace(/^sha256:/, "") } }],
      predicateType: REVIEW_PREDICATE_TYPE,
      predicate: {
        verdict,
        requestId: req.id,
        digest: req.digest,
        decision: {
          policy: req.decision.policy,
          decision: req.decision.decision,
          requirements: req.decision.requirements.map((r) => r.id),
        },
        reviewer: me.identity,
        signedAt: now.toISOString(),
        ...(expiresAt ? { expiresAt } : {}),
        ...(opts.reason?.trim() ? { reason: opts.reason.trim() } : {}),
      },
    };
    const payload = Buffer.from(canonicalJson(statement), "utf8");
    const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
    const allowed = findAllowedSigners(opts.allowedSigners);
    if (!allowed) {
      throw new InputError(
        "no allowed_signers file: pass --allowed-signers FILE, set AIRLOCK_ALLOWED_SIGNERS or git config gpg.ssh.allowedSignersFile",
      );
    }
    const { sig, keyid } = signMessage(message, { method: opts.method ?? "ssh", key: opts.key });
    const check = verifyMessage(message, sig, me.identity, allowed, now);
    if (!check.ok) throw new InputError(`the signature does not verify against ${allowed}: ${check.problem}`);
    const envelope: DsseEnvelope = {
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: payload.toString("base64"),
      signatures: [{ keyid, sig }],
    };
    const reviewId = newId("rv");
    const type = { approve: "approval", reject: "rejection", withdraw: "withdrawal", override: "override" }[
      verdict
    ];
    const appended = await ledger.append({
      type,
      actor: actorOf(me),
      digest: req.digest,
      requestId: req.id,
      data: { reviewId, verdict, reason: opts.reason?.trim(), expiresAt, envelope },
    });
    await ledger.store.insertReview({
      id: reviewId,
      requestId: req.id,
      digest: req.digest,
      kind: verdict,
      reviewer: me.identity,
      createdAt: statement.predicate.signedAt,
      expiresAt,
      envelope: JSON.stringify(envelope),
      ledgerIndex: appended.index,
    });
    const status = await statusOf(ledger, req, { allowedSigners: allowed, now });
    return { request: req, status, reviewId, ledgerIndex: appended.index };
  } finally {
    await ledger.close();
  }
}

export async function requestStatus(target: string, opts: { allowedSigners?: string } = {}) {
  const ledger = await openExistingLedger();
  if (!ledger) throw new InputError("no change requests have been recorded here (run airlock request first)");
  try {
    const req = await resolveRequest(ledger, target);
    return { request: req, status: await statusOf(ledger, req, opts) };
  } finally {
    await ledger.close();
  }
}

export async function listStatuses(
  opts: { allowedSigners?: string; limit?: number } = {},
): Promise<RequestStatus[]> {
  const ledger = await openExistingLedger();
  if (!ledger) return [];
  try {
    const out: RequestStatus[] = [];
    for (const s of await ledger.store.listRequests(opts.limit ?? 50)) {
      out.push(await statusOf(ledger, parseRequest(s), opts));
    }
    return out;
  } finally {
    await ledger.close();
  }
}
