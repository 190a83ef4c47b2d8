// Provenance of a change: who wrote the commits of a git range and the files that define each changed
// resource. Entry point: readProvenance().
import type { Assessment } from "../model/assessment.js";
import type { FileProvenance, Provenance, ProvenanceClass, ProvenanceEvidence } from "../model/decision.js";
import { InputError } from "../model/types.js";
import { readAgentTraces, summarizeTraceFile, type TraceFileSummary } from "./agent-trace.js";
import {
  type ClassifiedCommit,
  classifyCommit,
  countsForClassification,
  strongest,
  type TraceLookup,
} from "./classify.js";
import type { AgentTraceRecord } from "./formats.js";
import {
  defaultRange,
  GitError,
  isAncestor,
  type ResolvedRange,
  readCommits,
  repoRoot,
  resolveRange,
  uncommittedFiles,
} from "./git.js";
import { AIRLOCK_AGENT_ENV, agentFromToolName } from "./signals.js";
import { mapSourceFiles } from "./sources.js";

export { countsForClassification, isAi, strongest } from "./classify.js";

export interface ProvenanceOptions {
  cwd?: string;
  /** `BASE..HEAD`, `BASE...HEAD` or `BASE`; default: the current branch against its merge base with the default branch. */
  gitRange?: string;
  /** When given, provenance is attributed to the files that define each changed address. */
  assessment?: Assessment;
  /** Environment to read AIRLOCK_AGENT from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Agent Trace files in addition to `.agent-trace/*.json(l)` at the repository root. */
  agentTraceFiles?: string[];
  terraformDir?: string;
}

/** Files in the work tree that can define infrastructure even when no changed address maps to them. */
const IAC_FILE = /\.(tf|tfvars|tf\.json|tfvars\.json|hcl)$/;

export async function readProvenance(opts: ProvenanceOptions = {}): Promise<Provenance> {
  return (await collectProvenance(opts)).provenance;
}

export interface CollectedProvenance {
  provenance: Provenance;
  /** Address → defining files (repository-relative), when an assessment was given. */
  sources?: Map<string, string[]>;
  /** Repository root, when inside a repository. */
  root?: string;
}

/** readProvenance() plus what it learned on the way (defining files per address, repository root). */
export async function collectProvenance(opts: ProvenanceOptions = {}): Promise<CollectedProvenance> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const notes: string[] = [];
  const agentEnv = env[AIRLOCK_AGENT_ENV]?.trim() || undefined;
  const envEvidence: ProvenanceEvidence | undefined = agentEnv
    ? {
        signal: "airlock-agent-env",
        agent: agentFromToolName(agentEnv) ?? agentEnv,
        detail: `${AIRLOCK_AGENT_ENV}=${agentEnv}: Airlock runs on behalf of an AI agent`,
      }
    : undefined;

  const root = await repoRoot(cwd);
  if (!root) {
    if (opts.gitRange)
      throw new InputError(`--git-range ${opts.gitRange}: ${cwd} is not inside a git repository`);
    notes.push("not a git repository: commits cannot be read, provenance is unknown");
    let sources: Map<string, string[]> | undefined;
    if (opts.assessment) {
      const map = await mapSourceFiles({ assessment: opts.assessment, cwd, terraformDir: opts.terraformDir });
      sources = map.byAddress;
      notes.push(...map.notes);
    }
    return {
      provenance: finish({
        commits: [],
        files: [],
        range: undefined,
        notes,
        envEvidence,
        addresses: sources,
      }),
      sources,
    };
  }

  let range: ResolvedRange | undefined;
  try {
    if (opts.gitRange) range = await resolveRange(opts.gitRange, root);
    else {
      const r = await defaultRange(root);
      if ("missing" in r) notes.push(`${r.missing}: no commits read, provenance is unknown`);
      else range = r;
    }
  } catch (err) {
    if (err instanceof GitError) throw new InputError(`--git-range ${opts.gitRange}: ${err.message}`);
    throw err;
  }

  const classified: ClassifiedCommit[] = [];
  let lookup: TraceLookup = () => [];
  if (range) {
    let raw: Awaited<ReturnType<typeof readCommits>>;
    try {
      raw = await readCommits(root, range.base, range.head);
    } catch (err) {
      if (err instanceof GitError) throw new InputError(`reading commits ${range.label}: ${err.message}`);
      throw err;
    }
    if (raw.length === 0) notes.push(`no commits in ${range.label}`);
    const traces = await applicableTraces(
      root,
      range,
      new Set(raw.map((c) => c.sha)),
      opts.agentTraceFiles,
      notes,
    );
    lookup = traces.lookup;
    for (const c of raw) {
      const res = classifyCommit(c, lookup);
      notes.push(...res.notes);
      classified.push(res);
    }
  } else {
    lookup = (await applicableTraces(root, undefined, new Set(), opts.agentTraceFiles, notes)).lookup;
  }

  // Files per path across the commits of the range.
  const files = new Map<string, FileProvenance>();
  for (const c of classified) {
    for (const f of c.files) mergeFile(files, f);
  }

  // Address → defining files.
  let byAddress: Map<string, string[]> | undefined;
  if (opts.assessment) {
    const map = await mapSourceFiles({
      assessment: opts.assessment,
      cwd,
      repoRoot: root,
      range: range ? { base: range.base, head: range.head } : undefined,
      terraformDir: opts.terraformDir,
    });
    byAddress = map.byAddress;
    notes.push(...map.notes);
  }

  // Uncommitted edits count when they can define infrastructure.
  const defining = new Set<string>();
  for (const list of byAddress?.values() ?? []) for (const f of list) defining.add(f);
  let uncommittedCount = 0;
  for (const path of await uncommittedFiles(root)) {
    const relevant =
      IAC_FILE.test(path) || [...defining].some((d) => d === path || (d.endsWith("/") && path.startsWith(d)));
    if (!relevant) continue;
    uncommittedCount++;
    mergeFile(files, classifyUncommitted(path, envEvidence, lookup(undefined, path)));
  }
  if (uncommittedCount) notes.push(`${uncommittedCount} uncommitted infrastructure file(s) included`);

  const provenance = finish({
    commits: classified,
    files: [...files.values()].sort((a, b) => a.file.localeCompare(b.file)),
    range,
    notes,
    envEvidence,
    addresses: byAddress,
    uncommitted: uncommittedCount,
  });
  return { provenance, sources: byAddress, root };
}

