// The ledger: append-only Merkle tree of canonical JSON entries in a Store, with signed checkpoints, full
// verification, inclusion and consistency proofs and export.
import { InputError } from "../model/types.js";
import type { AppendResult, Store } from "../store/types.js";
import { isCanonicalJson } from "../util/canonical-json.js";
import { type Checkpoint, formatTlogProof, openCheckpoint, signCheckpoint } from "./checkpoint.js";
import { encodeEntry, type LedgerEntryInput } from "./entry.js";
import {
  consistencyProof,
  emptyFrontier,
  type Frontier,
  frontierAppend,
  frontierRoot,
  hashLeaf,
  inclusionProof,
  rootFromLeafHashes,
} from "./merkle.js";
import { encodeVerifierKey, NoteError, type NoteSigner, type NoteVerifier } from "./note.js";

const BATCH = 5000;

export interface VerifyOptions {
  /** A checkpoint saved earlier (signed note text); the ledger must still contain exactly that tree. */
  checkpoint?: string;
  /** Verify with this key instead of the ledger's own. */
  verifier?: NoteVerifier;
  /** Called every BATCH entries with the number checked so far. */
  progress?: (checked: number) => void;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  root: string;
  origin?: string;
  entriesChecked: number;
  checkpointsChecked: number;
  /** One line per problem found; empty when ok. */
  problems: string[];
  /** The verified head checkpoint (present when ok). */
  checkpoint?: string;
}

export interface ConsistencyDocument {
  schemaVersion: "1";
  format: "airlock-consistency-proof";
  origin: string;
  oldSize: number;
  newSize: number;
  oldRoot: string;
  newRoot: string;
  /** Base64 SHA-256 hashes, RFC 6962 §2.1.2 order. */
  proof: string[];
  oldCheckpoint: string;
  newCheckpoint: string;
}

export class Ledger {
  constructor(
    readonly store: Store,
    readonly signer: NoteSigner,
  ) {}

  get origin(): string {
    return this.signer.name;
  }

  verifierKey(): string {
    return encodeVerifierKey(this.signer);
  }

  private sign = (size: number, root: Buffer): string =>
    signCheckpoint({ origin: this.signer.name, size, root }, this.signer);

  async append(input: LedgerEntryInput): Promise<AppendResult> {
    return this.appendMany([input]);
  }

  /** Appends several entries in one transaction (consecutive indexes). */
  async appendMany(inputs: LedgerEntryInput[]): Promise<AppendResult> {
    if (inputs.length === 0) throw new Error("nothing to append");
    const entries = inputs.map((input) => {
      const { body, leafHash, entry } = encodeEntry(input);
      return { body, leafHash, type: entry.type, digest: entry.digest, requestId: entry.requestId };
    });
    return this.store.append(entries, this.signer.name, this.sign);
  }

  async size(): Promise<number> {
    return (await this.store.head())?.size ?? 0;
  }

  /** The current signed checkpoint (a fresh one over the empty tree when nothing was appended yet). */
  async checkpoint(): Promise<string> {
    const head = await this.store.head();
    if (head) return head.checkpoint;
    return this.sign(0, rootFromLeafHashes([]));
  }

