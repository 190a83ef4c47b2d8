// DSSE: pre-authentication encoding and envelope helpers (protocol v1.0.0).
import type { DsseEnvelope } from "./types.js";

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

/** Decodes standard or URL-safe base64 (DSSE verifiers must accept either). */
export function decodeBase64Any(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

export function parseEnvelope(text: string): DsseEnvelope {
  const v = JSON.parse(text) as DsseEnvelope;
  if (
    !v ||
    typeof v.payload !== "string" ||
    typeof v.payloadType !== "string" ||
    !Array.isArray(v.signatures) ||
    v.signatures.some((s) => typeof s?.sig !== "string")
  ) {
    throw new Error("not a DSSE envelope");
  }
  return v;
}
