// One pass over the bytes of a `resource_changes[i]` element that finds where it ends and, for the members
// of its `change` object that go into the change digest, where their values lie and whether those bytes are
// already the RFC 8785 canonical JSON of the value. Terraform writes values with sorted keys and no
// whitespace, so they usually are, and the digest then hashes the input bytes as they are instead of
// serializing the parsed value again. Anything this scanner is unsure of (an escape other than \" \\ \b \f
// \n \r \t, a number not written the way ECMAScript prints it, keys out of order or repeated, whitespace, a
// key with characters beyond U+FFFF) marks the value as not canonical, and the caller serializes the parsed
// value instead: the scan only ever decides between two ways of writing the same canonical text.
//
// The scan trusts nothing it does not need: the element is parsed by JSON.parse as well, which rejects
// anything malformed, and the ranges are only used after that parse succeeded.
import type { InputError } from "../../model/types.js";

/** Members of `change` whose values are hashed, in canonical (sorted) order. */
export const DIGEST_FIELDS = [
  "after",
  "after_sensitive",
  "after_unknown",
  "before",
  "before_sensitive",
  "importing",
  "replace_paths",
] as const;
export type DigestField = (typeof DIGEST_FIELDS)[number];

/** Members of the element that say what the change is of, in canonical order (the digest holds them). */
export const IDENTITY_FIELDS = ["index", "mode", "module_address", "name", "provider_name", "type"] as const;

/** Member names known in advance, found with one lookup by length and a byte compare. */
class KeyTable {
  private readonly byLength: { bytes: Buffer; index: number }[][] = [];

  constructor(readonly names: readonly string[]) {
    names.forEach((name, index) => {
      const bytes = Buffer.from(name, "latin1");
      this.byLength[bytes.length] ??= [];
      this.byLength[bytes.length].push({ bytes, index });
    });
  }

  /** Index in `names` of the key b[s..e) (its bytes, no escapes), or -1. */
  find(b: Buffer, s: number, e: number): number {
    const list = this.byLength[e - s];
    if (list === undefined) return -1;
    for (let k = 0; k < list.length; k++) if (sameBytes(b, s, e, list[k].bytes)) return list[k].index;
    return -1;
  }
}

/** The element's members: `change`, `address`, IDENTITY_FIELDS (index 2 + field), and the other usual ones. */
const ELEMENT_KEYS = new KeyTable([
  "change",
  "address",
  ...IDENTITY_FIELDS,
  "deposed",
  "previous_address",
  "action_reason",
]);
const ELEMENT_CHANGE = 0;
const ELEMENT_ADDRESS = 1;
const ELEMENT_IDENTITY = 2;
/** The change object's members: DIGEST_FIELDS first (same index), then the others. */
const CHANGE_KEYS = new KeyTable([...DIGEST_FIELDS, "actions", "generated_config"]);

export interface ChangeScan {
  /** End (exclusive) of the element. */
  end: number;
  /**
   * Per DIGEST_FIELDS index: start and end of the value in `change` (the last one when repeated), or -1
   * when absent; `canonical` says whether those bytes are the value's canonical JSON.
   */
  start: Int32Array;
  stop: Int32Array;
  canonical: Uint8Array;
  /**
   * The element's own `address` when it is a string whose bytes are its canonical JSON (quotes included):
   * start and end, or -1 (absent, repeated-then-not-a-string, or not canonical).
   */
  addressStart: number;
  addressStop: number;
  /**
   * Per IDENTITY_FIELDS index: start and end of the member's value when it is a string, number or literal
   * whose bytes are its canonical JSON, else -1.
   */
  identityStart: Int32Array;
  identityStop: Int32Array;
  /**
   * Valid JSON that Airlock still refuses (a repeated member, a number that would be read rounded): where
   * and why, or -1. Kept rather than thrown so that a syntax error, which JSON.parse reports after the scan,
   * is named first.
   */
  refusedAt: number;
  refusedWhy: string;
  /**
   * Whether an object inside the values has its keys out of order. In sorted objects (as Terraform writes
   * values) a repeated key is next to its copy and refused here; in unsorted ones it may be anywhere, and the
   * caller checks the element's objects for repeats itself.
   */
  unordered: boolean;
}