  /** Recomputes every leaf hash and the tree at every stored checkpoint, and checks all signatures. */
  async verify(opts: VerifyOptions = {}): Promise<VerifyReport> {
    const verifier = opts.verifier ?? this.signer;
    const problems: string[] = [];
    const head = await this.store.head();
    let headCp: Checkpoint | undefined;
    if (head) {
      try {
        headCp = openCheckpoint(head.checkpoint, verifier);
        if (headCp.size !== head.size || !headCp.root.equals(head.root)) {
          problems.push(
            `the signed head checkpoint (size ${headCp.size}) does not match the recorded head (size ${head.size})`,
          );
        }
      } catch (err) {
        problems.push(`head checkpoint: ${(err as Error).message}`);
      }
    }
    const claimed = headCp?.size ?? head?.size ?? 0;

    // Roots to check: stored history checkpoints, the head, and a saved checkpoint.
    const want = new Map<number, { root: Buffer; what: string }[]>();
    const expect = (size: number, root: Buffer, what: string) => {
      const list = want.get(size) ?? [];
      list.push({ root, what });
      want.set(size, list);
    };
    if (headCp) expect(headCp.size, headCp.root, "signed head checkpoint");
    let checkpointsChecked = headCp ? 1 : 0;
    for (const c of await this.store.listCheckpoints()) {
      try {
        const cp = openCheckpoint(c.note, verifier);
        if (cp.size !== c.size || !cp.root.equals(c.root)) {
          problems.push(`stored checkpoint ${c.size}: signed note does not match its row`);
        }
        expect(cp.size, cp.root, `stored checkpoint at size ${cp.size}`);
        checkpointsChecked++;
      } catch (err) {
        problems.push(`stored checkpoint ${c.size}: ${(err as Error).message}`);
      }
    }
    let saved: Checkpoint | undefined;
    if (opts.checkpoint !== undefined) {
      try {
        saved = openCheckpoint(opts.checkpoint, verifier);
        checkpointsChecked++;
      } catch (err) {
        throw new InputError(`saved checkpoint: ${(err as Error).message}`);
      }
      if (saved.size > claimed) {
        problems.push(
          `rollback: the saved checkpoint covers ${saved.size} entries but the ledger now has ${claimed}`,
        );
      } else expect(saved.size, saved.root, "saved checkpoint");
    }
    if (want.has(0)) {
      for (const w of want.get(0)!) {
        if (!w.root.equals(rootFromLeafHashes([])))
          problems.push(`${w.what}: root of the empty tree is wrong`);
      }
    }

    // Stream the entries in index order.
    let f: Frontier = emptyFrontier();
    let expected = 0;
    let reportedEdits = 0;
    const present = await this.store.countEntries();
    const end = Math.max(claimed, present);
    for (let start = 0; start < end; start += BATCH) {
      const rows = await this.store.readEntries(start, Math.min(start + BATCH, end));
      for (const row of rows) {
        if (row.index !== expected) {
          problems.push(
            row.index > expected
              ? `entries ${expected}${row.index - 1 > expected ? `–${row.index - 1}` : ""} are missing (deleted)`
              : `entry ${row.index} appears out of order`,
          );
          if (row.index < expected) continue;
          expected = row.index;
        }
        const leaf = hashLeaf(Buffer.from(row.body, "utf8"));
        if (!leaf.equals(row.leafHash) && reportedEdits++ < 20) {
          problems.push(
            `entry ${row.index} was modified: its content no longer matches its recorded leaf hash`,
          );
        } else if (!isCanonicalJson(row.body) && reportedEdits++ < 20) {
          problems.push(`entry ${row.index} is not canonical JSON`);
        }
        f = frontierAppend(f, leaf);
        expected++;
        const checks = want.get(f.size);
        if (checks) {
          const root = frontierRoot(f);
          for (const w of checks) {
            if (!root.equals(w.root)) {
              problems.push(
                `${w.what}: the tree of the first ${f.size} entries does not match it (entries edited, reordered or replaced)`,
              );
            }
          }
        }
      }
      opts.progress?.(f.size);
    }
    if (f.size < end && expected < end) {
      problems.push(`entries ${expected}–${end - 1} are missing (deleted)`);
    }
    if (present < claimed) {
      problems.push(
        `truncated: the signed checkpoint covers ${claimed} entries but only ${present} are stored`,
      );
    } else if (present > claimed) {
      problems.push(`${present - claimed} entries are stored beyond the signed checkpoint (size ${claimed})`);
    }
    const root = frontierRoot(f);
    return {
      ok: problems.length === 0,
      size: f.size,
      root: root.toString("base64"),
      origin: head?.origin,
      entriesChecked: f.size,
      checkpointsChecked,
      problems,
      checkpoint: problems.length === 0 && head ? head.checkpoint : undefined,
    };
  }

