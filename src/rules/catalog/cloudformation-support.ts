// Helpers for the AL-CFN rules: reading Properties on either side (change set contexts and templates have
// the same `Properties` root), reading intrinsic values safely, IAM policy statements, rule builders.
import canonicalize from "canonicalize";
import { type CfnChangeMeta, cfnMeta, survives } from "../../ingest/cloudformation/meta.js";
import type { Change, ChangeSet, Severity } from "../../model/types.js";
import { markedAt } from "../../model/values.js";
import type { ChangeRule, ChangeSetRule, RuleContext, RuleHit } from "../types.js";

export type Side = "before" | "after";

type Meta = Omit<ChangeRule, "scope" | "check" | "frameworks" | "provider">;

export function cfnRule(
  meta: Meta,
  check: (change: Change, m: CfnChangeMeta, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined,
): ChangeRule {
  const types = meta.resourceTypes ? new Set(meta.resourceTypes) : null;
  return {
    ...meta,
    provider: "aws",
    frameworks: ["cloudformation"],
    scope: "change",
    check: (change, ctx) => (types && !types.has(change.type) ? null : check(change, cfnMeta(change), ctx)),
  };
}

export function cfnChangeSetRule(
  meta: Meta,
  check: (cs: ChangeSet, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined,
): ChangeSetRule {
  return { ...meta, provider: "aws", frameworks: ["cloudformation"], scope: "changeset", check };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The side's value is present (not created/deleted away). */
export function hasSide(change: Change, side: Side): boolean {
  if (side === "before") return change.action !== "create" && isObject(change.before);
  return change.action !== "delete" && isObject(change.after);
}

export function split(path: string): string[] {
  return path === "" ? [] : path.split(".");
}

/** Value at `Properties.<path>` on one side; undefined when absent or known only after apply. */
export function prop(change: Change, side: Side, path: string | string[]): unknown {
  if (!hasSide(change, side)) return undefined;
  const segs = ["Properties", ...(typeof path === "string" ? split(path) : path)];
  if (side === "after" && markedAt(change.afterUnknown, segs)) return undefined;
  let cur: unknown = side === "before" ? change.before : change.after;
  for (const s of segs) {
    if (!isObject(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}

/** A literal value, with `Ref`s to parameters read from their defaults; undefined when not knowable. */
export interface Resolved {
  value: unknown;
  /** Set when the value is a parameter's default (the deployed value may differ). */
  parameter?: string;
}

export function resolve(change: Change, v: unknown, side: Side = "after"): Resolved | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === "Ref" && typeof v.Ref === "string") {
      const m = cfnMeta(change);
      const defaults = (side === "before" ? m.parameterDefaultsBefore : m.parameterDefaults) ?? {};
      if (Object.hasOwn(defaults, v.Ref)) return { value: defaults[v.Ref], parameter: v.Ref };
      return undefined;
    }
    if (keys.length === 1 && (keys[0].startsWith("Fn::") || keys[0] === "Condition")) return undefined;
  }
  return { value: v };
}

/** `resolve(prop(…))` on one side, with that side's parameter defaults. */
export function val(change: Change, side: Side, path: string | string[]): Resolved | undefined {
  return resolve(change, prop(change, side, path), side);
}

export function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function sameText(a: unknown, b: unknown): boolean {
  const ta = text(a);
  return ta !== undefined && ta.toLowerCase() === String(text(b)).toLowerCase();
}

export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function canon(v: unknown): string {
  return canonicalize(v) ?? "null";
}

/** Is the old physical resource destroyed (removed or replaced) without being retained or snapshotted? */
export function destroysData(change: Change, m: CfnChangeMeta): boolean {
  if (change.action !== "delete" && change.action !== "replace") return false;
  return !survives(m.policyAction);
}

/** "removed" / "replaced" for messages. */
export function destroyVerb(change: Change): string {
  return change.action === "delete" ? "removed" : "replaced";
}

export function policyNote(m: CfnChangeMeta): string {
  if (m.policyAssumed) return " (the change set gives no PolicyAction; Delete assumed)";
  if (m.policyAction) return ` (PolicyAction ${m.policyAction})`;
  return "";
}

/** IAM statements of a policy document (a single statement or a list). */
export function statements(doc: unknown): Record<string, unknown>[] {
  if (typeof doc === "string") {
    try {
      return statements(JSON.parse(doc));
    } catch {
      return [];
    }
  }
  if (!isObject(doc)) return [];
  return asList(doc.Statement).filter(isObject);
}

export function principalIsAnyone(p: unknown): boolean {
  if (p === "*") return true;
  if (isObject(p)) return asList(p.AWS).some((x) => x === "*");
  return false;
}

/** A statement set difference: statements of `after` that were not in `before` (by canonical JSON). */
export function newStatements(before: unknown[], after: unknown[]): Record<string, unknown>[] {
  const seen = new Set(before.map(canon));
  return after.filter((s): s is Record<string, unknown> => isObject(s) && !seen.has(canon(s)));
}

export function maxSev(a: Severity, b: Severity): Severity {
  const order: Severity[] = ["info", "low", "medium", "high", "critical"];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

export function paramNote(r: Resolved | undefined): string {
  return r?.parameter ? ` (default of parameter ${r.parameter})` : "";
}