function classifyUncommitted(
  path: string,
  envEvidence: ProvenanceEvidence | undefined,
  traces: (TraceFileSummary & { recordId: string })[],
): FileProvenance {
  const evidence: ProvenanceEvidence[] = [
    { signal: "uncommitted", file: path, detail: "changed in the work tree, not committed" },
  ];
  const classes: ProvenanceClass[] = [];
  if (envEvidence) {
    classes.push("ai-authored");
    evidence.push({ ...envEvidence, file: path });
  }
  let human = false;
  for (const t of traces) {
    if (t.aiLines > 0) classes.push("ai-assisted");
    else if (t.mixedLines > 0) classes.push("ai-assisted");
    else if (t.humanLines > 0) human = true;
    else continue;
    evidence.push({
      signal: "agent-trace",
      agent: t.tool ? (agentFromToolName(t.tool) ?? t.tool) : undefined,
      file: path,
      detail: `Agent Trace ${t.recordId}: ai ${t.aiLines}, mixed ${t.mixedLines}, human ${t.humanLines} line(s)`,
    });
  }
  const classification = classes.length ? strongest(classes) : human ? "human" : "unknown";
  return { file: path, classification, evidence };
}

function mergeFile(
  files: Map<string, FileProvenance>,
  f: {
    file: string;
    classification: ProvenanceClass;
    aiLines?: number;
    totalLines?: number;
    evidence: ProvenanceEvidence[];
  },
): void {
  const prev = files.get(f.file);
  if (!prev) {
    files.set(f.file, {
      file: f.file,
      classification: f.classification,
      aiLines: f.aiLines,
      totalLines: f.totalLines,
      evidence: dedupe(f.evidence),
    });
    return;
  }
  prev.classification = strongest([prev.classification, f.classification]);
  if (f.aiLines !== undefined || prev.aiLines !== undefined)
    prev.aiLines = (prev.aiLines ?? 0) + (f.aiLines ?? 0);
  if (f.totalLines !== undefined) prev.totalLines = (prev.totalLines ?? 0) + f.totalLines;
  prev.evidence = dedupe([...prev.evidence, ...f.evidence]);
}

