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

/** Order of items in the digest: by address, then deposed key. */
export function sortKey(rc: ResourceChangeJson): string {
  return `${rc.address}\u0000${rc.deposed ?? ""}`;
}

/**
 * One digest item's canonical JSON (what `canonicalJsonOfParsed(digestItem(rc))` writes) as pieces: text; a
 * negative number, a fixed fragment (FRAGMENTS); or a pair of numbers, a byte range of the input holding a
 * value already in canonical form (change-scan.ts).
 */
export type DigestSegments = (string | number)[];

/** Fixed pieces of the item text, referred to from segments as -1 - index. */
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

function digestSegments(rc: ResourceChangeJson, scan: ChangeScan): DigestSegments {
  const c = rc.change;
  const out: DigestSegments = [
    `{"actions":${canonicalJsonOfParsed(c.actions)},"address":${canonicalJsonOfParsed(rc.address)}`,
  ];
  // DIGEST_FIELDS index f has fragment f; `deposed` and `previous_address` sort between and after them.
  const field = (f: number, value: unknown): void => {
    out.push(-1 - f);
    if (value === null || value === undefined) out.push(NULL_FRAGMENT);
    else if (scan.start[f] >= 0 && scan.canonical[f]) out.push(scan.start[f], scan.stop[f]);
    else out.push(canonicalJsonOfParsed(value));
  };
  field(FIELD.after, c.after);
  field(FIELD.after_sensitive, c.after_sensitive);
  field(FIELD.after_unknown, c.after_unknown);
  field(FIELD.before, c.before);
  field(FIELD.before_sensitive, c.before_sensitive);
  if (rc.deposed) out.push(`,"deposed":${canonicalJsonOfParsed(rc.deposed)}`);
  if (c.importing) field(FIELD.importing, c.importing);
  if (rc.previous_address) out.push(`,"previous_address":${canonicalJsonOfParsed(rc.previous_address)}`);
  if (c.replace_paths) field(FIELD.replace_paths, c.replace_paths);
  out.push(CLOSE_FRAGMENT);
  return out;
}

const FIELD = Object.fromEntries(DIGEST_FIELDS.map((f, i) => [f, i])) as Record<DigestField, number>;

/** computeDigest(material) for the Terraform material, hashing each item from its segments. */
function digestOfSegments(
  material: DigestMaterial,
  bytes: Buffer,
  sorted: { segments: DigestSegments }[],
): string {
  const h = createHash("sha256");
  // Pieces are small (a key, a value): gathered in a buffer and hashed a megabyte at a time.
  const STAGE = 1 << 20;
  let stage = Buffer.allocUnsafe(STAGE);
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
  text(
    `{"extra":${canonicalJsonOfParsed(material.extra)},"framework":${canonicalJsonOfParsed(material.framework)},"items":[`,
  );
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) text(",");
    const segs = sorted[i].segments;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j];
      if (typeof s === "string") text(s);
      else if (s < 0) fragment(FRAGMENTS[-1 - s]);
      else {
        range(s, segs[j + 1] as number);
        j++;
      }
    }
  }
  text("]}");
  h.update(stage.subarray(0, used));
  stage = Buffer.alloc(0);
  return `sha256:${h.digest("hex")}`;
}

/**
 * Collects the digest items of a plan's resource changes as segments of the input; `digest(extra)` hashes
 * them in digest order. Undefined when some change could not be taken from the input bytes (`add` with no
 * scan): the caller then hashes the parsed material instead.
 */
export class DigestAccumulator {
  private readonly keys: string[] = [];
  private readonly segments: DigestSegments[] = [];
  private complete = true;

  constructor(private readonly bytes: Buffer) {}

  add(rc: ResourceChangeJson, scan: ChangeScan | null): void {
    if (!scan) {
      this.complete = false;
      return;
    }
    this.keys.push(sortKey(rc));
    this.segments.push(digestSegments(rc, scan));
  }

  /** The digest for these items and `extra` (outputs and deferred changes). */
  digest(extra: DigestMaterial["extra"]): string | undefined {
    if (!this.complete) return undefined;
    const order = this.keys.map((_, i) => i);
    // Stable: changes with the same key keep their order in the plan.
    order.sort((a, b) => {
      const ka = this.keys[a];
      const kb = this.keys[b];
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    return digestOfSegments(
      { framework: "terraform", items: [], extra },
      this.bytes,
      order.map((i) => ({ segments: this.segments[i] })),
    );
  }
}
