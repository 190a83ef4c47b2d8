// Public entry points of the ledger for the rest of Airlock.
//   openLedger(opts?)                    the configured ledger (store + signing key), created on first use
//   appendToLedgerIfConfigured(entry)    appends when a ledger exists (embedded db under AIRLOCK_HOME, or
//                                        AIRLOCK_DATABASE_URL set); otherwise does nothing and returns undefined
import { type OpenStoreOptions, openStore, openStoreOrCreate, storeConfigured } from "../store/index.js";
import type { AppendResult } from "../store/types.js";
import type { LedgerEntryInput } from "./entry.js";
import { loadOrCreateLedgerSigner } from "./keys.js";
import { Ledger } from "./ledger.js";

export type { LedgerActor, LedgerEntry, LedgerEntryInput, LedgerEntryType } from "./entry.js";
export { Ledger, type VerifyReport } from "./ledger.js";

export async function openLedger(opts: OpenStoreOptions = {}): Promise<Ledger> {
  const signer = loadOrCreateLedgerSigner(opts.home);
  const store = await openStoreOrCreate(opts);
  return new Ledger(store, signer);
}

/** Opens the ledger only when one is configured; never creates the embedded database. */
export async function openExistingLedger(opts: OpenStoreOptions = {}): Promise<Ledger | undefined> {
  if (!opts.url && !opts.file && !storeConfigured(opts.home)) return undefined;
  const store = await openStore({ ...opts, create: false });
  if (!store) return undefined;
  try {
    return new Ledger(store, loadOrCreateLedgerSigner(opts.home));
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function appendToLedgerIfConfigured(entry: LedgerEntryInput): Promise<AppendResult | undefined> {
  const ledger = await openExistingLedger();
  if (!ledger) return undefined;
  try {
    return await ledger.append(entry);
  } finally {
    await ledger.close();
  }
}
