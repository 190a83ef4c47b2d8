// The ledger's Ed25519 signing key: created on first use under AIRLOCK_HOME with mode 0600, stored in the
// signed-note signer key encoding (`PRIVATE+KEY+name+hash+base64`). Never printed; `airlock ledger key`
// prints only the verifier (public) key.
import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../model/types.js";
import { airlockHome, ensureAirlockHome } from "../store/home.js";
import {
  encodeSignerKey,
  encodeVerifierKey,
  isValidKeyName,
  type NoteSigner,
  parseSignerKey,
} from "./note.js";

export const LEDGER_KEY_FILE = "ledger.key";

export function ledgerKeyPath(home?: string): string {
  const env = process.env.AIRLOCK_LEDGER_KEY?.trim();
  return env ? env : join(home ?? airlockHome(), LEDGER_KEY_FILE);
}

function defaultOrigin(): string {
  const env = process.env.AIRLOCK_LEDGER_ORIGIN?.trim();
  if (env) {
    if (!isValidKeyName(env))
      throw new InputError(`AIRLOCK_LEDGER_ORIGIN ${JSON.stringify(env)}: no spaces or '+'`);
    return env;
  }
  return `airlock.local/ledger/${randomBytes(4).toString("hex")}`;
}

const cache = new Map<string, NoteSigner>();

/** Loads the ledger signing key, refusing one that others can read. */
export function loadLedgerSigner(path = ledgerKeyPath()): NoteSigner {
  const hit = cache.get(path);
  if (hit) return hit;
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new InputError(`${path}: ledger key not found`, path);
  }
  if ((mode & 0o077) !== 0) {
    throw new InputError(`${path}: ledger key is readable by other users; run chmod 600 ${path}`, path);
  }
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(readFileSync(path, "utf8"));
  } catch (err) {
    throw new InputError(`${path}: not a ledger key (${(err as Error).message})`, path);
  }
  cache.set(path, signer);
  return signer;
}

export function ledgerKeyExists(path = ledgerKeyPath()): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the ledger key, creating it first when there is none. Creation is atomic (write a private temporary
 * file, then hard-link it into place), so concurrent first uses agree on one key.
 */
export function loadOrCreateLedgerSigner(home?: string): NoteSigner {
  const path = ledgerKeyPath(home);
  if (!ledgerKeyExists(path)) {
    if (home && !process.env.AIRLOCK_LEDGER_KEY) mkdirSync(home, { recursive: true, mode: 0o700 });
    else if (!process.env.AIRLOCK_LEDGER_KEY) ensureAirlockHome();
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(tmp, `${encodeSignerKey(defaultOrigin(), randomBytes(32))}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  return loadLedgerSigner(path);
}

export function verifierKeyString(signer: NoteSigner): string {
  return encodeVerifierKey(signer);
}