/** Working space of one scanner, reused from element to element (each scan overwrites the last result). */
export class ChangeScanner {
  readonly result: ChangeScan = {
    end: 0,
    start: new Int32Array(DIGEST_FIELDS.length),
    stop: new Int32Array(DIGEST_FIELDS.length),
    canonical: new Uint8Array(DIGEST_FIELDS.length),
    addressStart: -1,
    addressStop: -1,
    identityStart: new Int32Array(IDENTITY_FIELDS.length),
    identityStop: new Int32Array(IDENTITY_FIELDS.length),
    refusedAt: -1,
    refusedWhy: "",
    unordered: false,
  };
  readonly isObj: Uint8Array;
  readonly prevKeyStart: Int32Array;
  readonly prevKeyEnd: Int32Array;
  readonly fieldAt: Int8Array;

  /**
   * For the element object (0) and its `change` object (1), so that a repeated member anywhere in them is
   * found (see repeatedMember): a bit per known member seen, and the other keys as start, end and whether
   * escaped, three numbers per key (`keyCount` of them in use).
   */
  readonly knownSeen = new Int32Array(2);
  readonly keys: [number[], number[]] = [[], []];
  readonly keyCount = new Int32Array(2);

  constructor(readonly maxDepth: number) {
    this.isObj = new Uint8Array(maxDepth + 2);
    this.prevKeyStart = new Int32Array(maxDepth + 2);
    this.prevKeyEnd = new Int32Array(maxDepth + 2);
    this.fieldAt = new Int8Array(maxDepth + 2);
  }
}

/** Records the first refusal of a scan. */
function refuse(result: ChangeScan, at: number, why: string): void {
  if (result.refusedAt < 0) {
    result.refusedAt = at;
    result.refusedWhy = why;
  }
}

/**
 * The text of a key (quotes excluded) as JSON.parse reads it; undefined when its escapes are not valid
 * JSON (JSON.parse then rejects the element, after the scan).
 */
