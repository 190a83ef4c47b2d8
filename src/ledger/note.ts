// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys (signature type 0x01), and the key
// encodings of golang.org/x/mod/sumdb/note: verifier `name+hash+base64(0x01‖pub)` and signer
// `PRIVATE+KEY+name+hash+base64(0x01‖seed)`.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

const ALG_ED25519 = 0x01;
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const SIG_PREFIX = "— ";
/** The most signature lines accepted in one note (the Go implementation's cap). */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoteError";
  }
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
}

export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  base64: string;
}

export interface OpenedNote {
  text: string;
  /** Signatures from known keys that verified. */
  verified: NoteSignature[];
  /** Signatures from keys not in the verifier list (ignored, as the spec requires). */
  unverified: NoteSignature[];
}

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && isNoteText(name);
}

function isNoteText(s: string): boolean {
  // No ASCII control characters other than newline.
  return !/[\u0000-\u0009\u000b-\u001f]/.test(s);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4], big-endian. */
export function keyIdFor(name: string, publicKey: Uint8Array): number {
  const h = createHash("sha256")
    .update(name)
    .update("\n")
    .update(Buffer.from([ALG_ED25519]))
    .update(publicKey)
    .digest();
  return h.readUInt32BE(0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

export function publicKeyFromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: Buffer } {
  if (seed.length !== 32) throw new NoteError(`Ed25519 seed has ${seed.length} bytes, expected 32`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return { privateKey, publicKey: Buffer.from(spki.subarray(spki.length - 32)) };
}

export function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
}

export function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  const { privateKey, publicKey } = publicKeyFromSeed(seed);
  return { name, keyId: keyIdFor(name, publicKey), publicKey, privateKey };
}

export function encodeVerifierKey(v: NoteVerifier): string {
  return `${v.name}+${hex8(v.keyId)}+${Buffer.concat([Buffer.from([ALG_ED25519]), v.publicKey]).toString("base64")}`;
}

export function encodeSignerKey(name: string, seed: Uint8Array): string {
  const { publicKey } = publicKeyFromSeed(seed);
  const id = keyIdFor(name, publicKey);
  return `PRIVATE+KEY+${name}+${hex8(id)}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString("base64")}`;
}

function strictBase64(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const b = Buffer.from(s, "base64");
  return b.toString("base64") === s ? b : undefined;
}

/** Parses `name+hash+base64(0x01‖pub)`; the hash must match the key. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const s = vkey.trim();
  const first = s.indexOf("+");
  const second = first < 0 ? -1 : s.indexOf("+", first + 1);
  if (first <= 0 || second < 0) throw new NoteError("malformed verifier key (expected name+hash+key)");
  const name = s.slice(0, first);
  const hash = s.slice(first + 1, second);
  const key = strictBase64(s.slice(second + 1));
  if (!isValidKeyName(name)) throw new NoteError("malformed verifier key (bad name)");
  if (!/^[0-9a-f]{8}$/i.test(hash)) throw new NoteError("malformed verifier key (bad key hash)");
  if (key?.length !== 33) throw new NoteError("malformed verifier key (bad key data)");
  if (key[0] !== ALG_ED25519) throw new NoteError(`unsupported verifier key algorithm ${key[0]}`);
  const publicKey = Buffer.from(key.subarray(1));
  const keyId = keyIdFor(name, publicKey);
  if (keyId !== Number.parseInt(hash, 16))
    throw new NoteError("malformed verifier key (key hash does not match key)");
  return { name, keyId, publicKey };
}

/** Parses `PRIVATE+KEY+name+hash+base64(0x01‖seed)`. */
export function parseSignerKey(skey: string): NoteSigner {
  const s = skey.trim();
  if (!s.startsWith("PRIVATE+KEY+")) throw new NoteError("malformed signer key");
  const rest = s.slice("PRIVATE+KEY+".length);
  const parts = rest.split("+");
  if (parts.length < 3) throw new NoteError("malformed signer key");
  const name = parts[0];
  const hash = parts[1];
  const key = strictBase64(parts.slice(2).join("+"));
  if (
    !isValidKeyName(name) ||
    !/^[0-9a-f]{8}$/i.test(hash) ||
    !key ||
    key.length !== 33 ||
    key[0] !== ALG_ED25519
  ) {
    throw new NoteError("malformed signer key");
  }
  const signer = signerFromSeed(name, key.subarray(1));
  if (signer.keyId !== Number.parseInt(hash, 16))
    throw new NoteError("malformed signer key (key hash mismatch)");
  return signer;
}

/** Signs note text (which must end in a newline) and returns the whole signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith("\n") || text.includes("\n\n") || !isNoteText(text)) {
    throw new NoteError("malformed note text");
  }
  const sig = sign(null, Buffer.from(text, "utf8"), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId, 0);
  return `${text}\n${SIG_PREFIX}${signer.name} ${Buffer.concat([id, sig]).toString("base64")}\n`;
}

/** Splits a signed note into its text and signature lines (no verification). */
export function parseNote(msg: string): { text: string; signatures: NoteSignature[] } {
  if (!isNoteText(msg) || !msg.endsWith("\n")) throw new NoteError("malformed note");
  const split = msg.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("malformed note (no signatures)");
  const text = msg.slice(0, split + 1);
  const lines = msg.slice(split + 2, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw new NoteError("malformed note (too many signatures)");
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError("malformed note (bad signature line)");
    const body = line.slice(SIG_PREFIX.length);
    const sp = body.indexOf(" ");
    const name = body.slice(0, sp);
    const b64 = body.slice(sp + 1);
    const raw = sp > 0 ? strictBase64(b64) : undefined;
    if (!isValidKeyName(name) || !raw || raw.length < 5)
      throw new NoteError("malformed note (bad signature line)");
    signatures.push({ name, keyId: raw.readUInt32BE(0), base64: b64 });
  }
  return { text, signatures };
}

/**
 * Opens a signed note: signatures by known keys must verify (one that does not fails the whole note), unknown
 * keys are ignored, and at least one known key must have signed.
 */
export function openNote(msg: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(msg);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const s of signatures) {
    const v = verifiers.filter((k) => k.name === s.name && k.keyId === s.keyId);
    if (v.length === 0) {
      unverified.push(s);
      continue;
    }
    if (v.length > 1) throw new NoteError(`ambiguous key ${s.name}+${hex8(s.keyId)}`);
    const key = `${s.name}+${s.keyId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const raw = Buffer.from(s.base64, "base64");
    const ok = verify(
      null,
      Buffer.from(text, "utf8"),
      ed25519PublicKeyObject(v[0].publicKey),
      raw.subarray(4),
    );
    if (!ok) throw new NoteError(`invalid signature for key ${s.name}+${hex8(s.keyId)}`);
    verified.push(s);
  }
  if (verified.length === 0) throw new NoteError("note has no verifiable signatures");
  return { text, verified, unverified };
}
