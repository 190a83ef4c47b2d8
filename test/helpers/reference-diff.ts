// The attribute diff as first written (a plain recursive walk building AttributeDiff objects), kept as the
// reference the optimized walk in src/model/attribute-diff.ts is tested against (same entries, byte for
// byte, on generated and real values). Differences from it are deliberate and listed where they are tested:
// a key of one side is never read from the other side's prototype ("constructor", "toString"…). A value
// shown whole (its other side unknown or of another type) is redacted first (redactValue), and the `value`
// beside a secret-naming `name` is secret. Two values alike in their first 2,000 characters are compared whole
// and shown from just before where they differ.
import type { AttributeDiff } from "../../src/model/assessment.js";
import type { Change } from "../../src/model/types.js";
import { InputError } from "../../src/model/types.js";
import {
  child,
  formatPath,
  isSecretName,
  KNOWN_AFTER_APPLY,
  namesSecret,
  type PathSeg,
  redactValue,
  SENSITIVE,
} from "../../src/model/values.js";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const MAX_RENDERED = 2000;
const MAX_ATTRIBUTE_DEPTH = 200;

function render(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return "null";
  return s.length > MAX_RENDERED ? `${s.slice(0, boundaryAtOrBefore(s, MAX_RENDERED))}…` : s;
}

/**
 * Where JSON text may be cut: between its characters, never inside an escape (a backslash and what it
 * escapes, six characters for \uXXXX) or a surrogate pair. Found by reading the text unit by unit.
 */
function boundaries(t: string): number[] {
  const out = [0];
  for (let i = 0; i < t.length; ) {
    const c = t.charCodeAt(i);
    if (c === 0x5c) i += t[i + 1] === "u" ? 6 : 2;
    else if (c >= 0xd800 && c <= 0xdbff && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 2;
    else i += 1;
    out.push(Math.min(i, t.length));
  }
  return out;
}

function boundaryAtOrBefore(t: string, i: number): number {
  return boundaries(t)
    .filter((b) => b <= i)
    .pop() as number;
}

function boundaryAtOrAfter(t: string, i: number): number {
  return boundaries(t).find((b) => b >= i) ?? t.length;
}

interface DiffCtx {
  out: AttributeDiff[];
  replacePaths: string[];
  limit: number;
}

/**
 * Attribute differences between before and after, redacted. Leaves that differ are listed; a subtree that
 * is sensitive or secret-named is listed as one `(sensitive)` entry when it differs.
 */
export function referenceAttributeDiff(change: Change, limit = 500): AttributeDiff[] {
  const ctx: DiffCtx = {
    out: [],
    replacePaths: (change.replacePaths ?? []).map((p) => formatPath(p)),
    limit,
  };
  const kind = change.action;
  const before = kind === "create" || kind === "read" ? undefined : change.before;
  const after = kind === "delete" || kind === "forget" ? undefined : change.after;
  walk(ctx, [], before, after, change.beforeSensitive, change.afterSensitive, change.afterUnknown, false);
  return ctx.out;
}

function push(ctx: DiffCtx, path: PathSeg[], before: string | undefined, after: string | undefined): void {
  if (ctx.out.length >= ctx.limit) return;
  const p = formatPath(path);
  const d: AttributeDiff = { path: p || "(value)" };
  if (before !== undefined) d.before = before;
  if (after !== undefined) d.after = after;
  if (
    ctx.replacePaths.length &&
    ctx.replacePaths.some((r) => r === p || p.startsWith(`${r}.`) || p.startsWith(`${r}[`))
  )
    d.forcesReplacement = true;
  ctx.out.push(d);
}

function walk(
  ctx: DiffCtx,
  path: PathSeg[],
  before: unknown,
  after: unknown,
  bs: unknown,
  as: unknown,
  au: unknown,
  secretAbove: boolean,
): void {
  if (ctx.out.length >= ctx.limit) return;
  if (path.length > MAX_ATTRIBUTE_DEPTH)
    throw new InputError(`attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
  const lastSeg = path[path.length - 1];
  const secret = secretAbove || (typeof lastSeg === "string" && isSecretName(lastSeg));
  const unknown = au === true;
  const bSens = bs === true || (secret && before !== undefined && before !== null);
  const aSens = as === true || (secret && after !== undefined && after !== null);
  if (bSens || aSens) {
    // Compare without revealing: only say that it changed.
    if (unknown || JSON.stringify(before) !== JSON.stringify(after)) {
      push(
        ctx,
        path,
        before === undefined
          ? undefined
          : bSens
            ? "(sensitive)"
            : secret
              ? SENSITIVE
              : render(redactValue(before, bs)),
        unknown ? KNOWN_AFTER_APPLY : after === undefined ? undefined : SENSITIVE,
      );
    }
    return;
  }
  if (unknown) {
    push(ctx, path, before === undefined ? undefined : render(redactValue(before, bs)), KNOWN_AFTER_APPLY);
    return;
  }
  const bObj = isPlainObject(before);
  const aObj = isPlainObject(after);
  const auObj = isPlainObject(au) || Array.isArray(au);
  if (
    (bObj || before === undefined || before === null) &&
    (aObj || after === undefined || after === null) &&
    (bObj || aObj)
  ) {
    const keys = new Set<string>();
    if (bObj) for (const k of Object.keys(before)) keys.add(k);
    if (aObj) for (const k of Object.keys(after)) keys.add(k);
    if (auObj && !Array.isArray(au)) for (const k of Object.keys(au as object)) keys.add(k);
    const named = (bObj && namesSecret(before)) || (aObj && namesSecret(after));
    for (const k of [...keys].sort()) {
      path.push(k);
      walk(
        ctx,
        path,
        bObj ? before[k] : undefined,
        aObj ? after[k] : undefined,
        child(bs, k),
        child(as, k),
        child(au, k),
        secret || (named && (k === "value" || k === "Value")),
      );
      path.pop();
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
      path.push(i);
      walk(
        ctx,
        path,
        i < bl ? (before as unknown[])[i] : undefined,
        i < al ? (after as unknown[])[i] : undefined,
        child(bs, i),
        child(as, i),
        child(au, i),
        secret,
      );
      path.pop();
    }
    return;
  }
  if (before === undefined && after === undefined) return;
  if (
    before !== undefined &&
    after !== undefined &&
    (before === after || JSON.stringify(before) === JSON.stringify(after))
  )
    return;
  if (before === null && after === undefined) return;
  if (before === undefined && after === null) return;
  if (before !== undefined && after !== undefined) {
    push(
      ctx,
      path,
      ...apart(JSON.stringify(redactValue(before, bs)), JSON.stringify(redactValue(after, as))),
    );
    return;
  }
  push(
    ctx,
    path,
    before === undefined ? undefined : render(redactValue(before, bs)),
    after === undefined ? undefined : render(redactValue(after, as)),
  );
}

/** Two differing texts, each cut at the same place: 200 characters before their first difference. */
function apart(b: string, a: string): [string, string] {
  const same = [...Array(Math.min(b.length, a.length)).keys()].findIndex((i) => b[i] !== a[i]);
  const first = same < 0 ? Math.min(b.length, a.length) : same;
  const from = first < MAX_RENDERED - 200 ? 0 : boundaryAtOrAfter(b, first - 200);
  const cut = (t: string) => {
    const end = from + MAX_RENDERED >= t.length ? t.length : boundaryAtOrBefore(t, from + MAX_RENDERED);
    return (from > 0 ? "…" : "") + t.substring(from, end) + (end < t.length ? "…" : "");
  };
  return [cut(b), cut(a)];
}
