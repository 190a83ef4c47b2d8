// Where the pod lives inside an object (Pod, workload template, CronJob job template, custom workloads with
// the same shape), and small helpers over pod specs and label selectors shared by the graph and the rules.
import type { LabelSelector } from "./manifest-types.js";

export type Path = (string | number)[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function at(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p as string];
  }
  return cur;
}

/** Path to the pod template (`{metadata, spec}`) or the pod itself; null when the object has no pod. */
export function podTemplatePath(obj: unknown, kind?: string): Path | null {
  if (!isObject(obj)) return null;
  const k = kind ?? (obj.kind as string);
  if (k === "Pod") return isObject(obj.spec) ? [] : null;
  if (k === "PodTemplate") return isObject(obj.template) ? ["template"] : null;
  const spec = obj.spec;
  if (!isObject(spec)) return null;
  if (isObject(spec.template) && isObject((spec.template as Record<string, unknown>).spec))
    return ["spec", "template"];
  const jt = at(spec, ["jobTemplate", "spec", "template"]);
  if (isObject(jt) && isObject(jt.spec)) return ["spec", "jobTemplate", "spec", "template"];
  return null;
}

/** Path to the pod spec (`containers`, `volumes`, …). */
export function podSpecPath(obj: unknown, kind?: string): Path | null {
  const t = podTemplatePath(obj, kind);
  return t === null ? null : [...t, "spec"];
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  ephemeralContainers?: ContainerLike[];
  volumes?: Record<string, unknown>[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  serviceAccountName?: string;
  serviceAccount?: string;
  imagePullSecrets?: { name?: string }[];
  priorityClassName?: string;
  runtimeClassName?: string;
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ContainerLike {
  name?: string;
  image?: string;
  env?: { name?: string; value?: unknown; valueFrom?: Record<string, unknown> }[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
  securityContext?: {
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { add?: string[]; drop?: string[] };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export function podSpecOf(obj: unknown): PodSpecLike | undefined {
  const p = podSpecPath(obj);
  if (p === null) return undefined;
  const v = at(obj, p);
  return isObject(v) ? (v as PodSpecLike) : undefined;
}

/** Labels of the pods an object runs (template labels, or the Pod's own labels). */
export function podLabelsOf(obj: unknown): Record<string, string> | undefined {
  const t = podTemplatePath(obj);
  if (t === null) return undefined;
  const v = at(obj, [...t, "metadata", "labels"]);
  return isObject(v) ? (v as Record<string, string>) : undefined;
}

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export interface LocatedContainer {
  list: (typeof CONTAINER_LISTS)[number];
  index: number;
  container: ContainerLike;
}

export function containersOf(spec: PodSpecLike | undefined): LocatedContainer[] {
  const out: LocatedContainer[] = [];
  if (!spec) return out;
  for (const list of CONTAINER_LISTS) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    cs.forEach((c, index) => {
      if (isObject(c)) out.push({ list, index, container: c as ContainerLike });
    });
  }
  return out;
}

/** Does a set of labels match a selector? `selector` is a LabelSelector or a plain map (Service, RC). */
export function selectorMatches(
  selector: LabelSelector | Record<string, string> | undefined | null,
  labels: Record<string, string> | undefined,
  plainMap = false,
): boolean {
  if (!selector || !isObject(selector)) return false;
  const l = labels ?? {};
  if (plainMap) {
    const entries = Object.entries(selector as Record<string, string>);
    if (entries.length === 0) return false;
    return entries.every(([k, v]) => l[k] === String(v));
  }
  const s = selector as LabelSelector;
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (l[k] !== String(v)) return false;
  for (const e of s.matchExpressions ?? []) {
    if (!e || typeof e.key !== "string") return false;
    const has = Object.hasOwn(l, e.key);
    const vals = (e.values ?? []).map(String);
    switch (e.operator) {
      case "In":
        if (!has || !vals.includes(l[e.key])) return false;
        break;
      case "NotIn":
        if (has && vals.includes(l[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** An empty LabelSelector (`{}`) selects every pod in the namespace. */
export function selectsAll(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  const s = selector as LabelSelector;
  return (
    (!s.matchLabels || Object.keys(s.matchLabels).length === 0) &&
    (!s.matchExpressions || s.matchExpressions.length === 0)
  );
}
