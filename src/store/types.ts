// The one storage interface behind which the embedded SQLite store and the PostgreSQL store sit. Both pass the
// same test suite (test/store/store-suite.ts).

export interface StoredEntry {
  index: number;
  /** Canonical JSON of the entry: the exact leaf bytes. */
  body: string;
  /** RFC 6962 leaf hash as stored when appended (recomputed and compared by verify). */
  leafHash: Buffer;
}

/** What append writes for one entry. */
export interface EntryToAppend {
  body: string;
  leafHash: Buffer;
  type: string;
  digest?: string;
  requestId?: string;
}

export interface LedgerHead {
  size: number;
  root: Buffer;
  /** Compact range of the whole tree (perfect-subtree roots, left to right). */
  frontier: Buffer[];
  /** Signed checkpoint note for (size, root). */
  checkpoint: string;
  /** Log origin (the ledger key's name) fixed by the first append. */
  origin: string;
}

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  note: string;
}

export interface AppendResult {
  /** Index of the first appended entry. */
  index: number;
  size: number;
  root: Buffer;
  checkpoint: string;
}

/** Signs a checkpoint for the given tree; called inside the append transaction. */
export type CheckpointSigner = (size: number, root: Buffer) => string;

export interface StoredRequest {
  id: string;
  digest: string;
  createdAt: string;
  requester: string;
  /** JSON of the full ChangeRequest record. */
  record: string;
}

export type ReviewKind = "approve" | "reject" | "withdraw" | "override";

export interface StoredReview {
  id: string;
  requestId: string;
  digest: string;
  kind: ReviewKind;
  reviewer: string;
  createdAt: string;
  expiresAt?: string;
  /** JSON of the signed DSSE envelope. */
  envelope: string;
  ledgerIndex?: number;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** File path or URL without credentials. */
  readonly location: string;

  /**
   * Appends entries atomically: reads the head under the store's write lock, inserts the entries at the next
   * indexes, updates the tree head and its signed checkpoint. Concurrent appenders are serialized.
   */
  append(entries: EntryToAppend[], origin: string, sign: CheckpointSigner): Promise<AppendResult>;
  head(): Promise<LedgerHead | undefined>;
  /** Number of entry rows actually present (verify compares it with the head). */
  countEntries(): Promise<number>;
  /** Entries with start ≤ index < end, by index. */
  readEntries(start: number, end: number): Promise<StoredEntry[]>;
  /** Recorded leaf hashes of entries start ≤ index < end, by index (proof generation; checked against the root). */
  readLeafHashes(start: number, end: number): Promise<Buffer[]>;
  saveCheckpoint(c: StoredCheckpoint): Promise<void>;
  listCheckpoints(): Promise<StoredCheckpoint[]>;

  insertRequest(r: StoredRequest): Promise<void>;
  getRequest(id: string): Promise<StoredRequest | undefined>;
  findRequestsByDigest(digest: string): Promise<StoredRequest[]>;
  listRequests(limit?: number): Promise<StoredRequest[]>;

  insertReview(r: StoredReview): Promise<void>;
  listReviews(requestId: string): Promise<StoredReview[]>;

  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