  /**
   * Recorded leaf hashes of entries [0, size). Callers compare the tree they give with the signed head, so a
   * tampered hash makes proof generation fail rather than produce a proof that does not verify.
   */
  private async leafHashes(size: number): Promise<Buffer[]> {
    const out: Buffer[] = [];
    for (let start = 0; start < size; start += BATCH * 4) {
      for (const h of await this.store.readLeafHashes(start, Math.min(start + BATCH * 4, size))) out.push(h);
    }
    if (out.length !== size)
      throw new InputError(`ledger entry ${out.length} is missing; run airlock ledger verify`);
    return out;
  }

  private async headOrFail() {
    const head = await this.store.head();
    if (!head) throw new InputError("the ledger is empty");
    return head;
  }

  /** The canonical JSON of entry `index`. */
  async entry(index: number): Promise<string> {
    const rows = await this.store.readEntries(index, index + 1);
    if (rows.length !== 1) throw new InputError(`no ledger entry ${index}`);
    return rows[0].body;
  }

  /** Inclusion proof of entry `index` in the current tree, as a C2SP tlog-proof document. */
  async proof(index: number): Promise<{ proof: string; entry: string }> {
    const head = await this.headOrFail();
    if (!Number.isSafeInteger(index) || index < 0 || index >= head.size) {
      throw new InputError(`no ledger entry ${index} (the ledger has ${head.size})`);
    }
    const hashes = await this.leafHashes(head.size);
    if (!rootFromLeafHashes(hashes).equals(head.root)) {
      throw new InputError("the stored entries do not match the signed head; run airlock ledger verify");
    }
    const path = inclusionProof(index, head.size, hashes);
    return {
      proof: formatTlogProof({ index, hashes: path, checkpoint: head.checkpoint }),
      entry: await this.entry(index),
    };
  }

  /** Consistency proof between two tree sizes, with a signed checkpoint for each. */
  async consistency(oldSize: number, newSize?: number): Promise<ConsistencyDocument> {
    const head = await this.headOrFail();
    const n = newSize ?? head.size;
    if (
      !Number.isSafeInteger(oldSize) ||
      !Number.isSafeInteger(n) ||
      oldSize < 0 ||
      oldSize > n ||
      n > head.size
    ) {
      throw new InputError(
        `no consistency proof from size ${oldSize} to ${n} (the ledger has ${head.size} entries)`,
      );
    }
    // Check the whole tree against the signed head before signing checkpoints for older sizes.
    const hashes = await this.leafHashes(head.size);
    if (!rootFromLeafHashes(hashes).equals(head.root)) {
      throw new InputError("the stored entries do not match the signed head; run airlock ledger verify");
    }
    const oldRoot = rootFromLeafHashes(hashes, 0, oldSize);
    const newRoot = rootFromLeafHashes(hashes, 0, n);
    return {
      schemaVersion: "1",
      format: "airlock-consistency-proof",
      origin: this.signer.name,
      oldSize,
      newSize: n,
      oldRoot: oldRoot.toString("base64"),
      newRoot: newRoot.toString("base64"),
      proof: consistencyProof(oldSize, n, hashes).map((h) => h.toString("base64")),
      oldCheckpoint: this.sign(oldSize, oldRoot),
      newCheckpoint: n === head.size ? head.checkpoint : this.sign(n, newRoot),
    };
  }

  /** Every entry's canonical JSON in index order (one per line in JSONL exports). */
  async *entries(start = 0): AsyncGenerator<{ index: number; body: string }> {
    const size = (await this.store.head())?.size ?? 0;
    for (let s = start; s < size; s += BATCH) {
      for (const r of await this.store.readEntries(s, Math.min(s + BATCH, size))) yield r;
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

export function isNoteError(err: unknown): err is NoteError {
  return err instanceof NoteError;
}
