// Defence in depth for secrets: collect every sensitive or secret-named leaf value of a change set so that
// free text (rule messages) can be scrubbed before it reaches any output, store or log.
import { listedCommandSecrets } from "./secret-commands.js";
import { redactSecretForms } from "./secret-forms.js";
import type { ChangeSet } from "./types.js";
import { isSecretName, isValueKey, namesSecret, parseJsonText, SENSITIVE } from "./values.js";

const MIN_SECRET_LENGTH = 4;

/** What a change set holds: secret values (replaced wherever they appear) and elements of argument lists. */
interface Collected {
  /** Sensitive and secret-named values. */
  values: Set<string>;
  /** An argument list's element that holds a password → how it is shown (see listedCommandSecrets). */
  elements: Map<string, string>;
}

function collect(
  value: unknown,
  marks: unknown,
  secret: boolean,
  out: Collected,
  depth: number,
  inDocument = false,
): void {
  if (value === null || value === undefined || depth > 256) return;
  const sensitive = secret || marks === true;
  const t = typeof value;
  if (t === "string" || t === "number") {
    if (sensitive) {
      const s = t === "string" ? (value as string) : String(value);
      if (s.length >= MIN_SECRET_LENGTH) out.values.add(s);
    } else if (t === "string") {
      // A JSON document in a string (container_definitions): the secrets named inside it.
      const doc = parseJsonText(value as string);
      if (doc !== undefined) collect(doc, undefined, false, out, depth + 1, true);
    }
    return;
  }
  if (t !== "object") return;
  // The marker subtree under each key (as values.child does, inlined: this walk visits every value).
  const markObj =
    marks !== null && typeof marks === "object" ? (marks as Record<string, unknown>) : undefined;
  if (Array.isArray(value)) {
    // A command as a list of arguments (`args = ["--requirepass", X]`): no one string holds flag and value.
    // Shown where the element stands; in a JSON document's text (an ECS task's container_definitions) the
    // element is not a text of its own, so its passwords are replaced wherever they appear.
    if (!sensitive && value.length >= 2 && isStringList(value))
      for (const l of listedCommandSecrets(value))
        if (!inDocument) out.elements.set(l.element, l.shown);
        else for (const p of l.passwords) if (p.length >= MIN_SECRET_LENGTH) out.values.add(p);
    for (let i = 0; i < value.length; i++)
      collect(value[i], sensitive ? true : markObj?.[i], sensitive, out, depth + 1, inDocument);
    return;
  }
  const obj = value as Record<string, unknown>;
  const named = !sensitive && namesSecret(obj);
  for (const k in obj) {
    const v = obj[k];
    if (v === null || v === undefined) continue;
    collect(
      v,
      sensitive ? true : markObj && Object.hasOwn(markObj, k) ? markObj[k] : undefined,
      sensitive || isSecretName(k) || (named && isValueKey(k)),
      out,
      depth + 1,
      inDocument,
    );
  }
}

function isStringList(list: readonly unknown[]): list is string[] {
  for (const x of list) if (typeof x !== "string") return false;
  return true;
}

const scrubbers = new WeakMap<ChangeSet, SecretScrubber>();

/** The scrubber of a change set's secrets, made once per change set (the report and the rules share it). */
export function secretScrubberOf(cs: ChangeSet): SecretScrubber {
  let s = scrubbers.get(cs);
  if (!s) {
    const { values, elements } = collectSecrets(cs);
    s = new SecretScrubber(values, elements);
    scrubbers.set(cs, s);
  }
  return s;
}

export function collectSecrets(cs: ChangeSet): { values: string[]; elements: Map<string, string> } {
  const out: Collected = { values: new Set(), elements: new Map() };
  for (const c of cs.changes) {
    collect(c.before, c.beforeSensitive, false, out, 0);
    collect(c.after, c.afterSensitive, false, out, 0);
  }
  // Longest first so that a secret containing another is replaced whole.
  return { values: [...out.values].sort((a, b) => b.length - a.length), elements: out.elements };
}

