// Two checkouts' `airlock analyze` against the same JSON.parse baseline, interleaved in one run: the way to
// tell a change's cost from the machine's drift (the same code's ratio moves by a tenth or more between runs
// on these machines). Prints wall and CPU-time medians and ratios for each.
// Usage: npm run build && node bench/compare.mjs OTHER_CHECKOUT [FILE] [RUNS]
//   OTHER_CHECKOUT  another checkout, built (`git worktree add /tmp/base <commit> && cd /tmp/base &&
//                   ln -s "$PWD/../main/node_modules" && npx tsc -p tsconfig.build.json`)
//   FILE            default bench/out/plan-50000.json (made by `npm run bench`); RUNS default 7
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeArgs, median, parseArgs, timeProcess } from "./process-time.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const [other, fileArg, runsArg] = process.argv.slice(2);
if (!other) {
  console.error("usage: node bench/compare.mjs OTHER_CHECKOUT [FILE] [RUNS]");
  process.exit(2);
}
const file = resolve(fileArg ?? join(ROOT, "bench", "out", "plan-50000.json"));
const runs = Number(runsArg ?? 7);
const variants = {
  "JSON.parse": parseArgs(file),
  "this checkout": analyzeArgs(ROOT, file),
  [other]: analyzeArgs(other, file),
};
const wall = {};
const cpu = {};
for (let i = 0; i < runs; i++)
  for (const [name, args] of Object.entries(variants)) {
    const t = timeProcess(args);
    wall[name] ??= [];
    cpu[name] ??= [];
    wall[name].push(t.ms);
    cpu[name].push(t.cpuMs);
  }
const base = "JSON.parse";
console.log(`${file}, ${runs} interleaved runs`);
for (const name of Object.keys(variants)) {
  const w = median(wall[name]);
  const c = median(cpu[name]);
  const ratios =
    name === base
      ? ""
      : `  ratio ${(w / median(wall[base])).toFixed(2)}  CPU-time ratio ${(c / median(cpu[base])).toFixed(2)}`;
  console.log(
    `${name.padEnd(16)} wall ${w.toFixed(0).padStart(6)} ms  CPU ${c.toFixed(0).padStart(6)} ms${ratios}`,
  );
}
