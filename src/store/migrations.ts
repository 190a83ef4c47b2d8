// Versioned schema migrations, applied in order under the store's write lock and recorded in
// airlock_schema_migrations. Each has SQLite and PostgreSQL text.

export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "ledger, change requests and reviews",
    sqlite: [
      `CREATE TABLE ledger_entries (
         idx INTEGER PRIMARY KEY,
         body TEXT NOT NULL,
         leaf_hash TEXT NOT NULL,
         type TEXT NOT NULL,
         digest TEXT,
         request_id TEXT,
         created_at TEXT NOT NULL
       )`,
      `CREATE TABLE ledger_head (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         size INTEGER NOT NULL,
         root TEXT NOT NULL,
         frontier TEXT NOT NULL,
         checkpoint TEXT,
         origin TEXT
       )`,
      `INSERT INTO ledger_head (id, size, root, frontier) VALUES
         (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '[]')`,
      `CREATE TABLE ledger_checkpoints (size INTEGER PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL)`,
      `CREATE TABLE change_requests (
         id TEXT PRIMARY KEY,
         digest TEXT NOT NULL,
         created_at TEXT NOT NULL,
         requester TEXT NOT NULL,
         record TEXT NOT NULL
       )`,
      "CREATE INDEX change_requests_digest ON change_requests (digest)",
      `CREATE TABLE reviews (
         id TEXT PRIMARY KEY,
         request_id TEXT NOT NULL REFERENCES change_requests (id),
         digest TEXT NOT NULL,
         kind TEXT NOT NULL,
         reviewer TEXT NOT NULL,
         created_at TEXT NOT NULL,
         expires_at TEXT,
         envelope TEXT NOT NULL,
         ledger_index INTEGER
       )`,
      "CREATE INDEX reviews_request ON reviews (request_id)",
    ],
    postgres: [
      `CREATE TABLE ledger_entries (
         idx BIGINT PRIMARY KEY,
         body TEXT NOT NULL,
         leaf_hash TEXT NOT NULL,
         type TEXT NOT NULL,
         digest TEXT,
         request_id TEXT,
         created_at TEXT NOT NULL
       )`,
      `CREATE TABLE ledger_head (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         size BIGINT NOT NULL,
         root TEXT NOT NULL,
         frontier TEXT NOT NULL,
         checkpoint TEXT,
         origin TEXT
       )`,
      `INSERT INTO ledger_head (id, size, root, frontier) VALUES
         (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '[]')`,
      "CREATE TABLE ledger_checkpoints (size BIGINT PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL)",
      `CREATE TABLE change_requests (
         id TEXT PRIMARY KEY,
         digest TEXT NOT NULL,
         created_at TEXT NOT NULL,
         requester TEXT NOT NULL,
         record TEXT NOT NULL
       )`,
      "CREATE INDEX change_requests_digest ON change_requests (digest)",
      `CREATE TABLE reviews (
         id TEXT PRIMARY KEY,
         request_id TEXT NOT NULL REFERENCES change_requests (id),
         digest TEXT NOT NULL,
         kind TEXT NOT NULL,
         reviewer TEXT NOT NULL,
         created_at TEXT NOT NULL,
         expires_at TEXT,
         envelope TEXT NOT NULL,
         ledger_index BIGINT
       )`,
      "CREATE INDEX reviews_request ON reviews (request_id)",
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export const MIGRATIONS_TABLE_SQL =
  "CREATE TABLE IF NOT EXISTS airlock_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/** Every CHECKPOINT_INTERVAL entries the signed checkpoint is also kept in ledger_checkpoints. */
export const CHECKPOINT_INTERVAL = 1024;
