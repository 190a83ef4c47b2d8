// The redacted attribute diff of one change: the leaves that differ between before and after, with sensitive
// and secret-named values shown as "(sensitive)" and unknown ones as "(known after apply)". One walk, two
// outputs: AttributeDiff objects (for the library and policy input) or the JSON text of that same array,
// written straight into the JSON report without building the objects (a 50,000-change plan has ~400,000).
import type { AttributeDiff } from "./assessment.js";
import type { Change } from "./types.js";
import { InputError } from "./types.js";
import { child, formatPath, isSecretName, type PathSeg } from "./values.js";

export { KNOWN_AFTER_APPLY, SENSITIVE };

import { KNOWN_AFTER_APPLY, SENSITIVE } from "./values.js";

const MAX_RENDERED = 2000;
/** Deepest attribute path the diff walks; readers reject deeper values before any report is written. */
export const MAX_ATTRIBUTE_DEPTH = 200;
const DEFAULT_LIMIT = 500;

/** How a leaf value is shown: its JSON text, cut at MAX_RENDERED characters. */
export function render(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return "null";
  return s.length > MAX_RENDERED ? `${s.slice(0, MAX_RENDERED)}…` : s;
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
  const parts = [a, b, c].filter((x) => x.length);
  if (parts.length === 0) return [];
  if (parts.length === 1 && isSorted(parts[0])) return parts[0];
  if (parts.length === 2 && parts[0].length === parts[1].length && isSorted(parts[0])) {
    const [x, y] = parts;
    let same = true;
    for (let i = 0; i < x.length; i++)
      if (x[i] !== y[i]) {
        same = false;
        break;
      }
    if (same) return x;
  }
  const set = new Set<string>();
  for (const p of parts) for (const k of p) set.add(k);
  return [...set].sort();
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** Receives the diff entries; `full` stops the walk at the limit. */
interface DiffSink {
  full(): boolean;
  push(path: string, before: string | undefined, after: string | undefined, forces: boolean): void;
}

class Walk {
  constructor(
    private readonly sink: DiffSink,
    private readonly replacePaths: string[],
  ) {}

  leaf(path: string, before: string | undefined, after: string | undefined): void {
    if (this.sink.full()) return;
    const p = path || "(value)";
    let forces = false;
    if (this.replacePaths.length)
      forces = this.replacePaths.some(
        (r) => r === path || path.startsWith(`${r}.`) || path.startsWith(`${r}[`),
      );
    this.sink.push(p, before, after, forces);
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
    if (this.sink.full()) return;
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
          before === undefined ? undefined : bSens ? SENSITIVE : secret ? SENSITIVE : render(before),
          unknown ? KNOWN_AFTER_APPLY : after === undefined ? undefined : SENSITIVE,
        );
      }
      return;
    }
    if (unknown) {
      this.leaf(path, before === undefined ? undefined : render(before), KNOWN_AFTER_APPLY);
      return;
    }
    const bObj = isPlainObject(before);
    const aObj = isPlainObject(after);
    if (
      (bObj || before === undefined || before === null) &&
      (aObj || after === undefined || after === null) &&
      (bObj || aObj)
    ) {
      const keys = unionSorted(
        bObj ? Object.keys(before) : [],
        aObj ? Object.keys(after) : [],
        isPlainObject(au) ? Object.keys(au) : [],
      );
      for (const k of keys) {
        this.walk(
          stepPath(path, k),
          depth + 1,
          k,
          bObj ? own(before, k) : undefined,
          aObj ? own(after, k) : undefined,
          child(bs, k),
          child(as, k),
          child(au, k),
          secret,
        );
        if (this.sink.full()) return;
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
        if (this.sink.full()) return;
      }
      return;
    }
    if (before === undefined && after === undefined) return;
    if (before === null && after === undefined) return;
    if (before === undefined && after === null) return;
    if (before !== undefined && after !== undefined) {
      if (before === after) return;
      const rb = render(before);
      const ra = render(after);
      if (rb !== ra) this.leaf(path, rb, ra);
      return;
    }
    this.leaf(
      path,
      before === undefined ? undefined : render(before),
      after === undefined ? undefined : render(after),
    );
  }
}

function run(change: Change, sink: DiffSink): void {
  const kind = change.action;
  const before = kind === "create" || kind === "read" ? undefined : change.before;
  const after = kind === "delete" || kind === "forget" ? undefined : change.after;
  const replacePaths = (change.replacePaths ?? []).map((p) => formatPath(p));
  new Walk(sink, replacePaths).walk(
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
export function attributeDiff(change: Change, limit = DEFAULT_LIMIT): AttributeDiff[] {
  const out: AttributeDiff[] = [];
  run(change, {
    full: () => out.length >= limit,
    push(path, before, after, forces) {
      const d: AttributeDiff = { path };
      if (before !== undefined) d.before = before;
      if (after !== undefined) d.after = after;
      if (forces) d.forcesReplacement = true;
      out.push(d);
    },
  });
  return out;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON text of a string, as JSON.stringify writes it. */
export function quoteJson(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

const PLAIN_STRING_JSON = /^"[^"\\\u0000-\u001f\ud800-\udfff]*"$/;

/** JSON text of a rendered value (itself JSON text, usually a quoted string with nothing to escape). */
function quoteRendered(s: string): string {
  if (s.charCodeAt(0) === 0x22 && PLAIN_STRING_JSON.test(s)) return `"\\"${s.slice(1, -1)}\\""`;
  return quoteJson(s);
}

/** `JSON.stringify(attributeDiff(change, limit))`, written directly. */
export function attributeDiffJson(change: Change, limit = DEFAULT_LIMIT): string {
  let out = "[";
  let n = 0;
  run(change, {
    full: () => n >= limit,
    push(path, before, after, forces) {
      out += `${n ? "," : ""}{"path":${quoteJson(path)}`;
      if (before !== undefined) out += `,"before":${quoteRendered(before)}`;
      if (after !== undefined) out += `,"after":${quoteRendered(after)}`;
      if (forces) out += `,"forcesReplacement":true`;
      out += "}";
      n++;
    },
  });
  return `${out}]`;
}
