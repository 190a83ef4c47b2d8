// Reports: JSON matches its schema, SARIF is what code scanning accepts, markdown stays under GitHub's limit,
// colors only when wanted.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment, Finding } from "../../src/model/assessment.js";
import { colorsWanted } from "../../src/report/colors.js";
import { render } from "../../src/report/index.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/report/markdown.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const schema = JSON.parse(
  readFileSync(new URL("../../schemas/assessment.schema.json", import.meta.url), "utf8"),
);

async function example(): Promise<Assessment> {
  return analyzeInput({
    plan: new URL("../../examples/replace-database.plan.json", import.meta.url).pathname,
  });
}

function withFindings(a: Assessment, n: number): Assessment {
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    findings.push({
      ruleId: `AL-TEST-${String(i % 50).padStart(3, "0")}`,
      title: "Synthetic finding",
      category: "data-loss",
      severity: (["critical", "high", "medium", "low", "info"] as const)[i % 5],
      address: `module.m${i}.aws_db_instance.this`,
      message: `Database module.m${i}.aws_db_instance.this would be destroyed with | pipes and <html> in the message`,
      blastRadius: Array.from({ length: 60 }, (_, j) => `module.app.aws_instance.web[${j}]`),
    });
  }
  return { ...a, findings };
}

describe("reports", () => {
  it("JSON output validates against schemas/assessment.schema.json", async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const a = await example();
    const parsed: { schemaVersion: string; changes: { action: string }[] } = JSON.parse(
      render(withFindings(a, 3), "json", { color: false, rules: ALL_RULES }),
    );
    assert.ok(validate(structuredClone(parsed)), JSON.stringify(validate.errors));
    assert.equal(parsed.schemaVersion, "1.0");
    // And the schema is not vacuous: a wrong action is rejected.
    parsed.changes[0].action = "explode";
    assert.equal(validate(structuredClone(parsed)), false);
  });

  it("SARIF 2.1.0 has rules, results with physical and logical locations, and security-severity", async () => {
    const a = withFindings(await example(), 7);
    const sarif = JSON.parse(render(a, "sarif", { color: false, rules: ALL_RULES }));
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, "Airlock");
    assert.equal(run.results.length, 7);
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of run.results) {
      assert.equal(ids[r.ruleIndex], r.ruleId);
      assert.ok(["error", "warning", "note"].includes(r.level));
      const loc = r.locations[0].physicalLocation.artifactLocation;
      // Repository-relative (the example is in this checkout) or, outside any repository, an absolute file: URI.
      assert.ok(
        loc.uriBaseId === "%SRCROOT%" ? !/^\/|^\.\.\//.test(loc.uri) : loc.uri.startsWith("file:///"),
        loc.uri,
      );
      assert.ok(r.locations[0].logicalLocations[0].fullyQualifiedName);
      assert.match(r.partialFingerprints["airlockFinding/v2"], /^[0-9a-f]{64}$/);
    }
    for (const rule of run.tool.driver.rules) assert.match(rule.properties["security-severity"], /^\d+\.\d$/);
    assert.equal(
      new Set(
        run.results.map(
          (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["airlockFinding/v2"],
        ),
      ).size,
      7,
    );
  });

  it("markdown stays under GitHub's 65,536-character limit and says when it truncated", async () => {
    const big = withFindings(await example(), 5000);
    const md = renderMarkdown(big);
    assert.ok(md.length <= GITHUB_COMMENT_LIMIT, `length ${md.length}`);
    assert.match(md, /truncated/);
    assert.match(md, /more findings not shown/);
    assert.ok(md.startsWith("<!-- airlock:analyze -->"));
    const small = renderMarkdown(withFindings(await example(), 2));
    assert.doesNotMatch(small, /truncated/);
    assert.match(small, /<details>/);
    assert.match(small, /\\\|/, "pipes in messages are escaped so the table holds");
  });

  it("text has a summary table and no ANSI codes unless colors are wanted", async () => {
    const a = withFindings(await example(), 5);
    const plain = render(a, "text", { color: false, rules: ALL_RULES });
    assert.doesNotMatch(plain, /\x1b\[/);
    assert.match(plain, /create\s+1/);
    assert.match(plain, /replace\s+1/);
    assert.match(plain, /blast radius \(60\)/);
    const colored = render(a, "text", { color: true, rules: ALL_RULES });
    assert.match(colored, /\x1b\[/);
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = "1";
    try {
      assert.equal(colorsWanted(false), false);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
    assert.equal(colorsWanted(true), false, "never colors into a file");
  });

  it("the example's sensitive password never appears", async () => {
    const a = await example();
    for (const f of ["text", "json", "sarif", "markdown"] as const)
      assert.ok(!render(a, f, { color: false, rules: ALL_RULES }).includes("Sup3r-S3cret"), f);
    const db = a.changes.find((c) => c.address === "module.db.aws_db_instance.this")!;
    assert.deepEqual(db.blastRadius, ["module.app.aws_instance.web[0]", "module.app.aws_instance.web[1]"]);
  });
});
