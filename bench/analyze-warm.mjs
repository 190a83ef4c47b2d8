// Where the 10k ratio goes: the same analysis run three times in one process (cold, then warm code and a
// grown heap), against JSON.parse of the same file in that process. The first round is what the CLI pays;
// the later ones show how much of it is the JIT warming up rather than work.
// Usage: npm run build && node bench/analyze-warm.mjs [FILE]   (default: bench/out/plan-10000.json, made by
// `npm run bench`)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = process.argv[2] ?? join(ROOT, "bench", "out", "plan-10000.json");
const dist = (p) => join(ROOT, "dist", p);
const { readInputBytes } = await import(dist("ingest/read-input.js"));
const { readPlanBytes } = await import(dist("ingest/terraform/plan-stream.js"));
const { assessChangeSet } = await import(dist("assess/assess.js"));
const { rulesFor } = await import(dist("rules/catalog/by-framework.js"));
const { writeJsonReport } = await import(dist("report/json-stream.js"));
const { tuneForOneShot } = await import(dist("cli/jit.js"));
const rules = await rulesFor("terraform");
// As the CLI does (AIRLOCK_V8_DEFAULTS=1 to compare without).
await tuneForOneShot();

for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  const cs = readPlanBytes(readInputBytes(file), file);
  const t1 = performance.now();
  const a = assessChangeSet(cs, rules, { attributes: false });
  const t2 = performance.now();
  let bytes = 0;
  writeJsonReport(a, cs, (chunk) => {
    bytes += chunk.length;
  });
  const t3 = performance.now();
  const p0 = performance.now();
  JSON.parse(readFileSync(file, "utf8"));
  const parse = performance.now() - p0;
  console.log(
    `round ${round + 1}: read+ingest ${(t1 - t0).toFixed(0)} ms, assess ${(t2 - t1).toFixed(0)} ms, report ${(t3 - t2).toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB), total ${(t3 - t0).toFixed(0)} ms; read+JSON.parse ${parse.toFixed(0)} ms; ratio ${((t3 - t0) / parse).toFixed(2)}`,
  );
}
