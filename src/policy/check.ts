// checkChange(): the decision for one assessed change — provenance, environment, evidence, policy.
// Called by `airlock check`, the approvals layer and the guard.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { Assessment } from "../model/assessment.js";
import type { PolicyDecision, Provenance } from "../model/decision.js";
import { InputError } from "../model/types.js";
import { git, repoRoot } from "../provenance/git.js";
import { collectProvenance } from "../provenance/index.js";
import { mapSourceFiles } from "../provenance/sources.js";
import { CODEOWNERS_LOCATIONS, loadCodeowners, ownersOf } from "./codeowners.js";
import { environmentPaths, namespaceOf, resolveEnvironment, terraformWorkspace } from "./environments.js";
import { evaluatePolicy } from "./evaluate.js";
import { type EvidenceResult, readEvidence } from "./evidence.js";
import { BUILTIN, type LoadedPolicy, loadPolicy } from "./load.js";
import type { Override } from "./types.js";

export interface CheckOptions {
  assessment: Assessment;
  /** Policy file; default: ./airlock.yaml (or .yml) in cwd or the repository root if present, else the built-in policy. Pass `builtin` to force it. */
  policyPath?: string;
  gitRange?: string;
  evidence?: string[];
  cwd?: string;
  workspace?: string;
  stack?: string;
  kubeContext?: string;
  now?: Date;
  /** Break-glass overrides recorded by the approvals layer (soft-mandatory requirements only). */
  overrides?: Override[];
  /** Environment for AIRLOCK_AGENT / TF_WORKSPACE (default process.env). */
  env?: Record<string, string | undefined>;
  /** An already loaded policy (skips policyPath). */
  policy?: LoadedPolicy;
  /** Provenance already known (skips reading git), e.g. policy tests and callers that cache it. */
  provenance?: Provenance;
}

export const POLICY_FILE_NAMES = ["airlock.yaml", "airlock.yml"];

/** The policy file `check` uses when none is named: airlock.yaml in cwd, then at the repository root. */
export function findPolicyFile(cwd: string, root?: string): string | undefined {
  for (const dir of root && root !== cwd ? [cwd, root] : [cwd]) {
    for (const n of POLICY_FILE_NAMES) {
      const p = resolve(dir, n);
      if (existsSync(p)) return p;
    }
  }
  return undefined;
}

