// RFC 8785 (JSON Canonicalization Scheme) serialization for values that are hashed or signed.
import canonicalize from "canonicalize";

/** A number canonical JSON cannot write (Infinity, NaN: what JSON.parse makes of 1e400). */
export class NonFiniteNumberError extends Error {
  constructor() {
    super("non-finite number in canonical JSON");
  }
}

/**
 * Canonical JSON text of a JSON value. Object members whose value is undefined are dropped (as JSON.stringify
 * does); non-finite numbers, BigInts and other non-JSON values are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value, "$");
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

function assertJsonValue(v: unknown, path: string): void {
  if (v === null) return;
  switch (typeof v) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(v)) throw new TypeError(`${path}: ${v} is not a JSON number`);
      return;
    case "object":
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          assertJsonValue(x === undefined ? null : x, `${path}[${i}]`);
        });
        return;
      }
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") return;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== undefined) assertJsonValue(x, `${path}.${k}`);
      }
      return;
    default:
      throw new TypeError(`${path}: ${typeof v} is not a JSON value`);
  }
}

/** True when `text` is exactly the canonical form of the JSON it holds. */
export function isCanonicalJson(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/**
 * RFC 8785 (JCS) serialization of JSON data: object keys sorted by UTF-16 code units (Array.prototype.sort's
 * default order), numbers and strings as ECMAScript JSON.stringify writes them (which is what JCS specifies).
 * Byte-for-byte equal to `canonicalJson` above on JSON data (property-tested) but without its validation and
 * about twice as fast, which matters for the change digest of 50,000-change plans. Values come from
 * JSON.parse, so there are no cycles, NaN or undefined leaves.
 */
export function canonicalJsonOfParsed(v: unknown): string {
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
    if (typeof v === "number" && !Number.isFinite(v)) throw new NonFiniteNumberError();
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
