// The `airlock ledger …` commands end to end (run from source through tsx): exit codes, offline proofs,
// tamper detection and one-line errors.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openLedger } from "../../src/ledger/index.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

describe("airlock ledger CLI", () => {
  const home = mkdtempSync(join(tmpdir(), "airlock-ledger-cli-"));
  const env: NodeJS.ProcessEnv = { ...process.env, AIRLOCK_HOME: home, AIRLOCK_DATABASE_URL: "" };
  delete env.NODE_TEST_CONTEXT;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
      env,
      encoding: "utf8",
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("reports a missing ledger as an input error", () => {
    const r = run("ledger", "verify");
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^airlock: no ledger at .* \(nothing has been recorded yet\)\n$/);
  });

  it("verifies, proves, exports and detects tampering", async () => {
    const saved = process.env.AIRLOCK_HOME;
    process.env.AIRLOCK_HOME = home;
    try {
      const l = await openLedger();
      for (let i = 0; i < 7; i++) await l.append({ type: "test-event", data: { i } });
      await l.close();
    } finally {
      if (saved === undefined) delete process.env.AIRLOCK_HOME;
      else process.env.AIRLOCK_HOME = saved;
    }
    const key = run("ledger", "key");
    assert.equal(key.code, 0);
    assert.match(key.out.trim(), /^airlock\.local\/ledger\/[0-9a-f]{8}\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    writeFileSync(join(home, "key.pub"), key.out);

    const ok = run("ledger", "verify", "--save-checkpoint", join(home, "cp"));
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^ledger OK: 7 entries/);

    assert.equal(
      run("ledger", "proof", "4", "-o", join(home, "p4"), "--entry-out", join(home, "e4")).code,
      0,
    );
    assert.match(readFileSync(join(home, "p4"), "utf8"), /^c2sp\.org\/tlog-proof@v1\nindex 4\n/);
    const vp = run(
      "ledger",
      "verify-proof",
      "--proof",
      join(home, "p4"),
      "--entry",
      join(home, "e4"),
      "--key",
      join(home, "key.pub"),
    );
    assert.equal(vp.code, 0, vp.err);
    writeFileSync(join(home, "e-bad"), readFileSync(join(home, "e4"), "utf8").replace('"i":4', '"i":5'));
    assert.equal(
      run(
        "ledger",
        "verify-proof",
        "--proof",
        join(home, "p4"),
        "--entry",
        join(home, "e-bad"),
        "--key",
        join(home, "key.pub"),
      ).code,
      1,
    );

    assert.equal(run("ledger", "consistency", "3", "7", "-o", join(home, "c")).code, 0);
    assert.equal(
      run("ledger", "verify-proof", "--proof", join(home, "c"), "--key", join(home, "key.pub")).code,
      0,
    );

    const exp = run("ledger", "export", "--format", "jsonl");
    assert.equal(exp.code, 0);
    assert.equal(exp.out.trim().split("\n").length, 7);
    assert.equal(run("ledger", "export", "--format", "csv").code, 2);
    const bad = run("ledger", "proof", "99");
    assert.equal(bad.code, 2);
    assert.equal(bad.err, "airlock: no ledger entry 99 (the ledger has 7)\n");

    const db = new Database(join(home, "airlock.db"));
    db.exec("DELETE FROM ledger_entries WHERE idx = 6");
    db.exec("UPDATE ledger_head SET size = 6");
    db.close();
    const tampered = run("ledger", "verify", "--checkpoint", join(home, "cp"));
    assert.equal(tampered.code, 1);
    assert.match(tampered.out, /ledger FAILED verification/);
  });
});
