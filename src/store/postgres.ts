// PostgreSQL store (AIRLOCK_DATABASE_URL=postgres://…). Appends lock the single ledger_head row
// (SELECT … FOR UPDATE) inside a transaction, so concurrent writers on any number of machines are serialized
// and the entry index is the head size read under that lock; the primary key on the index forbids forks.
import pg from "pg";
import { InputError } from "../model/types.js";
import { decodeFrontier, encodeFrontier, extendHead, originMismatch } from "./head-update.js";
import { redactUrl } from "./home.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MIGRATIONS_TABLE_SQL } from "./migrations.js";
import { requestFromRow, reviewFromRow } from "./sqlite.js";
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

export { redactUrl };

type Row = Record<string, unknown>;
/** Arbitrary constant key for pg_advisory_xact_lock around migrations. */
const MIGRATION_LOCK = 0x41495231;

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new InputError(`invalid PostgreSQL schema name ${name}`);
  return `"${name}"`;
}

export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  readonly location: string;

  private constructor(
    private readonly client: pg.Client,
    url: string,
  ) {
    this.location = redactUrl(url);
  }

  static async open(url: string, schema?: string): Promise<PostgresStore> {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new InputError(`AIRLOCK_DATABASE_URL must start with postgres:// (got ${redactUrl(url)})`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on("error", () => {
      // Connection errors surface on the next query; do not crash the process on an idle disconnect.
    });
    try {
      await client.connect();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      throw new InputError(
        `cannot connect to PostgreSQL at ${redactUrl(url)} (${code || (err as Error).message.split("\n")[0]})`,
      );
    }
    const store = new PostgresStore(client, url);
    try {
      if (schema) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`).catch(async (err) => {
          // Concurrent CREATE SCHEMA IF NOT EXISTS can race; the schema exists afterwards either way.
          if ((err as { code?: string }).code !== "23505") throw err;
        });
        await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      }
      await store.migrate();
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    return store;
  }

  private async tx<T>(fn: () => Promise<T>): Promise<T> {
    await this.client.query("BEGIN");
    try {
      const out = await fn();
      await this.client.query("COMMIT");
      return out;
    } catch (err) {
      await this.client.query("ROLLBACK").catch(() => {});
      throw err;
    }
  }

  private async migrate(): Promise<void> {
    await this.tx(async () => {
      await this.client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await this.client.query(MIGRATIONS_TABLE_SQL);
      const r = await this.client.query("SELECT MAX(version) AS v FROM airlock_schema_migrations");
      const current = Number(r.rows[0].v ?? 0);
      if (current > LATEST_SCHEMA_VERSION) {
        throw new InputError(
          `${this.location}: database schema version ${current} is newer than this Airlock supports (${LATEST_SCHEMA_VERSION})`,
        );
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        for (const sql of m.postgres) await this.client.query(sql);
        await this.client.query(
          "INSERT INTO airlock_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          [m.version, m.name, new Date().toISOString()],
        );
      }
    });
  }

  async schemaVersion(): Promise<number> {
    const r = await this.client.query("SELECT MAX(version) AS v FROM airlock_schema_migrations");
    return Number(r.rows[0].v);
  }

  async append(entries: EntryToAppend[], origin: string, sign: CheckpointSigner): Promise<AppendResult> {
    return this.tx(async () => {
      const hr = await this.client.query(
        "SELECT size, frontier, origin FROM ledger_head WHERE id = 1 FOR UPDATE",
      );
      const h = hr.rows[0] as Row;
      const mismatch = originMismatch(h.origin as string | null, origin);
      if (mismatch) throw new InputError(mismatch);
      const start = Number(h.size);
      const next = extendHead({ size: start, frontier: decodeFrontier(h.frontier as string) }, entries, sign);
      const now = new Date().toISOString();
      // One multi-row INSERT per append keeps round trips constant.
      const values: unknown[] = [];
      const rows: string[] = [];
      entries.forEach((e, i) => {
        const b = values.length;
        rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`);
        values.push(
          start + i,
          e.body,
          e.leafHash.toString("hex"),
          e.type,
          e.digest ?? null,
          e.requestId ?? null,
          now,
        );
      });
      await this.client.query(
        `INSERT INTO ledger_entries (idx, body, leaf_hash, type, digest, request_id, created_at) VALUES ${rows.join(", ")}`,
        values,
      );
      for (const c of next.history) await this.saveCheckpoint(c);
      await this.client.query(
        "UPDATE ledger_head SET size = $1, root = $2, frontier = $3, checkpoint = $4, origin = $5 WHERE id = 1",
        [next.size, next.root.toString("hex"), encodeFrontier(next.frontier), next.checkpoint, origin],
      );
      return { index: start, size: next.size, root: next.root, checkpoint: next.checkpoint };
    });
  }

  async head(): Promise<LedgerHead | undefined> {
    const r = await this.client.query(
      "SELECT size, root, frontier, checkpoint, origin FROM ledger_head WHERE id = 1",
    );
    const h = r.rows[0] as Row | undefined;
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
    const r = await this.client.query("SELECT COUNT(*) AS n FROM ledger_entries");
    return Number(r.rows[0].n);
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    const r = await this.client.query(
      "SELECT idx, body, leaf_hash FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
      [start, end],
    );
    return r.rows.map((row: Row) => ({
      index: Number(row.idx),
      body: row.body as string,
      leafHash: Buffer.from(row.leaf_hash as string, "hex"),
    }));
  }

  async readLeafHashes(start: number, end: number): Promise<Buffer[]> {
    const r = await this.client.query({
      text: "SELECT leaf_hash FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
      values: [start, end],
      rowMode: "array",
    });
    return r.rows.map((row: unknown[]) => Buffer.from(row[0] as string, "hex"));
  }

  async saveCheckpoint(c: StoredCheckpoint): Promise<void> {
    await this.client.query(
      "INSERT INTO ledger_checkpoints (size, root, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO UPDATE SET root = EXCLUDED.root, note = EXCLUDED.note",
      [c.size, c.root.toString("hex"), c.note],
    );
  }

  async listCheckpoints(): Promise<StoredCheckpoint[]> {
    const r = await this.client.query("SELECT size, root, note FROM ledger_checkpoints ORDER BY size");
    return r.rows.map((row: Row) => ({
      size: Number(row.size),
      root: Buffer.from(row.root as string, "hex"),
      note: row.note as string,
    }));
  }

  async insertRequest(r: StoredRequest): Promise<void> {
    await this.client.query(
      "INSERT INTO change_requests (id, digest, created_at, requester, record) VALUES ($1, $2, $3, $4, $5)",
      [r.id, r.digest, r.createdAt, r.requester, r.record],
    );
  }

  async getRequest(id: string): Promise<StoredRequest | undefined> {
    const r = await this.client.query("SELECT * FROM change_requests WHERE id = $1", [id]);
    return r.rows[0] ? requestFromRow(r.rows[0]) : undefined;
  }

  async findRequestsByDigest(digest: string): Promise<StoredRequest[]> {
    const r = await this.client.query(
      "SELECT * FROM change_requests WHERE digest = $1 ORDER BY created_at DESC, id",
      [digest],
    );
    return r.rows.map(requestFromRow);
  }

  async listRequests(limit = 50): Promise<StoredRequest[]> {
    const r = await this.client.query("SELECT * FROM change_requests ORDER BY created_at DESC, id LIMIT $1", [
      limit,
    ]);
    return r.rows.map(requestFromRow);
  }

  async insertReview(r: StoredReview): Promise<void> {
    await this.client.query(
      "INSERT INTO reviews (id, request_id, digest, kind, reviewer, created_at, expires_at, envelope, ledger_index) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      [
        r.id,
        r.requestId,
        r.digest,
        r.kind,
        r.reviewer,
        r.createdAt,
        r.expiresAt ?? null,
        r.envelope,
        r.ledgerIndex ?? null,
      ],
    );
  }

  async listReviews(requestId: string): Promise<StoredReview[]> {
    const r = await this.client.query("SELECT * FROM reviews WHERE request_id = $1 ORDER BY created_at, id", [
      requestId,
    ]);
    return r.rows.map(reviewFromRow);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