function dedupe(list: ProvenanceEvidence[]): ProvenanceEvidence[] {
  const seen = new Set<string>();
  const out: ProvenanceEvidence[] = [];
  for (const e of list) {
    const k = `${e.signal}\0${e.commit ?? ""}\0${e.file ?? ""}\0${e.detail}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

interface FinishInput {
  commits: ClassifiedCommit[];
  files: FileProvenance[];
  range: ResolvedRange | undefined;
  notes: string[];
  envEvidence: ProvenanceEvidence | undefined;
  addresses: Map<string, string[]> | undefined;
  uncommitted?: number;
}

function finish(input: FinishInput): Provenance {
  const { commits, files, notes, envEvidence } = input;
  // A commit that changed no file and carries no signal (a plain merge, an empty commit) wrote nothing: it
  // neither adds nor removes AI involvement. Merges with changes of their own keep their class.
  const parts: ProvenanceClass[] = commits
    .filter((c) => countsForClassification(c.commit))
    .map((c) => c.commit.classification);
  for (const f of files) if (f.evidence.some((e) => e.signal === "uncommitted")) parts.push(f.classification);
  if (envEvidence) parts.push("ai-authored");
  const classification = parts.length ? strongest(parts) : "unknown";

  let addresses: Record<string, ProvenanceClass> | undefined;
  if (input.addresses) {
    addresses = {};
    const byFile = new Map(files.map((f) => [f.file, f]));
    let fallback = 0;
    for (const [address, defining] of input.addresses) {
      const classes: ProvenanceClass[] = [];
      for (const d of defining) {
        if (d.endsWith("/")) {
          for (const f of files) if (f.file.startsWith(d)) classes.push(f.classification);
        } else {
          const f = byFile.get(d);
          if (f) classes.push(f.classification);
        }
      }
      if (classes.length) addresses[address] = strongest(classes);
      else {
        addresses[address] = classification;
        // Addresses with no known file are already reported by the source map.
        if (defining.length) fallback++;
      }
    }
    if (fallback) {
      notes.push(
        `${fallback} address(es) are defined by files no commit of the range touched; they take the range's classification`,
      );
    }
  }

  const agents = new Set<string>();
  const allEvidence = [
    ...commits.flatMap((c) => c.commit.evidence),
    ...files.flatMap((f) => f.evidence),
    ...(envEvidence ? [envEvidence] : []),
  ];
  for (const e of allEvidence) for (const a of e.agent?.split(",") ?? []) if (a) agents.add(a);

  const out: Provenance = {
    classification,
    range: input.range?.label,
    agents: [...agents].sort(),
    commits: commits.map((c) => c.commit),
    files,
    notes,
  };
  if (envEvidence) out.notes.push(envEvidence.detail);
  if (input.range)
    out.notes.unshift(
      `range ${input.range.label} = ${input.range.base.slice(0, 12)}..${input.range.head.slice(0, 12)}`,
    );
  if (addresses) out.addresses = addresses;
  return out;
}

/** Agent Trace records that bear on the range: recorded at a commit of the range, at its base, or unplaced. */
async function applicableTraces(
  root: string,
  range: ResolvedRange | undefined,
  commits: Set<string>,
  extra: string[] | undefined,
  notes: string[],
): Promise<{ lookup: TraceLookup }> {
  const { records, notes: readNotes } = readAgentTraces(root, extra);
  notes.push(...readNotes);
  const byCommit = new Map<string, AgentTraceRecord[]>();
  const rangeLevel: { record: AgentTraceRecord; aiOnly: boolean }[] = [];
  const ancestorCache = new Map<string, boolean>();
  let ignored = 0;
  for (const r of records) {
    const rev = r.vcs?.type === "git" ? r.vcs.revision : undefined;
    if (rev && commits.has(rev)) {
      byCommit.set(rev, [...(byCommit.get(rev) ?? []), r]);
      continue;
    }
    if (!rev || !range || rev === range.base) {
      rangeLevel.push({ record: r, aiOnly: false });
      continue;
    }
    let old = ancestorCache.get(rev);
    if (old === undefined) {
      old = await isAncestor(rev, range.base, root);
      ancestorCache.set(rev, old);
    }
    if (old) {
      ignored++;
      continue;
    }
    // A revision the range does not contain (rewritten by a rebase, another branch): AI claims still count,
    // human claims do not.
    rangeLevel.push({ record: r, aiOnly: true });
  }
  if (ignored) notes.push(`${ignored} Agent Trace record(s) predate the range and were ignored`);
  const lookup: TraceLookup = (sha, file) => {
    const out: (TraceFileSummary & { recordId: string })[] = [];
    for (const r of sha ? (byCommit.get(sha) ?? []) : []) {
      const s = summarizeTraceFile(r, file);
      if (s) out.push({ ...s, recordId: r.id });
    }
    for (const { record, aiOnly } of rangeLevel) {
      const s = summarizeTraceFile(record, file);
      if (!s) continue;
      if (aiOnly) s.humanLines = 0;
      out.push({ ...s, recordId: record.id });
    }
    return out;
  };
  return { lookup };
}
