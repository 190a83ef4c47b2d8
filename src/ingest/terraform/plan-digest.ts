// The change digest of a Terraform plan, item by item: what of each resource change is applied (the digest
// material, see model/digest.ts), and a way to hash it straight from the input bytes when Terraform already
// wrote those values in canonical form (change-scan.ts). Both give the same digest, by construction and by
// test: `DigestAccumulator` ends in exactly `computeDigest(material)`.
import { createHash } from "node:crypto";
import type { DigestMaterial } from "../../model/digest.js";
import { canonicalJsonOfParsed } from "../../util/canonical-json.js";
import { type ChangeScan, DIGEST_FIELDS, type DigestField } from "./change-scan.js";
import type { ResourceChangeJson } from "./plan-types.js";

/** The part of a resource change that is applied, for the digest. */
export function digestItem(rc: ResourceChangeJson): unknown {
  const c = rc.change;
  // Keys inserted in sorted order, so the canonical serializer's fast path applies.
  const item: Record<string, unknown> = {
    actions: c.actions,
    address: rc.address,
    after: c.after ?? null,
    after_sensitive: c.after_sensitive ?? null,
    after_unknown: c.after_unknown ?? null,
    before: c.before ?? null,
    before_sensitive: c.before_sensitive ?? null,
  };
  if (rc.deposed) item.deposed = rc.deposed;
  if (c.importing) item.importing = c.importing;
  if (rc.previous_address) item.previous_address = rc.previous_address;
  if (c.replace_paths) item.replace_paths = c.replace_paths;
  return item;
}

/** Fixed pieces of the item text: code -1 - index. Texts of the item's own: code TEXT - index. */
const FRAGMENTS = [
  ',"after":',
  ',"after_sensitive":',
  ',"after_unknown":',
  ',"before":',
  ',"before_sensitive":',
  ',"importing":',
  ',"replace_paths":',
  "null",
  "}",
].map((t) => Buffer.from(t, "latin1"));
const NULL_FRAGMENT = -1 - 7;
const CLOSE_FRAGMENT = -1 - 8;
const TEXT = -1000;

const FIELD = Object.fromEntries(DIGEST_FIELDS.map((f, i) => [f, i])) as Record<DigestField, number>;

/** `{"actions":[…],"address":` per action list; a plan has only a handful of distinct lists. */
const headStarts = new Map<string, string>();

/** The digest item's head, `{"actions":…,"address":…`, from the values the change set keeps. */
export function digestHead(actions: readonly string[], address: string): string {
  // Actions are strings (checked on input), so the list's canonical form is JSON.stringify's, and so is a
  // string's: RFC 8785 writes strings exactly as ECMAScript does.
  const key = actions.length === 1 ? actions[0] : actions.join("\u0000");
  let start = headStarts.get(key);
  if (start === undefined) {
    start = `{"actions":${canonicalJsonOfParsed(actions)},"address":`;
    if (headStarts.size < 64) headStarts.set(key, start);
  }
  return start + JSON.stringify(address);
}

/**
 * Collects the digest items of a plan's resource changes as codes: after the item's head, fixed fragments,
 * byte ranges of the input whose bytes are already the canonical JSON of a value (change-scan.ts), and the
 * canonical text of values that are not. All in one growing Int32Array, so a 50,000-change plan keeps no
 * object per item. `digest` hashes the items in digest order and equals `computeDigest(material)`.
 */
export class DigestAccumulator {
  private codes = new Int32Array(1 << 16);
  private used = 0;
  private readonly starts: number[] = [0];
  private readonly texts: string[] = [];

  constructor(private readonly bytes: Buffer) {}

  private push(code: number): void {
    if (this.used === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.used++] = code;
  }

  private text(t: string): void {
    this.push(TEXT - this.texts.length);
    this.texts.push(t);
  }

