// `npm run bench`: analysis time ÷ bare JSON.parse time of the same file, whole process and in process,
// and peak memory, for generated plans of 1k, 10k and 50k resource changes. Ratios are measured in one run
// because these machines are noisy. Then the other capability benchmarks, when present.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePlan } from "./gen-plan.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
mkdirSync(OUT, { recursive: true });
const sizes = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

function timeProcess(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const parseScript = `const t=process.hrtime.bigint();const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const ms=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(JSON.stringify({ms,rss:process.resourceUsage().maxRSS*1024,n:(d.resource_changes||[]).length}))`;
const analyzeScript = join(ROOT, "bench", "analyze-child.mjs");

const rows = [];
for (const n of sizes) {
  const file = join(OUT, `plan-${n}.json`);
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(generatePlan(n)));
  const bytes = statSync(file).size;
  const wholeAnalyze = [];
  const wholeParse = [];
  const inParse = [];
  const inAnalyze = [];
  let rss = 0;
  let parseRss = 0;
  for (let i = 0; i < runs; i++) {
    const p = timeProcess(["-e", parseScript, file]);
    wholeParse.push(p.ms);
    const pj = JSON.parse(p.stdout);
    inParse.push(pj.ms);
    parseRss = Math.max(parseRss, pj.rss);
    const a = timeProcess([
      join(ROOT, "bin", "airlock.js"),
      "analyze",
      file,
      "--format",
      "json",
      "--output",
      "/dev/null",
    ]);
    wholeAnalyze.push(a.ms);
    const c = JSON.parse(timeProcess([analyzeScript, file]).stdout);
    inAnalyze.push(c.ms);
    rss = Math.max(rss, c.rss);
  }
  const row = {
    changes: n,
    fileMB: +(bytes / 1e6).toFixed(1),
    parseMs: +median(inParse).toFixed(0),
    analyzeMs: +median(inAnalyze).toFixed(0),
    inProcessRatio: +(median(inAnalyze) / median(inParse)).toFixed(2),
    wholeParseMs: +median(wholeParse).toFixed(0),
    wholeAnalyzeMs: +median(wholeAnalyze).toFixed(0),
    wholeProcessRatio: +(median(wholeAnalyze) / median(wholeParse)).toFixed(2),
    peakRssMB: +(rss / 1e6).toFixed(0),
    rssOverFile: +(rss / bytes).toFixed(2),
    parseOnlyRssMB: +(parseRss / 1e6).toFixed(0),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const t10 = rows.find((r) => r.changes === 10000);
const t50 = rows.find((r) => r.changes === 50000);
if (t10 && t50)
  console.log(
    `50k/10k analyze time (whole process): ${(t50.wholeAnalyzeMs / t10.wholeAnalyzeMs).toFixed(2)}`,
  );
console.log(
  "\n| changes | file MB | JSON.parse ms | analyze ms (in process, json out) | ratio | whole process parse ms | whole process analyze ms | ratio | peak RSS MB | RSS ÷ file |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.changes} | ${r.fileMB} | ${r.parseMs} | ${r.analyzeMs} | ${r.inProcessRatio} | ${r.wholeParseMs} | ${r.wholeAnalyzeMs} | ${r.wholeProcessRatio} | ${r.peakRssMB} | ${r.rssOverFile} |`,
  );

// Other capability benchmarks (guard hook, ledger, manifests/templates) run when their scripts exist.
for (const extra of ["guard-hook.mjs", "ledger.mjs", "manifests.mjs", "templates.mjs"]) {
  const p = join(ROOT, "bench", extra);
  if (existsSync(p) && !process.env.BENCH_ONLY_ANALYZE) {
    console.log(`\n== bench/${extra}`);
    spawnSync(process.execPath, [p], { stdio: "inherit" });
  }
}
