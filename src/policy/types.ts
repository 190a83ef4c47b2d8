// The policy file (`airlock.yaml`) as Airlock reads it. The JSON Schema in schemas/policy.schema.json
// documents and validates the same shape; keep the two in step.
import type { Enforcement, ProvenanceClass } from "../model/decision.js";

export type Criticality = "low" | "medium" | "high" | "critical";
export const CRITICALITIES: readonly Criticality[] = ["low", "medium", "high", "critical"];

export type Effect = "allow" | "require-approval" | "require-evidence" | "block";
export type EvidenceKind = "junit" | "terraform-test";
export type EvidenceWanted = EvidenceKind | "tests";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface EnvironmentMatch {
  paths?: string[];
  workspaces?: string[];
  stacks?: string[];
  kubeContexts?: string[];
  namespaces?: string[];
}

export interface EnvironmentDef {
  name: string;
  criticality: Criticality;
  match: EnvironmentMatch;
}

export interface FreezeDef {
  name: string;
  reason?: string;
  environments?: string[];
  enforcement?: Enforcement;
  start?: string;
  end?: string;
  weekly?: { days: Weekday[]; from?: string; to?: string; timezone?: string };
  unless?: string;
}

export interface ApprovalDef {
  count?: number;
  groups?: string[];
  owners?: boolean;
  ttl?: string;
}

export interface RuleDef {
  id: string;
  description?: string;
  forEach?: "change" | "finding";
  when: string;
  unless?: string;
  effect: Effect;
  enforcement?: Enforcement;
  approval?: ApprovalDef;
  evidence?: EvidenceWanted[];
  message?: string;
}

export interface PolicyFile {
  version: 1;
  description?: string;
  provenance?: { treatUnknownAs?: ProvenanceClass };
  groups?: Record<string, string[]>;
  codeowners?: string;
  environments?: EnvironmentDef[];
  defaultEnvironment?: { name: string; criticality: Criticality };
  freezes?: FreezeDef[];
  rules?: RuleDef[];
}

/** A break-glass override recorded by the approvals layer: passes one soft-mandatory requirement. */
export interface Override {
  /** Requirement id (`block:critical-data-loss`) or rule id (`critical-data-loss`). */
  requirement: string;
  reason: string;
  by: string;
}

export interface ResolvedEnvironment {
  name: string;
  criticality: Criticality;
  /** What selected it: `paths: envs/prod/**`, `workspace: prod`, `default`. */
  matchedBy: string;
}
