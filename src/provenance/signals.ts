// The provenance signal table: which identities, trailers and message markers show that an AI agent
// wrote or helped write a commit. Data only; classify.ts applies it. Documented in docs/provenance.md —
// keep the two in step.
import type { ProvenanceClass } from "../model/decision.js";

/**
 * A known agent identity as it appears in git author/committer fields and in `Co-authored-by:` trailers.
 * Matching is on the e-mail address (exact or suffix) or on an exact bot login name; bare human-looking
 * names ("Claude", "Devin") never match on their own, so a person called Claude Martin stays a person.
 */
export interface AgentIdentity {
  agent: string;
  label: string;
  /** Exact addresses, lower case. */
  emails?: string[];
  /** Address suffixes, lower case (GitHub bot/app noreply addresses carry a numeric id prefix). */
  emailSuffixes?: string[];
  /** Exact names, lower case (bot logins such as `copilot-swe-agent[bot]`). */
  names?: string[];
  /** A name pattern that marks the agent with any address (Aider appends "(aider)" to the user's name). */
  namePattern?: RegExp;
}

export const AGENT_IDENTITIES: readonly AgentIdentity[] = [
  {
    agent: "claude-code",
    label: "Claude Code",
    emails: ["noreply@anthropic.com"],
    emailSuffixes: [
      "+claude[bot]@users.noreply.github.com",
      "+claude-code-action[bot]@users.noreply.github.com",
    ],
    names: ["claude[bot]", "claude-code-action[bot]"],
  },
  {
    agent: "codex-cloud",
    label: "OpenAI Codex cloud (ChatGPT connector)",
    emailSuffixes: ["+chatgpt-codex-connector[bot]@users.noreply.github.com"],
    names: ["chatgpt-codex-connector[bot]"],
  },
  {
    agent: "codex",
    label: "OpenAI Codex",
    emails: ["noreply@openai.com", "codex@openai.com"],
    emailSuffixes: ["+openai-codex[bot]@users.noreply.github.com"],
    names: ["openai-codex[bot]"],
  },
  {
    agent: "cursor",
    label: "Cursor agent",
    emails: ["cursoragent@cursor.com"],
    emailSuffixes: ["+cursor[bot]@users.noreply.github.com", "cursoragent@users.noreply.github.com"],
    names: ["cursor[bot]"],
  },
  {
    agent: "copilot",
    label: "GitHub Copilot coding agent",
    emails: ["copilot@github.com"],
    emailSuffixes: [
      "+copilot@users.noreply.github.com",
      "+copilot-swe-agent[bot]@users.noreply.github.com",
      "+copilot[bot]@users.noreply.github.com",
    ],
    names: ["copilot-swe-agent[bot]", "copilot[bot]"],
  },
  {
    agent: "aider",
    label: "Aider",
    emails: ["aider@aider.chat", "noreply@aider.chat"],
    namePattern: /\(aider\)\s*$/i,
  },
  {
    agent: "devin",
    label: "Devin",
    emails: ["devin-ai-integration[bot]@users.noreply.github.com"],
    emailSuffixes: ["+devin-ai-integration[bot]@users.noreply.github.com"],
    names: ["devin-ai-integration[bot]"],
  },
  {
    agent: "jules",
    label: "Google Jules",
    emails: ["google-labs-jules[bot]@users.noreply.github.com", "noreply@jules.google"],
    emailSuffixes: ["+google-labs-jules[bot]@users.noreply.github.com"],
    names: ["google-labs-jules[bot]"],
  },
  {
    agent: "amazon-q",
    label: "Amazon Q Developer / Kiro",
    emailSuffixes: ["+amazon-q-developer[bot]@users.noreply.github.com"],
    names: ["amazon-q-developer[bot]"],
  },
  {
    agent: "gemini",
    label: "Gemini CLI / Code Assist",
    emailSuffixes: [
      "+gemini-code-assist[bot]@users.noreply.github.com",
      "+gemini-cli[bot]@users.noreply.github.com",
    ],
    names: ["gemini-code-assist[bot]", "gemini-cli[bot]"],
  },
  {
    agent: "opencode",
    label: "OpenCode",
    emails: ["noreply@opencode.ai"],
  },
];

