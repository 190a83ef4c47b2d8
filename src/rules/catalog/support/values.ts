// Small helpers the rule checks share: paths, value coercion, destroy classification, safe rendering.
import type { Change, Severity } from "../../../model/types.js";
import { SEVERITIES } from "../../../model/types.js";
import {
  getPath,
  hasSensitive,
  markedAt,
  type PathSeg,
  pathHasSecretName,
  SENSITIVE,
} from "../../../model/values.js";
import type { CloudProvider, ValueTest } from "../../tables/common.js";

const pathCache = new Map<string, PathSeg[]>();

/** "settings.0.backup_configuration.0.enabled" → ["settings", 0, "backup_configuration", 0, "enabled"]. */
export function parsePath(path: string): PathSeg[] {
  let p = pathCache.get(path);
  if (!p) {
    p = path === "" ? [] : path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    pathCache.set(path, p);
  }
  return p;
}

/** Every concrete path a pattern with `*` reaches in either value. */
export function expandPath(pattern: readonly PathSeg[], a: unknown, b: unknown): PathSeg[][] {
  const star = pattern.indexOf("*");
  if (star < 0) return [pattern as PathSeg[]];
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  const la = getPath(a, head);
  const lb = getPath(b, head);
  const n = Math.max(Array.isArray(la) ? la.length : 0, Array.isArray(lb) ? lb.length : 0);
  const out: PathSeg[][] = [];
  for (let i = 0; i < n && i < 200; i++) {
    for (const rest of expandPath(tail, getPath(la, [i]), getPath(lb, [i]))) out.push([...head, i, ...rest]);
  }
  return out;
}

/** A value on the before side (prior state). */
export function beforeAt(change: Change, path: readonly PathSeg[]): unknown {
  return getPath(change.before, path);
}

/** A value on the after side; undefined when unknown until apply. */
export function afterAt(change: Change, path: readonly PathSeg[]): unknown {
  if (markedAt(change.afterUnknown, path)) return undefined;
  return getPath(change.after, path);
}

export function isUnknownAt(change: Change, path: readonly PathSeg[]): boolean {
  return markedAt(change.afterUnknown, path);
}

/** True for Terraform booleans and their string form. */
export function asBool(v: unknown): boolean | undefined {
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  return undefined;
}

/** Numbers, numeric strings and Google duration strings ("86400s"). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const m = /^\s*(-?\d+(?:\.\d+)?)s?\s*$/.exec(v);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return true;
  if (Array.isArray(v)) return v.length === 0 || v.every((x) => x === null);
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

export function testValue(test: ValueTest, v: unknown): boolean {
  if ("eq" in test) {
    if (typeof test.eq === "boolean") return asBool(v) === test.eq;
    if (typeof test.eq === "number") return asNumber(v) === test.eq;
    return v === test.eq;
  }
  if ("in" in test) {
    for (const x of test.in) {
      if (typeof x === "boolean" ? asBool(v) === x : typeof x === "number" ? asNumber(v) === x : v === x)
        return true;
    }
    return false;
  }
  if ("present" in test) return !isEmpty(v);
  return isEmpty(v);
}

/** A Terraform nested block is a list of one object; the kubernetes_manifest value is a plain object. */
export function one(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === "object" && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

export function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  return [v];
}

export function strings(v: unknown): string[] {
  const out: string[] = [];
  for (const x of list(v)) if (typeof x === "string") out.push(x);
  return out;
}

export function isManaged(change: Change): boolean {
  return change.mode === "managed";
}

export type DestroyKind = "delete" | "replace" | "replace-create-first";

/** How the change destroys the current object, if it does. */
export function destroyKind(change: Change): DestroyKind | null {
  if (change.mode !== "managed") return null;
  if (change.action === "delete") return "delete";
  if (change.action === "replace")
    return change.replaceOrder === "create-before-destroy" ? "replace-create-first" : "replace";
  return null;
}

export function destroyVerb(kind: DestroyKind): string {
  if (kind === "delete") return "deleted";
  if (kind === "replace") return "destroyed and re-created";
  return "replaced (new one created first, then the old one destroyed)";
}

