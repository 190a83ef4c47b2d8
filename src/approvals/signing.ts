// Signing review statements: with the reviewer's SSH key through `ssh-keygen -Y sign -n airlock` (SSHSIG),
// or with an Ed25519 key of Airlock's own. Both are verified against an allowed_signers file: SSH
// signatures by `ssh-keygen -Y verify`, Airlock Ed25519 signatures in-process against the file's
// `ssh-ed25519` entries (same principals, namespaces and validity rules).
import { spawnSync } from "node:child_process";
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ed25519PublicKeyObject } from "../ledger/note.js";
import { InputError } from "../model/types.js";
import { airlockHome, ensureAirlockHome } from "../store/home.js";
import { type AllowedSigner, readAllowedSigners, signersFor } from "./allowed-signers.js";
import { decodeBase64Any } from "./dsse.js";
import { gitConfig } from "./identity.js";
import { SSH_NAMESPACE } from "./types.js";

export type SignMethod = "ssh" | "airlock";

export interface SignOptions {
  method: SignMethod;
  /** SSH: private key, or public key held by ssh-agent (default: git config user.signingkey).
   *  Airlock: Ed25519 PEM key file (default: AIRLOCK_HOME/reviewer.key, created on first use). */
  key?: string;
}

const SSHSIG_MAGIC = Buffer.from("SSHSIG");

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "airlock-sig-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function armorSshSig(raw: Buffer): string {
  const b64 = raw.toString("base64");
  const lines = b64.match(/.{1,70}/g) ?? [];
  return `-----BEGIN SSH SIGNATURE-----\n${lines.join("\n")}\n-----END SSH SIGNATURE-----\n`;
}

export function dearmorSshSig(text: string): Buffer {
  const m = /-----BEGIN SSH SIGNATURE-----([\s\S]*?)-----END SSH SIGNATURE-----/.exec(text);
  if (!m) throw new Error("not an SSH signature");
  return Buffer.from(m[1].replace(/\s+/g, ""), "base64");
}