/** What a trailer with this key means. Keys are matched case-insensitively (git trailers are). */
export interface TrailerSignal {
  key: string;
  signal: string;
  /** `identity`: the value is `Name <email>` and counts only when it names a known agent. */
  kind: "identity" | "tool";
  classification: Exclude<ProvenanceClass, "human" | "unknown">;
  /** Fixed agent for the signal (e.g. Agent-Logs-Url is GitHub Copilot's); otherwise from the value. */
  agent?: string;
}

export const TRAILER_SIGNALS: readonly TrailerSignal[] = [
  // An agent named as co-author: the commit's author is accountable, the agent took part → assisted.
  { key: "co-authored-by", signal: "co-author-trailer", kind: "identity", classification: "ai-assisted" },
  // Copilot coding agent links the session that produced the commit → the agent wrote it.
  {
    key: "agent-logs-url",
    signal: "copilot-agent-logs",
    kind: "tool",
    classification: "ai-authored",
    agent: "copilot",
  },
  // Generic disclosure trailers (ASF Generated-by, kernel/Fedora Assisted-by, AI-assisted, Cursor Made-with).
  { key: "generated-by", signal: "generated-by-trailer", kind: "tool", classification: "ai-assisted" },
  { key: "assisted-by", signal: "assisted-by-trailer", kind: "tool", classification: "ai-assisted" },
  { key: "ai-assisted", signal: "ai-assisted-trailer", kind: "tool", classification: "ai-assisted" },
  { key: "made-with", signal: "made-with-trailer", kind: "tool", classification: "ai-assisted" },
];

/** Values of tool trailers that declare that no AI was used ("AI-assisted: no"): not a signal. */
export const NEGATIVE_TRAILER_VALUE = /^(no|none|false|0|n\/a|human)$/i;

/** Free-text markers agents leave in commit messages (outside the trailer block). */
export interface MessageSignal {
  signal: string;
  agent: string;
  pattern: RegExp;
  classification: Exclude<ProvenanceClass, "human" | "unknown">;
}

export const MESSAGE_SIGNALS: readonly MessageSignal[] = [
  {
    signal: "claude-code-footer",
    agent: "claude-code",
    pattern: /Generated with \[?Claude Code\]?/i,
    classification: "ai-assisted",
  },
];

/** Agent names used in tool trailers and git-ai / Agent Trace tool fields, mapped to agent ids. */
export const TOOL_NAME_AGENTS: readonly { pattern: RegExp; agent: string }[] = [
  { pattern: /claude/i, agent: "claude-code" },
  { pattern: /codex/i, agent: "codex" },
  { pattern: /cursor/i, agent: "cursor" },
  { pattern: /copilot/i, agent: "copilot" },
  { pattern: /aider/i, agent: "aider" },
  { pattern: /devin/i, agent: "devin" },
  { pattern: /jules/i, agent: "jules" },
  { pattern: /kiro|amazon[\s-]?q/i, agent: "amazon-q" },
  { pattern: /gemini/i, agent: "gemini" },
  { pattern: /opencode/i, agent: "opencode" },
  { pattern: /windsurf|cascade/i, agent: "windsurf" },
];

/** git-ai line share at or above which a file's change counts as AI-authored rather than AI-assisted. */
export const AI_AUTHORED_LINE_SHARE = 0.8;

/** The environment variable through which the guard declares the agent that runs Airlock. */
export const AIRLOCK_AGENT_ENV = "AIRLOCK_AGENT";

export function matchIdentity(name: string, email: string): AgentIdentity | undefined {
  const n = name.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  for (const id of AGENT_IDENTITIES) {
    if (e && id.emails?.includes(e)) return id;
    if (e && id.emailSuffixes?.some((s) => e.endsWith(s))) return id;
    if (n && id.names?.includes(n)) return id;
    if (n && id.namePattern?.test(name)) return id;
  }
  return undefined;
}

export function agentFromToolName(value: string): string | undefined {
  for (const t of TOOL_NAME_AGENTS) if (t.pattern.test(value)) return t.agent;
  return undefined;
}

/** Parses `Name <email>` (the value of Co-authored-by and of author fields). */
export function parseIdentity(value: string): { name: string; email: string } {
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(value.trim());
  if (!m) return { name: value.trim(), email: "" };
  return { name: m[1].trim(), email: m[2].trim() };
}
