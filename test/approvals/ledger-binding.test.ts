// Security review finding (MEDIUM): store rows must be bound to the ledger. Someone with write access to the
// database (not to the ledger key) edits a decision, deletes a rejection, edits a review, re-points a
// request's digest column, or rewrites the ledger entry too — none of it may make a change approved.
// Tampering is done with plain SQL on the real SQLite file and on a real PostgreSQL schema.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { isDigestApproved } from "../../src/approvals/lookup.js";
import { policyInForce } from "../../src/approvals/policy-identity.js";
import { recordRequest, requestStatus, review } from "../../src/approvals/service.js";
import { sshEd25519PublicKey } from "../../src/approvals/signing.js";
import type { ChangeRequest } from "../../src/approvals/types.js";
import { openLedger } from "../../src/ledger/index.js";

const PG_URL = process.env.AIRLOCK_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function changeRequest(id: string, digest: string): ChangeRequest {
  return {
    schemaVersion: "1",
    id,
    digest,
    createdAt: new Date().toISOString(),
    requester: { identity: "alice@example.com", kind: "human", source: "test" },
    source: { path: "tfplan", framework: "terraform", format: "terraform-plan-json" },
    assessment: {
      framework: "terraform",
      summary: {
        create: 0,
        update: 0,
        replace: 0,
        delete: 1,
        read: 0,
        noop: 0,
        forget: 0,
        import: 0,
        moved: 0,
        drift: 0,
        deferred: 0,
        total: 1,
      },
      risk: { level: "high", findings: { info: 0, low: 0, medium: 0, high: 1, critical: 0 }, byCategory: {} },
      findings: [],
    },
    decision: {
      decision: "require-approval",
      digest,
      requirements: [
        {
          id: "approval:one",
          kind: "approval",
          rule: "one",
          description: "one approval",
          enforcement: "hard-mandatory",
          approval: { count: 1 },
          satisfied: false,
        },
      ],
      reasons: [],
      provenance: { classification: "human", agents: [], commits: [], files: [], notes: [] },
      policy: "builtin",
    },
    policyIdentity: policyInForce().identity,
    groups: {},
    evidence: [],
  };
}

type Sql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

interface Backend {
  name: string;
  /** Sets the environment so that the library uses this store; returns the raw SQL handle. */
  setup(): Promise<{ sql: Sql; close: () => Promise<void> } | string>;
}

const dir = mkdtempSync(join(tmpdir(), "airlock-binding-"));

const sqliteBackend: Backend = {
  name: "SQLite",
  async setup() {
    process.env.AIRLOCK_HOME = join(dir, `sqlite-${randomBytes(3).toString("hex")}`);
    delete process.env.AIRLOCK_DATABASE_URL;
    delete process.env.AIRLOCK_DATABASE_SCHEMA;
    // Create the store through the library first.
    (await openLedger()).close();
    const db = new Database(join(process.env.AIRLOCK_HOME, "airlock.db"));
    return {
      sql: async (q, p = []) => {
        const st = db.prepare(q);
        if (st.reader) return st.all(...p) as Record<string, unknown>[];
        st.run(...p);
        return [];
      },
      close: async () => {
        db.close();
      },
    };
  },
};

const postgresBackend: Backend = {
  name: "PostgreSQL",
  async setup() {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (err) {
      if (process.env.CI) throw err;
      return `PostgreSQL unreachable at ${PG_URL} (${(err as Error).message})`;
    }
    const schema = `airlock_binding_${process.pid}_${randomBytes(3).toString("hex")}`;
    process.env.AIRLOCK_HOME = join(dir, schema);
    process.env.AIRLOCK_DATABASE_URL = PG_URL;
    process.env.AIRLOCK_DATABASE_SCHEMA = schema;
    (await openLedger()).close();
    await client.query(`SET search_path TO "${schema}"`);
    return {
      sql: async (q, p = []) => {
        let n = 0;
        const r = await client.query(
          q.replace(/\?/g, () => `$${++n}`),
          p,
        );
        return r.rows as Record<string, unknown>[];
      },
      close: async () => {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
        await client.end();
      },
    };
  },
};

const saved = { ...process.env };
const as = (identity: string, key?: string) => {
  delete process.env.AIRLOCK_AGENT;
  process.env.AIRLOCK_IDENTITY = identity;
  if (key) process.env.AIRLOCK_REVIEWER_KEY = join(dir, key);
};

before(() => {
  process.env.AIRLOCK_POLICY = "builtin";
  const lines: string[] = [];
  for (const who of ["bob", "carol"]) {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(join(dir, `${who}.key`), privateKey.export({ format: "pem", type: "pkcs8" }), {
      mode: 0o600,
    });
    lines.push(
      `${who}@example.com ${sshEd25519PublicKey(publicKey.export({ format: "der", type: "spki" }).subarray(12))}`,
    );
  }
  writeFileSync(join(dir, "allowed_signers"), `${lines.join("\n")}\n`);
  process.env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
});
after(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  rmSync(dir, { recursive: true, force: true });
});

