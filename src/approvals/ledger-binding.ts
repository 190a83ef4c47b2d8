// Binds the store's change_requests / reviews rows to the ledger, so that write access to the database cannot
// edit a decision, forge a review or delete a rejection:
// - the ledger is trusted only up to its signed head checkpoint (signature by the ledger key, which lives
//   outside the database), and every leaf hash must rebuild the signed root;
// - a request row must match the `request` entry at its `ledgerIndex` (entry body hashing to that leaf),
//   whose `data.recordSha256` is the SHA-256 of the record's canonical JSON (RFC 8785, without ledgerIndex);
// - the reviews of a request are rebuilt from the ledger's approval/rejection/withdrawal/override entries for
//   it (a deleted review row still counts), and every review row must match the ledger entry at its index.
import { createHash } from "node:crypto";
import { openCheckpoint } from "../ledger/checkpoint.js";
import type { LedgerEntry } from "../ledger/entry.js";
import type { Ledger } from "../ledger/ledger.js";
import { hashLeaf, rootFromLeafHashes } from "../ledger/merkle.js";
import type { ReviewKind, StoredReview } from "../store/types.js";
import { canonicalJson } from "../util/canonical-json.js";
import type { ChangeRequest } from "./types.js";

const BATCH = 5000;
const REVIEW_TYPES: Record<string, ReviewKind> = {
  approval: "approve",
  rejection: "reject",
  withdrawal: "withdraw",
  override: "override",
};

/** SHA-256 (hex) of the canonical JSON of a request record, without its ledger index. */
export function requestRecordSha256(req: ChangeRequest): string {
  const plain = JSON.parse(JSON.stringify(req)) as Record<string, unknown>;
  delete plain.ledgerIndex;
  return createHash("sha256").update(canonicalJson(plain), "utf8").digest("hex");
}

interface Indexed {
  index: number;
  entry: LedgerEntry;
}

/** The ledger as verified against its signed head: leaf hashes, and entries scanned (lazily) from the end. */
class VerifiedLedger {
  private scannedFrom: number;
  private readonly byIndex = new Map<number, LedgerEntry>();
  private readonly bad = new Map<number, string>();
  private readonly byRequest = new Map<string, Indexed[]>();

  constructor(
    private readonly ledger: Ledger,
    readonly size: number,
    readonly root: Buffer,
    private readonly hashes: Buffer[],
    /** Why the ledger cannot be trusted at all, if so. */
    readonly problem?: string,
  ) {
    this.scannedFrom = size;
  }

  /** Reads and checks entries [from, size) not read yet. */
  async scanFrom(from: number): Promise<void> {
    const start = Math.max(0, from);
    for (let s = start; s < this.scannedFrom; s += BATCH) {
      const end = Math.min(s + BATCH, this.scannedFrom);
      const rows = await this.ledger.store.readEntries(s, end);
      for (const row of rows) {
        if (row.index < s || row.index >= end) continue;
        if (!hashLeaf(Buffer.from(row.body, "utf8")).equals(this.hashes[row.index])) {
          this.bad.set(row.index, `ledger entry ${row.index} does not match its leaf hash`);
          continue;
        }
        let entry: LedgerEntry;
        try {
          entry = JSON.parse(row.body) as LedgerEntry;
        } catch {
          this.bad.set(row.index, `ledger entry ${row.index} is not JSON`);
          continue;
        }
        this.byIndex.set(row.index, entry);
        if (typeof entry.requestId === "string") {
          const list = this.byRequest.get(entry.requestId) ?? [];
          list.push({ index: row.index, entry });
          this.byRequest.set(entry.requestId, list);
        }
      }
      for (let i = s; i < end; i++) {
        if (!this.byIndex.has(i) && !this.bad.has(i)) this.bad.set(i, `ledger entry ${i} is missing`);
      }
    }
    this.scannedFrom = Math.min(this.scannedFrom, start);
  }

  async at(index: number): Promise<{ entry?: LedgerEntry; problem?: string }> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      return { problem: `ledger index ${index} is outside the signed ledger (size ${this.size})` };
    }
    await this.scanFrom(index);
    const bad = this.bad.get(index);
    if (bad) return { problem: bad };
    return { entry: this.byIndex.get(index) };
  }

  /** Entries about `requestId` at or after `from` (scanned and verified). */
  async forRequest(requestId: string, from: number): Promise<{ list: Indexed[]; problems: string[] }> {
    await this.scanFrom(from);
    const list = (this.byRequest.get(requestId) ?? []).filter((e) => e.index >= from);
    const problems = [...this.bad.entries()].filter(([i]) => i >= from).map(([, p]) => p);
    return { list: list.sort((a, b) => a.index - b.index), problems };
  }
}

const cache = new WeakMap<Ledger, VerifiedLedger>();

/** The ledger verified against its signed head (cached per Ledger while the head is unchanged). */
export async function verifiedLedger(ledger: Ledger): Promise<VerifiedLedger> {
  const head = await ledger.store.head();
  if (!head) return new VerifiedLedger(ledger, 0, Buffer.alloc(0), [], "the ledger is empty");
  const cached = cache.get(ledger);
  if (cached && cached.size === head.size && cached.root.equals(head.root)) return cached;
  const fail = (p: string) => new VerifiedLedger(ledger, 0, head.root, [], `${p}; run airlock ledger verify`);
  let size: number;
  let root: Buffer;
  try {
    const cp = openCheckpoint(head.checkpoint, ledger.signer);
    size = cp.size;
    root = cp.root;
  } catch (err) {
    return fail(`the ledger's head checkpoint does not verify (${(err as Error).message})`);
  }
  if (size !== head.size || !root.equals(head.root))
    return fail("the ledger head does not match its signed checkpoint");
  const hashes: Buffer[] = [];
  for (let s = 0; s < size; s += BATCH * 4) {
    for (const h of await ledger.store.readLeafHashes(s, Math.min(s + BATCH * 4, size))) hashes.push(h);
  }
  if (hashes.length !== size) return fail(`the ledger has ${hashes.length} of ${size} signed entries`);
  if (!rootFromLeafHashes(hashes).equals(root))
    return fail("the ledger's entries do not match its signed root");
  const v = new VerifiedLedger(ledger, size, root, hashes);
  cache.set(ledger, v);
  return v;
}

