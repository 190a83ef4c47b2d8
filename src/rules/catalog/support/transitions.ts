// Evaluates table transitions (safe → risky) and destroy impacts on one change.
import type { Change, Severity } from "../../../model/types.js";
import type { PathSeg } from "../../../model/values.js";
import type { DestroyImpact, Transition } from "../../tables/common.js";
import type { RuleHit } from "../../types.js";
import {
  afterAt,
  asNumber,
  beforeAt,
  type DestroyKind,
  destroyKind,
  destroyVerb,
  expandPath,
  isModification,
  parsePath,
  pathText,
  show,
  testValue,
} from "./values.js";

export interface TransitionMatch {
  transition: Transition;
  path: PathSeg[];
  before: unknown;
  after: unknown;
  severity: Severity;
}

/** Transitions that happen in this change (update or replace; the after value must be known). */
export function matchTransitions(change: Change, transitions: readonly Transition[]): TransitionMatch[] {
  if (!isModification(change)) return [];
  const out: TransitionMatch[] = [];
  for (const t of transitions) {
    for (const path of expandPath(parsePath(t.path), change.before, change.after)) {
      const b = beforeAt(change, path);
      const a = afterAt(change, path);
      if (a === undefined && t.kind !== "switch") continue;
      const sev = judge(t, b, a, change, path);
      if (sev) out.push({ transition: t, path, before: b, after: a, severity: sev });
    }
  }
  return out;
}

function judge(t: Transition, b: unknown, a: unknown, change: Change, path: PathSeg[]): Severity | null {
  if (t.kind === "switch") {
    // An unknown after value cannot be judged.
    if (markedUnknown(change, path)) return null;
    // A top-level attribute missing from the after object is a schema difference, not a removal.
    if ("absent" in t.risky && typeof path[0] === "string" && !hasKey(change.after, path[0])) return null;
    return testValue(t.safe, b) && testValue(t.risky, a) ? t.severity : null;
  }
  if (t.kind === "decrease") {
    const nb = asNumber(b);
    const na = asNumber(a);
    if (nb === undefined || na === undefined) return null;
    if (t.zeroMeans === "unlimited") {
      const eb = nb === 0 ? Number.POSITIVE_INFINITY : nb;
      const ea = na === 0 ? Number.POSITIVE_INFINITY : na;
      return ea < eb ? t.severity : null;
    }
    if (na >= nb) return null;
    return na <= 0 ? t.severity : t.partialSeverity;
  }
  if (typeof b !== "string" || typeof a !== "string") return null;
  const ib = t.order.indexOf(b);
  const ia = t.order.indexOf(a);
  return ib >= 0 && ia >= 0 && ia < ib ? t.severity : null;
}

function hasKey(v: unknown, key: string): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && key in (v as object);
}

function markedUnknown(change: Change, path: PathSeg[]): boolean {
  let cur: unknown = change.afterUnknown;
  for (const seg of path) {
    if (cur === true) return true;
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<string | number, unknown>)[seg as string];
  }
  return cur === true;
}

/** One line describing a transition match, values rendered safely. */
export function describeTransition(change: Change, m: TransitionMatch): string {
  const where = pathText(m.path);
  const from = show(change, "before", m.path, m.before);
  const to = m.after === undefined || m.after === null ? "removed" : show(change, "after", m.path, m.after);
  const effect = m.transition.effect ? `: ${m.transition.effect}` : "";
  return `${change.address}: ${where} ${from} → ${to}${effect}`;
}

export function transitionHits(change: Change, transitions: readonly Transition[]): RuleHit[] {
  return matchTransitions(change, transitions).map((m) => ({
    message: describeTransition(change, m),
    severity: m.severity,
  }));
}

/**
 * For a create: transitions whose risky state the new object starts in (a new public database, say).
 * Only switch and downgrade transitions; a decrease needs a before value.
 */
export function createHits(
  change: Change,
  transitions: readonly Transition[],
  severity: Severity,
): RuleHit[] {
  if (change.mode !== "managed" || change.action !== "create") return [];
  const out: RuleHit[] = [];
  for (const t of transitions) {
    if (t.kind !== "switch") continue;
    if ("absent" in t.risky) continue;
    for (const path of expandPath(parsePath(t.path), undefined, change.after)) {
      const a = afterAt(change, path);
      if (a === undefined || !testValue(t.risky, a)) continue;
      const effect = t.effect ? `: ${t.effect}` : "";
      out.push({
        severity,
        message: `${change.address} is created with ${pathText(path)} = ${show(change, "after", path, a)}${effect}`,
      });
    }
  }
  return out;
}

export interface ImpactMatch {
  impact: DestroyImpact;
  kind: DestroyKind;
  severity: Severity;
}

/** The severity this destroy impact assigns to this change, if any. */
export function matchImpact(change: Change, impact: DestroyImpact): ImpactMatch | null {
  const kind = destroyKind(change);
  if (!kind) return null;
  const sev =
    kind === "delete" ? impact.onDelete : kind === "replace" ? impact.onReplace : impact.onReplaceCreateFirst;
  if (!sev) return null;
  return { impact, kind, severity: sev };
}

export function describeImpact(change: Change, m: ImpactMatch): string {
  const note = m.impact.note ? `: ${m.impact.note}` : "";
  const deposed = change.deposed ? " (deposed object)" : "";
  return `${m.impact.what} ${change.address}${deposed} is ${destroyVerb(m.kind)}${note}`;
}
