// Ledger benchmark: appends per second (embedded SQLite and PostgreSQL), full verification of 100k entries,
// inclusion proof size and verification time. Uses the built library (run `npm run build` first).
// Usage: node bench/ledger.mjs [--entries 100000] [--appends 5000] [--pg postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const ENTRIES = Number(arg("--entries", "100000"));
const APPENDS = Number(arg("--appends", "5000"));
const PG_URL = arg(
  "--pg",
  process.env.AIRLOCK_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
);

const home = mkdtempSync(join(tmpdir(), "airlock-bench-ledger-"));
process.env.AIRLOCK_HOME = home;
delete process.env.AIRLOCK_DATABASE_URL;
const { openLedger } = await import("../dist/ledger/index.js");
const { verifyTlogProof } = await import("../dist/ledger/offline.js");

/** A guard verdict of realistic size (~450 bytes of canonical JSON). */
const entry = (i) => ({
  type: "guard-verdict",
  actor: { identity: "claude-code", kind: "agent", agent: "claude-code" },
  digest: `sha256:${randomBytes(32).toString("hex")}`,
  data: {
    command: `terraform apply -auto-approve -target=module.app.aws_instance.web[${i % 17}]`,
    verdict: i % 3 === 0 ? "deny" : "ask",
    reasons: ["changes live infrastructure", "no approved change covers this operation"],
    tool: "terraform",
    session: "bench",
    seq: i,
  },
});

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const results = {};

async function appendRate(label, opts) {
  const ledger = await openLedger(opts);
  for (let i = 0; i < 50; i++) await ledger.append(entry(i)); // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < APPENDS; i++) await ledger.append(entry(i));
  const elapsed = ms(t);
  results[`${label} appends/s (one transaction each)`] = Math.round((APPENDS / elapsed) * 1000);
  await ledger.close();
}

await appendRate("embedded SQLite", {});

// PostgreSQL, when reachable: a fresh schema, dropped afterwards.
let pgSchema;
try {
  const pg = (await import("pg")).default;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  pgSchema = `airlock_bench_${process.pid}`;
  await appendRate("PostgreSQL", { url: PG_URL, schema: pgSchema });
  await c.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
  await c.end();
} catch (err) {
  results["PostgreSQL appends/s"] = `skipped (${err.message})`;
}

// Full verification of ENTRIES entries (embedded). Built in batches of 1,000 per transaction.
rmSync(join(home, "airlock.db"), { force: true });
rmSync(join(home, "airlock.db-wal"), { force: true });
rmSync(join(home, "airlock.db-shm"), { force: true });
{
  const ledger = await openLedger();
  let t = process.hrtime.bigint();
  for (let i = 0; i < ENTRIES; i += 1000) {
    await ledger.appendMany(Array.from({ length: Math.min(1000, ENTRIES - i) }, (_, k) => entry(i + k)));
  }
  results[`build ${ENTRIES} entries in batches of 1,000 (s)`] = +(ms(t) / 1000).toFixed(2);
  t = process.hrtime.bigint();
  const report = await ledger.verify();
  results[`full verify of ${ENTRIES} entries (s)`] = +(ms(t) / 1000).toFixed(2);
  if (!report.ok) throw new Error(`verify failed: ${report.problems.join("; ")}`);

  const index = Math.floor(ENTRIES / 2) + 1;
  t = process.hrtime.bigint();
  const { proof, entry: body } = await ledger.proof(index);
  results[`inclusion proof generation at size ${ENTRIES} (ms)`] = +ms(t).toFixed(1);
  results["inclusion proof size (bytes, C2SP tlog-proof incl. signed checkpoint)"] = Buffer.byteLength(proof);
  results["inclusion proof hashes"] =
    proof.split("\n").filter((l) => /^[A-Za-z0-9+/]{43}=$/.test(l)).length - 1;
  const runs = 2000;
  t = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    if (!verifyTlogProof(proof, Buffer.from(body), ledger.signer).ok) throw new Error("proof failed");
  }
  results["offline proof verification incl. Ed25519 checkpoint signature (µs)"] = +(
    (ms(t) * 1000) /
    runs
  ).toFixed(1);
  t = process.hrtime.bigint();
  const c = await ledger.consistency(Math.floor(ENTRIES / 3));
  results[`consistency proof ${Math.floor(ENTRIES / 3)} → ${ENTRIES} (ms, hashes)`] =
    `${ms(t).toFixed(1)} ms, ${c.proof.length}`;
  await ledger.close();
}

rmSync(home, { recursive: true, force: true });
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
