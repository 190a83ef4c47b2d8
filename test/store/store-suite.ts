// The one test suite every store must pass (run by sqlite.test.ts and postgres.test.ts).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { openLedger } from "../../src/ledger/index.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { verifyConsistencyDocument, verifyTlogProof } from "../../src/ledger/offline.js";
import { LATEST_SCHEMA_VERSION } from "../../src/store/migrations.js";
import type { Store } from "../../src/store/types.js";

export interface Backend {
  name: string;
  /** Environment (besides AIRLOCK_HOME) that selects this backend, for this process and child processes. */
  env: Record<string, string>;
  /** Runs SQL on the backend's database directly (to tamper with it as an attacker would). */
  exec(sql: string): Promise<void>;
  /** Drops everything so the next test starts empty. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const WORKER = fileURLToPath(new URL("./append-worker.ts", import.meta.url));

function runWorker(env: Record<string, string>, count: number, tag: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, ...env, WORKER_COUNT: String(count), WORKER_TAG: tag },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function waitExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
}

export function storeSuite(getBackend: () => Promise<Backend | string>): void {
  let backend: Backend;
  let skip: string | undefined;
  let env: Record<string, string>;
  const saved = { ...process.env };

  before(async () => {
    const b = await getBackend();
    if (typeof b === "string") {
      skip = b;
      process.stdout.write(`# SKIP store suite: ${b}\n`);
      return;
    }
    backend = b;
    env = { AIRLOCK_HOME: mkdtempSync(join(tmpdir(), `airlock-store-${b.name}-`)), ...b.env };
    Object.assign(process.env, env);
  });
  after(async () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await backend?.close();
    if (env?.AIRLOCK_HOME) rmSync(env.AIRLOCK_HOME, { recursive: true, force: true });
  });

  const test = (name: string, fn: (ledger: Ledger, store: Store) => Promise<void>) =>
    // Generous: child processes on a loaded 2-core machine; a hang fails instead of stalling the run.
    it(name, { timeout: 180_000 }, async (t) => {
      if (skip) {
        t.skip(skip);
        return;
      }
      await backend.reset();
      const ledger = await openLedger();
      try {
        await fn(ledger, ledger.store);
      } finally {
        await ledger.close();
      }
    });

  const fill = async (ledger: Ledger, n: number) => {
    for (let i = 0; i < n; i++) await ledger.append({ type: "test-event", data: { i } });
  };

  describe("schema", () => {
    test("is migrated to the latest version on first open, and reopening keeps it", async (_l, store) => {
      assert.equal(await store.schemaVersion(), LATEST_SCHEMA_VERSION);
      const again = await openLedger();
      assert.equal(await again.store.schemaVersion(), LATEST_SCHEMA_VERSION);
      await again.close();
    });
    test("a database from a newer Airlock is refused", async () => {
      await backend.exec(
        `INSERT INTO airlock_schema_migrations (version, name, applied_at) VALUES (${LATEST_SCHEMA_VERSION + 1}, 'future', 'x')`,
      );
      await assert.rejects(openLedger(), /newer than this Airlock supports/);
    });
  });

  describe("ledger", () => {
    test("appends, keeps a signed head and verifies", async (ledger, store) => {
      await fill(ledger, 10);
      const head = await store.head();
      assert.equal(head?.size, 10);
      const r = await ledger.verify();
      assert.deepEqual(r.problems, []);
      assert.equal(r.ok, true);
      assert.equal(r.size, 10);
      assert.equal(await store.countEntries(), 10);
      const entries = await store.readEntries(3, 5);
      assert.deepEqual(
        entries.map((e) => e.index),
        [3, 4],
      );
      assert.equal(JSON.parse(entries[0].body).data.i, 3);
    });
    test("every inclusion proof and consistency proof verifies without the store", async (ledger) => {
      await fill(ledger, 13);
      for (let i = 0; i < 13; i++) {
        const { proof, entry } = await ledger.proof(i);
        const res = verifyTlogProof(proof, Buffer.from(entry), ledger.signer);
        assert.ok(res.ok, res.message);
        const other = await ledger.entry((i + 1) % 13);
        assert.equal(verifyTlogProof(proof, Buffer.from(other), ledger.signer).ok, false);
      }
      for (const [a, b] of [
        [0, 13],
        [1, 13],
        [7, 13],
        [8, 13],
        [5, 9],
        [13, 13],
      ]) {
        const doc = await ledger.consistency(a, b);
        assert.ok(verifyConsistencyDocument(doc, ledger.signer).ok, `${a}→${b}`);
      }
    });
    test("detects an edited entry (with or without its leaf hash recomputed)", async (ledger) => {
      await fill(ledger, 8);
      await backend.exec(`UPDATE ledger_entries SET body = replace(body, '"i":3', '"i":33') WHERE idx = 3`);
      let r = await ledger.verify();
      assert.equal(r.ok, false);
      assert.match(r.problems.join("\n"), /entry 3 was modified/);
      // An attacker who also fixes the stored leaf hash is caught by the signed checkpoint.
      const body = await ledger.entry(3);
      const { hashLeaf } = await import("../../src/ledger/merkle.js");
      await backend.exec(
        `UPDATE ledger_entries SET leaf_hash = '${hashLeaf(Buffer.from(body)).toString("hex")}' WHERE idx = 3`,
      );
      r = await ledger.verify();
      assert.equal(r.ok, false);
      assert.match(r.problems.join("\n"), /does not match it/);
    });
    test("detects a deleted entry", async (ledger) => {
      await fill(ledger, 8);
      await backend.exec("DELETE FROM ledger_entries WHERE idx = 2");
      const r = await ledger.verify();
      assert.equal(r.ok, false);
      assert.match(r.problems.join("\n"), /entries 2 are missing|entries 2(–\d+)? are missing/);
    });
    test("detects reordered entries", async (ledger) => {
      await fill(ledger, 8);
      await backend.exec("UPDATE ledger_entries SET idx = -1 WHERE idx = 1");
      await backend.exec("UPDATE ledger_entries SET idx = 1 WHERE idx = 2");
      await backend.exec("UPDATE ledger_entries SET idx = 2 WHERE idx = -1");
      const r = await ledger.verify();
      assert.equal(r.ok, false);
      assert.match(
        r.problems.join("\n"),
        /signed head checkpoint: the tree of the first 8 entries does not match/,
      );
    });
    test("detects truncation, and rollback against a saved checkpoint", async (ledger, store) => {
      await fill(ledger, 6);
      const early = await ledger.checkpoint();
      await fill(ledger, 4);
      const saved = await ledger.checkpoint();
      assert.equal((await ledger.verify({ checkpoint: saved })).ok, true);
      assert.equal(
        (await ledger.verify({ checkpoint: early })).ok,
        true,
        "older saved checkpoint is a prefix",
      );
      await backend.exec("DELETE FROM ledger_entries WHERE idx >= 8");
      let r = await ledger.verify();
      assert.equal(r.ok, false);
      assert.match(r.problems.join("\n"), /truncated/);
      // The attacker also rolls the head back to the earlier signed checkpoint (size 6) and deletes entries 6–7:
      // only a checkpoint saved elsewhere reveals it.
      await backend.exec("DELETE FROM ledger_entries WHERE idx >= 6");
      const e = early.replace(/'/g, "''");
      await backend.exec(
        `UPDATE ledger_head SET size = 6, checkpoint = '${e}', root = '${await rootOf(early)}'`,
      );
      r = await ledger.verify();
      assert.equal(r.ok, true, r.problems.join("; "));
      r = await ledger.verify({ checkpoint: saved });
      assert.equal(r.ok, false);
      assert.match(
        r.problems.join("\n"),
        /rollback: the saved checkpoint covers 10 entries but the ledger now has 6/,
      );
      assert.equal((await store.head())?.size, 6);
    });
    test("a rewritten history fails against a saved checkpoint of the same size", async (ledger) => {
      await fill(ledger, 5);
      const saved = await ledger.checkpoint();
      await backend.exec(`UPDATE ledger_entries SET body = replace(body, '"i":0', '"i":9') WHERE idx = 0`);
      const r = await ledger.verify({ checkpoint: saved });
      assert.equal(r.ok, false);
      assert.match(r.problems.join("\n"), /saved checkpoint: the tree of the first 5 entries does not match/);
    });
  });

  describe("change requests and reviews", () => {
    test("stores, finds by id and digest, and lists reviews in order", async (_l, store) => {
      await store.insertRequest({
        id: "cr-1",
        digest: "sha256:aa",
        createdAt: "2025-01-01T00:00:00Z",
        requester: "a@x",
        record: "{}",
      });
      await store.insertRequest({
        id: "cr-2",
        digest: "sha256:aa",
        createdAt: "2025-01-02T00:00:00Z",
        requester: "b@x",
        record: "{}",
      });
      assert.equal((await store.getRequest("cr-1"))?.requester, "a@x");
      assert.equal(await store.getRequest("nope"), undefined);
      assert.deepEqual(
        (await store.findRequestsByDigest("sha256:aa")).map((r) => r.id),
        ["cr-2", "cr-1"],
      );
      assert.equal((await store.listRequests()).length, 2);
      await store.insertReview({
        id: "rv-2",
        requestId: "cr-1",
        digest: "sha256:aa",
        kind: "reject",
        reviewer: "c@x",
        createdAt: "2025-01-01T02:00:00Z",
        envelope: "{}",
      });
      await store.insertReview({
        id: "rv-1",
        requestId: "cr-1",
        digest: "sha256:aa",
        kind: "approve",
        reviewer: "d@x",
        createdAt: "2025-01-01T01:00:00Z",
        expiresAt: "2025-01-02T01:00:00Z",
        envelope: "{}",
        ledgerIndex: 7,
      });
      const reviews = await store.listReviews("cr-1");
      assert.deepEqual(
        reviews.map((r) => [r.id, r.kind, r.expiresAt, r.ledgerIndex]),
        [
          ["rv-1", "approve", "2025-01-02T01:00:00Z", 7],
          ["rv-2", "reject", undefined, undefined],
        ],
      );
      await assert.rejects(
        store.insertRequest({ id: "cr-1", digest: "x", createdAt: "x", requester: "x", record: "{}" }),
      );
    });
  });

  describe("concurrency and crashes", () => {
    test("several processes appending at once never fork or lose entries", async (ledger, store) => {
      const workers = 4;
      const each = 40;
      const children = Array.from({ length: workers }, (_, w) => runWorker(env, each, `w${w}`));
      const results = await Promise.all(children.map(waitExit));
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      assert.equal(await store.countEntries(), workers * each);
      const seen = new Set<string>();
      for await (const e of ledger.entries()) {
        const d = JSON.parse(e.body).data;
        seen.add(`${d.worker}/${d.i}`);
      }
      assert.equal(seen.size, workers * each);
      const r = await ledger.verify();
      assert.deepEqual(r.problems, []);
      assert.equal(r.size, workers * each);
    });
    test("a process killed with SIGKILL in the middle of appending leaves a log that verifies", async (ledger, store) => {
      for (let round = 0; round < 2; round++) {
        const child = runWorker(env, 0, `k${round}`);
        const exited = waitExit(child);
        let lines = 0;
        await new Promise<void>((resolve) => {
          child.stdout?.on("data", (d: Buffer) => {
            lines += d.toString().split("\n").length - 1;
            if (lines >= 25 + round * 7) resolve();
          });
          // A worker that dies early must not leave this waiting forever (the exit check below fails).
          child.on("close", () => resolve());
        });
        child.kill("SIGKILL");
        const { signal } = await exited;
        assert.equal(signal, "SIGKILL");
      }
      const r = await ledger.verify();
      assert.deepEqual(r.problems, []);
      assert.ok(r.size >= 50);
      assert.equal(await store.countEntries(), r.size);
      await ledger.append({ type: "test-event", data: { after: "crash" } });
      assert.equal((await ledger.verify()).ok, true);
    });
  });
}

async function rootOf(checkpointNote: string): Promise<string> {
  const { parseCheckpointText } = await import("../../src/ledger/checkpoint.js");
  const { parseNote } = await import("../../src/ledger/note.js");
  return parseCheckpointText(parseNote(checkpointNote).text).root.toString("hex");
}
