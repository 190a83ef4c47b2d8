// The redacted attribute diff of one change: the leaves that differ between before and after, with sensitive
// and secret-named values shown as "(sensitive)" and unknown ones as "(known after apply)". One walk, two
// outputs: AttributeDiff objects (for the library and policy input) or the JSON text of that same array,
// written straight into the JSON report without building the objects (a 50,000-change plan has ~400,000).
import type { AttributeDiff } from "./assessment.js";
import type { SecretScrubber } from "./secrets.js";
import type { Change } from "./types.js";
import { InputError } from "./types.js";
import {
  child,
  formatPath,
  isSecretName,
  isValueKey,
  namesSecret,
  type PathSeg,
  redactJsonText,
  redactValue,
} from "./values.js";

export { KNOWN_AFTER_APPLY, SENSITIVE };

import { KNOWN_AFTER_APPLY, SENSITIVE } from "./values.js";

const MAX_RENDERED = 2000;
/** Deepest attribute path the diff walks; readers reject deeper values before any report is written. */
export const MAX_ATTRIBUTE_DEPTH = 200;
const DEFAULT_LIMIT = 500;

/** How a leaf value is shown: its JSON text, cut at MAX_RENDERED characters (or just before, see cutAt). */
export function render(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return "null";
  return cutText(s);
}

