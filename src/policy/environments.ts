// Which environment a change targets: the first environment of the policy whose matchers match the input
// path / Terraform root / defining files, the Terraform workspace, the stack, the Kubernetes context or the
// namespaces of changed objects. No match → the policy's defaultEnvironment (built-in: unclassified, high).
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { matchAny } from "./glob.js";
import type { Criticality, PolicyFile, ResolvedEnvironment } from "./types.js";

export const FALLBACK_ENVIRONMENT: { name: string; criticality: Criticality } = {
  name: "unclassified",
  criticality: "high",
};

export interface EnvironmentFacts {
  /** Repository-relative (or cwd-relative) paths: input file, its directory, files defining changes. */
  paths: string[];
  workspace?: string;
  stack?: string;
  kubeContext?: string;
  namespaces: string[];
}

export function resolveEnvironment(policy: PolicyFile, facts: EnvironmentFacts): ResolvedEnvironment {
  for (const env of policy.environments ?? []) {
    const m = env.match;
    for (const p of facts.paths) {
      const g = matchAny(p, m.paths);
      if (g) return { name: env.name, criticality: env.criticality, matchedBy: `path ${p} ~ ${g}` };
    }
    if (facts.workspace) {
      const g = matchAny(facts.workspace, m.workspaces);
      if (g)
        return {
          name: env.name,
          criticality: env.criticality,
          matchedBy: `workspace ${facts.workspace} ~ ${g}`,
        };
    }
    if (facts.stack) {
      const g = matchAny(facts.stack, m.stacks);
      if (g)
        return { name: env.name, criticality: env.criticality, matchedBy: `stack ${facts.stack} ~ ${g}` };
    }
    if (facts.kubeContext) {
      const g = matchAny(facts.kubeContext, m.kubeContexts);
      if (g)
        return {
          name: env.name,
          criticality: env.criticality,
          matchedBy: `kube context ${facts.kubeContext} ~ ${g}`,
        };
    }
    for (const ns of facts.namespaces) {
      const g = matchAny(ns, m.namespaces);
      if (g) return { name: env.name, criticality: env.criticality, matchedBy: `namespace ${ns} ~ ${g}` };
    }
  }
  const d = policy.defaultEnvironment ?? FALLBACK_ENVIRONMENT;
  return { name: d.name, criticality: d.criticality, matchedBy: "default (no environment matched)" };
}

/** The Terraform workspace: explicit, TF_WORKSPACE, or `.terraform/environment` beside the plan / in cwd. */
export function terraformWorkspace(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
  dirs: string[],
): string | undefined {
  if (explicit) return explicit;
  if (env.TF_WORKSPACE) return env.TF_WORKSPACE;
  for (const d of dirs) {
    const f = join(d, ".terraform", "environment");
    if (existsSync(f)) {
      try {
        const w = readFileSync(f, "utf8").trim();
        if (w) return w;
      } catch {
        // unreadable: ignore
      }
    }
  }
  return undefined;
}

/** `Kind/namespace/name` → namespace (cluster-scoped `Kind/name` has none). */
export function namespaceOf(address: string): string | undefined {
  const parts = address.split("/");
  return parts.length === 3 ? parts[1] : undefined;
}

/** Paths to match environments against, relative to the repository root when inside it. */
export function environmentPaths(
  inputPath: string | undefined,
  cwd: string,
  root: string | undefined,
  defining: string[],
): string[] {
  const out = new Set<string>();
  const rel = (abs: string) => {
    const base = root ?? cwd;
    const r = relative(base, abs);
    return r.startsWith("..") || isAbsolute(r) ? abs : r || ".";
  };
  if (inputPath) {
    const abs = resolve(cwd, inputPath);
    out.add(rel(abs).replace(/\\/g, "/"));
    out.add(`${rel(dirname(abs)).replace(/\\/g, "/")}/`);
  }
  for (const d of defining) out.add(d);
  return [...out];
}