export async function checkChange(opts: CheckOptions): Promise<PolicyDecision> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const { assessment } = opts;
  const now = opts.now ?? new Date();

  if (!assessment.digest) throw new InputError("assessment has no digest: a decision cannot be bound to it");

  let provenance: Provenance;
  let sources: Map<string, string[]> | undefined;
  let root: string | undefined;
  if (opts.provenance) {
    provenance = opts.provenance;
    root = await repoRoot(cwd);
    sources = (await mapSourceFiles({ assessment, cwd, repoRoot: root })).byAddress;
  } else {
    ({ provenance, sources, root } = await collectProvenance({
      cwd,
      gitRange: opts.gitRange,
      assessment,
      env,
    }));
  }

  const policy =
    opts.policy ??
    loadPolicy(
      opts.policyPath === BUILTIN
        ? BUILTIN
        : opts.policyPath
          ? resolve(cwd, opts.policyPath)
          : findPolicyFile(cwd, root),
    );

  const evidence: EvidenceResult[] = (opts.evidence ?? []).map((f) => {
    const r = readEvidence(resolve(cwd, f));
    return { ...r, file: f };
  });

  const inputPath = assessment.source.path ? resolve(cwd, assessment.source.path) : undefined;
  const defining = [...new Set([...(sources?.values() ?? [])].flat())];
  const workspace = terraformWorkspace(
    opts.workspace,
    env,
    [inputPath ? dirname(inputPath) : undefined, cwd].filter((d): d is string => !!d),
  );
  const namespaces = [
    ...new Set(assessment.changes.map((c) => namespaceOf(c.address)).filter((n): n is string => !!n)),
  ];
  const stack =
    opts.stack ?? (assessment.framework === "cloudformation" ? changeSetStackName(inputPath) : undefined);
  const environment = resolveEnvironment(policy.policy, {
    paths: environmentPaths(inputPath, cwd, root, defining),
    workspace: assessment.framework === "terraform" ? workspace : undefined,
    stack,
    kubeContext: opts.kubeContext,
    namespaces,
  });

  let codeowners: ReturnType<typeof loadCodeowners> | null | undefined;
  const ownersFor = (addresses: string[]) => {
    if (codeowners === undefined) codeowners = loadCodeowners(root ?? cwd, policy.policy.codeowners) ?? null;
    if (!codeowners) return undefined;
    const owners = new Set<string>();
    const unowned: string[] = [];
    for (const a of addresses) {
      let files = sources?.get(a) ?? [];
      if (!files.length && inputPath) files = [toRel(inputPath, root ?? cwd)];
      let any = false;
      for (const f of files) {
        const o = ownersOf(codeowners, f);
        for (const x of o) owners.add(x);
        if (o.length) any = true;
      }
      if (!any) unowned.push(a);
    }
    return { owners: [...owners].sort(), unowned };
  };

  const gateFilesChanged = await changedGateFiles(provenance, root, policy, cwd);

  const decision = evaluatePolicy({
    policy,
    assessment,
    provenance,
    environment,
    evidence,
    now,
    ownersFor,
    overrides: opts.overrides,
    gateFilesChanged,
  });
  if (environment.matchedBy)
    decision.reasons.unshift(
      `environment ${environment.name} (${environment.criticality}): ${environment.matchedBy}`,
    );
  return decision;
}

/**
 * Gate files — the policy file in use and every CODEOWNERS location — that the commits of the range or
 * uncommitted edits of tracked files modify (repository-relative paths).
 */
async function changedGateFiles(
  provenance: Provenance,
  root: string | undefined,
  policy: LoadedPolicy,
  cwd: string,
): Promise<string[]> {
  if (!root) return [];
  const gates = new Set<string>(
    (policy.policy.codeowners ? [policy.policy.codeowners] : CODEOWNERS_LOCATIONS).map((p) =>
      p.replace(/^\.?\//, ""),
    ),
  );
  if (policy.source !== BUILTIN) {
    const rel = relative(root, resolve(cwd, policy.source));
    if (!rel.startsWith("..") && !isAbsolute(rel)) gates.add(rel.split("\\").join("/"));
  }
  const touched = new Set(provenance.files.map((f) => f.file));
  for (const c of provenance.commits) for (const f of c.files) touched.add(f);
  // Uncommitted edits to tracked (or staged) gate files count; an untracked policy file — e.g. one the
  // pipeline fetched from a central repository — is the pipeline's choice, not a change to the gate.
  try {
    const out = await git(["diff", "--name-only", "-z", "HEAD", "--"], root);
    for (const f of out.split("\0")) if (f) touched.add(f);
  } catch {
    // No HEAD yet or unreadable: the committed files still count.
  }
  return [...gates].filter((g) => touched.has(g)).sort();
}

/** The StackName of a CloudFormation change set (describe-change-set JSON), for environment matching. */
function changeSetStackName(inputPath: string | undefined): string | undefined {
  if (!inputPath) return undefined;
  try {
    if (statSync(inputPath).size > 64 * 1024 * 1024) return undefined;
    const text = readFileSync(inputPath, "utf8").replace(/^\uFEFF/, "");
    if (!text.trimStart().startsWith("{")) return undefined;
    const name = (JSON.parse(text) as { StackName?: unknown }).StackName;
    return typeof name === "string" && name ? name : undefined;
  } catch {
    return undefined;
  }
}

function toRel(abs: string, base: string): string {
  const r = relative(base, abs);
  return r.startsWith("..") || isAbsolute(r) ? abs : r;
}