function keyText(b: Buffer, s: number, e: number, escaped: boolean): string | undefined {
  if (!escaped) return b.toString("utf8", s, e);
  try {
    return JSON.parse(b.toString("utf8", s - 1, e + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Does the key b[s..e) (known member `known`, or -1) repeat one of the object's earlier keys? JSON.parse
 * keeps the last of two members with one name, so `"actions":["delete"],"actions":["no-op"]` would read as
 * a no-op while the plan's first copy says delete: Terraform never writes a repeat, and reading one either
 * way would be a guess, so the caller refuses it. Known members are one bit each; the rest are compared,
 * keys written with escapes as decoded text.
 */
function repeatedMember(
  sc: ChangeScanner,
  list: 0 | 1,
  known: number,
  b: Buffer,
  s: number,
  e: number,
  escaped: boolean,
): boolean {
  if (known >= 0) {
    const bit = 1 << known;
    if (sc.knownSeen[list] & bit) return true;
    sc.knownSeen[list] |= bit;
    return false;
  }
  const seen = sc.keys[list];
  const used = sc.keyCount[list];
  for (let k = 0; k < used; k += 3) {
    const ps = seen[k];
    const pe = seen[k + 1];
    if (!escaped && seen[k + 2] === 0) {
      if (pe - ps === e - s && compareBytes(b, ps, pe, s, e) === 0) return true;
    } else {
      const earlier = keyText(b, ps, pe, seen[k + 2] === 1);
      if (earlier !== undefined && earlier === keyText(b, s, e, escaped)) return true;
    }
  }
  seen[used] = s;
  seen[used + 1] = e;
  seen[used + 2] = escaped ? 1 : 0;
  sc.keyCount[list] = used + 3;
  return false;
}

/** A key as an error message may show it: at most 64 characters, anything unprintable as "?". */
function shownKey(b: Buffer, s: number, e: number, escaped: boolean): string {
  const t = keyText(b, s, e, escaped) ?? b.toString("utf8", s, e);
  return t.slice(0, 64).replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "?");
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Bytes inside a string that the scan must look at: the quote, the backslash and the lead bytes of 4-byte
 * characters. The rest are PLAIN (0); past the end of the buffer the lookup is undefined, which stops too.
 */
const PLAIN = 0;
const STRING_BYTE = new Uint8Array(256);
STRING_BYTE[QUOTE] = 1;
STRING_BYTE[BACKSLASH] = 1;
STRING_BYTE.fill(1, 0xf0);

function sameBytes(b: Buffer, s: number, e: number, word: Buffer): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word[i]) return false;
  return true;
}

/** -1, 0, 1: the bytes b[s1..e1) against b[s2..e2). */
function compareBytes(b: Buffer, s1: number, e1: number, s2: number, e2: number): number {
  const n = Math.min(e1 - s1, e2 - s2);
  for (let i = 0; i < n; i++) {
    const x = b[s1 + i];
    const y = b[s2 + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  const l1 = e1 - s1;
  const l2 = e2 - s2;
  return l1 === l2 ? 0 : l1 < l2 ? -1 : 1;
}

/** A number token is canonical when it reads back as itself (ECMAScript Number → String). */
function canonicalNumber(b: Buffer, s: number, e: number): boolean {
  const len = e - s;
  let i = s;
  if (b[i] === 0x2d) i++; // minus
  // Fast path: an integer of at most 15 digits without a leading zero (exact as a double, printed as is).
  let plain = i < e && e - i <= 15;
  if (plain) {
    if (b[i] === 0x30 && e - i > 1) plain = false;
    for (let j = i; plain && j < e; j++) if (b[j] < 0x30 || b[j] > 0x39) plain = false;
  }
  if (plain) return !(b[s] === 0x2d && len === 2 && b[s + 1] === 0x30); // "-0" prints as "0"
  const text = b.toString("latin1", s, e);
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text;
}

/**
 * Why a number cannot be read as JSON.parse reads it without losing what the plan says, or undefined.
 * Terraform's numbers are arbitrary-precision; JSON.parse (and so the rules, the diff and the digest) holds
 * a double. An integer that a double does not hold exactly (12345678901234567890123 would compare and
 * digest equal to …124) or a number beyond a double's range (1e400 would read as Infinity) is refused
 * rather than rounded. Fractions are compared to a double's 17 significant digits (docs/analysis.md).
 */
export function inexactNumber(b: Buffer, s: number, e: number): string | undefined {
  const text = b.toString("latin1", s, e);
  const n = Number(text);
  if (!Number.isFinite(n)) return "a number too large to be read exactly (beyond 1.8e308)";
  if (/[.eE]/.test(text) || Number.isSafeInteger(n)) return undefined;
  try {
    if (BigInt(text) === BigInt(n)) return undefined;
  } catch {
    return undefined; // not a JSON integer: JSON.parse judges it
  }
  return "an integer too large to be read exactly (beyond 2^53)";
}

/**
 * Scans the element that starts at `pos` (its opening brace) into `sc.result` (valid until the next scan).
 * Throws an InputError when it never closes or nests deeper than `sc.maxDepth` containers.
 */
export function scanChange(
  sc: ChangeScanner,
  b: Buffer,
  pos: number,
  fail: (at: number, why: string) => InputError,
): ChangeScan {
  const n = b.length;
  const maxDepth = sc.maxDepth;
  const result = sc.result;
  const { start, stop, canonical } = result;
  start.fill(-1);
  stop.fill(-1);
  canonical.fill(0);
  result.addressStart = -1;
  result.addressStop = -1;
  result.refusedAt = -1;
  result.unordered = false;
  sc.keyCount[0] = 0;
  sc.keyCount[1] = 0;
  sc.knownSeen[0] = 0;
  sc.knownSeen[1] = 0;
  result.identityStart.fill(-1);
  result.identityStop.fill(-1);
  // Per open container: is it an object, and where its previous key lies (for the order check); and the
  // digest field whose value is the container at that depth (-1: none).
  const { isObj, prevKeyStart, prevKeyEnd, fieldAt } = sc;
  fieldAt.fill(-1);
  let depth = 0;
  let lastBad = -1; // offset of the last byte that is not canonical
  let expectKey = false;
  let changeDepth = -1; // depth of the `change` object while inside it
  let pendingChange = false; // the value that comes next is the element's `change`
  let pendingField = -1; // the value that comes next is this digest field's
  let pendingAddress = false; // the value that comes next is the element's `address`
  let pendingIdentity = -1; // the value that comes next is this identity member's
  let i = pos;
  while (i < n) {
    const c = b[i];
    if (c === QUOTE) {
      const s = i + 1;
      let j = s;
      let high = false;
      let escaped = false;
      for (;;) {
        // Plain bytes (most of a plan) are passed over with one table lookup each.
        while (STRING_BYTE[b[j]] === PLAIN) j++;
        if (j >= n) throw fail(i, "string never closes: truncated?");
        const d = b[j];
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          escaped = true;
          const e = b[j + 1];
          // \" \\ \b \f \n \r \t are written the same way by the canonical form; \/ and \uXXXX are not
          if (
            e !== QUOTE &&
            e !== BACKSLASH &&
            e !== 0x62 &&
            e !== 0x66 &&
            e !== 0x6e &&
            e !== 0x72 &&
            e !== 0x74
          )
            lastBad = j;
          j += 2;
          continue;
        }
        if (d >= 0xf0) high = true;
        j++;
      }
      if (expectKey && depth > 0 && isObj[depth]) {
        // A key: strictly after the previous key of this object, by UTF-8 bytes (which is UTF-16 order for
        // characters below U+10000; keys with characters above are left to the serializer).
        if (high) lastBad = i;
        if (prevKeyStart[depth] >= 0) {
          const order = compareBytes(b, prevKeyStart[depth], prevKeyEnd[depth], s, j);
          if (order >= 0) {
            lastBad = i;
            // The element and its change object find repeats by name (below); other objects do not.
            if (order > 0 && depth !== 1 && depth !== changeDepth) result.unordered = true;
            // The same key twice in a row, at any depth (how a repeat shows in sorted values).
            if (order === 0) refuse(result, i, `the member "${shownKey(b, s, j, escaped)}" appears twice`);
          }
        }
        prevKeyStart[depth] = s;
        prevKeyEnd[depth] = j;
        pendingChange = false;
        pendingField = -1;
        pendingAddress = false;
        pendingIdentity = -1;
        if (depth === 1 || depth === changeDepth) {
          const list = depth === 1 ? 0 : 1;
          const table = list === 0 ? ELEMENT_KEYS : CHANGE_KEYS;
          // A known member written with escapes is still that member (decoded), but its value's bytes are
          // not taken as they are: the value is serialized from the parse instead.
          let known = -1;
          if (!escaped) known = table.find(b, s, j);
          else {
            const text = keyText(b, s, j, true);
            if (text !== undefined) known = table.names.indexOf(text);
          }
          if (repeatedMember(sc, list, known, b, s, j, escaped))
            refuse(result, i, `the member "${shownKey(b, s, j, escaped)}" appears twice`);
          if (!escaped && known >= 0) {
            if (list === 1) {
              if (known < DIGEST_FIELDS.length) pendingField = known;
            } else if (known === ELEMENT_CHANGE) pendingChange = true;
            else if (known === ELEMENT_ADDRESS) pendingAddress = true;
            else if (known < ELEMENT_IDENTITY + IDENTITY_FIELDS.length)
              pendingIdentity = known - ELEMENT_IDENTITY;
          }
        }
        expectKey = false;
      } else {
        if (pendingField >= 0) {
          start[pendingField] = i;
          stop[pendingField] = j + 1;
          canonical[pendingField] = lastBad < i ? 1 : 0;
        }
        if (pendingAddress && lastBad < i) {
          result.addressStart = i;
          result.addressStop = j + 1;
        }
        if (pendingIdentity >= 0 && lastBad < i) {
          result.identityStart[pendingIdentity] = i;
          result.identityStop[pendingIdentity] = j + 1;
        }
        pendingField = -1;
        pendingChange = false;
        pendingAddress = false;
        pendingIdentity = -1;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth >= maxDepth) throw fail(i, `nested more than ${maxDepth} levels deep`);
      depth++;
      isObj[depth] = c === 0x7b ? 1 : 0;
      prevKeyStart[depth] = -1;
      fieldAt[depth] = pendingField;
      if (pendingField >= 0) start[pendingField] = i;
      if (pendingChange && c === 0x7b) {
        // (A repeated `change` is refused at its key, like any repeated member of the element.)
        changeDepth = depth;
        sc.keyCount[1] = 0;
        sc.knownSeen[1] = 0;
      }
      pendingField = -1;
      pendingChange = false;
      pendingAddress = false;
      pendingIdentity = -1;
      expectKey = c === 0x7b;
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      const f = fieldAt[depth];
      if (f >= 0) {
        stop[f] = i + 1;
        canonical[f] = lastBad < start[f] ? 1 : 0;
        fieldAt[depth] = -1;
      }
      if (depth === changeDepth) changeDepth = -1;
      depth--;
      i++;
      if (depth === 0) {
        result.end = i;
        return result;
      }
      expectKey = false;
      continue;
    }
    if (c === 0x2c) {
      expectKey = isObj[depth] === 1;
      i++;
      continue;
    }
    if (c === 0x3a) {
      expectKey = false;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      lastBad = i;
      i++;
      continue;
    }
    // A number or a literal (true, false, null).
    const s = i;
    while (i < n) {
      const d = b[i];
      if (
        d === 0x2c ||
        d === 0x7d ||
        d === 0x5d ||
        d === 0x3a ||
        d === QUOTE ||
        d === 0x20 ||
        d === 0x0a ||
        d === 0x0d ||
        d === 0x09
      )
        break;
      i++;
    }
    const isNumber = c === 0x2d || (c >= 0x30 && c <= 0x39);
    if (isNumber && !canonicalNumber(b, s, i)) {
      lastBad = s;
      const why = inexactNumber(b, s, i);
      if (why) refuse(result, s, why);
    }
    if (pendingField >= 0) {
      start[pendingField] = s;
      stop[pendingField] = i;
      canonical[pendingField] = lastBad < s ? 1 : 0;
    }
    if (pendingIdentity >= 0 && lastBad < s) {
      result.identityStart[pendingIdentity] = s;
      result.identityStop[pendingIdentity] = i;
    }
    pendingField = -1;
    pendingChange = false;
    pendingAddress = false;
    pendingIdentity = -1;
    if (depth === 0) {
      result.end = i;
      return result;
    }
  }
  throw fail(pos, "object never closes: truncated?");
}

/**
 * Refuses any number in b[s..e) (valid JSON, already parsed) that `inexactNumber` refuses: for the members
 * read whole (output changes, deferred changes), which the digest and the report also read.
 */
export function checkNumbers(
  b: Buffer,
  s: number,
  e: number,
  fail: (at: number, why: string) => InputError,
): void {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === QUOTE) {
      for (i++; i < e && b[i] !== QUOTE; i++) if (b[i] === BACKSLASH) i++;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (
        j < e &&
        (b[j] === 0x2b ||
          b[j] === 0x2d ||
          b[j] === 0x2e ||
          b[j] === 0x65 ||
          b[j] === 0x45 ||
          (b[j] >= 0x30 && b[j] <= 0x39))
      )
        j++;
      // Integers of up to 15 digits, and fractions without an exponent, are always read exactly enough.
      let exponent = false;
      for (let k = i; k < j; k++) if (b[k] === 0x65 || b[k] === 0x45) exponent = true;
      if (exponent || j - i > 15) {
        const why = inexactNumber(b, i, j);
        if (why) throw fail(i, why);
      }
      i = j - 1;
    }
  }
}
