// Secrets in a plan never reach the store: after recording a change request (ledger entry + request record),
// the raw bytes of the SQLite database (and its WAL) and every row of every PostgreSQL table are searched for
// the plan's sensitive values.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { createRequest } from "../../src/approvals/service.js";
import { plan, rc } from "../helpers/plan-builder.js";

const PG_URL = process.env.AIRLOCK_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRETS = {
  marked: `S3cr3t-${randomBytes(6).toString("hex")}`,
  markedOddName: `UserData-${randomBytes(6).toString("hex")}`,
  byName: `tok-${randomBytes(6).toString("hex")}`,
  before: `OldPass-${randomBytes(6).toString("hex")}`,
};

function writePlan(dir: string): string {
  const file = join(dir, "plan.json");
  const doc = plan([
    rc({
      address: "aws_db_instance.main",
      actions: ["update"],
      before: { identifier: "main", password: SECRETS.before, user_data: "old", api_token: "old" },
      after: {
        identifier: "main",
        password: SECRETS.marked,
        user_data: SECRETS.markedOddName,
        api_token: SECRETS.byName,
      },
      beforeSensitive: { password: true },
      afterSensitive: { password: true, user_data: true },
    }),
    rc({
      address: "aws_instance.web",
      actions: ["delete", "create"],
      before: { ami: "ami-1", user_data: SECRETS.markedOddName },
      after: { ami: "ami-2", user_data: SECRETS.markedOddName },
      beforeSensitive: { user_data: true },
      afterSensitive: { user_data: true },
    }),
  ]);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function assertNoSecret(haystack: string, where: string): void {
  for (const [k, v] of Object.entries(SECRETS)) {
    assert.equal(haystack.includes(v), false, `${k} secret found in ${where}`);
  }
}

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("sensitive plan values are never stored", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-secrets-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = writePlan(dir);
  const base = { AIRLOCK_IDENTITY: "alice@example.com", AIRLOCK_AGENT: undefined };

  it("the plan really holds the secrets (the search below can find them)", () => {
    const text = readFileSync(file, "utf8");
    for (const v of Object.values(SECRETS)) assert.ok(text.includes(v));
    assert.throws(() => assertNoSecret(text, "the plan"), /secret found in the plan/);
  });

  it("SQLite: the database file and its WAL do not contain them", async () => {
    const home = join(dir, "sqlite-home");
    const req = await withEnv({ ...base, AIRLOCK_HOME: home, AIRLOCK_DATABASE_URL: undefined }, () =>
      createRequest({ plan: file }),
    );
    assert.ok(req.assessment.findings.length > 0 || req.assessment.summary.total > 0);
    const files = readdirSync(home).filter((f) => /\.(db|sqlite)(-wal|-shm)?$|\.db/.test(f));
    assert.ok(files.length > 0, `a database file exists in ${home}: ${readdirSync(home).join(", ")}`);
    let bytes = 0;
    for (const f of files) {
      const b = readFileSync(join(home, f));
      bytes += b.length;
      assertNoSecret(b.toString("latin1"), f);
      assertNoSecret(b.toString("utf16le"), `${f} (UTF-16)`);
    }
    assert.ok(bytes > 0);
    // The stored record is what `airlock status` shows: it names the change but not the values.
    assertNoSecret(JSON.stringify(req), "the returned request");
  });

  it("PostgreSQL: no row of any table contains them", async (t) => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (err) {
      if (process.env.AIRLOCK_REQUIRE_POSTGRES || process.env.CI) throw err;
      t.skip(`PostgreSQL unreachable at ${PG_URL} (${(err as Error).message})`);
      return;
    }
    const schema = `airlock_secrets_${process.pid}_${randomBytes(3).toString("hex")}`;
    try {
      await withEnv(
        {
          ...base,
          AIRLOCK_HOME: join(dir, "pg-home"),
          AIRLOCK_DATABASE_URL: PG_URL,
          AIRLOCK_DATABASE_SCHEMA: schema,
        },
        () => createRequest({ plan: file }),
      );
      const tables = await client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
        [schema],
      );
      assert.ok(tables.rows.length >= 3, "the store created its tables");
      let rows = 0;
      for (const { table_name } of tables.rows as { table_name: string }[]) {
        const r = await client.query(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
        for (const { row } of r.rows as { row: string }[]) {
          rows++;
          assertNoSecret(row, `${schema}.${table_name}`);
        }
      }
      assert.ok(rows > 0);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await client.end();
    }
  });
});