for (const backend of [sqliteBackend, postgresBackend]) {
  describe(`store rows are bound to the ledger (${backend.name})`, () => {
    let db: { sql: Sql; close: () => Promise<void> } | undefined;
    let skip: string | undefined;
    const digest = (c: string) => `sha256:${c.repeat(64)}`;
    const record = async (id: string, d: string) => {
      const ledger = await openLedger();
      try {
        await recordRequest(ledger, changeRequest(id, d));
      } finally {
        await ledger.close();
      }
    };

    before(async () => {
      const r = await backend.setup();
      if (typeof r === "string") skip = r;
      else db = r;
    });
    after(async () => {
      await db?.close();
    });

    it("an edited decision in a change_requests row does not count", async (t) => {
      if (skip || !db) return t.skip(skip);
      await record("cr-edit", digest("1"));
      assert.equal((await isDigestApproved(digest("1"))).approved, false);
      const [row] = await db.sql("SELECT record FROM change_requests WHERE id = ?", ["cr-edit"]);
      const rec = JSON.parse(row.record as string) as ChangeRequest;
      rec.decision.decision = "allow";
      rec.decision.requirements = [];
      await db.sql("UPDATE change_requests SET record = ? WHERE id = ?", [JSON.stringify(rec), "cr-edit"]);
      const lookup = await isDigestApproved(digest("1"));
      assert.equal(lookup.approved, false);
      assert.match(lookup.reason, /does not match ledger entry \d+ \(edited\)/);
      const { status } = await requestStatus("cr-edit");
      assert.equal(status.state, "blocked");
      // approve refuses a request whose row does not match the ledger.
      as("bob@example.com", "bob.key");
      await assert.rejects(review("cr-edit", "approve", { method: "airlock" }), /does not match the ledger/);
    });

    it("a deleted rejection row is still counted from the ledger", async (t) => {
      if (skip || !db) return t.skip(skip);
      await record("cr-reject", digest("3"));
      as("bob@example.com", "bob.key");
      await review("cr-reject", "approve", { method: "airlock" });
      assert.equal((await isDigestApproved(digest("3"))).approved, true);
      as("carol@example.com", "carol.key");
      const r = await review("cr-reject", "reject", { method: "airlock", reason: "drops the table" });
      assert.equal(r.status.state, "rejected");
      await db.sql("DELETE FROM reviews WHERE id = ?", [r.reviewId]);
      assert.equal((await db.sql("SELECT id FROM reviews WHERE id = ?", [r.reviewId])).length, 0);
      const { status } = await requestStatus("cr-reject");
      assert.equal(status.state, "rejected", status.reasons.join("; "));
      assert.ok(status.reasons.some((x) => x.includes(`${r.reviewId} (reject) is missing from the store`)));
      assert.equal((await isDigestApproved(digest("3"))).approved, false);
    });

    it("an edited review row (a rejection turned into an approval) voids the request", async (t) => {
      if (skip || !db) return t.skip(skip);
      await record("cr-flip", digest("4"));
      as("carol@example.com", "carol.key");
      const r = await review("cr-flip", "reject", { method: "airlock", reason: "no" });
      await db.sql("UPDATE reviews SET kind = 'approve' WHERE id = ?", [r.reviewId]);
      const { status } = await requestStatus("cr-flip");
      assert.equal(status.state, "blocked");
      assert.match(status.voided?.join("\n") ?? "", /store row does not match ledger entry \d+ \(edited\)/);
      assert.equal((await isDigestApproved(digest("4"))).approved, false);
    });

    it("an approved request re-pointed at another digest does not approve that digest", async (t) => {
      if (skip || !db) return t.skip(skip);
      await record("cr-harmless", digest("5"));
      as("bob@example.com", "bob.key");
      await review("cr-harmless", "approve", { method: "airlock" });
      assert.equal((await isDigestApproved(digest("5"))).approved, true);
      await db.sql("UPDATE change_requests SET digest = ? WHERE id = ?", [digest("6"), "cr-harmless"]);
      const lookup = await isDigestApproved(digest("6"));
      assert.equal(lookup.approved, false);
      assert.match(lookup.reason, /tampered/);
    });

    it("a request row inserted without a ledger entry does not count", async (t) => {
      if (skip || !db) return t.skip(skip);
      const fake = { ...changeRequest("cr-fake", digest("7")), ledgerIndex: 0 };
      fake.decision = { ...fake.decision, decision: "allow", requirements: [] };
      await db.sql(
        "INSERT INTO change_requests (id, digest, created_at, requester, record) VALUES (?, ?, ?, ?, ?)",
        [fake.id, fake.digest, fake.createdAt, fake.requester.identity, JSON.stringify(fake)],
      );
      const lookup = await isDigestApproved(digest("7"));
      assert.equal(lookup.approved, false);
      assert.match(lookup.reason, /ledger entry 0 is not this request/);
    });

    it("the ledger entry rewritten as well (new body and leaf hash) breaks the signed root (last: it breaks the ledger)", async (t) => {
      if (skip || !db) return t.skip(skip);
      await record("cr-deep", digest("2"));
      const [row] = await db.sql("SELECT record FROM change_requests WHERE id = ?", ["cr-deep"]);
      const rec = JSON.parse(row.record as string) as ChangeRequest;
      const index = rec.ledgerIndex as number;
      rec.decision.decision = "allow";
      rec.decision.requirements = [];
      await db.sql("UPDATE change_requests SET record = ? WHERE id = ?", [JSON.stringify(rec), "cr-deep"]);
      const [entry] = await db.sql("SELECT body FROM ledger_entries WHERE idx = ?", [index]);
      const body = JSON.parse(entry.body as string);
      const { requestRecordSha256 } = await import("../../src/approvals/ledger-binding.js");
      const { canonicalJson } = await import("../../src/util/canonical-json.js");
      const { hashLeaf } = await import("../../src/ledger/merkle.js");
      body.data.recordSha256 = requestRecordSha256(rec);
      const newBody = canonicalJson(body);
      await db.sql("UPDATE ledger_entries SET body = ?, leaf_hash = ? WHERE idx = ?", [
        newBody,
        hashLeaf(Buffer.from(newBody, "utf8")).toString("hex"),
        index,
      ]);
      const lookup = await isDigestApproved(digest("2"));
      assert.equal(lookup.approved, false);
      assert.match(lookup.reason, /do not match its signed root/);
    });
  });
}
