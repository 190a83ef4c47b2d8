// Preloaded into a benchmarked process (`node --import ./bench/report-rss.mjs …`): at exit, writes the
// process's peak resident set size and its CPU time (user + system, all threads) to stderr as
// `BENCH_MAX_RSS <bytes>`, `BENCH_CPU_US <microseconds>` and `BENCH_MINFLT <minor page faults>` for
// bench/run.mjs to read.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const u = process.resourceUsage();
  writeSync(
    2,
    `\nBENCH_MAX_RSS ${u.maxRSS * 1024}\nBENCH_CPU_US ${u.userCPUTime + u.systemCPUTime}\nBENCH_MINFLT ${u.minorPageFault}\n`,
  );
});
