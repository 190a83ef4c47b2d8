// What policy decides about a change, and who wrote it. Produced by src/policy and src/provenance,
// read by approvals, the apply gate, the guard and reports.

export type Decision = "allow" | "require-approval" | "block";
export type Enforcement = "advisory" | "soft-mandatory" | "hard-mandatory";

export type ProvenanceClass = "human" | "ai-assisted" | "ai-authored" | "unknown";

export interface ProvenanceEvidence {
  /** Signal id from the signal table (e.g. `claude-code-trailer`, `git-ai-note`, `airlock-agent-env`). */
  signal: string;
  /** Agent / tool named by the signal (claude-code, codex, cursor, copilot, aider, devin, jules, …). */
  agent?: string;
  commit?: string;
  file?: string;
  detail: string;
}

export interface FileProvenance {
  file: string;
  classification: ProvenanceClass;
  /** Lines attributed to AI out of lines changed, where known (git-ai notes). */
  aiLines?: number;
  totalLines?: number;
  evidence: ProvenanceEvidence[];
}

export interface CommitProvenance {
  commit: string;
  author: string;
  classification: ProvenanceClass;
  evidence: ProvenanceEvidence[];
  files: string[];
}

export interface Provenance {
  classification: ProvenanceClass;
  /** Git range read, e.g. `main..HEAD`; absent when no git information was available. */
  range?: string;
  agents: string[];
  commits: CommitProvenance[];
  files: FileProvenance[];
  /** Per changed address: the provenance of the file(s) that define it. */
  addresses?: Record<string, ProvenanceClass>;
  notes: string[];
}

export interface ApprovalRequirement {
  count: number;
  /** Named groups from the policy (each approver must belong to one of them). */
  groups?: string[];
  /** CODEOWNERS-style owners of the changed files (resolved to identities). */
  owners?: string[];
  /** Approvals older than this are void. */
  ttlSeconds?: number;
}

export interface Requirement {
  /** Stable within a decision (e.g. `approval:prod-destructive`). */
  id: string;
  kind: "approval" | "evidence" | "block" | "freeze";
  /** Policy rule that produced it. */
  rule: string;
  description: string;
  enforcement: Enforcement;
  approval?: ApprovalRequirement;
  /** Evidence kinds needed, e.g. `junit`, `terraform-test`. */
  evidence?: string[];
  satisfied: boolean;
}

export interface PolicyDecision {
  decision: Decision;
  digest: string;
  requirements: Requirement[];
  reasons: string[];
  environment?: { name: string; criticality: string };
  provenance: Provenance;
  /** Policy file used, or `builtin`. */
  policy: string;
}
