// The change digest: SHA-256 over the RFC 8785 canonical JSON of exactly what would be applied.
// Stable across key order, whitespace and timestamps; any difference in what would be applied changes it.
// Approvals, the apply gate and the guard bind to this value.
import { createHash } from "node:crypto";
import { canonicalJsonOfParsed } from "../util/canonical-json.js";

export interface DigestMaterial {
  framework: string;
  /** One entry per changed object, already sorted by a stable key (address). */
  items: unknown[];
  /** Other parts of the change that are applied (outputs, stack parameters…). */
  extra: Record<string, unknown>;
}

const canon = canonicalJsonOfParsed;

/**
 * Streams `{"extra":…,"framework":…,"items":[…]}` in canonical form into the hash, one item at a time, so a
 * 50,000-change plan never needs a second whole-plan string in memory. The result equals
 * sha256(canonicalize(material)).
 */
export function computeDigest(material: DigestMaterial): string {
  const h = createHash("sha256");
  h.update(`{"extra":${canon(material.extra)},"framework":${canon(material.framework)},"items":[`);
  for (let i = 0; i < material.items.length; i++) {
    if (i > 0) h.update(",");
    h.update(canon(material.items[i]));
  }
  h.update("]}");
  return `sha256:${h.digest("hex")}`;
}