export interface Binding {
  /** Why the request and its reviews cannot be trusted (non-empty voids the request). */
  problems: string[];
  /** The request's reviews as recorded in the ledger (the only ones evaluated). */
  reviews: StoredReview[];
  /** Observations that do not void the request (e.g. a review row missing from the store). */
  notes: string[];
}

function same(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/**
 * Checks the request's row (as stored now) and its review rows against the ledger and returns the reviews
 * rebuilt from the ledger.
 */
export async function bindToLedger(ledger: Ledger, req: ChangeRequest): Promise<Binding> {
  const problems: string[] = [];
  const notes: string[] = [];
  const v = await verifiedLedger(ledger);
  if (v.problem) return { problems: [v.problem], reviews: [], notes };

  // The request row: its columns agree with its record, and the record with the ledger entry.
  const row = await ledger.store.getRequest(req.id);
  let stored: ChangeRequest | undefined;
  try {
    stored = row ? (JSON.parse(row.record) as ChangeRequest) : undefined;
  } catch {
    stored = undefined;
  }
  if (!row || !stored) problems.push(`request ${req.id} has no readable row in the store`);
  else if (row.id !== req.id || row.digest !== req.digest || !same(stored, req)) {
    problems.push(`request ${req.id}: its store row does not match the record being evaluated`);
  } else if (row.requester !== req.requester.identity || row.createdAt !== req.createdAt) {
    problems.push(`request ${req.id}: its store row's columns do not match its record`);
  }
  const at = req.ledgerIndex;
  if (typeof at !== "number") {
    problems.push(`request ${req.id} carries no ledger index; request again`);
    return { problems, reviews: [], notes };
  }
  const { entry, problem } = await v.at(at);
  const recorded = entry?.data as { recordSha256?: unknown } | undefined;
  if (problem) problems.push(`request ${req.id}: ${problem}`);
  else if (entry?.type !== "request" || entry.requestId !== req.id || entry.digest !== req.digest) {
    problems.push(`request ${req.id}: ledger entry ${at} is not this request`);
  } else if (typeof recorded?.recordSha256 !== "string") {
    problems.push(
      `request ${req.id}: ledger entry ${at} does not bind the record (made before ledger binding); request again`,
    );
  } else if (recorded.recordSha256 !== requestRecordSha256(req)) {
    problems.push(`request ${req.id}: the stored record does not match ledger entry ${at} (edited)`);
  }
  if (problems.length) return { problems, reviews: [], notes };

  // Reviews: rebuilt from the ledger; every row must match the entry at its index.
  const { list, problems: scanProblems } = await v.forRequest(req.id, at + 1);
  problems.push(...scanProblems.map((p) => `${p} (after request ${req.id})`));
  const fromLedger = new Map<string, { index: number; review: StoredReview }>();
  for (const { index, entry: e } of list) {
    const kind = REVIEW_TYPES[e.type];
    if (!kind) continue;
    const d = e.data as { reviewId?: unknown; verdict?: unknown; expiresAt?: unknown; envelope?: unknown };
    if (typeof d.reviewId !== "string" || d.verdict !== kind || !d.envelope || e.digest !== req.digest) {
      problems.push(`ledger entry ${index} is a malformed ${e.type} of ${req.id}`);
      continue;
    }
    fromLedger.set(d.reviewId, {
      index,
      review: {
        id: d.reviewId,
        requestId: req.id,
        digest: e.digest,
        kind,
        reviewer: e.actor?.identity ?? "",
        createdAt: e.time,
        expiresAt: typeof d.expiresAt === "string" ? d.expiresAt : undefined,
        envelope: JSON.stringify(d.envelope),
        ledgerIndex: index,
      },
    });
  }
  const rows = await ledger.store.listReviews(req.id);
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.id);
    const l = fromLedger.get(r.id);
    let envelope: unknown;
    try {
      envelope = JSON.parse(r.envelope);
    } catch {
      envelope = undefined;
    }
    if (!l) {
      problems.push(
        `review ${r.id} (${r.kind} by ${r.reviewer}) is in the store but not in the ledger (forged row)`,
      );
    } else if (
      r.ledgerIndex !== l.index ||
      r.kind !== l.review.kind ||
      r.digest !== l.review.digest ||
      r.requestId !== req.id ||
      r.reviewer !== l.review.reviewer ||
      (r.expiresAt ?? undefined) !== l.review.expiresAt ||
      !same(envelope, JSON.parse(l.review.envelope))
    ) {
      problems.push(`review ${r.id}: its store row does not match ledger entry ${l.index} (edited)`);
    }
  }
  for (const [id, l] of fromLedger) {
    if (!seen.has(id))
      notes.push(
        `review ${id} (${l.review.kind}) is missing from the store; counted from ledger entry ${l.index}`,
      );
  }
  return { problems, reviews: [...fromLedger.values()].map((l) => l.review), notes };
}
