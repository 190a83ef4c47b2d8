// Preloaded into a benchmarked process (`node --import ./bench/report-rss.mjs …`): at exit, writes the
// process's peak resident set size and its CPU time (user + system, all threads) to stderr as
// `BENCH_MAX_RSS <bytes>` and `BENCH_CPU_US <microseconds>` for bench/run.mjs to read.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const u = process.resourceUsage();
  writeSync(2, `\nBENCH_MAX_RSS ${u.maxRSS * 1024}\nBENCH_CPU_US ${u.userCPUTime + u.systemCPUTime}\n`);
});
