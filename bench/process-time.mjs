// What the analysis benchmarks share: one process timed whole (wall, CPU, peak RSS), the JSON.parse
// baseline and the CLI's analyze command as argument lists, and the median.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const RSS = join(dirname(fileURLToPath(import.meta.url)), "report-rss.mjs");

/**
 * Runs `node --import report-rss.mjs …args`: wall time (ms), CPU time (ms), peak RSS (bytes) and minor page
 * faults (each the first touch of a 4 KiB page of memory).
 */
export function timeProcess(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", RSS, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  const m = /BENCH_MAX_RSS (\d+)/.exec(r.stderr);
  const cpu = /BENCH_CPU_US (\d+)/.exec(r.stderr);
  const faults = /BENCH_MINFLT (\d+)/.exec(r.stderr);
  return {
    ms,
    cpuMs: cpu ? Number(cpu[1]) / 1000 : 0,
    rss: m ? Number(m[1]) : 0,
    faults: faults ? Number(faults[1]) : 0,
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The baseline: `node -e 'JSON.parse(readFileSync(FILE, "utf8"))'`. */
export function parseArgs(file) {
  return ["-e", `JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))`, file];
}

/** `ROOT/bin/airlock.js analyze FILE --format json --output /dev/null` of the checkout at `root`. */
export function analyzeArgs(root, file) {
  return [
    join(resolve(root), "bin", "airlock.js"),
    "analyze",
    file,
    "--format",
    "json",
    "--output",
    "/dev/null",
  ];
}

/**
 * What one first touch of fresh memory costs on this machine: milliseconds to fill a new 64 MiB buffer
 * (16,384 page faults), median of three processes. JSON.parse of a plan touches more fresh memory than the
 * analysis does, so where this is slow the ratio is lower (docs/benchmarks.md, "Fifth session").
 */
export function firstTouchMsPerMiB() {
  const code =
    "const t=process.hrtime.bigint();Buffer.allocUnsafe(64<<20).fill(1);" +
    "console.log(Number(process.hrtime.bigint()-t)/1e6/64)";
  const xs = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
    xs.push(Number(r.stdout));
  }
  return median(xs);
}
