// Types of the approval records and of the external formats they use: DSSE envelopes
// (github.com/secure-systems-lab/dsse) carrying in-toto Statement v1 (github.com/in-toto/attestation).
import type { Assessment } from "../model/assessment.js";
import type { PolicyDecision } from "../model/decision.js";

/** DSSE JSON envelope. */
export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the serialized statement. */
  payload: string;
  signatures: { keyid?: string; sig: string }[];
}

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const IN_TOTO_STATEMENT_V1 = "https://in-toto.io/Statement/v1";
/** Predicate type of Airlock review statements (an identifier; it need not resolve). */
export const REVIEW_PREDICATE_TYPE = "https://airlock.dev/review/v1";
/** Namespace of SSH signatures (`ssh-keygen -Y sign -n airlock`). */
export const SSH_NAMESPACE = "airlock";

export interface InTotoStatement<P> {
  _type: typeof IN_TOTO_STATEMENT_V1;
  subject: { name?: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export type Verdict = "approve" | "reject" | "withdraw" | "override";

/** What a reviewer signs. */
export interface ReviewPredicate {
  verdict: Verdict;
  requestId: string;
  /** The change digest (`sha256:…`), repeated from the subject for readers. */
  digest: string;
  /** The decision this review answers: policy, decision and the requirement ids. */
  decision: { policy: string; decision: string; requirements: string[] };
  reviewer: string;
  signedAt: string;
  expiresAt?: string;
  reason?: string;
}

export type ReviewStatement = InTotoStatement<ReviewPredicate>;

export interface Identity {
  identity: string;
  kind: "human" | "agent";
  /** Agent name when kind is agent. */
  agent?: string;
  /** Where the identity came from (AIRLOCK_AGENT, AIRLOCK_IDENTITY, git config user.email, $USER). */
  source: string;
}

export interface EvidenceRecord {
  file: string;
  sha256: string;
  kind: string;
  /** Whether the evidence shows success (e.g. no failing tests). */
  passed: boolean;
  detail: string;
}

/**
 * Which policy a request was decided with: a file (path relative to the repository root, or absolute when
 * outside it, and the SHA-256 of its exact bytes) or the built-in policy (SHA-256 of its text).
 */
export type PolicyIdentity =
  | { kind: "file"; path: string; sha256: string }
  | { kind: "builtin"; sha256: string };

/** A change request as stored (JSON in the store, summary in the ledger). */
export interface ChangeRequest {
  schemaVersion: "1";
  id: string;
  digest: string;
  createdAt: string;
  requester: Identity;
  source: { path: string; framework: string; format: string };
  assessment: Pick<Assessment, "summary" | "risk" | "framework"> & {
    findings: { ruleId: string; severity: string; category: string; address: string; title: string }[];
  };
  decision: PolicyDecision;
  /** The policy in force when the request was made (discovered, never the requester's choice). */
  policyIdentity?: PolicyIdentity;
  /** Members of the policy groups named by approval requirements, as resolved when the request was made. */
  groups: Record<string, string[]>;
  evidence: EvidenceRecord[];
  gitRange?: string;
  ledgerIndex?: number;
}

export interface RequirementStatus {
  id: string;
  kind: string;
  enforcement: string;
  description: string;
  satisfied: boolean;
  /** Satisfied only because of a break-glass override. */
  overridden?: boolean;
  needed?: number;
  approvers?: string[];
  detail: string;
}

export interface ReviewView {
  id: string;
  verdict: Verdict;
  reviewer: string;
  signedAt: string;
  expiresAt?: string;
  reason?: string;
  /** Counts toward requirements. */
  valid: boolean;
  /** Why it does not count, when not valid. */
  problem?: string;
}

export type RequestState = "approved" | "pending" | "rejected" | "blocked";

export interface RequestStatus {
  schemaVersion: "1";
  id: string;
  digest: string;
  state: RequestState;
  /** True when the change may be applied. */
  satisfied: boolean;
  decision: string;
  requester: string;
  createdAt: string;
  requirements: RequirementStatus[];
  reviews: ReviewView[];
  overrides: ReviewView[];
  /** Human-readable reasons for the state. */
  reasons: string[];
  /**
   * Why the request itself no longer counts (policy changed since the request, store rows that do not match
   * the ledger): present and non-empty means the state is `blocked` whatever the reviews say.
   */
  voided?: string[];
}
