// git-ai authorship notes (refs/notes/ai, schema `authorship/3.0.0`): an attestation section — a file path
// on its own line, then indented `KEY RANGES` lines (`1-5,10`) — then a line `---`, then JSON metadata.
// Keys: `h_…` known human (metadata.humans), `s_…::t_…` agent session (metadata.sessions, by the part
// before `::`), anything else an agent prompt (metadata.prompts).
import type { GitAiAttestation, GitAiMetadata, GitAiNote } from "./formats.js";
import { agentFromToolName } from "./signals.js";

export class GitAiNoteError extends Error {}

/** Parses a note; throws GitAiNoteError when it is not a git-ai authorship note. */
export function parseGitAiNote(text: string): GitAiNote {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const sep = lines.findIndex((l) => l.trim() === "---");
  if (sep < 0) throw new GitAiNoteError("no '---' separator between attestations and metadata");
  const jsonText = lines
    .slice(sep + 1)
    .join("\n")
    .trim();
  let metadata: GitAiMetadata = {};
  if (jsonText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(jsonText);
    } catch (err) {
      throw new GitAiNoteError(`metadata is not JSON: ${(err as Error).message}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new GitAiNoteError("metadata is not a JSON object");
    }
    metadata = parsed as GitAiMetadata;
  }
  if (metadata.schema_version !== undefined && !String(metadata.schema_version).startsWith("authorship/")) {
    throw new GitAiNoteError(`unsupported schema_version ${JSON.stringify(metadata.schema_version)}`);
  }
  const files: GitAiNote["files"] = [];
  let current: GitAiNote["files"][number] | undefined;
  for (const raw of lines.slice(0, sep)) {
    if (!raw.trim()) continue;
    if (/^\s/.test(raw)) {
      if (!current) throw new GitAiNoteError(`attestation line before any file: ${raw.trim()}`);
      const m = /^\s+(\S+)\s+([\d,\s-]+)$/.exec(raw);
      if (!m) throw new GitAiNoteError(`malformed attestation line: ${raw.trim()}`);
      current.attestations.push({ key: m[1], lines: expandRanges(m[2]) });
    } else {
      current = { path: unquotePath(raw.trim()), attestations: [] };
      files.push(current);
    }
  }
  return { files, metadata };
}

function unquotePath(p: string): string {
  if (p.length >= 2 && p.startsWith('"') && p.endsWith('"')) {
    try {
      return JSON.parse(p) as string;
    } catch {
      return p.slice(1, -1);
    }
  }
  return p;
}

/** Cap on the lines one attestation line may cover, so a hostile note cannot exhaust memory. */
const MAX_LINES = 1_000_000;

/** `1-5,10` → [1,2,3,4,5,10]. */
export function expandRanges(spec: string): number[] {
  const out = new Set<number>();
  for (const part of spec.split(",")) {
    const p = part.trim();
    if (!p) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) throw new GitAiNoteError(`malformed line range '${p}'`);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (b < a || b - a > 1_000_000) throw new GitAiNoteError(`bad line range '${p}'`);
    if (out.size + (b - a + 1) > MAX_LINES)
      throw new GitAiNoteError(`line ranges cover more than ${MAX_LINES} lines`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out];
}

export function isHumanKey(key: string): boolean {
  return key.startsWith("h_");
}

/** The agent (tool) behind an attestation key, from the note's metadata. */
export function agentForKey(note: GitAiNote, key: string): { agent?: string; tool?: string; model?: string } {
  const rec = key.startsWith("s_")
    ? note.metadata.sessions?.[key.split("::")[0]]
    : note.metadata.prompts?.[key];
  const tool = rec?.agent_id?.tool;
  return { tool, model: rec?.agent_id?.model, agent: tool ? (agentFromToolName(tool) ?? tool) : undefined };
}

export interface GitAiFileShare {
  aiLines: number;
  humanLines: number;
  agents: string[];
  models: string[];
}

/** Per file: lines attested to agents and to known humans. */
export function fileShares(note: GitAiNote): Map<string, GitAiFileShare> {
  const out = new Map<string, GitAiFileShare>();
  for (const f of note.files) {
    const ai = new Set<number>();
    const human = new Set<number>();
    const agents = new Set<string>();
    const models = new Set<string>();
    for (const a of f.attestations as GitAiAttestation[]) {
      if (isHumanKey(a.key)) {
        for (const l of a.lines) human.add(l);
      } else {
        for (const l of a.lines) ai.add(l);
        const who = agentForKey(note, a.key);
        agents.add(who.agent ?? "unknown-agent");
        if (who.model) models.add(who.model);
      }
    }
    for (const l of ai) human.delete(l);
    out.set(f.path, { aiLines: ai.size, humanLines: human.size, agents: [...agents], models: [...models] });
  }
  return out;
}