function sshKeygen(args: string[], input?: Buffer): { status: number; stdout: string; stderr: string } {
  const r = spawnSync("ssh-keygen", args, { input, encoding: "buffer", stdio: ["pipe", "pipe", "pipe"] });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot run ssh-keygen (${code === "ENOENT" ? "not installed" : code})`);
  }
  return { status: r.status ?? 1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function resolveSshKey(dir: string, key?: string): string {
  const k = key ?? gitConfig("user.signingkey");
  if (!k) throw new InputError("no SSH signing key: pass --key FILE or set git config user.signingkey");
  if (k.startsWith("key::")) {
    const pub = join(dir, "signing-key.pub");
    writeFileSync(pub, `${k.slice(5).trim()}\n`);
    return pub;
  }
  const path = k.startsWith("~/") ? join(process.env.HOME ?? "", k.slice(2)) : k;
  if (!existsSync(path)) throw new InputError(`${path}: SSH signing key not found`, path);
  return path;
}

// --- Airlock's own Ed25519 reviewer key -------------------------------------------------------------------

export function reviewerKeyPath(explicit?: string): string {
  return explicit ?? process.env.AIRLOCK_REVIEWER_KEY?.trim() ?? join(airlockHome(), "reviewer.key");
}

export function loadOrCreateReviewerKey(explicit?: string): {
  privateKey: KeyObject;
  publicKey: Buffer;
  path: string;
} {
  const path = reviewerKeyPath(explicit);
  if (!existsSync(path)) {
    if (explicit) throw new InputError(`${path}: reviewer key not found`, path);
    if (!process.env.AIRLOCK_REVIEWER_KEY) ensureAirlockHome();
    else mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(path, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new InputError(`${path}: reviewer key is readable by other users; run chmod 600 ${path}`, path);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch (err) {
    throw new InputError(`${path}: not a private key (${(err as Error).message})`, path);
  }
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new InputError(`${path}: reviewer key must be Ed25519`, path);
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return { privateKey, publicKey: Buffer.from(spki.subarray(spki.length - 32)), path };
}

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length, 0);
  return Buffer.concat([len, b]);
}

/** `ssh-ed25519 AAAA…` public key text for a raw Ed25519 key (for allowed_signers). */
export function sshEd25519PublicKey(pub: Buffer): string {
  return `ssh-ed25519 ${Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(pub)]).toString("base64")}`;
}

function ed25519FromSshBlob(b64: string): Buffer | undefined {
  const blob = Buffer.from(b64, "base64");
  if (blob.length < 8) return undefined;
  const tlen = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + tlen).toString() !== "ssh-ed25519") return undefined;
  const klen = blob.readUInt32BE(4 + tlen);
  const key = blob.subarray(8 + tlen, 8 + tlen + klen);
  return key.length === 32 ? Buffer.from(key) : undefined;
}

export function keyFingerprint(pub: Buffer): string {
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(pub)]);
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

// --- sign / verify ----------------------------------------------------------------------------------------

/** Signs `message` (the DSSE PAE bytes); returns the DSSE signature (base64) and key id hint. */
export function signMessage(message: Buffer, opts: SignOptions): { sig: string; keyid: string } {
  if (opts.method === "airlock") {
    const k = loadOrCreateReviewerKey(opts.key);
    return {
      sig: cryptoSign(null, message, k.privateKey).toString("base64"),
      keyid: keyFingerprint(k.publicKey),
    };
  }
  return withTempDir((dir) => {
    const key = resolveSshKey(dir, opts.key);
    const r = sshKeygen(["-Y", "sign", "-f", key, "-n", SSH_NAMESPACE], message);
    if (r.status !== 0) {
      throw new InputError(
        `ssh-keygen -Y sign failed: ${r.stderr.trim().split("\n").pop() ?? "unknown error"}`,
      );
    }
    const raw = dearmorSshSig(r.stdout);
    return { sig: raw.toString("base64"), keyid: `sshsig:${key.endsWith(".pub") ? "agent" : "file"}` };
  });
}

export interface SignatureCheck {
  ok: boolean;
  method?: SignMethod;
  problem?: string;
  /** SHA256 fingerprint of the public key that made the signature (when it verified). */
  key?: string;
}

function blobFingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The signer's public key blob inside an SSHSIG: "SSHSIG" ‖ uint32 version ‖ string publickey ‖ … */
function sshSigPublicKey(raw: Buffer): Buffer | undefined {
  if (raw.length < 14) return undefined;
  const len = raw.readUInt32BE(10);
  const blob = raw.subarray(14, 14 + len);
  return blob.length === len && len > 0 ? Buffer.from(blob) : undefined;
}

/** Verifies a DSSE signature over `message` as made by `identity`, against the allowed_signers file. */
export function verifyMessage(
  message: Buffer,
  sig: string,
  identity: string,
  allowedSignersPath: string | undefined,
  now = new Date(),
): SignatureCheck {
  if (!allowedSignersPath) return { ok: false, problem: "no allowed_signers file configured" };
  const raw = decodeBase64Any(sig);
  if (raw.subarray(0, 6).equals(SSHSIG_MAGIC)) {
    return withTempDir((dir) => {
      const sigFile = join(dir, "review.sig");
      writeFileSync(sigFile, armorSshSig(raw));
      const r = sshKeygen(
        ["-Y", "verify", "-f", allowedSignersPath, "-I", identity, "-n", SSH_NAMESPACE, "-s", sigFile],
        message,
      );
      const blob = sshSigPublicKey(raw);
      if (r.status === 0 && blob) return { ok: true, method: "ssh" as const, key: blobFingerprint(blob) };
      const why = (r.stderr.trim() || r.stdout.trim()).split("\n").pop() ?? "";
      return {
        ok: false,
        method: "ssh" as const,
        problem: `SSH signature by ${identity} does not verify (${why})`,
      };
    });
  }
  if (raw.length !== 64) return { ok: false, problem: "unrecognized signature format" };
  let entries: AllowedSigner[];
  try {
    entries = readAllowedSigners(allowedSignersPath);
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  const candidates = signersFor(entries, identity, SSH_NAMESPACE, now).filter(
    (e) => e.keyType === "ssh-ed25519",
  );
  for (const c of candidates) {
    const pub = ed25519FromSshBlob(c.keyBase64);
    if (pub && cryptoVerify(null, message, ed25519PublicKeyObject(pub), raw))
      return { ok: true, method: "airlock", key: keyFingerprint(pub) };
  }
  return {
    ok: false,
    method: "airlock",
    problem: candidates.length
      ? `Ed25519 signature by ${identity} does not match any allowed key`
      : `no key in allowed_signers may sign for ${identity} in namespace ${SSH_NAMESPACE}`,
  };
}
