// One ordering for strings wherever output must not depend on input order: by UTF-16 code units, as
// Array.prototype.sort orders strings by default and as RFC 8785 orders object keys.

/** -1, 0 or 1: `a` against `b` by UTF-16 code units. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
