// The shared store suite against PostgreSQL (127.0.0.1:5432, database `test`, a fresh schema per run).
// Skips with a visible message when no PostgreSQL server answers, except under CI / AIRLOCK_REQUIRE_POSTGRES.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Backend, storeSuite } from "./store-suite.js";

const URL = process.env.AIRLOCK_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

storeSuite(async (): Promise<Backend | string> => {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    // In CI (.ci/run starts PostgreSQL) an unreachable server is a failure, not a skip.
    if (process.env.CI || process.env.AIRLOCK_REQUIRE_POSTGRES) throw err;
    return `PostgreSQL unreachable at ${URL} (${(err as Error).message})`;
  }
  const schema = `airlock_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  const use = async () => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
  };
  await use();
  return {
    name: "postgres",
    env: { AIRLOCK_DATABASE_URL: URL, AIRLOCK_DATABASE_SCHEMA: schema },
    async exec(sql) {
      await client.query(sql);
    },
    async reset() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await use();
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await client.end();
    },
  };
});
