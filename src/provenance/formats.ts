// Types for the external provenance formats Airlock reads: git-ai authorship notes (refs/notes/ai,
// `authorship/3.0.0`) and Agent Trace records (agent-trace.dev, v0.1 RFC). Only the fields Airlock uses.

/** One attestation line of a git-ai note: an attestation key and the line numbers it covers in one file. */
export interface GitAiAttestation {
  /** `h_…` human, `s_…::t_…` session (looked up in `sessions`), otherwise a prompt id (looked up in `prompts`). */
  key: string;
  /** 1-based line numbers, expanded from `1-5,10`. */
  lines: number[];
}

export interface GitAiAgentId {
  tool?: string;
  id?: string;
  model?: string;
}

/** The JSON metadata block after `---`. */
export interface GitAiMetadata {
  schema_version?: string;
  git_ai_version?: string;
  base_commit_sha?: string;
  prompts?: Record<string, { agent_id?: GitAiAgentId; human_author?: string } | undefined>;
  sessions?: Record<string, { agent_id?: GitAiAgentId; human_author?: string } | undefined>;
  humans?: Record<string, { author?: string } | undefined>;
}

export interface GitAiNote {
  files: { path: string; attestations: GitAiAttestation[] }[];
  metadata: GitAiMetadata;
}

export type AgentTraceContributorType = "human" | "ai" | "mixed" | "unknown";

export interface AgentTraceContributor {
  type: AgentTraceContributorType;
  model_id?: string;
}

export interface AgentTraceRange {
  start_line: number;
  end_line: number;
  content_hash?: string;
  contributor?: AgentTraceContributor;
}

export interface AgentTraceConversation {
  url?: string;
  contributor?: AgentTraceContributor;
  ranges: AgentTraceRange[];
}

export interface AgentTraceRecord {
  version: string;
  id: string;
  timestamp: string;
  vcs?: { type: string; revision: string };
  tool?: { name?: string; version?: string };
  files: { path: string; conversations: AgentTraceConversation[] }[];
  metadata?: Record<string, unknown>;
}
