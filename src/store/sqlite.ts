// Embedded store: one SQLite file (WAL mode) under AIRLOCK_HOME. Appends run in BEGIN IMMEDIATE transactions,
// so several processes appending at once are serialized by SQLite's write lock and a killed process leaves
// either the whole append or none of it.
import Database from "better-sqlite3";
import { InputError } from "../model/types.js";
import { decodeFrontier, encodeFrontier, extendHead, originMismatch } from "./head-update.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MIGRATIONS_TABLE_SQL } from "./migrations.js";
import type {
  AppendResult,
  CheckpointSigner,
  EntryToAppend,
  LedgerHead,
  Store,
  StoredCheckpoint,
  StoredEntry,
  StoredRequest,
  StoredReview,
} from "./types.js";

type Row = Record<string, unknown>;

export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly stmts: Record<string, Database.Statement>;

  constructor(readonly location: string) {
    try {
      this.db = new Database(location);
      this.db.pragma("busy_timeout = 60000");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("foreign_keys = ON");
    } catch (err) {
      throw new InputError(
        `${location}: cannot open the Airlock database (${(err as Error).message})`,
        location,
      );
    }
    this.migrate();
    this.stmts = {
      head: this.db.prepare("SELECT size, root, frontier, checkpoint, origin FROM ledger_head WHERE id = 1"),
      insertEntry: this.db.prepare(
        "INSERT INTO ledger_entries (idx, body, leaf_hash, type, digest, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      updateHead: this.db.prepare(
        "UPDATE ledger_head SET size = ?, root = ?, frontier = ?, checkpoint = ?, origin = ? WHERE id = 1",
      ),
      insertCheckpoint: this.db.prepare(
        "INSERT OR REPLACE INTO ledger_checkpoints (size, root, note) VALUES (?, ?, ?)",
      ),
    };
  }

  private migrate(): void {
    const run = this.db.transaction(() => {
      this.db.exec(MIGRATIONS_TABLE_SQL);
      const current = (
        this.db.prepare("SELECT MAX(version) AS v FROM airlock_schema_migrations").get() as Row
      ).v as number | null;
      if ((current ?? 0) > LATEST_SCHEMA_VERSION) {
        throw new InputError(
          `${this.location}: database schema version ${current} is newer than this Airlock supports (${LATEST_SCHEMA_VERSION})`,
          this.location,
        );
      }
      for (const m of MIGRATIONS) {
        if (m.version <= (current ?? 0)) continue;
        for (const sql of m.sqlite) this.db.exec(sql);
        this.db
          .prepare("INSERT INTO airlock_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run(m.version, m.name, new Date().toISOString());
      }
    });
    run.immediate();
  }

  async schemaVersion(): Promise<number> {
    return (this.db.prepare("SELECT MAX(version) AS v FROM airlock_schema_migrations").get() as Row)
      .v as number;
  }

  async append(entries: EntryToAppend[], origin: string, sign: CheckpointSigner): Promise<AppendResult> {
    const tx = this.db.transaction((): AppendResult => {
      const h = this.stmts.head.get() as Row;
      const mismatch = originMismatch(h.origin as string | null, origin);
      if (mismatch) throw new InputError(mismatch);
      const start = Number(h.size);
      const next = extendHead({ size: start, frontier: decodeFrontier(h.frontier as string) }, entries, sign);
      const now = new Date().toISOString();
      entries.forEach((e, i) => {
        this.stmts.insertEntry.run(
          start + i,
          e.body,
          e.leafHash.toString("hex"),
          e.type,
          e.digest ?? null,
          e.requestId ?? null,
          now,
        );
      });
      for (const c of next.history) this.stmts.insertCheckpoint.run(c.size, c.root.toString("hex"), c.note);
      this.stmts.updateHead.run(
        next.size,
        next.root.toString("hex"),
        encodeFrontier(next.frontier),
        next.checkpoint,
        origin,
      );
      return { index: start, size: next.size, root: next.root, checkpoint: next.checkpoint };
    });
    return tx.immediate();
  }

  async head(): Promise<LedgerHead | undefined> {
    const h = this.stmts.head.get() as Row | undefined;
    if (!h?.checkpoint) return undefined;
    return {
      size: Number(h.size),
      root: Buffer.from(h.root as string, "hex"),
      frontier: decodeFrontier(h.frontier as string),
      checkpoint: h.checkpoint as string,
      origin: h.origin as string,
    };
  }

  async countEntries(): Promise<number> {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM ledger_entries").get() as Row).n);
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    const rows = this.db
      .prepare("SELECT idx, body, leaf_hash FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx")
      .all(start, end) as Row[];
    return rows.map((r) => ({
      index: Number(r.idx),
      body: r.body as string,
      leafHash: Buffer.from(r.leaf_hash as string, "hex"),
    }));
  }

  async readLeafHashes(start: number, end: number): Promise<Buffer[]> {
    const rows = this.db
      .prepare("SELECT leaf_hash FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx")
      .pluck()
      .all(start, end) as string[];
    return rows.map((h) => Buffer.from(h, "hex"));
  }

  async saveCheckpoint(c: StoredCheckpoint): Promise<void> {
    this.stmts.insertCheckpoint.run(c.size, c.root.toString("hex"), c.note);
  }

  async listCheckpoints(): Promise<StoredCheckpoint[]> {
    const rows = this.db
      .prepare("SELECT size, root, note FROM ledger_checkpoints ORDER BY size")
      .all() as Row[];
    return rows.map((r) => ({
      size: Number(r.size),
      root: Buffer.from(r.root as string, "hex"),
      note: r.note as string,
    }));
  }

  async insertRequest(r: StoredRequest): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO change_requests (id, digest, created_at, requester, record) VALUES (?, ?, ?, ?, ?)",
      )
      .run(r.id, r.digest, r.createdAt, r.requester, r.record);
  }

  async getRequest(id: string): Promise<StoredRequest | undefined> {
    const r = this.db.prepare("SELECT * FROM change_requests WHERE id = ?").get(id) as Row | undefined;
    return r ? requestFromRow(r) : undefined;
  }

  async findRequestsByDigest(digest: string): Promise<StoredRequest[]> {
    const rows = this.db
      .prepare("SELECT * FROM change_requests WHERE digest = ? ORDER BY created_at DESC, id")
      .all(digest) as Row[];
    return rows.map(requestFromRow);
  }

  async listRequests(limit = 50): Promise<StoredRequest[]> {
    const rows = this.db
      .prepare("SELECT * FROM change_requests ORDER BY created_at DESC, id LIMIT ?")
      .all(limit) as Row[];
    return rows.map(requestFromRow);
  }

  async insertReview(r: StoredReview): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO reviews (id, request_id, digest, kind, reviewer, created_at, expires_at, envelope, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        r.id,
        r.requestId,
        r.digest,
        r.kind,
        r.reviewer,
        r.createdAt,
        r.expiresAt ?? null,
        r.envelope,
        r.ledgerIndex ?? null,
      );
  }

  async listReviews(requestId: string): Promise<StoredReview[]> {
    const rows = this.db
      .prepare("SELECT * FROM reviews WHERE request_id = ? ORDER BY created_at, id")
      .all(requestId) as Row[];
    return rows.map(reviewFromRow);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export function requestFromRow(r: Row): StoredRequest {
  return {
    id: r.id as string,
    digest: r.digest as string,
    createdAt: r.created_at as string,
    requester: r.requester as string,
    record: r.record as string,
  };
}

export function reviewFromRow(r: Row): StoredReview {
  const out: StoredReview = {
    id: r.id as string,
    requestId: r.request_id as string,
    digest: r.digest as string,
    kind: r.kind as StoredReview["kind"],
    reviewer: r.reviewer as string,
    createdAt: r.created_at as string,
    envelope: r.envelope as string,
  };
  if (r.expires_at) out.expiresAt = r.expires_at as string;
  if (r.ledger_index !== null && r.ledger_index !== undefined) out.ledgerIndex = Number(r.ledger_index);
  return out;
}
