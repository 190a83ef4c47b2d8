// Ledger entries: what is recorded, as RFC 8785 canonical JSON. The leaf of the Merkle tree is exactly the
// canonical bytes of the entry.
import { canonicalJson } from "../util/canonical-json.js";
import { hashLeaf } from "./merkle.js";

export const LEDGER_ENTRY_SCHEMA_VERSION = "1";

/** Kinds of event the ledger records. Other parts may add their own kebab-case types. */
export type LedgerEntryType =
  | "request"
  | "approval"
  | "rejection"
  | "withdrawal"
  | "override"
  | "guard-verdict"
  | "apply-refused"
  | "apply-start"
  | "apply-end"
  | (string & {});

export interface LedgerActor {
  /** Email or user name, or the agent's name. */
  identity: string;
  kind: "human" | "agent" | "system";
  agent?: string;
}

/** What callers hand to the ledger; `time` defaults to now. */
export interface LedgerEntryInput {
  type: LedgerEntryType;
  time?: string;
  actor?: LedgerActor;
  /** Change digest (`sha256:…`) the event is about. */
  digest?: string;
  requestId?: string;
  /** Event details. Must never hold secret values. */
  data?: Record<string, unknown>;
}

export interface LedgerEntry {
  schemaVersion: string;
  type: LedgerEntryType;
  time: string;
  actor?: LedgerActor;
  digest?: string;
  requestId?: string;
  data: Record<string, unknown>;
}

export function normalizeEntry(input: LedgerEntryInput): LedgerEntry {
  if (!input || typeof input.type !== "string" || !/^[a-z][a-z0-9-]*$/.test(input.type)) {
    throw new TypeError(`ledger entry type must be kebab-case, got ${JSON.stringify(input?.type)}`);
  }
  const entry: LedgerEntry = {
    schemaVersion: LEDGER_ENTRY_SCHEMA_VERSION,
    type: input.type,
    time: input.time ?? new Date().toISOString(),
    data: input.data ?? {},
  };
  if (input.actor) entry.actor = input.actor;
  if (input.digest) entry.digest = input.digest;
  if (input.requestId) entry.requestId = input.requestId;
  return entry;
}

/** Canonical bytes (as text) of an entry, and its RFC 6962 leaf hash. */
export function encodeEntry(input: LedgerEntryInput): { body: string; leafHash: Buffer; entry: LedgerEntry } {
  const entry = normalizeEntry(input);
  const body = canonicalJson(entry);
  return { body, leafHash: hashLeaf(Buffer.from(body, "utf8")), entry };
}
