// Looks up what a changed object holds, from the stateful table (and kubernetes_manifest kinds).
import type { Change } from "../../../model/types.js";
import {
  DATA_KINDS,
  KUBERNETES_MANIFEST_KINDS,
  STATEFUL_BY_TYPE,
  type StatefulType,
} from "../../tables/stateful.js";
import { manifestKind } from "./values.js";

export type { StatefulType };

/** Stateful-table entry of a change, any kind. */
export function statefulEntry(change: Change, side: "before" | "after" = "before"): StatefulType | undefined {
  const direct = STATEFUL_BY_TYPE.get(change.type);
  if (direct) return direct;
  if (change.type === "kubernetes_manifest") {
    const kind = manifestKind(change, side) ?? manifestKind(change, side === "before" ? "after" : "before");
    const k = kind ? KUBERNETES_MANIFEST_KINDS[kind] : undefined;
    if (k) return { type: change.type, ...k };
  }
  return undefined;
}

/** Stateful-table entry when the object holds data whose loss counts as data loss (plan-wide rules). */
export function statefulInfo(change: Change, side: "before" | "after" = "before"): StatefulType | undefined {
  const e = statefulEntry(change, side);
  return e && DATA_KINDS.has(e.kind) ? e : undefined;
}
