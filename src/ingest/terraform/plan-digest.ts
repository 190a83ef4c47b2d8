// The change digest of a Terraform plan, item by item: what of each resource change is applied (the digest
// material, see model/digest.ts), and a way to hash it straight from the input bytes when Terraform already
// wrote those values in canonical form (change-scan.ts). Both give the same digest, by construction and by
// test: `DigestAccumulator` ends in exactly `computeDigest(material)`.
import { createHash } from "node:crypto";
import type { DigestMaterial } from "../../model/digest.js";
import { canonicalJsonOfParsed } from "../../util/canonical-json.js";
import { type ChangeScan, DIGEST_FIELDS, type DigestField, IDENTITY_FIELDS } from "./change-scan.js";
import type { ResourceChangeJson } from "./plan-types.js";

// The members of a resource change that say which object is changed, besides its address
// (IDENTITY_FIELDS: index, mode, module_address, name, provider_name, type) are in the item: the rules judge
// a change by its type and mode, the provider applies it, so an item that agreed with another on address
// and values but not on these would be a different change under the same digest.

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
  // Sorted order: index, mode, module_address, name, previous_address, provider_name, replace_paths, type.
  if (rc.index !== undefined) item.index = rc.index;
  if (rc.mode !== undefined) item.mode = rc.mode;
  if (rc.module_address !== undefined) item.module_address = rc.module_address;
  if (rc.name !== undefined) item.name = rc.name;
  if (rc.previous_address) item.previous_address = rc.previous_address;
  if (rc.provider_name !== undefined) item.provider_name = rc.provider_name;
  if (c.replace_paths) item.replace_paths = c.replace_paths;
  if (rc.type !== undefined) item.type = rc.type;
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
  ...IDENTITY_FIELDS.map((f) => `,"${f}":`),
].map((t) => Buffer.from(t, "latin1"));
/** Fragment of `,"key":` of IDENTITY_FIELDS index i: code IDENTITY_FRAGMENT - i. */
const IDENTITY_FRAGMENT = -1 - 9;
const NULL_FRAGMENT = -1 - 7;
const CLOSE_FRAGMENT = -1 - 8;
/** Item heads' starts, one per distinct action list: code HEAD - index. */
const HEAD = -100;
const MAX_HEADS = 800;
const TEXT = -1000;

const FIELD = Object.fromEntries(DIGEST_FIELDS.map((f, i) => [f, i])) as Record<DigestField, number>;

