// Shapes shared by the provider knowledge tables: attribute states and transitions from safe to risky.
// Tables hold data only; the catalog's support code evaluates them.
import type { Severity } from "../../model/types.js";

export type CloudProvider = "aws" | "google" | "azure" | "kubernetes";

/** A scalar an attribute may hold. */
export type Scalar = string | number | boolean;

/**
 * A test on one attribute value. Booleans also match Terraform's string booleans ("true"/"false", as in
 * `aws_launch_template`); numbers also match numeric strings (as in kubernetes `replicas`).
 */
export type ValueTest =
  | { eq: Scalar }
  | { in: readonly Scalar[] }
  /** Non-empty: a string with text, any number or boolean, a list or object with entries. */
  | { present: true }
  /** Null, missing, "", [] or {}. */
  | { absent: true };

interface TransitionBase {
  /** Resource type, e.g. `aws_db_instance`. */
  type: string;
  /**
   * Attribute path, dot separated; digits index lists (Terraform nested blocks are lists), `*` means every
   * element: `settings.0.backup_configuration.0.enabled`, `block_device_mappings.*.ebs.0.encrypted`.
   */
  path: string;
  /** Severity when the transition happens. */
  severity: Severity;
  /** What the risky state means, one short clause: "the database can be deleted". */
  effect: string;
}

/** The attribute moves from a state that protects to one that does not (`deletion_protection` true → false). */
export interface SwitchTransition extends TransitionBase {
  kind: "switch";
  safe: ValueTest;
  risky: ValueTest;
}

/**
 * A number goes down (retention days, backup retention). `zeroMeans` says how to read 0: "unlimited"
 * (CloudWatch `retention_in_days = 0` keeps logs forever) or "off" (`backup_retention_period = 0` disables
 * backups). `severity` applies when the value reaches "off"; `partialSeverity` to any other decrease.
 */
export interface DecreaseTransition extends TransitionBase {
  kind: "decrease";
  zeroMeans: "unlimited" | "off";
  partialSeverity: Severity;
}

/** An enumerated value moves down an ordered scale (TLS versions, weakest first). */
export interface DowngradeTransition extends TransitionBase {
  kind: "downgrade";
  /** Weakest first. Values not on the scale are ignored. */
  order: readonly string[];
}

export type Transition = SwitchTransition | DecreaseTransition | DowngradeTransition;

/** Helpers to write tables compactly. */
export const ON: ValueTest = { eq: true };
export const OFF: ValueTest = { eq: false };
export const PRESENT: ValueTest = { present: true };
export const ABSENT: ValueTest = { absent: true };

export function turnedOff(type: string, path: string, severity: Severity, effect: string): SwitchTransition {
  return { kind: "switch", type, path, safe: ON, risky: OFF, severity, effect };
}

export function turnedOn(type: string, path: string, severity: Severity, effect: string): SwitchTransition {
  return { kind: "switch", type, path, safe: OFF, risky: ON, severity, effect };
}

export function removed(type: string, path: string, severity: Severity, effect: string): SwitchTransition {
  return { kind: "switch", type, path, safe: PRESENT, risky: ABSENT, severity, effect };
}

export function changedTo(
  type: string,
  path: string,
  safe: readonly Scalar[],
  risky: readonly Scalar[],
  severity: Severity,
  effect: string,
): SwitchTransition {
  return { kind: "switch", type, path, safe: { in: safe }, risky: { in: risky }, severity, effect };
}

export function decreased(
  type: string,
  path: string,
  zeroMeans: "unlimited" | "off",
  severity: Severity,
  partialSeverity: Severity,
  effect: string,
): DecreaseTransition {
  return { kind: "decrease", type, path, zeroMeans, severity, partialSeverity, effect };
}

export function downgraded(
  type: string,
  path: string,
  order: readonly string[],
  severity: Severity,
  effect: string,
): DowngradeTransition {
  return { kind: "downgrade", type, path, order, severity, effect };
}

/**
 * What deleting or replacing a resource type does to service, per action. `null` means no finding:
 * a create-before-destroy replacement of a listener or node pool is routine.
 */
export interface DestroyImpact {
  type: string;
  /** Plain words for the message: "load balancer", "DNS zone". */
  what: string;
  onDelete: Severity | null;
  /** Replace, destroying first (the default replacement order). */
  onReplace: Severity | null;
  /** Replace, creating the new object first (`create_before_destroy`). */
  onReplaceCreateFirst: Severity | null;
  /** Extra words for the message, e.g. why a replacement still hurts. */
  note?: string;
}

export function impact(
  type: string,
  what: string,
  onDelete: Severity | null,
  onReplace: Severity | null = onDelete,
  onReplaceCreateFirst: Severity | null = null,
  note?: string,
): DestroyImpact {
  const d: DestroyImpact = { type, what, onDelete, onReplace, onReplaceCreateFirst };
  if (note) d.note = note;
  return d;
}
