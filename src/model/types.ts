// The normalized change model every ingest produces and every later stage reads.
// Ingest (terraform, cloudformation, kubernetes) → ChangeSet → graph → rules → assessment → reports.
import type { DigestMaterial } from "./digest.js";

export type Framework = "terraform" | "cloudformation" | "kubernetes";

/** What will happen to one object when the change is applied. */
export type Action =
  | "create"
  | "update"
  | "replace" // destroyed and created again (either order, see replaceOrder)
  | "delete"
  | "read" // data source read during apply
  | "no-op"
  | "forget" // removed from state, the real object is left alone
  | "import"; // imported into state with no other change

export type ReplaceOrder = "delete-before-create" | "create-before-destroy" | "unknown";

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  "data-loss",
  "exposure",
  "privilege",
  "availability",
  "audit",
  "encryption",
  "mass-change",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Sensitivity markers mirror Terraform's `*_sensitive` shape: true, or a nested object/array of markers. */
export type SensitivityMarks = boolean | { [key: string]: SensitivityMarks } | SensitivityMarks[];
/** Unknown markers mirror Terraform's `after_unknown` shape. */
export type UnknownMarks = boolean | { [key: string]: UnknownMarks } | UnknownMarks[];

/** One object (resource instance, Kubernetes object, CloudFormation resource) that the change touches. */
export interface Change {
  /** Framework address: `module.db.aws_db_instance.this`, `Deployment/default/web`, `Bucket` or `Parent/Child`. */
  address: string;
  /** Address of the configuration block without instance keys (`module.db.aws_db_instance.this`). Graph key. */
  configAddress: string;
  /** Resource type: `aws_db_instance`, `AWS::RDS::DBInstance`, `apps/Deployment`. */
  type: string;
  /** Short name (Terraform resource name, logical id, object name). */
  name: string;
  /** `managed` for resources, `data` for data sources. */
  mode: "managed" | "data";
  /** Provider (terraform provider source, `aws` for CloudFormation, `kubernetes`). */
  provider: string;
  /** Module path (`module.db`, `module.a["x"].module.b`) or nested stack path; empty at the root. */
  module: string;
  action: Action;
  /** The framework's own action words, as given (`["delete","create"]`, `Modify`, …). */
  rawActions: string[];
  replaceOrder?: ReplaceOrder;
  /** Terraform `action_reason` or CloudFormation replacement reason. */
  actionReason?: string;
  /** Attribute paths that force the replacement. */
  replacePaths?: (string | number)[][];
  /** Also imported into state by this change. */
  importing?: boolean;
  /** Deposed object key when this change is to a deposed object. */
  deposed?: string;
  /** The address this object had before (Terraform `previous_address`, from a `moved` block). */
  previousAddress?: string;
  /** Raw values before/after; may contain secrets: never print them, use redacted views. */
  before: unknown;
  after: unknown;
  beforeSensitive: SensitivityMarks;
  afterSensitive: SensitivityMarks;
  afterUnknown: UnknownMarks;
  /** Files that define this object (Terraform .tf through module source, template path, manifest path). */
  sourceFiles?: string[];
  /** Framework-specific extras that rules may use (retention policy, nested stack, k8s apiVersion). */
  meta?: Record<string, unknown>;
}

export interface DriftEntry {
  address: string;
  type: string;
  rawActions: string[];
  action: Action;
}

export interface DeferredEntry {
  address: string;
  type: string;
  reason: string;
  action: Action;
}

export interface OutputChange {
  name: string;
  action: Action;
  sensitive: boolean;
}

export interface ChangeSource {
  path: string;
  framework: Framework;
  /** e.g. "terraform-plan-json", "cloudformation-change-set", "kubernetes-manifests". */
  format: string;
  formatVersion?: string;
  toolVersion?: string;
  /** True when the plan was read by running `terraform show -json` on a binary plan. */
  convertedFromBinary?: boolean;
  /** Terraform: true when the plan is not applyable or errored. */
  errored?: boolean;
  complete?: boolean;
}

/** Directed edge: `from` depends on `to`. Keys are graph node ids (config addresses, vars, outputs). */
export interface DependencyEdge {
  from: string;
  to: string;
  via: "reference" | "depends_on" | "prior_state" | "module_input" | "module_output" | "contains" | string;
}

/** Dependency edges with node names interned (model/edge-table.ts): edge e is `from[e] → to[e]`. */
export interface EdgeTable {
  names: string[];
  from: Int32Array;
  to: Int32Array;
  via: DependencyEdge["via"][];
  count: number;
  /** name → index in `names`, when the builder can answer it. */
  lookup?: (name: string) => number | undefined;
}

export interface ChangeSet {
  source: ChangeSource;
  changes: Change[];
  drift: DriftEntry[];
  deferred: DeferredEntry[];
  outputs: OutputChange[];
  /** Dependency edges between graph nodes (empty when `edgeTable` holds them). */
  edges: DependencyEdge[];
  /** The same edges interned, for large inputs (Terraform); the graph reads this when present. */
  edgeTable?: EdgeTable;
  /** Every known instance address per config address (for blast radius in instance addresses). */
  instances: Map<string, string[]>;
  /** Values hashed into the digest: exactly what would be applied, framework-specific but canonical. */
  digestMaterial: DigestMaterial;
  /** `computeDigest(digestMaterial)`, when the reader already computed it from the input's own bytes. */
  digest?: string;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}