/** `{"actions":[…],"address":` of an action list. */
function headStart(actions: readonly string[]): string {
  // Actions are strings (checked on input), so the list's canonical form is JSON.stringify's.
  return `{"actions":${canonicalJsonOfParsed(actions)},"address":`;
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
  /** Head starts as bytes, and their index by action list. */
  private readonly heads: Buffer[] = [];
  private readonly headIndex = new Map<string, number>();

  constructor(private readonly bytes: Buffer) {}

  /** `{"actions":[…],"address":`, then the address: its input bytes when they are canonical. */
  private head(rc: ResourceChangeJson, scan: ChangeScan): void {
    const actions = rc.change.actions;
    const key = actions.length === 1 ? actions[0] : actions.join("\u0000");
    let h = this.headIndex.get(key);
    if (h === undefined && this.heads.length < MAX_HEADS) {
      h = this.heads.length;
      this.heads.push(Buffer.from(headStart(actions), "utf8"));
      this.headIndex.set(key, h);
    }
    if (h === undefined) this.text(headStart(actions));
    else this.push(HEAD - h);
    // An empty address was replaced by one made from the change's parts (plan-reader.ts).
    if (scan.addressStart >= 0 && scan.addressStop - scan.addressStart > 2) {
      this.push(scan.addressStart);
      this.push(scan.addressStop);
      // A string's canonical form is JSON.stringify's: RFC 8785 writes strings exactly as ECMAScript does.
    } else this.text(JSON.stringify(rc.address));
  }

  /**
   * `,"key":value` of the identity member IDENTITY_FIELDS[f] when present: its input bytes when they are
   * canonical (nearly always: short strings), else its canonical text.
   */
  private identity(f: number, value: unknown, scan: ChangeScan): void {
    if (value === undefined) return;
    this.push(IDENTITY_FRAGMENT - f);
    if (scan.identityStart[f] >= 0) {
      this.push(scan.identityStart[f]);
      this.push(scan.identityStop[f]);
    } else this.text(typeof value === "string" ? JSON.stringify(value) : canonicalJsonOfParsed(value));
  }

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

  /** The next change's item, from the scan of its bytes. */
  add(rc: ResourceChangeJson, scan: ChangeScan): void {
    const c = rc.change;
    this.head(rc, scan);
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
    // IDENTITY_FIELDS, in canonical order among the others.
    this.identity(0, rc.index, scan);
    this.identity(1, rc.mode, scan);
    this.identity(2, rc.module_address, scan);
    this.identity(3, rc.name, scan);
    if (rc.previous_address) this.text(`,"previous_address":${canonicalJsonOfParsed(rc.previous_address)}`);
    this.identity(4, rc.provider_name, scan);
    if (c.replace_paths) field(FIELD.replace_paths, c.replace_paths);
    this.identity(5, rc.type, scan);
    this.push(CLOSE_FRAGMENT);
    this.starts.push(this.used);
  }

  /**
   * The digest over these items in `order` (indices in the order added) and `extra`; undefined when `order`
   * does not cover exactly the items added (the caller then hashes the parsed material instead).
   */
  digest(extra: DigestMaterial["extra"], order: readonly number[]): string | undefined {
    if (order.length !== this.starts.length - 1) return undefined;
    const bytes = this.bytes;
    const codes = this.codes;
    const starts = this.starts;
    const texts = this.texts;
    const heads = this.heads;
    const out = new HashStage();
    out.text(`{"extra":${canonicalJsonOfParsed(extra)},"framework":"terraform","items":[`);
    for (let n = 0; n < order.length; n++) {
      const i = order[n];
      if (n > 0) out.byte(0x2c); // ,
      for (let j = starts[i], end = starts[i + 1]; j < end; j++) {
        const code = codes[j];
        if (code >= 0) out.range(bytes, code, codes[++j]);
        else if (code > HEAD) out.bytes(FRAGMENTS[-1 - code]);
        else if (code > TEXT) out.bytes(heads[HEAD - code]);
        else out.text(texts[TEXT - code]);
      }
    }
    out.text("]}");
    return `sha256:${out.finish()}`;
  }
}

/**
 * SHA-256 over many small pieces (a key, a value): gathered in a buffer and hashed a megabyte at a time,
 * since a native call per piece would cost more than the copy. Short pieces are copied byte by byte.
 */
class HashStage {
  private readonly h = createHash("sha256");
  private readonly stage = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  private flush(): void {
    this.h.update(this.stage.subarray(0, this.used));
    this.used = 0;
  }

  byte(c: number): void {
    if (this.used === this.stage.length) this.flush();
    this.stage[this.used++] = c;
  }

  text(s: string): void {
    const n = s.length;
    if (n * 3 > this.stage.length - this.used) {
      this.flush();
      if (n * 3 > this.stage.length) {
        this.h.update(s);
        return;
      }
    }
    const stage = this.stage;
    let used = this.used;
    if (n <= 256) {
      let k = 0;
      for (; k < n; k++) {
        const c = s.charCodeAt(k);
        if (c > 0x7f) break;
        stage[used + k] = c;
      }
      if (k === n) {
        this.used = used + n;
        return;
      }
    }
    used += stage.write(s, used, "utf8");
    this.used = used;
  }

  range(from: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n > this.stage.length - this.used) {
      this.flush();
      if (n > this.stage.length) {
        this.h.update(from.subarray(start, end));
        return;
      }
    }
    const stage = this.stage;
    const used = this.used;
    if (n <= 256) for (let k = 0; k < n; k++) stage[used + k] = from[start + k];
    else from.copy(stage, used, start, end);
    this.used = used + n;
  }

  bytes(piece: Buffer): void {
    this.range(piece, 0, piece.length);
  }

  /** The hex digest of everything given. */
  finish(): string {
    this.flush();
    return this.h.digest("hex");
  }
}