/** JSON text cut at MAX_RENDERED characters (or just before, see cutAt), `…` marking the cut. */
function cutText(t: string): string {
  return t.length > MAX_RENDERED ? `${t.slice(0, cutAt(t, MAX_RENDERED))}…` : t;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Keys that every object inherits: `before[k]` must not read them from the prototype. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function own(obj: Record<string, unknown>, k: string): unknown {
  return INHERITED.has(k) && !Object.hasOwn(obj, k) ? undefined : obj[k];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const identCache = new Map<string, boolean>();

function isIdent(k: string): boolean {
  let r = identCache.get(k);
  if (r === undefined) {
    r = IDENT.test(k);
    if (identCache.size < 100_000) identCache.set(k, r);
  }
  return r;
}

/** `formatPath` one step at a time. */
function stepPath(prefix: string, seg: PathSeg): string {
  if (typeof seg === "number") return `${prefix}[${seg}]`;
  if (isIdent(seg)) return prefix ? `${prefix}.${seg}` : seg;
  return `${prefix}[${JSON.stringify(seg)}]`;
}

/** Sorted union of up to three key lists, as `[...new Set([...a, ...b, ...c])].sort()` gives. */
function unionSorted(a: string[], b: string[], c: string[]): string[] {
  // Usually one list, or two equal ones (an update's before and after), already sorted as Terraform writes
  // them: returned as they are. Otherwise sorted lists are merged, anything else sorted.
  if (c.length === 0) {
    if (b.length === 0) return isSorted(a) ? a : sortUnique(a, b, c);
    if (a.length === 0) return isSorted(b) ? b : sortUnique(a, b, c);
    if (sameList(a, b) && isSorted(a)) return a;
  }
  if (isSorted(a) && isSorted(b) && isSorted(c)) return merge(merge(a, b), c);
  return sortUnique(a, b, c);
}

function sameList(x: string[], y: string[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Merge of two strictly increasing lists, without repeats. */
function merge(x: string[], y: string[]): string[] {
  if (y.length === 0) return x;
  if (x.length === 0) return y;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i];
    const q = y[j];
    if (p < q) {
      out.push(p);
      i++;
    } else if (q < p) {
      out.push(q);
      j++;
    } else {
      out.push(p);
      i++;
      j++;
    }
  }
  while (i < x.length) out.push(x[i++]);
  while (j < y.length) out.push(y[j++]);
  return out;
}

function sortUnique(a: string[], b: string[], c: string[]): string[] {
  const set = new Set<string>(a);
  for (const k of b) set.add(k);
  for (const k of c) set.add(k);
  return [...set].sort();
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/**
 * Receives the diff entries. A side is `undefined` (absent), a `Shown` text already decided ("(sensitive)",
 * "(known after apply)", a rendered value), or a raw leaf value the sink renders itself.
 */
abstract class DiffSink {
  count = 0;
  constructor(readonly limit: number) {}
  abstract push(path: string, before: unknown, after: unknown, forces: boolean): void;
}

/** A text already decided for one side of an entry (as opposed to a raw value still to render). */
class Shown {
  /** `scrubbed`: the text was made from scrubbed values (wholeText), and is not scrubbed again as text. */
  constructor(
    readonly text: string,
    readonly scrubbed = false,
  ) {}
}
const SHOWN_SENSITIVE = new Shown(SENSITIVE);
const SHOWN_KNOWN = new Shown(KNOWN_AFTER_APPLY);

function renderSide(v: unknown): string {
  return v instanceof Shown ? v.text : render(v);
}

class ObjectSink extends DiffSink {
  readonly out: AttributeDiff[] = [];
  push(path: string, before: unknown, after: unknown, forces: boolean): void {
    const d: AttributeDiff = { path };
    if (before !== undefined) d.before = renderSide(before);
    if (after !== undefined) d.after = renderSide(after);
    if (forces) d.forcesReplacement = true;
    this.out.push(d);
    this.count++;
  }
}

class TextSink extends DiffSink {
  out = "[";
  push(path: string, before: unknown, after: unknown, forces: boolean): void {
    let e = `${this.count ? "," : ""}{"path":${quoteJson(path)}`;
    if (before !== undefined) e += `,"before":${quoteSide(before)}`;
    if (after !== undefined) e += `,"after":${quoteSide(after)}`;
    if (forces) e += `,"forcesReplacement":true`;
    this.out += `${e}}`;
    this.count++;
  }
}

const EMPTY: string[] = [];

/**
 * A value shown whole (a subtree whose other side is unknown or of another type): its sensitive and
 * secret-named parts replaced first, as everywhere a whole value is shown.
 */
function shownWhole(v: unknown, marks: unknown, scrubber: SecretScrubber | undefined): Shown {
  return new Shown(cutText(wholeText(v, marks, scrubber)), scrubber !== undefined);
}

/**
 * A value's JSON text as a whole value is shown, not cut: its sensitive and secret-named parts replaced,
 * and every string in it scrubbed before it is written as JSON, so that a secret is recognized as it was
 * written (`export DB_PASSWORD="…"`), not as JSON escapes it, and before any cut can split it.
 */
function wholeText(v: unknown, marks: unknown, scrubber: SecretScrubber | undefined): string {
  const redacted = redactValue(v, marks, false);
  return JSON.stringify(scrubber ? scrubStrings(redacted, scrubber, 0) : redacted) ?? "null";
}

function scrubStrings(v: unknown, scrubber: SecretScrubber, depth: number): unknown {
  if (typeof v === "string") return scrubber.scrub(v);
  if (depth > MAX_ATTRIBUTE_DEPTH || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => scrubStrings(x, scrubber, depth + 1));
  const out: Record<string, unknown> = {};
  // Keys too: a map keyed by URLs or names can hold a secret in a key.
  for (const [k, x] of Object.entries(v)) out[scrubber.scrub(k)] = scrubStrings(x, scrubber, depth + 1);
  return out;
}

/** Characters shown before the first difference of two long values whose first MAX_RENDERED are alike. */
const CONTEXT = 200;

/**
 * Two long values that differ, each shown cut: from the start when they differ early enough to show it,
 * else from CONTEXT characters before their first difference (`…` marks each cut), so that an edit past
 * the 2,000th character of a `user_data` script is shown rather than two identical beginnings.
 */
function shownApart(before: string, after: string, scrubbed: boolean): [Shown, Shown] {
  let d = 0;
  const n = Math.min(before.length, after.length);
  while (d < n && before.charCodeAt(d) === after.charCodeAt(d)) d++;
  const from = d < MAX_RENDERED - CONTEXT ? 0 : startAt(before, d - CONTEXT);
  const cut = (t: string) => {
    const end = from + MAX_RENDERED >= t.length ? t.length : cutAt(t, from + MAX_RENDERED);
    return new Shown(`${from > 0 ? "…" : ""}${t.slice(from, end)}${end < t.length ? "…" : ""}`, scrubbed);
  };
  return [cut(before), cut(after)];
}

/**
 * Where to end a cut of JSON text at or before `i`: never between the two halves of a surrogate pair, nor
 * inside an escape (`\n`, `\"`, `\u00e9`).
 */
function cutAt(t: string, i: number): number {
  let end = i;
  const c = t.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  // Back off over a run of backslashes that is odd (an escape begun, not ended) and a cut `\uXXXX`.
  const u = t.lastIndexOf("\\u", end - 1);
  if (u >= 0 && u > end - 6 && backslashesBefore(t, u + 1) % 2 === 1) end = u;
  if (backslashesBefore(t, end) % 2 === 1) end--;
  return end;
}

/** Where to start a cut of JSON text at or after `i`: the same rule at its start. */
function startAt(t: string, i: number): number {
  let from = i;
  const c = t.charCodeAt(from);
  if (c >= 0xdc00 && c <= 0xdfff) from++;
  // Start after an escape rather than inside it.
  while (from < t.length && backslashesBefore(t, from) % 2 === 1) from++;
  const u = t.lastIndexOf("\\u", from);
  if (u >= 0 && u < from && from < u + 6 && backslashesBefore(t, u + 1) % 2 === 1) from = u + 6;
  return from;
}

/** How many backslashes end just before position `i`. */
function backslashesBefore(t: string, i: number): number {
  let n = 0;
  while (i - n - 1 >= 0 && t.charCodeAt(i - n - 1) === 0x5c) n++;
  return n;
}

/** A string leaf holding a JSON document with secrets inside (container_definitions), shown redacted. */
function jsonSide(v: unknown, scrubber: SecretScrubber | undefined): unknown {
  if (typeof v !== "string" || v.length < 2) return v;
  const redacted = redactJsonText(v);
  // Scrubbed as the document's text, before render() escapes it once more.
  if (redacted === undefined) return v;
  return new Shown(render(scrubber ? scrubber.scrub(redacted) : redacted), scrubber !== undefined);
}

/**
 * One side of an entry with every secret of the change set that it contains replaced (a value equal to a
 * sensitive one elsewhere in the plan, which Terraform did not mark here): defence in depth, as for rule
 * messages.
 */
function scrubSide(v: unknown, scrubber: SecretScrubber): unknown {
  if (v === undefined || v === SHOWN_SENSITIVE || v === SHOWN_KNOWN) return v;
  if (v instanceof Shown) {
    if (v.scrubbed) return v;
    const t = scrubber.scrub(v.text);
    return t === v.text ? v : new Shown(t);
  }
  if (typeof v === "string") {
    const t = scrubber.scrub(v);
    if (t === v) return v;
    return t === SENSITIVE ? SHOWN_SENSITIVE : new Shown(render(t));
  }
  if (typeof v === "number") return scrubber.scrub(String(v)) === String(v) ? v : SHOWN_SENSITIVE;
  return v;
}

class Walk {
  private readonly scrubber: SecretScrubber | undefined;

  constructor(
    private readonly sink: DiffSink,
    private readonly replacePaths: string[],
    scrubber: SecretScrubber | undefined,
  ) {
    // Always, when given: a password in a URL is redacted even in a plan with no other secret.
    this.scrubber = scrubber;
  }

  private full(): boolean {
    return this.sink.count >= this.sink.limit;
  }

  leaf(path: string, before: unknown, after: unknown): void {
    if (this.full()) return;
    let forces = false;
    if (this.replacePaths.length)
      forces = this.replacePaths.some(
        (r) => r === path || path.startsWith(`${r}.`) || path.startsWith(`${r}[`),
      );
    const b = jsonSide(before, this.scrubber);
    const a = jsonSide(after, this.scrubber);
    const scrubber = this.scrubber;
    if (scrubber) {
      this.sink.push(
        scrubber.scrub(path || "(value)"),
        scrubSide(b, scrubber),
        scrubSide(a, scrubber),
        forces,
      );
      return;
    }
    this.sink.push(path || "(value)", b, a, forces);
  }

  walk(
    path: string,
    depth: number,
    lastSeg: PathSeg | undefined,
    before: unknown,
    after: unknown,
    bs: unknown,
    as: unknown,
    au: unknown,
    secretAbove: boolean,
  ): void {
    if (this.full()) return;
    if (depth > MAX_ATTRIBUTE_DEPTH)
      throw new InputError(`attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
    const secret = secretAbove || (typeof lastSeg === "string" && isSecretName(lastSeg));
    const unknown = au === true;
    const bSens = bs === true || (secret && before !== undefined && before !== null);
    const aSens = as === true || (secret && after !== undefined && after !== null);
    if (bSens || aSens) {
      // Compare without revealing: only say that it changed.
      if (unknown || JSON.stringify(before) !== JSON.stringify(after)) {
        this.leaf(
          path,
          before === undefined
            ? undefined
            : bSens || secret
              ? SHOWN_SENSITIVE
              : shownWhole(before, bs, this.scrubber),
          unknown ? SHOWN_KNOWN : after === undefined ? undefined : SHOWN_SENSITIVE,
        );
      }
      return;
    }
    if (unknown) {
      this.leaf(path, before === undefined ? undefined : shownWhole(before, bs, this.scrubber), SHOWN_KNOWN);
      return;
    }
    const bObj = isPlainObject(before);
    const aObj = isPlainObject(after);
    // The marker subtrees under each key (values.child, inlined: `true` propagates down).
    const bsO = bs !== null && typeof bs === "object" ? (bs as Record<string, unknown>) : undefined;
    const asO = as !== null && typeof as === "object" ? (as as Record<string, unknown>) : undefined;
    const auO = au !== null && typeof au === "object" ? (au as Record<string, unknown>) : undefined;
    if (
      (bObj || before === undefined || before === null) &&
      (aObj || after === undefined || after === null) &&
      (bObj || aObj)
    ) {
      const bKeys = bObj ? Object.keys(before) : EMPTY;
      const aKeys = aObj ? Object.keys(after) : EMPTY;
      const keys = unionSorted(bKeys, aKeys, auO && !Array.isArray(au) ? Object.keys(auO) : EMPTY);
      // A side whose own key list is the list walked needs no check for inherited names.
      const bOwn = keys === bKeys;
      const aOwn = keys === aKeys || (bOwn && sameList(bKeys, aKeys));
      // `{ name = "DB_PASSWORD", value = … }` on either side: its value is secret.
      const named = !secret && ((bObj && namesSecret(before)) || (aObj && namesSecret(after)));
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        this.walk(
          stepPath(path, k),
          depth + 1,
          k,
          bObj ? (bOwn ? before[k] : own(before, k)) : undefined,
          aObj ? (aOwn ? after[k] : own(after, k)) : undefined,
          bs === true ? true : bsO?.[k],
          as === true ? true : asO?.[k],
          au === true ? true : auO?.[k],
          secret || (named && isValueKey(k)),
        );
        if (this.full()) return;
      }
      return;
    }
    const bArr = Array.isArray(before);
    const aArr = Array.isArray(after);
    if ((bArr || before == null) && (aArr || after == null) && (bArr || aArr)) {
      const bl = bArr ? (before as unknown[]).length : 0;
      const al = aArr ? (after as unknown[]).length : 0;
      const auLen = Array.isArray(au) ? au.length : 0;
      const n = Math.max(bl, al, auLen);
      for (let i = 0; i < n; i++) {
        this.walk(
          stepPath(path, i),
          depth + 1,
          i,
          i < bl ? (before as unknown[])[i] : undefined,
          i < al ? (after as unknown[])[i] : undefined,
          child(bs, i),
          child(as, i),
          child(au, i),
          secret,
        );
        if (this.full()) return;
      }
      return;
    }
    if (before === undefined && after === undefined) return;
    if (before === null && after === undefined) return;
    if (before === undefined && after === null) return;
    if (before !== undefined && after !== undefined) {
      if (before === after) return;
      // Two different short strings always render differently; anything else is compared as rendered.
      if (
        typeof before === "string" &&
        typeof after === "string" &&
        before.length <= SHORT &&
        after.length <= SHORT
      ) {
        this.leaf(path, before, after);
        return;
      }
      // Different types (an object against a string), or long strings: each side shown whole, redacted,
      // compared whole (two values alike in their first 2,000 characters still differ).
      // A difference inside a secret still shows the entry, with the secret hidden on both sides. Two
      // strings are known to differ here (before !== after); other values are compared as JSON.
      const differ =
        (typeof before === "string" && typeof after === "string") ||
        JSON.stringify(before) !== JSON.stringify(after);
      if (differ) {
        const [sb, sa] = shownApart(
          wholeText(before, bs, this.scrubber),
          wholeText(after, as, this.scrubber),
          this.scrubber !== undefined,
        );
        this.leaf(path, sb, sa);
      }
      return;
    }
    this.leaf(path, before, after);
  }
}

/** Strings this long or shorter are never cut when rendered (their JSON text fits MAX_RENDERED). */
const SHORT = MAX_RENDERED - 2;

function run(change: Change, sink: DiffSink, scrubber: SecretScrubber | undefined): void {
  const kind = change.action;
  const before = kind === "create" || kind === "read" ? undefined : change.before;
  const after = kind === "delete" || kind === "forget" ? undefined : change.after;
  const replacePaths = (change.replacePaths ?? []).map((p) => formatPath(p));
  new Walk(sink, replacePaths, scrubber).walk(
    "",
    0,
    undefined,
    before,
    after,
    change.beforeSensitive,
    change.afterSensitive,
    change.afterUnknown,
    false,
  );
}

/**
 * Attribute differences between before and after, redacted. Leaves that differ are listed; a subtree that
 * is sensitive or secret-named is listed as one `(sensitive)` entry when it differs.
 */
export function attributeDiff(
  change: Change,
  limit = DEFAULT_LIMIT,
  scrubber?: SecretScrubber,
): AttributeDiff[] {
  const sink = new ObjectSink(limit);
  run(change, sink, scrubber);
  return sink.out;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON text of a string, as JSON.stringify writes it. */
export function quoteJson(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** JSON text of one side of an entry: the JSON string of its rendered text. */
function quoteSide(v: unknown): string {
  if (v instanceof Shown) return quoteJson(v.text);
  switch (typeof v) {
    case "string":
      // Rendered as "v", written as "\"v\"" when v needs no escaping and is not cut.
      if (v.length <= SHORT && !NEEDS_ESCAPE.test(v)) return `"\\"${v}\\""`;
      break;
    case "number":
    case "boolean":
      return `"${v}"`;
    default:
      if (v === null) return '"null"';
  }
  return quoteJson(render(v));
}

/** `JSON.stringify(attributeDiff(change, limit))`, written directly. */
export function attributeDiffJson(change: Change, limit = DEFAULT_LIMIT, scrubber?: SecretScrubber): string {
  const sink = new TextSink(limit);
  run(change, sink, scrubber);
  return `${sink.out}]`;
}
