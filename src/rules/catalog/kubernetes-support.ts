// Helpers for the AL-K8S rules: the object on each side, containers by name, rule builders.
import {
  containersOf,
  type LocatedContainer,
  type PodSpecLike,
  podSpecOf,
} from "../../ingest/kubernetes/pod-spec.js";
import type { Change, ChangeSet } from "../../model/types.js";
import type { ChangeRule, ChangeSetRule, RuleContext, RuleHit } from "../types.js";

export type Side = "before" | "after";

type Meta = Omit<ChangeRule, "scope" | "check" | "frameworks" | "provider">;

export function k8sRule(
  meta: Meta,
  check: (change: Change, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined,
): ChangeRule {
  const types = meta.resourceTypes ? new Set(meta.resourceTypes) : null;
  return {
    ...meta,
    provider: "kubernetes",
    frameworks: ["kubernetes"],
    scope: "change",
    check: (change, ctx) => (types && !types.has(change.type) ? null : check(change, ctx)),
  };
}

export function k8sChangeSetRule(
  meta: Meta,
  check: (cs: ChangeSet, ctx: RuleContext) => RuleHit[] | RuleHit | null | undefined,
): ChangeSetRule {
  return { ...meta, provider: "kubernetes", frameworks: ["kubernetes"], scope: "changeset", check };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The object on one side, or undefined when it does not exist there. */
export function obj(change: Change, side: Side): Record<string, unknown> | undefined {
  const v =
    side === "before"
      ? change.action === "create"
        ? null
        : change.before
      : change.action === "delete"
        ? null
        : change.after;
  return isObject(v) ? v : undefined;
}

export function get(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p as string];
  }
  return cur;
}

export function podSpec(change: Change, side: Side): PodSpecLike | undefined {
  const o = obj(change, side);
  return o ? podSpecOf(o) : undefined;
}

/** Containers of the after side, each with its counterpart (same list, same name) on the before side. */
export function containerPairs(change: Change): { after: LocatedContainer; before?: LocatedContainer }[] {
  const before = containersOf(podSpec(change, "before"));
  const after = containersOf(podSpec(change, "after"));
  return after.map((a) => ({
    after: a,
    before: before.find((b) => b.list === a.list && b.container.name === a.container.name),
  }));
}

export function isTrue(v: unknown): boolean {
  return v === true || v === "true";
}

export function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function containerLabel(c: LocatedContainer): string {
  const kind =
    c.list === "containers"
      ? "container"
      : c.list === "initContainers"
        ? "init container"
        : "ephemeral container";
  return `${kind} ${c.container.name ?? `#${c.index}`}`;
}

export function kindOf(change: Change): string {
  return change.type.slice(change.type.indexOf("/") + 1);
}
