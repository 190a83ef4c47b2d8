// The policy decision for a change request: src/policy/check.ts (checkChange) when present, otherwise a
// built-in fail-closed default (one human approval for any change). Group members come from the policy
// file's `groups:` section.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { Assessment } from "../model/assessment.js";
import type { PolicyDecision, Provenance } from "../model/decision.js";
import { InputError } from "../model/types.js";

export interface DecideInput {
  assessment: Assessment;
  /** Used only by the built-in fallback; the policy engine reads provenance itself. */
  provenance: () => Promise<Provenance>;
  policyFile?: string;
  gitRange?: string;
  /** Evidence files (the policy engine reads them itself). */
  evidenceFiles: string[];
}

export interface Decided {
  decision: PolicyDecision;
  /** Members of the policy's groups. */
  groups: Record<string, string[]>;
}

type CheckModule = {
  checkChange?: (opts: Record<string, unknown>) => Promise<PolicyDecision>;
  findPolicyFile?: (cwd: string, root?: string) => string | undefined;
};
type LoadModule = {
  loadPolicy?: (path?: string) => { policy: { groups?: Record<string, string[]> }; source: string };
  BUILTIN?: string;
};

async function optionalImport<T>(path: string): Promise<T | undefined> {
  try {
    return (await import(path)) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw err;
  }
}

export function builtinDecision(assessment: Assessment, provenance: Provenance): PolicyDecision {
  const changed = assessment.summary.total - assessment.summary.noop - assessment.summary.read;
  if (changed <= 0) {
    return {
      decision: "allow",
      digest: assessment.digest,
      requirements: [],
      reasons: ["builtin policy: the change modifies nothing"],
      provenance,
      policy: "builtin",
    };
  }
  return {
    decision: "require-approval",
    digest: assessment.digest,
    requirements: [
      {
        id: "approval:builtin",
        kind: "approval",
        rule: "builtin",
        description: "every change to infrastructure needs one human approval",
        enforcement: "hard-mandatory",
        approval: { count: 1 },
        satisfied: false,
      },
    ],
    reasons: ["builtin policy: every change needs one human approval (no policy engine or file)"],
    provenance,
    policy: "builtin",
  };
}

/** Groups from a policy file read directly (used when the policy engine is absent). */
export function policyGroups(policyFile?: string): Record<string, string[]> {
  if (!policyFile) return {};
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(policyFile, "utf8"));
  } catch (err) {
    throw new InputError(
      `${policyFile}: cannot read policy (${(err as Error).message.split("\n")[0]})`,
      policyFile,
    );
  }
  const groups = (doc as { groups?: unknown })?.groups;
  if (!groups || typeof groups !== "object") return {};
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(groups as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.filter((m): m is string => typeof m === "string");
  }
  return out;
}

export async function decide(input: DecideInput): Promise<Decided> {
  const check = await optionalImport<CheckModule>("../policy/check.js");
  const load = await optionalImport<LoadModule>("../policy/load.js");
  if (!check?.checkChange || !load?.loadPolicy) {
    if (input.policyFile) {
      throw new InputError(
        `${input.policyFile}: the policy engine is not available in this build`,
        input.policyFile,
      );
    }
    return { decision: builtinDecision(input.assessment, await input.provenance()), groups: {} };
  }
  const root = spawnSync("git", ["rev-parse", "--show-toplevel"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const repoRoot = root.status === 0 ? root.stdout.trim() || undefined : undefined;
  const path =
    input.policyFile ?? check.findPolicyFile?.(process.cwd(), repoRoot) ?? load.BUILTIN ?? "builtin";
  const policy = load.loadPolicy(path);
  const decision = await check.checkChange({
    assessment: input.assessment,
    policy,
    gitRange: input.gitRange,
    evidence: input.evidenceFiles,
  });
  return { decision, groups: policy.policy.groups ?? {} };
}
