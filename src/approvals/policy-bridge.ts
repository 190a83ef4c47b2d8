// The policy decision for a change request: src/policy/check.ts (checkChange) with the policy in force
// (policy-identity.ts: never the requester's choice) when present, otherwise a built-in fail-closed default
// (one human approval for any change). Group members come from the policy file's `groups:` section.
import { readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Assessment } from "../model/assessment.js";
import type { PolicyDecision, Provenance } from "../model/decision.js";
import { InputError, UsageError } from "../model/types.js";
import { DEFAULT_POLICY_YAML } from "../policy/default-policy.js";
import { describePolicy, POLICY_ENV, policyInForce } from "./policy-identity.js";
import type { PolicyIdentity } from "./types.js";

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
  /** The policy the decision was made with. */
  identity: PolicyIdentity;
}

type CheckModule = {
  checkChange?: (opts: Record<string, unknown>) => Promise<PolicyDecision>;
};
type LoadModule = {
  parsePolicy?: (
    text: string,
    name: string,
  ) => { policy: { groups?: Record<string, string[]> }; source: string };
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
  // The policy in force is discovered (AIRLOCK_POLICY, else airlock.yaml at the repository root, else the
  // built-in policy). A requester's --policy may only name that same file: it can never choose a weaker one.
  const inForce = policyInForce();
  if (input.policyFile !== undefined) {
    const asked = input.policyFile.trim();
    const same =
      asked === "builtin"
        ? inForce.identity.kind === "builtin"
        : inForce.identity.kind === "file" && canonical(resolve(asked)) === inForce.path;
    if (!same) {
      throw new UsageError(
        `--policy ${input.policyFile}: requests are always decided by the policy in force, ${describePolicy(inForce.identity)} (${inForce.via}); set ${POLICY_ENV} to choose another, or omit --policy`,
      );
    }
  }
  const check = await optionalImport<CheckModule>("../policy/check.js");
  const load = await optionalImport<LoadModule>("../policy/load.js");
  if (!check?.checkChange || !load?.parsePolicy) {
    if (inForce.identity.kind === "file") {
      throw new InputError(`${inForce.path}: the policy engine is not available in this build`, inForce.path);
    }
    return {
      decision: builtinDecision(input.assessment, await input.provenance()),
      groups: {},
      identity: inForce.identity,
    };
  }
  // Parse exactly the bytes whose hash is recorded (no second read of the file).
  const policy =
    inForce.text !== undefined
      ? load.parsePolicy(inForce.text, inForce.path)
      : load.parsePolicy(DEFAULT_POLICY_YAML, "builtin");
  const decision = await check.checkChange({
    assessment: input.assessment,
    policy,
    gitRange: input.gitRange,
    evidence: input.evidenceFiles,
  });
  return { decision, groups: policy.policy.groups ?? {}, identity: inForce.identity };
}

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
