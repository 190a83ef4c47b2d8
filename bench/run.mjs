// `npm run bench`: analysis time ÷ bare JSON.parse time of the same file, whole process, and peak memory,
// for generated plans of 1k, 10k and 50k resource changes in two shapes (see gen-plan.mjs):
//   full  what `terraform show -json` writes: resource_changes, planned_values and prior_state with every
//         resource's values, configuration (the default, and what the targets are judged on);
//   lean  resource_changes and configuration only, planned_values and prior_state empty (the shape of the
//         first benchmarks, kept so that results stay comparable).
// Both sides of each ratio are measured in the same run, interleaved, medians of BENCH_RUNS, because these
// machines are noisy. Then the other capability benchmarks, when present.
// Environment: BENCH_SIZES=1000,10000,50000  BENCH_SHAPES=full,lean  BENCH_RUNS=5  BENCH_ONLY_ANALYZE=1
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePlan } from "./gen-plan.mjs";
import { analyzeArgs, firstTouchMsPerMiB, median, parseArgs, timeProcess } from "./process-time.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
mkdirSync(OUT, { recursive: true });
const sizes = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number);
const shapes = (process.env.BENCH_SHAPES ?? "full,lean").split(",");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const rows = [];
// The machine's cost of touching fresh memory, which both sides of each ratio pay (see process-time.mjs).
const touch = firstTouchMsPerMiB();
console.log(`first touch of fresh memory: ${touch.toFixed(2)} ms per MiB`);
for (const shape of shapes) {
  for (const n of sizes) {
    const file = join(OUT, shape === "lean" ? `plan-${n}-lean.json` : `plan-${n}.json`);
    if (!existsSync(file)) writeFileSync(file, JSON.stringify(generatePlan(n, shape)));
    const bytes = statSync(file).size;
    const parse = [];
    const analyze = [];
    const parseCpu = [];
    const analyzeCpu = [];
    const parseFaults = [];
    const analyzeFaults = [];
    let rss = 0;
    let parseRss = 0;
    for (let i = 0; i < runs; i++) {
      const p = timeProcess(parseArgs(file));
      parse.push(p.ms);
      parseCpu.push(p.cpuMs);
      parseFaults.push(p.faults);
      parseRss = Math.max(parseRss, p.rss);
      const a = timeProcess(analyzeArgs(ROOT, file));
      analyze.push(a.ms);
      analyzeCpu.push(a.cpuMs);
      analyzeFaults.push(a.faults);
      rss = Math.max(rss, a.rss);
    }
    const row = {
      shape,
      changes: n,
      fileMB: +(bytes / 1e6).toFixed(1),
      parseMs: Math.round(median(parse)),
      analyzeMs: Math.round(median(analyze)),
      ratio: +(median(analyze) / median(parse)).toFixed(2),
      // The same ratio in CPU time (user + system, all threads): less moved by other jobs on the machine.
      cpuRatio: +(median(analyzeCpu) / median(parseCpu)).toFixed(2),
      peakRssMB: Math.round(rss / 1e6),
      rssOverFile: +(rss / bytes).toFixed(2),
      parseRssOverFile: +(parseRss / bytes).toFixed(2),
      // Minor page faults (first touches of a 4 KiB page), medians: what the first-touch cost multiplies.
      parseFaults: median(parseFaults),
      analyzeFaults: median(analyzeFaults),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
console.log(
  "\n| shape | changes | file MB | JSON.parse ms (whole process) | analyze ms (whole process, json) | ratio | CPU-time ratio | peak RSS MB | RSS ÷ file | JSON.parse RSS ÷ file | page faults, JSON.parse / analyze |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.shape} | ${r.changes} | ${r.fileMB} | ${r.parseMs} | ${r.analyzeMs} | ${r.ratio} | ${r.cpuRatio} | ${r.peakRssMB} | ${r.rssOverFile} | ${r.parseRssOverFile} | ${r.parseFaults} / ${r.analyzeFaults} |`,
  );
for (const shape of shapes) {
  const t10 = rows.find((r) => r.shape === shape && r.changes === 10000);
  const t50 = rows.find((r) => r.shape === shape && r.changes === 50000);
  if (t10 && t50) console.log(`${shape}: 50k/10k analyze time ${(t50.analyzeMs / t10.analyzeMs).toFixed(2)}`);
}
console.log(`first touch of fresh memory: ${touch.toFixed(2)} ms per MiB (before the runs)`);

// Other capability benchmarks (guard hook, ledger, manifests/templates) run when their scripts exist.
for (const extra of ["guard-hook.mjs", "ledger.mjs", "manifests.mjs", "templates.mjs"]) {
  const p = join(ROOT, "bench", extra);
  if (existsSync(p) && !process.env.BENCH_ONLY_ANALYZE) {
    console.log(`\n== bench/${extra}`);
    spawnSync(process.execPath, [p], { stdio: "inherit" });
  }
}
