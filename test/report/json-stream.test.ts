// The JSON report written in pieces (src/report/json-stream.ts) is byte for byte the report renderJson
// writes for the assessment with attribute diffs; the CLI writes it to --output whole or not at all.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generatePlan } from "../../bench/gen-plan.mjs";
import { assessChangeSet } from "../../src/assess/assess.js";
import { readPlanBytes } from "../../src/ingest/terraform/plan-stream.js";
import { renderJson } from "../../src/report/json.js";
import { writeJsonReport } from "../../src/report/json-stream.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";
import { airlock, ROOT } from "../helpers/cli.js";
import { plan, rc } from "../helpers/plan-builder.js";

function both(text: string): { streamed: string; whole: string; chunks: number } {
  const cs = readPlanBytes(Buffer.from(text), "p.json");
  const chunks: Buffer[] = [];
  writeJsonReport(assessChangeSet(cs, ALL_RULES, { attributes: false }), cs, (c) =>
    chunks.push(Buffer.from(c)),
  );
  const whole = renderJson(assessChangeSet(cs, ALL_RULES));
  return { streamed: Buffer.concat(chunks).toString("utf8"), whole, chunks: chunks.length };
}

describe("streamed JSON report", () => {
  it("equals renderJson of the assessment with attribute diffs", () => {
    for (const f of readdirSync(join(ROOT, "examples")).filter((n) => n.endsWith(".json"))) {
      const r = both(readFileSync(join(ROOT, "examples", f), "utf8"));
      assert.equal(r.streamed, r.whole, f);
    }
    const odd = plan([
      rc({
        address: 'aws_s3_bucket.a["k\\"q"]',
        actions: ["delete", "create"],
        before: { b: "é\n" },
        after: { b: "x" },
        deposed: "d1",
      }),
      rc({ address: "aws_s3_bucket.b", actions: ["no-op"], before: { b: 1 }, after: { b: 1 } }),
      // Moved (`previous_address`): with an update (written member by member) and with no other change.
      {
        ...rc({ address: "aws_s3_bucket.m", actions: ["update"], before: { b: 1 }, after: { b: 2 } }),
        previous_address: 'aws_s3_bucket.old["m\\"q"]',
      },
      {
        ...rc({ address: "aws_s3_bucket.n", actions: ["no-op"], before: { b: 1 }, after: { b: 1 } }),
        previous_address: "aws_s3_bucket.was_n",
      },
      rc({
        address: "aws_s3_bucket.c",
        actions: ["create"],
        importing: { id: "c" },
        after: { big: "z".repeat(5000) },
      }),
    ]);
    const r = both(JSON.stringify(odd));
    assert.equal(r.streamed, r.whole);
    const moved = JSON.parse(r.streamed).changes.filter(
      (c: { previousAddress?: string }) => c.previousAddress,
    );
    assert.deepEqual(
      moved.map((c: { previousAddress: string }) => c.previousAddress),
      ['aws_s3_bucket.old["m\\"q"]', "aws_s3_bucket.was_n"],
    );
  });

  it("writes a large report in chunks whose concatenation is the report", () => {
    const r = both(JSON.stringify(generatePlan(2500, "lean")));
    assert.ok(r.chunks > 1, `${r.chunks} chunk(s)`);
    assert.equal(r.streamed, r.whole);
  });

  it("fills one buffer again for a sink that writes each chunk out, with the same report", () => {
    const text = JSON.stringify(generatePlan(2500, "lean"));
    const cs = readPlanBytes(Buffer.from(text), "p.json");
    const copies: Buffer[] = [];
    const backing = new Set<ArrayBufferLike>();
    writeJsonReport(
      assessChangeSet(cs, ALL_RULES, { attributes: false }),
      cs,
      (c) => {
        backing.add(c.buffer);
        copies.push(Buffer.from(c));
      },
      true,
    );
    assert.ok(copies.length > 1, `${copies.length} chunk(s)`);
    assert.equal(backing.size, 1, "each chunk in the same buffer");
    assert.equal(Buffer.concat(copies).toString("utf8"), both(text).whole);
  });
});

describe("analyze --format json --output", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-out-"));
  it("replaces the file whole and leaves no temporary file", () => {
    const out = join(dir, "report.json");
    writeFileSync(out, "old");
    const r = airlock([
      "analyze",
      "examples/replace-database.plan.json",
      "--format",
      "json",
      "--output",
      out,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(readFileSync(out, "utf8")).schemaVersion, "1.0");
    assert.deepEqual(readdirSync(dir), ["report.json"]);
    assert.equal(
      airlock(["analyze", "examples/replace-database.plan.json", "--format", "json"]).stdout,
      readFileSync(out, "utf8"),
    );
  });

  it("writes a report of several megabytes to the file exactly as to stdout", () => {
    const big = join(dir, "big.plan.json");
    writeFileSync(big, JSON.stringify(generatePlan(4000, "lean")));
    const out = join(dir, "big.json");
    const r = airlock(["analyze", big, "--format", "json", "--output", out]);
    assert.equal(r.status, 0, r.stderr);
    const written = readFileSync(out, "utf8");
    assert.ok(written.length > 2 * (1 << 20), `${written.length} bytes`);
    assert.equal(airlock(["analyze", big, "--format", "json"]).stdout, written);
  });

  it("leaves the previous file untouched when the input cannot be read", () => {
    const out = join(dir, "kept.json");
    writeFileSync(out, "previous report");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"format_version":"1.2","resource_changes":[{"address":');
    const r = airlock(["analyze", bad, "--format", "json", "--output", out]);
    assert.equal(r.status, 2);
    assert.equal(readFileSync(out, "utf8"), "previous report");
    assert.deepEqual(readdirSync(dir).sort(), [
      "bad.json",
      "big.json",
      "big.plan.json",
      "kept.json",
      "report.json",
    ]);
  });

  it("writes to a device such as /dev/null, and names an unwritable destination in one line", () => {
    assert.equal(
      airlock(["analyze", "examples/routine.plan.json", "--format", "json", "--output", "/dev/null"]).status,
      0,
    );
    const r = airlock([
      "analyze",
      "examples/routine.plan.json",
      "--format",
      "json",
      "--output",
      join(dir, "no", "such", "dir.json"),
    ]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^airlock: cannot write .*dir\.json: /);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.ok(!existsSync(join(dir, "no")));
  });
});
