// Builders that turn rule metadata plus tables into Rule objects with fast, type-indexed checks.
import type { Change, ChangeSet, Severity } from "../../../model/types.js";
import type { DestroyImpact, Transition } from "../../tables/common.js";
import type { ChangeRule, ChangeSetRule, RuleContext, RuleHit } from "../../types.js";
import { type StatefulType, statefulInfo } from "./stateful.js";
import { createHits, describeImpact, matchImpact, transitionHits } from "./transitions.js";
import { atLeast, destroyKind } from "./values.js";

export type RuleMeta = Omit<ChangeRule, "scope" | "check" | "frameworks" | "resourceTypes"> & {
  resourceTypes?: string[];
};

type Check = (change: Change, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined;

/** A change rule; the check only ever sees changes of `resourceTypes` (when given) and managed resources. */
export function changeRule(meta: RuleMeta, check: Check): ChangeRule {
  const types = meta.resourceTypes ? new Set(meta.resourceTypes.filter((t) => !t.includes("*"))) : null;
  const patterns = meta.resourceTypes?.filter((t) => t.includes("*")).map(globToRegExp) ?? [];
  const guarded: Check =
    types && !(patterns.length === 0 && types.size === 0)
      ? (change, ctx) => {
          if (change.mode !== "managed") return null;
          if (!types.has(change.type) && !patterns.some((p) => p.test(change.type))) return null;
          return check(change, ctx);
        }
      : (change, ctx) => (change.mode === "managed" ? check(change, ctx) : null);
  const rule: ChangeRule = {
    ...meta,
    scope: "change",
    frameworks: ["terraform"],
    check: guarded,
  };
  if (meta.resourceTypes) rule.resourceTypes = [...new Set(meta.resourceTypes)].sort();
  return rule;
}

export function changeSetRule(
  meta: RuleMeta,
  check: (changeSet: ChangeSet, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined,
): ChangeSetRule {
  const rule: ChangeSetRule = { ...meta, scope: "changeset", frameworks: ["terraform"], check };
  if (meta.resourceTypes) rule.resourceTypes = [...new Set(meta.resourceTypes)].sort();
  return rule;
}

export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${re}$`);
}

export function indexByType<T extends { type: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const l = m.get(it.type);
    if (l) l.push(it);
    else m.set(it.type, [it]);
  }
  return m;
}

export interface TableRuleOptions {
  /** Also fire on creates whose new object starts in a risky state, at this severity. */
  onCreate?: Severity;
  /**
   * Raise every hit to at least this severity when the same plan also destroys stateful resources
   * (protections switched off in the same plan as a delete).
   */
  raiseWhenPlanDestroysData?: Severity;
}

/** A rule that fires on table transitions (safe → risky attribute changes). */
export function transitionRule(
  meta: Omit<RuleMeta, "resourceTypes">,
  transitions: readonly Transition[],
  opts: TableRuleOptions = {},
): ChangeRule {
  const byType = indexByType(transitions);
  return changeRule({ ...meta, resourceTypes: [...byType.keys()] }, (change, ctx) => {
    const ts = byType.get(change.type);
    if (!ts) return null;
    const hits = opts.onCreate ? createHits(change, ts, opts.onCreate) : [];
    hits.push(...transitionHits(change, ts));
    if (hits.length === 0) return null;
    return raise(hits, opts, ctx, change);
  });
}

/** A rule that fires when a resource of an impact table is deleted or replaced, and/or on transitions. */
export function controlRule(
  meta: Omit<RuleMeta, "resourceTypes">,
  impacts: readonly DestroyImpact[],
  transitions: readonly Transition[] = [],
  opts: TableRuleOptions & {
    skipDestroy?: (change: Change, ctx: RuleContext) => boolean;
    /** Deposed objects (leftovers of a create-before-destroy) are skipped unless this is set. */
    includeDeposed?: boolean;
  } = {},
): ChangeRule {
  const impactByType = new Map(impacts.map((i) => [i.type, i]));
  const transByType = indexByType(transitions);
  const types = [...new Set([...impactByType.keys(), ...transByType.keys()])];
  return changeRule({ ...meta, resourceTypes: types }, (change, ctx) => {
    const hits: RuleHit[] = [];
    const imp = impactByType.get(change.type);
    if (imp && !opts.skipDestroy?.(change, ctx) && (!change.deposed || opts.includeDeposed)) {
      const m = matchImpact(change, imp);
      if (m) hits.push({ message: describeImpact(change, m), severity: m.severity });
    }
    const ts = transByType.get(change.type);
    if (ts) hits.push(...transitionHits(change, ts));
    if (hits.length === 0) return null;
    return raise(hits, opts, ctx, change);
  });
}

function raise(hits: RuleHit[], opts: TableRuleOptions, ctx: RuleContext, change: Change): RuleHit[] {
  const floor = opts.raiseWhenPlanDestroysData;
  if (!floor) return hits;
  // Other data-holding resources destroyed by the same plan (this one's own replacement is judged elsewhere).
  const destroyed = planStats(ctx.changeSet).statefulDestroyed.filter((d) => d.change !== change).length;
  if (destroyed === 0) return hits;
  return hits.map((h) => ({
    ...h,
    severity: atLeast(h.severity ?? "info", floor),
    message: `${h.message} (in a plan that also destroys ${destroyed} stateful resource${destroyed === 1 ? "" : "s"})`,
  }));
}

// ---- plan-wide statistics, computed once per change set ----

export interface PlanStats {
  /** Managed resources that exist before the plan (every action but create). */
  existing: number;
  /** Deletes and replaces, except create-before-destroy replacements of stateless resources. */
  destroyed: Change[];
  deletes: Change[];
  replaces: Change[];
  creates: Change[];
  forgets: Change[];
  /** Existing managed resources that hold data. */
  statefulExisting: number;
  statefulDestroyed: { change: Change; info: StatefulType }[];
  /** Non-no-op managed changes. */
  changed: number;
}

const statsCache = new WeakMap<ChangeSet, PlanStats>();

export function planStats(cs: ChangeSet): PlanStats {
  const hit = statsCache.get(cs);
  if (hit) return hit;
  const s: PlanStats = {
    existing: 0,
    destroyed: [],
    deletes: [],
    replaces: [],
    creates: [],
    forgets: [],
    statefulExisting: 0,
    statefulDestroyed: [],
    changed: 0,
  };
  for (const c of cs.changes) {
    if (c.mode !== "managed") continue;
    if (c.action !== "no-op") s.changed++;
    if (c.action === "create") {
      s.creates.push(c);
      continue;
    }
    if (c.deposed && c.action === "delete") {
      // A deposed object is a leftover of an earlier create-before-destroy; its delete is cleanup.
      continue;
    }
    s.existing++;
    const info = statefulInfo(c, "before");
    if (info) s.statefulExisting++;
    if (c.action === "forget") s.forgets.push(c);
    const kind = destroyKind(c);
    if (!kind) continue;
    if (kind === "delete") s.deletes.push(c);
    else s.replaces.push(c);
    if (kind === "replace-create-first" && !info) continue;
    s.destroyed.push(c);
    if (info) s.statefulDestroyed.push({ change: c, info });
  }
  statsCache.set(cs, s);
  return s;
}

const destroyedNamesCache = new WeakMap<ChangeSet, Map<string, Set<string>>>();

/**
 * Names (`bucket`, `id`, `name` on the before side) of resources of `type` that the plan deletes or
 * replaces. Cached per change set so that per-change checks stay O(1).
 */
export function destroyedNames(cs: ChangeSet, type: string): Set<string> {
  let byType = destroyedNamesCache.get(cs);
  if (!byType) {
    byType = new Map();
    destroyedNamesCache.set(cs, byType);
  }
  let names = byType.get(type);
  if (names) return names;
  names = new Set();
  for (const c of cs.changes) {
    if (c.type !== type || c.mode !== "managed" || (c.action !== "delete" && c.action !== "replace"))
      continue;
    const b = c.before as Record<string, unknown> | null;
    if (!b || typeof b !== "object") continue;
    for (const k of ["bucket", "id", "name"]) if (typeof b[k] === "string") names.add(b[k] as string);
  }
  byType.set(type, names);
  return names;
}