  /** The next change's item (the item without its head), from the scan of its bytes. */
  add(rc: ResourceChangeJson, scan: ChangeScan): void {
    const c = rc.change;
    // DIGEST_FIELDS index f has fragment f; `deposed` and `previous_address` sort between and after them.
    const field = (f: number, value: unknown): void => {
      this.push(-1 - f);
      if (value === null || value === undefined) this.push(NULL_FRAGMENT);
      else if (scan.start[f] >= 0 && scan.canonical[f]) {
        this.push(scan.start[f]);
        this.push(scan.stop[f]);
      } else this.text(canonicalJsonOfParsed(value));
    };
    field(FIELD.after, c.after);
    field(FIELD.after_sensitive, c.after_sensitive);
    field(FIELD.after_unknown, c.after_unknown);
    field(FIELD.before, c.before);
    field(FIELD.before_sensitive, c.before_sensitive);
    if (rc.deposed) this.text(`,"deposed":${canonicalJsonOfParsed(rc.deposed)}`);
    if (c.importing) field(FIELD.importing, c.importing);
    if (rc.previous_address) this.text(`,"previous_address":${canonicalJsonOfParsed(rc.previous_address)}`);
    if (c.replace_paths) field(FIELD.replace_paths, c.replace_paths);
    this.push(CLOSE_FRAGMENT);
    this.starts.push(this.used);
  }

  /**
   * The digest over these items in `order` (indices in the order added), each preceded by `head(i)`, and
   * `extra`; undefined when `order` does not cover exactly the items added (the caller then hashes the parsed
   * material instead).
   */
  digest(
    extra: DigestMaterial["extra"],
    order: readonly number[],
    head: (i: number) => string,
  ): string | undefined {
    if (order.length !== this.starts.length - 1) return undefined;
    const bytes = this.bytes;
    const codes = this.codes;
    const h = createHash("sha256");
    // Pieces are small (a key, a value): gathered in a buffer and hashed a megabyte at a time.
    const STAGE = 1 << 20;
    const stage = Buffer.allocUnsafe(STAGE);
    let used = 0;
    const text = (s: string): void => {
      if (s.length * 3 > STAGE - used) {
        h.update(stage.subarray(0, used));
        used = 0;
        if (s.length * 3 > STAGE) {
          h.update(s);
          return;
        }
      }
      // Short ASCII text is copied here; a native call per piece would cost more than the copy.
      const n = s.length;
      if (n <= 256) {
        let k = 0;
        for (; k < n; k++) {
          const c = s.charCodeAt(k);
          if (c > 0x7f) break;
          stage[used + k] = c;
        }
        if (k === n) {
          used += n;
          return;
        }
      }
      used += stage.write(s, used, "utf8");
    };
    const range = (from: number, to: number): void => {
      const n = to - from;
      if (n > STAGE - used) {
        h.update(stage.subarray(0, used));
        used = 0;
        if (n > STAGE) {
          h.update(bytes.subarray(from, to));
          return;
        }
      }
      if (n <= 256) {
        for (let k = 0; k < n; k++) stage[used + k] = bytes[from + k];
        used += n;
      } else used += bytes.copy(stage, used, from, to);
    };
    const fragment = (f: Buffer): void => {
      if (f.length > STAGE - used) {
        h.update(stage.subarray(0, used));
        used = 0;
      }
      for (let k = 0; k < f.length; k++) stage[used + k] = f[k];
      used += f.length;
    };
    text(`{"extra":${canonicalJsonOfParsed(extra)},"framework":"terraform","items":[`);
    for (let n = 0; n < order.length; n++) {
      const i = order[n];
      if (n > 0) text(",");
      text(head(i));
      for (let j = this.starts[i], end = this.starts[i + 1]; j < end; j++) {
        const code = codes[j];
        if (code >= 0) range(code, codes[++j]);
        else if (code > TEXT) fragment(FRAGMENTS[-1 - code]);
        else text(this.texts[TEXT - code]);
      }
    }
    text("]}");
    h.update(stage.subarray(0, used));
    return `sha256:${h.digest("hex")}`;
  }
}
