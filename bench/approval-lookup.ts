// isDigestApproved cost with the ledger binding: the lookup verifies the signed head, reads every leaf hash and
// the entries from the request onward. Run: npx tsx bench/approval-lookup.ts [entries=100000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDigestApproved } from "../src/approvals/lookup.js";
import { policyInForce } from "../src/approvals/policy-identity.js";
import { recordRequest } from "../src/approvals/service.js";
import { openLedger } from "../src/ledger/index.js";

const n = Number(process.argv[2] ?? 100_000);
const home = mkdtempSync(join(tmpdir(), "airlock-bench-lookup-"));
process.env.AIRLOCK_HOME = home;
process.env.AIRLOCK_POLICY = "builtin";
delete process.env.AIRLOCK_DATABASE_URL;
const digest = `sha256:${"e".repeat(64)}`;
const ledger = await openLedger();
const filler = Array.from({ length: 1000 }, (_, i) => ({ type: "guard-verdict", data: { i } }));
for (let i = 0; i < n; i += 1000) await ledger.appendMany(filler.slice(0, Math.min(1000, n - i)));
const summary = {
  create: 1,
  update: 0,
  replace: 0,
  delete: 0,
  read: 0,
  noop: 0,
  forget: 0,
  import: 0,
  moved: 0,
  drift: 0,
  deferred: 0,
  total: 1,
};
await recordRequest(ledger, {
  schemaVersion: "1",
  id: "cr-bench",
  digest,
  createdAt: new Date().toISOString(),
  requester: { identity: "alice@example.com", kind: "human", source: "bench" },
  source: { path: "tfplan", framework: "terraform", format: "terraform-plan-json" },
  assessment: {
    framework: "terraform",
    summary,
    risk: { level: "none", findings: { info: 0, low: 0, medium: 0, high: 0, critical: 0 }, byCategory: {} },
    findings: [],
  },
  decision: {
    decision: "allow",
    digest,
    requirements: [],
    reasons: [],
    provenance: { classification: "human", agents: [], commits: [], files: [], notes: [] },
    policy: "builtin",
  },
  policyIdentity: policyInForce().identity,
  groups: {},
  evidence: [],
});
await ledger.close();
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = process.hrtime.bigint();
  const r = await isDigestApproved(digest);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (!r.approved) throw new Error(r.reason);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ entries: n + 1, lookupMsMedian: times[2], lookupMsMin: times[0] }));
rmSync(home, { recursive: true, force: true });
