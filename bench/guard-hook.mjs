#!/usr/bin/env node
// The Claude Code hook as a whole process (cold start each run), against `node -e 0`.
// Usage: npm run build && node bench/guard-hook.mjs [runs=20] [entry=bin/airlock.js|bin/airlock-guard-hook.js]
// Prints a table of medians (ms) and the ratio to `node -e 0`; the target is ≤ 2×.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 20);
const entries = process.argv[3]
  ? [process.argv[3]]
  : ["bin/airlock.js", "bin/airlock-guard-hook.js"].filter((e) => existsSync(join(root, e)));
const cwd = mkdtempSync(join(tmpdir(), "airlock-bench-"));
const env = { ...process.env, AIRLOCK_HOME: join(cwd, ".airlock") };

const COMMANDS = {
  "read-only": "kubectl get pods -n prod",
  unrelated: "npm test -- --watch=false",
  mutating: "terraform apply -auto-approve",
  destructive: "terraform destroy -auto-approve",
  "nested (bash -c, pipes)": `bash -c 'cd infra && terraform plan -out tfplan | tee plan.log' && echo "DROP TABLE users" | psql prod`,
  "non-Bash tool": null,
};

function time(cmd, args, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { input, cwd, env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 2) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Runs are interleaved (baseline, then every case, repeated) so that load from other processes on the
// machine affects the baseline and the hook alike.
const cases = [];
for (const entry of entries) {
  for (const [name, command] of Object.entries(COMMANDS)) {
    const input = JSON.stringify({
      session_id: "bench",
      hook_event_name: "PreToolUse",
      cwd,
      tool_name: command === null ? "Read" : "Bash",
      tool_input: command === null ? { file_path: "/etc/hosts" } : { command },
    });
    const args = entry.endsWith("airlock.js")
      ? [join(root, entry), "guard", "hook", "claude-code"]
      : [join(root, entry)];
    cases.push({ entry, name, run: () => time(process.execPath, args, input), xs: [] });
  }
}
const baseline = { run: () => time(process.execPath, ["-e", "0"]), xs: [] };
for (const c of [baseline, ...cases]) c.run(); // warm the file system cache
for (let i = 0; i < runs; i++) for (const c of [baseline, ...cases]) c.xs.push(c.run());
const base = median(baseline.xs);
console.log(`node ${process.version}, ${runs} interleaved runs each, cwd ${cwd}`);
console.log(`node -e 0: median ${base.toFixed(1)} ms (min ${Math.min(...baseline.xs).toFixed(1)})`);
for (const entry of entries) {
  console.log(`\n${entry}${entry.endsWith("airlock.js") ? " guard hook claude-code" : ""}`);
  console.log("| command | median ms | min ms | ratio to node -e 0 (medians) |\n|---|---|---|---|");
  for (const c of cases.filter((x) => x.entry === entry)) {
    const m = median(c.xs);
    console.log(
      `| ${c.name} | ${m.toFixed(1)} | ${Math.min(...c.xs).toFixed(1)} | ${(m / base).toFixed(2)}× |`,
    );
  }
}
