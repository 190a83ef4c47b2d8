// Classifying commits and the files they touch from the signal table, git-ai notes and Agent Trace records.
//
//   ai-authored  an agent made the commit (author or committer identity, Copilot Agent-Logs-Url), or
//                git-ai / Agent Trace attribute ≥ 80% of the file's added lines to an agent
//   ai-assisted  an agent is named as co-author or in a disclosure trailer, or owns some (< 80%) lines
//   human        positive human evidence and no AI signal: a git-ai note that tracked the commit and
//                attributes none of the file's lines to an agent, or Agent Trace `human` ranges only
//   unknown      nothing either way — markers can be stripped, so absence proves nothing
import type { CommitProvenance, ProvenanceClass, ProvenanceEvidence } from "../model/decision.js";
import type { TraceFileSummary } from "./agent-trace.js";
import type { GitAiNote } from "./formats.js";
import type { FileStat, RawCommit } from "./git.js";
import { fileShares, GitAiNoteError, parseGitAiNote } from "./git-ai.js";
import {
  AI_AUTHORED_LINE_SHARE,
  agentFromToolName,
  MESSAGE_SIGNALS,
  matchIdentity,
  NEGATIVE_TRAILER_VALUE,
  parseIdentity,
  TRAILER_SIGNALS,
} from "./signals.js";

const PRECEDENCE: Record<ProvenanceClass, number> = {
  human: 0,
  unknown: 1,
  "ai-assisted": 2,
  "ai-authored": 3,
};

/** The most AI-involved class: ai-authored > ai-assisted > unknown > human; nothing at all is unknown. */
export function strongest(classes: Iterable<ProvenanceClass>): ProvenanceClass {
  let best: ProvenanceClass | undefined;
  for (const c of classes) if (best === undefined || PRECEDENCE[c] > PRECEDENCE[best]) best = c;
  return best ?? "unknown";
}

export function isAi(c: ProvenanceClass): boolean {
  return c === "ai-authored" || c === "ai-assisted";
}

/**
 * Whether a commit says anything about who wrote the change: one that changed no file and carries no signal
 * (a plain merge, an empty commit) wrote nothing, so it neither adds nor removes AI involvement.
 */
export function countsForClassification(c: { files: string[]; classification: ProvenanceClass }): boolean {
  return c.files.length > 0 || c.classification !== "unknown";
}

type AiClass = "ai-authored" | "ai-assisted";

export interface CommitSignals {
  level?: AiClass;
  evidence: ProvenanceEvidence[];
}

/** Commit-level signals: author/committer identities, trailers, message markers. */
export function commitSignals(c: RawCommit): CommitSignals {
  const evidence: ProvenanceEvidence[] = [];
  let level: AiClass | undefined;
  const raise = (l: AiClass) => {
    if (!level || PRECEDENCE[l] > PRECEDENCE[level]) level = l;
  };
  const author = matchIdentity(c.authorName, c.authorEmail);
  if (author) {
    raise("ai-authored");
    evidence.push({
      signal: "agent-author",
      agent: author.agent,
      commit: c.sha,
      detail: `author ${c.authorName} <${c.authorEmail}> is ${author.label}`,
    });
  }
  const committer = matchIdentity(c.committerName, c.committerEmail);
  if (committer && !(author && c.committerEmail === c.authorEmail && c.committerName === c.authorName)) {
    raise("ai-authored");
    evidence.push({
      signal: "agent-committer",
      agent: committer.agent,
      commit: c.sha,
      detail: `committer ${c.committerName} <${c.committerEmail}> is ${committer.label}`,
    });
  }
  for (const t of c.trailers) {
    const sig = TRAILER_SIGNALS.find((s) => s.key === t.key.toLowerCase());
    if (!sig) continue;
    if (sig.kind === "identity") {
      const who = parseIdentity(t.value);
      const id = matchIdentity(who.name, who.email);
      if (!id) continue;
      raise(sig.classification);
      evidence.push({ signal: sig.signal, agent: id.agent, commit: c.sha, detail: `${t.key}: ${t.value}` });
    } else {
      if (!t.value || NEGATIVE_TRAILER_VALUE.test(t.value)) continue;
      raise(sig.classification);
      const agent = sig.agent ?? agentFromToolName(t.value) ?? "unknown-agent";
      evidence.push({ signal: sig.signal, agent, commit: c.sha, detail: `${t.key}: ${t.value}` });
    }
  }
  // Agent co-author lines that are not in the final trailer block (a `git merge --squash` message indents
  // them, an edited squash message moves them): only ever an AI signal, so reading them cannot hide one.
  const inTrailers = new Set(
    c.trailers.filter((t) => t.key.toLowerCase() === "co-authored-by").map((t) => t.value),
  );
  for (const m of c.message.matchAll(/^[ \t>*-]*Co-authored-by:[ \t]*(.+?)[ \t]*$/gim)) {
    const value = m[1];
    if (inTrailers.has(value)) continue;
    const who = parseIdentity(value);
    const id = matchIdentity(who.name, who.email);
    if (!id) continue;
    inTrailers.add(value);
    raise("ai-assisted");
    evidence.push({
      signal: "co-author-in-message",
      agent: id.agent,
      commit: c.sha,
      detail: `message body: Co-authored-by: ${value}`,
    });
  }
  for (const m of MESSAGE_SIGNALS) {
    if (m.pattern.test(c.message)) {
      raise(m.classification);
      evidence.push({
        signal: m.signal,
        agent: m.agent,
        commit: c.sha,
        detail: `message: ${m.pattern.source}`,
      });
    }
  }
  return { level, evidence };
}

