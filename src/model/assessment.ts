// The result of analysis: what every stage after the rules (policy, approvals, reports) reads.
import type { Action, Category, ChangeSource, Framework, ReplaceOrder, Severity } from "./types.js";

export const SCHEMA_VERSION = "1.0";

/** One attribute difference, already redacted: never holds a sensitive value. */
export interface AttributeDiff {
  path: string;
  /** Rendered values: JSON text, "(sensitive)", "(known after apply)", or undefined when absent. */
  before?: string;
  after?: string;
  /** This attribute forces replacement. */
  forcesReplacement?: boolean;
}

export interface Finding {
  ruleId: string;
  title: string;
  category: Category;
  severity: Severity;
  address: string;
  message: string;
  /** Addresses that depend on `address` (copied from the change for convenience in reports). */
  blastRadius: string[];
  remediation?: string;
}

export interface AssessedChange {
  address: string;
  type: string;
  name: string;
  mode: "managed" | "data";
  provider: string;
  module: string;
  action: Action;
  rawActions: string[];
  replaceOrder?: ReplaceOrder;
  actionReason?: string;
  importing?: boolean;
  deposed?: string;
  /** The address this object had before (Terraform `moved`); present only when it moves. */
  previousAddress?: string;
  attributes: AttributeDiff[];
  blastRadius: string[];
  risk: Severity | "none";
  sourceFiles?: string[];
}

export interface Summary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  noop: number;
  forget: number;
  import: number;
  /** Changes whose object moved from another address (`moved` blocks), whatever else they do. */
  moved: number;
  drift: number;
  deferred: number;
  total: number;
}

export interface RiskSummary {
  level: Severity | "none";
  findings: Record<Severity, number>;
  byCategory: Partial<Record<Category, number>>;
}

export interface Assessment {
  schemaVersion: string;
  tool: { name: "airlock"; version: string };
  source: ChangeSource;
  framework: Framework;
  digest: string;
  summary: Summary;
  risk: RiskSummary;
  changes: AssessedChange[];
  findings: Finding[];
  drift: { address: string; type: string; action: Action }[];
  deferred: { address: string; type: string; reason: string; action: Action }[];
  outputs: { name: string; action: Action; sensitive: boolean }[];
  /** Notes about the input (e.g. plan errored, converted from a binary plan). */
  notes: string[];
}
