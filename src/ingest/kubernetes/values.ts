// Value helpers for manifests: order-insensitive equality of parsed YAML/JSON values, and stripping the
// server-populated fields that are never applied (status, managedFields, uid, …).

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Structural equality; object key order does not matter, array order does. Iterative. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== typeof y || x === null || y === null || typeof x !== "object") {
      if (typeof x === "number" && typeof y === "number" && Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    const xa = Array.isArray(x);
    if (xa !== Array.isArray(y)) return false;
    if (xa) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xk = Object.keys(xo);
    if (xk.length !== Object.keys(yo).length) return false;
    for (const k of xk) {
      if (!Object.hasOwn(yo, k)) return false;
      stack.push([xo[k], yo[k]]);
    }
  }
  return true;
}

/** Metadata fields the API server owns: present in `kubectl get -o yaml` exports, never part of a change. */
const SERVER_METADATA = [
  "managedFields",
  "creationTimestamp",
  "resourceVersion",
  "uid",
  "generation",
  "selfLink",
];

/** A copy without `status` and server-owned metadata (the input object is left alone). */
export function appliedPart<T extends Record<string, unknown>>(obj: T): T {
  let out = obj;
  if ("status" in out) {
    const { status: _s, ...rest } = out;
    out = rest as T;
  }
  const md = out.metadata;
  if (isObject(md) && SERVER_METADATA.some((k) => k in md)) {
    const m: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(md)) if (!SERVER_METADATA.includes(k)) m[k] = v;
    out = { ...out, metadata: m };
  }
  return out;
}

export function getIn(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p as string];
  }
  return cur;
}
