#!/usr/bin/env node
// Runs the test suite with node's own test runner (its "# pass N / # fail N" closing lines are what CI reads).
// Node 20's --test does not expand globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [dir-or-file ...]   (default: test/)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith(".test.ts")) out.push(path);
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === "node_modules" || entry === "fixtures") continue;
    collect(join(path, entry), out);
  }
}

const roots = process.argv.slice(2);
const files = [];
for (const root of roots.length ? roots : ["test"]) collect(root, files);
if (files.length === 0) {
  console.error("run-tests: no test files found");
  process.exit(1);
}
// Build dist/ once, before any test runs: tests that start `bin/airlock.js` as a child process use it, and
// rebuilding it from inside parallel test files races with those children.
if (!process.env.AIRLOCK_TEST_NO_BUILD) {
  const build = spawnSync(
    process.execPath,
    ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
    {
      stdio: "inherit",
    },
  );
  if (build.status !== 0) {
    console.error("run-tests: build failed");
    process.exit(1);
  }
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=tap", ...files],
  {
    stdio: "inherit",
    env: { ...process.env, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? "/dev/null" },
  },
);
process.exit(result.status ?? 1);