/** Most distinct secret prefixes for which one regular expression pre-filters texts. */
const MAX_PREFILTER = 256;

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** The secrets that start with one prefix: by length, longest first, each length a set. */
interface PrefixBucket {
  lengths: number[];
  byLength: Map<number, Set<string>>;
}

/**
 * Replaces every occurrence of any secret in text with "(sensitive)". Secrets are indexed by their first
 * MIN_SECRET_LENGTH characters and then by length, so scrubbing costs O(text length × distinct lengths)
 * whatever the number of secrets (a 50,000-change plan can hold thousands, often sharing a prefix:
 * `pw-1001-…`, `pw-1002-…`); at each position the longest matching secret wins.
 */
export class SecretScrubber {
  private readonly byPrefix = new Map<string, PrefixBucket>();

  /**
   * `secrets`: replaced wherever they appear; `elements`: texts replaced only when a text is one of them
   * whole (an argument list's element, see listedCommandSecrets), by how it is shown.
   */
  constructor(
    secrets: Iterable<string>,
    private readonly elements: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const s of secrets) {
      if (s.length < MIN_SECRET_LENGTH) continue;
      const key = s.slice(0, MIN_SECRET_LENGTH);
      let bucket = this.byPrefix.get(key);
      if (!bucket) {
        bucket = { lengths: [], byLength: new Map() };
        this.byPrefix.set(key, bucket);
      }
      let set = bucket.byLength.get(s.length);
      if (!set) {
        set = new Set();
        bucket.byLength.set(s.length, set);
        bucket.lengths.push(s.length);
      }
      set.add(s);
    }
    for (const bucket of this.byPrefix.values()) bucket.lengths.sort((a, b) => b - a);
    // Few distinct prefixes (the usual case): one native regular-expression scan tells whether a text
    // holds any of them at all, before the character-by-character scan.
    if (this.byPrefix.size > 0 && this.byPrefix.size <= MAX_PREFILTER)
      this.prefilter = new RegExp([...this.byPrefix.keys()].map(escapeRegExp).join("|"));
    for (const key of this.byPrefix.keys()) {
      const pair = ((key.charCodeAt(0) << 8) ^ key.charCodeAt(1)) & 0xffff;
      this.pairs[pair >>> 3] |= 1 << (pair & 7);
    }
  }

  /** One bit per (hashed) pair of first characters of the secrets. */
  private readonly pairs = new Uint8Array(8192);

  get size(): number {
    return this.byPrefix.size;
  }

  private prefilter: RegExp | undefined;

  /**
   * `text` with every secret of the change set, every password in a URL and every secret of a known form
   * replaced by "(sensitive)".
   */
  scrub(text: string): string {
    if (this.elements.size) {
      const shown = this.elements.get(text);
      if (shown !== undefined) return shown;
    }
    return redactSecretForms(this.literals(text));
  }

  private literals(text: string): string {
    if (this.byPrefix.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    if (this.prefilter && !this.prefilter.test(text)) return text;
    let out = "";
    let last = 0;
    const pairs = this.pairs;
    for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; ) {
      // Most positions start no secret: a bit per pair of first characters rules them out cheaply.
      const pair = ((text.charCodeAt(i) << 8) ^ text.charCodeAt(i + 1)) & 0xffff;
      if ((pairs[pair >>> 3] & (1 << (pair & 7))) === 0) {
        i++;
        continue;
      }
      const bucket = this.byPrefix.get(text.substr(i, MIN_SECRET_LENGTH));
      let hit = 0;
      if (bucket)
        for (const n of bucket.lengths)
          if (i + n <= text.length && bucket.byLength.get(n)?.has(text.substr(i, n))) {
            hit = n;
            break;
          }
      if (hit) {
        out += `${text.slice(last, i)}${SENSITIVE}`;
        i += hit;
        last = i;
      } else i++;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

export function scrub(text: string, secrets: readonly string[]): string {
  return new SecretScrubber(secrets).scrub(text);
}
