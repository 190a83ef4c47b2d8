// The analyze command as users run it: formats, --output, --fail-on, exit codes, one-line errors.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { generatePlan } from "../../bench/gen-plan.mjs";
import { airlock, ROOT } from "../helpers/cli.js";
import { plan, rc, writeTemp } from "../helpers/plan-builder.js";

const EXAMPLE = "examples/replace-database.plan.json";

describe("airlock analyze (CLI)", () => {
  it("prints a text report and exits 0", () => {
    const r = airlock(["analyze", EXAMPLE]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Digest: sha256:[0-9a-f]{64}/);
    assert.match(r.stdout, /module\.db\.aws_db_instance\.this/);
  });

  it("prints exactly the output sample the README shows", () => {
    const readme = readFileSync(`${ROOT}README.md`, "utf8");
    const m =
      /<!-- sample:analyze -->\n```text\n\$ npx airlock (analyze \S+)\n([\s\S]*?)```\n<!-- \/sample:analyze -->/.exec(
        readme,
      );
    assert.ok(m, "README has the analyze sample");
    const r = airlock(m[1].split(" "));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, m[2], "README's output sample is stale: paste the current output");
  });

  it("writes JSON to --output", () => {
    const out = writeTemp("out.json", "");
    const r = airlock(["analyze", EXAMPLE, "--format", "json", "--output", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(JSON.parse(readFileSync(out, "utf8")).schemaVersion, "1.0");
  });

  it("--fail-on exits 1 when a finding is at or above the threshold, 0 otherwise", () => {
    const danger = writeTemp(
      "danger.json",
      plan([
        rc({
          address: "aws_db_instance.main",
          actions: ["delete"],
          before: { identifier: "main", engine: "postgres", deletion_protection: false },
        }),
      ]),
    );
    const quiet = writeTemp(
      "quiet.json",
      plan([rc({ address: "aws_sqs_queue.q", actions: ["create"], after: { name: "q" } })]),
    );
    const d = airlock(["analyze", danger, "--format", "json", "--fail-on", "info"]);
    const findings = JSON.parse(d.stdout).findings.length;
    assert.equal(d.status, findings > 0 ? 1 : 0);
    assert.equal(airlock(["analyze", quiet, "--fail-on", "low"]).status, 0);
  });

  it("usage and input errors exit 2 with one line and no stack trace", () => {
    const cases = [
      airlock(["analyze", "/nonexistent.json"]),
      airlock(["analyze", EXAMPLE, "--format", "yaml"]),
      airlock(["analyze", EXAMPLE, "--fail-on", "severe"]),
      airlock(["analyze", writeTemp("e.json", "")]),
      airlock(["analyze"]),
      airlock(["analyze", "--before", EXAMPLE]),
    ];
    for (const r of cases) {
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, "", "never a report on error");
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^airlock: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
  });

  it("reads the plan from standard input given as `-`, with the same report as from the file", () => {
    const text = readFileSync(`${ROOT}${EXAMPLE}`, "utf8");
    const fromFile = JSON.parse(airlock(["analyze", EXAMPLE, "--format", "json"]).stdout);
    const r = airlock(["analyze", "-", "--format", "json"], { input: text });
    assert.equal(r.status, 0, r.stderr);
    const fromStdin = JSON.parse(r.stdout);
    assert.equal(fromStdin.source.path, "stdin");
    assert.equal(fromStdin.digest, fromFile.digest);
    assert.deepEqual(fromStdin.findings, fromFile.findings);
    assert.deepEqual(fromStdin.changes, fromFile.changes);
    // Larger than one read's chunk (1 MiB): read to the end.
    const big = JSON.stringify(generatePlan(1000, "full"));
    assert.ok(big.length > 2 << 20);
    const viaFile = airlock(["analyze", writeTemp("big.json", big), "--format", "json"]);
    const viaStdin = airlock(["analyze", "-", "--format", "json"], { input: big });
    assert.equal(viaStdin.status, viaFile.status, viaStdin.stderr);
    assert.equal(JSON.parse(viaStdin.stdout).digest, JSON.parse(viaFile.stdout).digest);
  });

  it("refuses what standard input cannot give completely: empty, truncated, over the limit, a binary plan", () => {
    const text = readFileSync(`${ROOT}${EXAMPLE}`, "utf8");
    const cases: [string[], string, Record<string, string>, RegExp][] = [
      [["analyze", "-"], "", {}, /^airlock: stdin: file is empty$/],
      [["analyze", "-"], text.slice(0, 900), {}, /^airlock: stdin:\d+:\d+: not valid JSON/],
      [
        ["analyze", "-"],
        text,
        { AIRLOCK_MAX_INPUT_BYTES: "1000" },
        /^airlock: stdin: over the input limit of 1000 bytes \(AIRLOCK_MAX_INPUT_BYTES\)$/,
      ],
      // A pipe named by its path is bounded the same way (its size is not known before it is read).
      [
        ["analyze", "/dev/stdin"],
        text,
        { AIRLOCK_MAX_INPUT_BYTES: "1000" },
        /over the input limit of 1000 bytes/,
      ],
      // A binary plan named by standard input's path is refused the same way, not run through terraform.
      [
        ["analyze", "/dev/stdin"],
        "PK\u0003\u0004rest-of-a-zip",
        {},
        /a binary plan file cannot be read from standard input/,
      ],
      [
        ["analyze", "-"],
        "PK\u0003\u0004rest-of-a-zip",
        {},
        /^airlock: stdin: a binary plan file cannot be read from standard input/,
      ],
    ];
    for (const [args, input, env, want] of cases) {
      const r = airlock(args, { input, env });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, "", "never a report on error");
      assert.match(r.stderr.trim(), want);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });

  it("--debug adds the stack trace", () => {
    const r = airlock(["analyze", "/nonexistent.json", "--debug"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\n\s+at /);
  });

  it("rules lists the catalog as text and JSON", () => {
    const t = airlock(["rules"]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /\d+ rules/);
    const j = airlock(["rules", "--format", "json"]);
    assert.ok(Array.isArray(JSON.parse(j.stdout)));
  });

  it("gives the same report whether or not V8's inlining budget is lowered for the run", () => {
    // Large enough for the optimizing compiler to take over the hot paths (a 2 MB report).
    const big = writeTemp("jit.json", generatePlan(3000, "full") as object);
    for (const format of ["json", "sarif"]) {
      const tunedOut = writeTemp(`jit-tuned.${format}`, "");
      const plainOut = writeTemp(`jit-plain.${format}`, "");
      const tuned = airlock(["analyze", big, "--format", format, "--output", tunedOut]);
      const plain = airlock(["analyze", big, "--format", format, "--output", plainOut], {
        env: { AIRLOCK_V8_DEFAULTS: "1" },
      });
      assert.equal(tuned.status, 0, tuned.stderr);
      assert.equal(plain.status, 0, plain.stderr);
      const report = readFileSync(tunedOut, "utf8");
      assert.ok(report.length > 100_000, format);
      assert.ok(report === readFileSync(plainOut, "utf8"), `${format}: reports differ`);
    }
  });

  it("the built bin works from the checkout (after npm ci)", {
    skip: existsSync(`${ROOT}dist/cli/main.js`) ? false : "dist/ not built",
  }, async () => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, [`${ROOT}bin/airlock.js`, "--version"], { encoding: "utf8" });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });
});
