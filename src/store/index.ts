// Opens the configured store: PostgreSQL when AIRLOCK_DATABASE_URL is set, else the embedded SQLite file
// AIRLOCK_HOME/airlock.db (created on first use).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { airlockHome, databaseUrl, ensureAirlockHome } from "./home.js";
import type { Store } from "./types.js";

export const SQLITE_FILE = "airlock.db";

export interface OpenStoreOptions {
  /** PostgreSQL URL; defaults to AIRLOCK_DATABASE_URL. */
  url?: string;
  /** PostgreSQL schema to use (created when missing); defaults to AIRLOCK_DATABASE_SCHEMA. */
  schema?: string;
  /** SQLite file; defaults to AIRLOCK_HOME/airlock.db. */
  file?: string;
  /** Use this directory instead of AIRLOCK_HOME. */
  home?: string;
  /** When false, return undefined instead of creating an embedded database that does not exist yet. */
  create?: boolean;
}

export function sqlitePath(home?: string): string {
  return join(home ?? airlockHome(), SQLITE_FILE);
}

/** True when a store is configured: AIRLOCK_DATABASE_URL is set or the embedded database exists. */
export function storeConfigured(home?: string): boolean {
  return databaseUrl() !== undefined || existsSync(sqlitePath(home));
}

export async function openStore(opts: OpenStoreOptions = {}): Promise<Store | undefined> {
  const url = opts.url ?? (opts.file ? undefined : databaseUrl());
  if (url) {
    const { PostgresStore } = await import("./postgres.js");
    return PostgresStore.open(url, opts.schema ?? (process.env.AIRLOCK_DATABASE_SCHEMA?.trim() || undefined));
  }
  const file = opts.file ?? sqlitePath(opts.home);
  if (!existsSync(file)) {
    if (opts.create === false) return undefined;
    if (opts.home) mkdirSync(opts.home, { recursive: true, mode: 0o700 });
    else if (!opts.file) ensureAirlockHome();
  }
  const { SqliteStore } = await import("./sqlite.js");
  return new SqliteStore(file);
}

/** Opens the configured store, creating the embedded one when needed. */
export async function openStoreOrCreate(opts: OpenStoreOptions = {}): Promise<Store> {
  const s = await openStore({ ...opts, create: true });
  if (!s) throw new Error("store could not be opened");
  return s;
}
