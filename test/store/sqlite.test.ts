// The shared store suite against the embedded SQLite store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { type Backend, storeSuite } from "./store-suite.js";

storeSuite(async (): Promise<Backend> => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-sqlite-"));
  const file = join(dir, "airlock.db");
  // AIRLOCK_HOME is set per suite; the database file is placed there through AIRLOCK_HOME itself.
  return {
    name: "sqlite",
    env: { AIRLOCK_HOME: dir },
    async exec(sql) {
      const db = new Database(file);
      try {
        db.pragma("busy_timeout = 10000");
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async reset() {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
