// RFC 8785 (JSON Canonicalization Scheme) serialization for values that are hashed or signed.
import canonicalize from "canonicalize";

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
