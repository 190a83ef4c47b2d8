// The change digest: SHA-256 over the RFC 8785 canonical JSON of exactly what would be applied.
// Stable across key order, whitespace and timestamps; any difference in what would be applied changes it.
// Approvals, the apply gate and the guard bind to this value.
import { createHash } from "node:crypto";

export interface DigestMaterial {
  framework: string;
  /** One entry per changed object, already sorted by a stable key (address). */
  items: unknown[];
  /** Other parts of the change that are applied (outputs, stack parameters…). */
  extra: Record<string, unknown>;
}

/**
 * RFC 8785 (JCS) serialization of JSON data: object keys sorted by UTF-16 code units (Array.prototype.sort's
 * default order), numbers and strings as ECMAScript JSON.stringify writes them (which is what JCS specifies).
 * Byte-for-byte equal to the `canonicalize` package on JSON data (property-tested), about twice as fast, which
 * matters on 50,000-change plans. Values come from JSON.parse, so there are no cycles, NaN or undefined leaves.
 */
export function canonicalJson(v: unknown): string {
  // Fast path: Terraform writes object keys already sorted; then JSON.stringify is the canonical form.
  if (v !== null && typeof v === "object" && inCanonicalOrder(v, 0)) return JSON.stringify(v);
  return slowCanonicalJson(v);
}

/** True when every object key in the tree is already in sorted order and nothing needs rewriting. */
function inCanonicalOrder(v: unknown, depth: number): boolean {
  if (depth > 500) return false;
  if (v === null) return true;
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(v);
    case "object":
      break;
    default:
      return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!inCanonicalOrder(v[i], depth + 1)) return false;
    return true;
  }
  let prev: string | undefined;
  for (const k in v as object) {
    if (prev !== undefined && !(prev < k)) return false;
    prev = k;
    if (!inCanonicalOrder((v as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

function slowCanonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error("non-finite number in canonical JSON");
    return v === undefined ? "null" : JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += ",";
      const x = v[i];
      s +=
        x === undefined || typeof x === "function" || typeof x === "symbol" ? "null" : slowCanonicalJson(x);
    }
    return `${s}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let s = "{";
  let first = true;
  for (const k of keys) {
    const x = obj[k];
    if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
    if (!first) s += ",";
    first = false;
    s += `${JSON.stringify(k)}:${slowCanonicalJson(x)}`;
  }
  return `${s}}`;
}

const canon = canonicalJson;

/**
 * Streams `{"extra":…,"framework":…,"items":[…]}` in canonical form into the hash, one item at a time, so a
 * 50,000-change plan never needs a second whole-plan string in memory. The result equals
 * sha256(canonicalize(material)).
 */
export function computeDigest(material: DigestMaterial): string {
  const h = createHash("sha256");
  h.update(`{"extra":${canon(material.extra)},"framework":${canon(material.framework)},"items":[`);
  for (let i = 0; i < material.items.length; i++) {
    if (i > 0) h.update(",");
    h.update(canon(material.items[i]));
  }
  h.update("]}");
  return `sha256:${h.digest("hex")}`;
}