/** Both sides are present: an in-place update or the attributes of a replacement. */
export function isModification(change: Change): boolean {
  return (
    change.mode === "managed" &&
    (change.action === "update" || change.action === "replace" || change.action === "import") &&
    change.before !== null &&
    change.before !== undefined &&
    change.after !== null &&
    change.after !== undefined
  );
}

/** The after side exists (create, update, replace, import). */
export function hasAfter(change: Change): boolean {
  return (
    change.mode === "managed" &&
    change.action !== "delete" &&
    change.action !== "forget" &&
    change.action !== "no-op" &&
    change.after !== null &&
    change.after !== undefined
  );
}

export function providerOf(type: string): CloudProvider | undefined {
  if (type.startsWith("aws_")) return "aws";
  if (type.startsWith("google_")) return "google";
  if (type.startsWith("azurerm_") || type.startsWith("azuread_") || type.startsWith("azapi_")) return "azure";
  if (type.startsWith("kubernetes_")) return "kubernetes";
  return undefined;
}

// ---- severities ----

export function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function shift(s: Severity, by: number): Severity {
  const i = Math.min(SEVERITIES.length - 1, Math.max(0, rank(s) + by));
  return SEVERITIES[i];
}

export function atLeast(s: Severity, floor: Severity): Severity {
  return rank(s) >= rank(floor) ? s : floor;
}

export function atMost(s: Severity, cap: Severity): Severity {
  return rank(s) <= rank(cap) ? s : cap;
}

// ---- rendering values into messages, never secrets ----

/** True when the value at this path must not be shown (sensitive marker or secret-like name). */
export function hiddenAt(change: Change, side: "before" | "after", path: readonly PathSeg[]): boolean {
  if (pathHasSecretName(path)) return true;
  return markedAt(side === "before" ? change.beforeSensitive : change.afterSensitive, path);
}

const MAX_SHOWN = 80;

/** A short rendering of a scalar or small list for a message, or "(sensitive)". */
export function show(
  change: Change,
  side: "before" | "after",
  path: readonly PathSeg[],
  value?: unknown,
): string {
  if (hiddenAt(change, side, path)) return SENSITIVE;
  const v = value === undefined ? getPath(side === "before" ? change.before : change.after, path) : value;
  return render(v);
}

export function render(v: unknown): string {
  let s: string;
  if (v === undefined || v === null) s = "null";
  else if (typeof v === "string") s = v === "" ? '""' : v;
  else if (typeof v === "number" || typeof v === "boolean") s = String(v);
  else s = JSON.stringify(v) ?? "null";
  s = s.replace(/[\r\n\t]+/g, " ");
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

/** Dotted form of a path for messages: `settings[0].backup_configuration[0].enabled`. */
export function pathText(path: readonly PathSeg[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** Lists up to `max` items and says how many more. */
export function summarize(items: readonly string[], max = 3): string {
  const uniq = [...new Set(items)];
  if (uniq.length <= max) return uniq.join(", ");
  return `${uniq.slice(0, max).join(", ")} and ${uniq.length - max} more`;
}

/** `kubernetes_manifest` kind (from the manifest or the live object). */
export function manifestKind(change: Change, side: "before" | "after"): string | undefined {
  const v = side === "before" ? change.before : change.after;
  const k = getPath(v, ["manifest", "kind"]) ?? getPath(v, ["object", "kind"]);
  return typeof k === "string" ? k : undefined;
}

const sensitiveCache = new WeakMap<Change, boolean>();

/** Does the change carry any sensitive marker, before or after? */
export function anySensitive(change: Change): boolean {
  let s = sensitiveCache.get(change);
  if (s === undefined) {
    s = hasSensitive(change.beforeSensitive) || hasSensitive(change.afterSensitive);
    sensitiveCache.set(change, s);
  }
  return s;
}

/**
 * Text built from attribute values, for a message — or "(sensitive)" when the change carries any
 * sensitive marker (we then cannot tell which values are safe to show).
 */
export function reveal(change: Change, text: string): string {
  return anySensitive(change) ? SENSITIVE : text;
}
