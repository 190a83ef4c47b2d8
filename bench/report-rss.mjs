// Preloaded into a benchmarked process (`node --import ./bench/report-rss.mjs …`): at exit, writes the
// process's peak resident set size to stderr as `BENCH_MAX_RSS <bytes>` for bench/run.mjs to read.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nBENCH_MAX_RSS ${process.resourceUsage().maxRSS * 1024}\n`);
});
