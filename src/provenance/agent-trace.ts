// Agent Trace records (agent-trace.dev, v0.1 RFC). The spec leaves storage open; the reference
// implementation appends JSON lines to `.agent-trace/traces.jsonl` at the repository root, which is where
// Airlock looks (plus any other *.json / *.jsonl in that folder, and files given explicitly).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AgentTraceContributor, AgentTraceRecord } from "./formats.js";

export const AGENT_TRACE_DIR = ".agent-trace";
const MAX_LINES = 1_000_000;

export interface TraceReadResult {
  records: AgentTraceRecord[];
  notes: string[];
}

export function readAgentTraces(root: string, extraFiles: string[] = []): TraceReadResult {
  const files: string[] = [];
  const dir = join(root, AGENT_TRACE_DIR);
  try {
    if (statSync(dir).isDirectory()) {
      for (const name of readdirSync(dir).sort()) {
        if (name === "config.json") continue;
        if (name.endsWith(".jsonl") || name.endsWith(".json")) files.push(join(dir, name));
      }
    }
  } catch {
    // no trace folder
  }
  files.push(...extraFiles);
  const out: TraceReadResult = { records: [], notes: [] };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      out.notes.push(`agent trace ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
      continue;
    }
    const { records, bad } = parseAgentTraceText(text);
    out.records.push(...records);
    if (bad) out.notes.push(`agent trace ${file}: ${bad} record(s) ignored (not Agent Trace records)`);
  }
  return out;
}

export function parseAgentTraceText(text: string): { records: AgentTraceRecord[]; bad: number } {
  const records: AgentTraceRecord[] = [];
  let bad = 0;
  const candidates: unknown[] = [];
  const trimmed = text.trim();
  if (!trimmed) return { records, bad };
  try {
    const whole = JSON.parse(trimmed);
    if (Array.isArray(whole)) candidates.push(...whole);
    else candidates.push(whole);
  } catch {
    for (const line of trimmed.split("\n")) {
      if (!line.trim()) continue;
      try {
        candidates.push(JSON.parse(line));
      } catch {
        bad++;
      }
    }
  }
  for (const c of candidates) {
    if (isTraceRecord(c)) records.push(c);
    else bad++;
  }
  return { records, bad };
}

const CONTRIBUTOR_TYPES = new Set(["human", "ai", "mixed", "unknown"]);

function isContributor(v: unknown): v is AgentTraceContributor {
  return !!v && typeof v === "object" && CONTRIBUTOR_TYPES.has((v as { type?: unknown }).type as string);
}

export function isTraceRecord(v: unknown): v is AgentTraceRecord {
  if (!v || typeof v !== "object") return false;
  const r = v as Record<string, unknown>;
  if (typeof r.version !== "string" || !Array.isArray(r.files)) return false;
  for (const f of r.files as unknown[]) {
    if (!f || typeof f !== "object") return false;
    const file = f as Record<string, unknown>;
    if (typeof file.path !== "string" || !Array.isArray(file.conversations)) return false;
    for (const c of file.conversations as unknown[]) {
      if (!c || typeof c !== "object") return false;
      const conv = c as Record<string, unknown>;
      if (!Array.isArray(conv.ranges)) return false;
      if (conv.contributor !== undefined && !isContributor(conv.contributor)) return false;
      for (const rg of conv.ranges as unknown[]) {
        const range = rg as Record<string, unknown>;
        if (!range || typeof range.start_line !== "number" || typeof range.end_line !== "number")
          return false;
        if (range.contributor !== undefined && !isContributor(range.contributor)) return false;
      }
    }
  }
  return true;
}

export interface TraceFileSummary {
  aiLines: number;
  mixedLines: number;
  humanLines: number;
  models: string[];
  tool?: string;
}

/** Line counts per contributor type for one file of one record (range contributor overrides conversation's). */
export function summarizeTraceFile(record: AgentTraceRecord, path: string): TraceFileSummary | undefined {
  const file = record.files.find((f) => f.path === path);
  if (!file) return undefined;
  const ai = new Set<number>();
  const mixed = new Set<number>();
  const human = new Set<number>();
  const models = new Set<string>();
  for (const conv of file.conversations) {
    for (const r of conv.ranges) {
      const who = r.contributor ?? conv.contributor;
      if (!who) continue;
      if (who.model_id) models.add(who.model_id);
      const target =
        who.type === "ai" ? ai : who.type === "mixed" ? mixed : who.type === "human" ? human : undefined;
      if (!target) continue;
      // Capped so a hostile record cannot exhaust memory; beyond the cap the file is all AI anyway.
      const end = Math.min(r.end_line, r.start_line + MAX_LINES);
      for (let l = r.start_line; l <= end && target.size < MAX_LINES; l++) target.add(l);
    }
  }
  for (const l of ai) {
    mixed.delete(l);
    human.delete(l);
  }
  for (const l of mixed) human.delete(l);
  return {
    aiLines: ai.size,
    mixedLines: mixed.size,
    humanLines: human.size,
    models: [...models],
    tool: record.tool?.name,
  };
}