export interface FileAttribution {
  file: string;
  classification: ProvenanceClass;
  aiLines?: number;
  totalLines?: number;
  evidence: ProvenanceEvidence[];
}

export interface ClassifiedCommit {
  commit: CommitProvenance;
  files: FileAttribution[];
  notes: string[];
}

/** Agent Trace summaries that apply to one file of one commit. */
export type TraceLookup = (
  sha: string | undefined,
  file: string,
) => (TraceFileSummary & { recordId: string })[];

export function classifyCommit(c: RawCommit, traces: TraceLookup): ClassifiedCommit {
  const notes: string[] = [];
  const signals = commitSignals(c);
  let note: GitAiNote | undefined;
  if (c.aiNote) {
    try {
      note = parseGitAiNote(c.aiNote);
    } catch (err) {
      if (!(err instanceof GitAiNoteError)) throw err;
      notes.push(`commit ${c.sha.slice(0, 12)}: refs/notes/ai note ignored (${err.message})`);
    }
  }
  const shares = note ? fileShares(note) : undefined;
  const files = c.files.map((f) => classifyFile(c, f, signals, note, shares, traces(c.sha, f.path)));
  const evidence = [...signals.evidence];
  if (note) {
    const agents = new Set<string>();
    for (const s of shares?.values() ?? []) for (const a of s.agents) agents.add(a);
    evidence.push({
      signal: "git-ai-note",
      agent: agents.size ? [...agents].join(",") : undefined,
      commit: c.sha,
      detail: `refs/notes/ai ${note.metadata.schema_version ?? "authorship"} covering ${note.files.length} file(s)`,
    });
  }
  const classes: ProvenanceClass[] = files.map((f) => f.classification);
  if (signals.level) classes.push(signals.level);
  const classification = classes.length ? strongest(classes) : "unknown";
  return {
    commit: {
      commit: c.sha,
      author: `${c.authorName} <${c.authorEmail}>`,
      classification,
      evidence,
      files: c.files.map((f) => f.path),
    },
    files,
    notes,
  };
}

function classifyFile(
  c: RawCommit,
  f: FileStat,
  signals: CommitSignals,
  note: GitAiNote | undefined,
  shares: ReturnType<typeof fileShares> | undefined,
  traceSummaries: (TraceFileSummary & { recordId: string })[],
): FileAttribution {
  const evidence: ProvenanceEvidence[] = signals.evidence.map((e) => ({ ...e, file: f.path }));
  const levels: AiClass[] = [];
  if (signals.level) levels.push(signals.level);
  let human = false;
  let aiLines: number | undefined;
  const added = f.added;
  if (note) {
    const share = shares?.get(f.path);
    const ai = share?.aiLines ?? 0;
    aiLines = ai;
    if (ai > 0) {
      const denom = Math.max(added ?? ai, ai);
      const level: AiClass = ai / denom >= AI_AUTHORED_LINE_SHARE ? "ai-authored" : "ai-assisted";
      levels.push(level);
      evidence.push({
        signal: "git-ai-note",
        agent: share?.agents.join(","),
        commit: c.sha,
        file: f.path,
        detail: `git-ai: ${ai} of ${denom} added line(s) by ${share?.agents.join(", ") || "an agent"}${
          share?.models.length ? ` (${share.models.join(", ")})` : ""
        }`,
      });
    } else {
      human = true;
      evidence.push({
        signal: "git-ai-note",
        commit: c.sha,
        file: f.path,
        detail: `git-ai tracked the commit: none of ${added ?? "?"} added line(s) attributed to an agent${
          share?.humanLines ? ` (${share.humanLines} by known humans)` : ""
        }`,
      });
    }
  }
  for (const t of traceSummaries) {
    const agent = t.tool ? (agentFromToolName(t.tool) ?? t.tool) : undefined;
    if (t.aiLines > 0) {
      const denom = Math.max(added ?? 0, t.aiLines + t.mixedLines);
      levels.push(t.aiLines / denom >= AI_AUTHORED_LINE_SHARE ? "ai-authored" : "ai-assisted");
      aiLines = Math.max(aiLines ?? 0, t.aiLines);
    } else if (t.mixedLines > 0) {
      levels.push("ai-assisted");
    } else if (t.humanLines > 0) {
      human = true;
    } else continue;
    evidence.push({
      signal: "agent-trace",
      agent,
      commit: c.sha,
      file: f.path,
      detail: `Agent Trace ${t.recordId}: ai ${t.aiLines}, mixed ${t.mixedLines}, human ${t.humanLines} line(s)${
        t.models.length ? ` (${t.models.join(", ")})` : ""
      }`,
    });
  }
  let classification: ProvenanceClass;
  if (levels.length) classification = strongest(levels);
  else if (human) classification = "human";
  else classification = "unknown";
  return { file: f.path, classification, aiLines, totalLines: added, evidence };
}
