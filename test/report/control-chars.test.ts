// Text and markdown reports print input strings (addresses, quoted attribute values, file names, notes, drift,
// deferred reasons) only in printable form: control characters and bidirectional controls never reach the
// reviewer's terminal or the PR comment raw, and in markdown a value cannot leave its table cell or code span.
// Also: FORCE_COLOR=0/false turns colours off even on a TTY.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { colorsWanted } from "../../src/report/colors.js";
import { render } from "../../src/report/index.js";
import { mdCode, mdText, renderMarkdown } from "../../src/report/markdown.js";
import { printable } from "../../src/report/printable.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";
import { airlock, ROOT } from "../helpers/cli.js";
import { writeTemp } from "../helpers/plan-builder.js";

// Erase the line, return, go up, erase again; a newline; C1 NEL and CSI; RIGHT-TO-LEFT OVERRIDE; a tab;
// then markdown that would close a code span, a table cell, and make a link.
const EVIL = "\x1b[2K\r\x1b[1A\x1b[2K\r\n\u0085\u009b\u202e\t`|[x](y)`";
const EVIL_SHOWN = "\\x1b[2K\\r\\x1b[1A\\x1b[2K\\r\\n\\x85\\x9b\\u202e\\t`|[x](y)`";

// Every character that must never be printed raw (LF is allowed: it is the report's own line break).
const RAW =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const SGR = /\x1b\[[0-9;]*m/g;

function assertNoRaw(out: string, what: string): void {
  const m = RAW.exec(out);
  assert.equal(m, null, `${what}: raw U+${m?.[0].codePointAt(0)?.toString(16).padStart(4, "0")} in ${out}`);
}

/** The plan: a Route 53 record deleted (its name is quoted in the finding), a moved bucket, drift, deferred. */
function evilPlan(): object {
  const change = (actions: string[], before: unknown, after: unknown) => ({
    actions,
    before,
    after,
    after_unknown: {},
    before_sensitive: before ? {} : false,
    after_sensitive: after ? {} : false,
  });
  const res = (address: string, type: string, name: string, c: object, extra: object = {}) => ({
    address,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: c,
    ...extra,
  });
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: [
      res(
        // Raw in the address too (not JSON-quoted the way Terraform would print the key).
        `aws_route53_record.www["${EVIL}"]`,
        "aws_route53_record",
        "www",
        change(["delete"], { name: `${EVIL}.example.com`, type: "A", zone_id: "Z1" }, null),
        { index: EVIL },
      ),
      res(
        "aws_s3_bucket.logs",
        "aws_s3_bucket",
        "logs",
        change(["no-op"], { bucket: "l" }, { bucket: "l" }),
        {
          previous_address: `aws_s3_bucket.old${EVIL}`,
        },
      ),
    ],
    resource_drift: [
      res(
        `aws_s3_bucket.drift${EVIL}`,
        "aws_s3_bucket",
        "drift",
        change(["update"], { bucket: "a" }, { bucket: "b" }),
      ),
    ],
    deferred_changes: [
      {
        reason: `unknown_config${EVIL}`,
        resource_change: res(
          `aws_s3_bucket.later${EVIL}`,
          "aws_s3_bucket",
          "later",
          change(["create"], null, { bucket: "c" }),
        ),
      },
    ],
    configuration: { root_module: {} },
    timestamp: "2026-11-24T10:00:00Z",
    applyable: true,
    complete: false,
    errored: false,
  };
}

/** The bundled example with the input-derived strings of every section replaced by hostile ones. */
async function hostileAssessment(): Promise<Assessment> {
  const a = await analyzeInput({
    plan: new URL("../../examples/replace-database.plan.json", import.meta.url).pathname,
  });
  const db = a.findings.find((f) => f.address === "module.db.aws_db_instance.this")!;
  return {
    ...a,
    source: {
      ...a.source,
      path: `plan${EVIL}.json`,
      formatVersion: `1.2${EVIL}`,
      toolVersion: `1.11.4${EVIL}`,
    },
    notes: [`note ${EVIL}`],
    findings: [
      {
        ...db,
        address: `module.db.aws_db_instance.this${EVIL}`,
        message: `finding ${EVIL} message`,
        blastRadius: [`module.app.aws_instance.web${EVIL}`],
      },
    ],
    changes: a.changes.map((c, i) =>
      i === 0
        ? { ...c, address: `aws_s3_bucket.assets${EVIL}`, deposed: `d${EVIL}`, previousAddress: `p${EVIL}` }
        : c,
    ),
    drift: [{ address: `aws_s3_bucket.d${EVIL}`, type: "aws_s3_bucket", action: "update" }],
    deferred: [
      { address: `aws_s3_bucket.e${EVIL}`, type: "aws_s3_bucket", reason: `r${EVIL}`, action: "create" },
    ],
  };
}

/** Pipes that end a GFM table cell: not preceded by a backslash. */
function cellPipes(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}

describe("printable", () => {
  it("renders C0, DEL, C1 and bidirectional controls as visible escapes", () => {
    assert.equal(printable("a\nb\rc\td\x00e\x1bf\x7fg"), "a\\nb\\rc\\td\\x00e\\x1bf\\x7fg");
    assert.equal(printable("\u0080\u0085\u009b\u009f"), "\\x80\\x85\\x9b\\x9f");
    for (const cp of [
      0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068,
      0x2069,
    ])
      assert.equal(printable(`x${String.fromCodePoint(cp)}y`), `x\\u${cp.toString(16).padStart(4, "0")}y`);
    assert.equal(printable(EVIL), EVIL_SHOWN);
  });

  it("leaves printable text alone, backslashes and non-ASCII included", () => {
    for (const s of [
      'aws_s3_bucket.a["k\\"q"]',
      "module.db.aws_db_instance.this",
      "é ü 日本 🔴 ·",
      "\u00a0\u200b",
      "",
    ])
      assert.equal(printable(s), s);
  });
});

describe("text report", () => {
  it("prints every input string in printable form, with and without colours", async () => {
    const a = await hostileAssessment();
    for (const color of [false, true]) {
      const out = render(a, "text", { color, rules: ALL_RULES });
      if (color) assert.match(out, SGR, "our own colours stay");
      const plain = out.replace(SGR, "");
      assertNoRaw(plain, `text (color ${color})`);
      for (const s of [
        `plan${EVIL_SHOWN}.json`,
        `format 1.2${EVIL_SHOWN}`,
        `1.11.4${EVIL_SHOWN}`,
        `Note: note ${EVIL_SHOWN}`,
        `module.db.aws_db_instance.this${EVIL_SHOWN}`,
        `    finding ${EVIL_SHOWN} message`,
        `module.app.aws_instance.web${EVIL_SHOWN}`,
        `aws_s3_bucket.assets${EVIL_SHOWN}`,
        `d${EVIL_SHOWN}`,
        `moved from p${EVIL_SHOWN}`,
        `aws_s3_bucket.d${EVIL_SHOWN}`,
        `aws_s3_bucket.e${EVIL_SHOWN}`,
        `r${EVIL_SHOWN}`,
      ])
        assert.ok(plain.includes(s), `text (color ${color}) lacks ${s}`);
    }
  });

  it("CLI: a hostile plan and file name cannot move the cursor or add lines", () => {
    const file = writeTemp(`hostile${EVIL.replace(/[\n/]/g, "")}.plan.json`, evilPlan());
    for (const env of [{}, { NO_COLOR: "", FORCE_COLOR: "1" }] as Record<string, string>[]) {
      const r = airlock(["analyze", file], { env });
      assert.equal(r.status, 0, r.stderr);
      const plain = r.stdout.replace(SGR, "");
      assertNoRaw(plain, `CLI text ${JSON.stringify(env)}`);
      assert.ok(plain.includes(`A record ${EVIL_SHOWN}.example.com`), plain);
      assert.ok(plain.includes(`aws_route53_record.www["${EVIL_SHOWN}"]`), plain);
      assert.ok(plain.includes(`moved from aws_s3_bucket.old${EVIL_SHOWN}`), plain);
      assert.ok(plain.includes(`aws_s3_bucket.drift${EVIL_SHOWN}`), plain);
      assert.ok(plain.includes(`create, unknown_config${EVIL_SHOWN}`), plain);
      assert.ok(
        plain.includes("hostile\\x1b[2K\\r\\x1b[1A\\x1b[2K\\r\\x85\\x9b\\u202e\\t`|[x](y)`.plan.json"),
        plain,
      );
      // Each finding is one address line and one message line: nothing the plan says starts a line.
      const findingLines = plain.split("\n").filter((l) => l.includes("example.com"));
      assert.equal(findingLines.length, 1, plain);
    }
  });
});

describe("markdown report", () => {
  it("escapes controls and keeps every table row's cells", async () => {
    const md = renderMarkdown(await hostileAssessment());
    assertNoRaw(md, "markdown");
    assert.ok(md.includes("\\u202e") && md.includes("\\x1b") && md.includes("\\x9b"), md);
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    const finding = rows.find((l) => l.includes("AL-TF-DATA-001"))!;
    assert.ok(finding, md);
    assert.equal(cellPipes(finding), 6, finding);
    for (const row of rows.filter((l) => l.includes("aws_s3_bucket.assets")))
      assert.equal(cellPipes(row), 5, row);
    // The message is literal text: the backticks and the link are escaped, no raw CR/LF survives.
    assert.ok(finding.includes("\\`\\|\\[x\\](y)\\`"), finding);
    const message = finding.split(/(?<!\\)\|/)[4];
    assert.match(message, /^ finding /, finding);
    assert.doesNotMatch(message, /(?<!\\)\[x\]\(y\)/, "no link");
    // An address with backticks is in a code span with a longer fence, so it cannot close it early.
    assert.ok(finding.includes("`` module.db.aws_db_instance.this\\x1b[2K\\r"), finding);
    assert.ok(md.includes("``plan\\x1b[2K\\r\\x1b[1A\\x1b[2K\\r\\n\\x85\\x9b\\u202e\\t`|[x](y)`.json``"), md);
    assert.ok(md.includes("> note \\\\x1b\\[2K\\\\r"), md);
  });

  it("CLI: a hostile plan renders without raw controls", () => {
    const r = airlock(["analyze", writeTemp("hostile-md.plan.json", evilPlan()), "--format", "markdown"]);
    assert.equal(r.status, 0, r.stderr);
    assertNoRaw(r.stdout, "CLI markdown");
    const row = r.stdout.split("\n").find((l) => l.includes("AL-TF-AVAIL-011"))!;
    assert.ok(row, r.stdout);
    assert.equal(cellPipes(row), 6, row);
    assert.ok(
      row.includes(
        "A record \\\\x1b\\[2K\\\\r\\\\x1b\\[1A\\\\x1b\\[2K\\\\r\\\\n\\\\x85\\\\x9b\\\\u202e\\\\t",
      ),
      row,
    );
    assert.ok(row.includes('``aws_route53_record.www["\\x1b[2K\\r'), row);
  });

  it("code spans: the fence outgrows backtick runs; pipes are escaped only in tables", () => {
    assert.equal(mdCode("aws_x.y", true), "`aws_x.y`");
    assert.equal(mdCode("a`b", false), "``a`b``");
    assert.equal(mdCode("a``b`", false), "``` a``b` ```");
    assert.equal(mdCode("`x`", true), "`` `x` ``");
    assert.equal(mdCode("a|b", true), "`a\\|b`");
    assert.equal(mdCode("a|b", false), "`a|b`");
    assert.equal(mdCode("a\rb", true), "`a\\rb`");
    assert.equal(mdCode(" a ", false), "`  a  `");
    assert.equal(mdCode("", false), "` `");
    // Text never becomes an automatic link (GFM links bare https://… and www.…).
    assert.equal(
      mdText("see https://evil.example/x and WWW.evil.example"),
      "see https\\://evil.example/x and WWW\\.evil.example",
    );
    // Neither entities nor HTML are read inside a code span: `<` and `&` show as written.
    assert.equal(mdCode('aws_x.y["<b>&amp;"]', true), '`aws_x.y["<b>&amp;"]`');
  });

  it("plain text: markdown punctuation and HTML do nothing", () => {
    assert.equal(
      mdText("aws_db_instance.a_1 _x a_ __b__ \\_c"),
      "aws_db_instance.a_1 \\_x a\\_ \\_\\_b\\_\\_ \\\\\\_c",
    );
    assert.equal(mdText("a\rb"), "a\\\\rb");
    assert.equal(
      mdText("[x](y) `c` *e* _u_ ~s~ a|b <b> &amp; \\"),
      "\\[x\\](y) \\`c\\` \\*e\\* \\_u\\_ \\~s\\~ a\\|b &lt;b&gt; \\&amp; \\\\",
    );
  });
});

describe("colours", () => {
  function wanted(env: { NO_COLOR?: string; FORCE_COLOR?: string }, tty: boolean, toFile = false): boolean {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    const own = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    try {
      for (const k of ["NO_COLOR", "FORCE_COLOR"] as const) {
        if (env[k] === undefined) delete process.env[k];
        else process.env[k] = env[k];
      }
      Object.defineProperty(process.stdout, "isTTY", { value: tty, configurable: true, writable: true });
      return colorsWanted(toFile);
    } finally {
      for (const k of ["NO_COLOR", "FORCE_COLOR"] as const) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      if (own) Object.defineProperty(process.stdout, "isTTY", own);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  }

  it("FORCE_COLOR=0 or false turns colours off, even on a TTY", () => {
    assert.equal(wanted({}, true), true);
    assert.equal(wanted({}, false), false);
    for (const v of ["0", "false"]) {
      assert.equal(wanted({ FORCE_COLOR: v }, true), false, `FORCE_COLOR=${v}`);
      assert.equal(wanted({ FORCE_COLOR: v }, false), false, `FORCE_COLOR=${v}`);
    }
  });

  it("FORCE_COLOR=1/2/3/true turns them on without a TTY; NO_COLOR and --output still win", () => {
    for (const v of ["1", "2", "3", "true"]) {
      assert.equal(wanted({ FORCE_COLOR: v }, false), true, `FORCE_COLOR=${v}`);
      assert.equal(wanted({ FORCE_COLOR: v }, true, true), false, `FORCE_COLOR=${v} into a file`);
      assert.equal(wanted({ FORCE_COLOR: v, NO_COLOR: "1" }, true), false, `FORCE_COLOR=${v} NO_COLOR=1`);
    }
    assert.equal(wanted({ NO_COLOR: "1" }, true), false);
    assert.equal(wanted({ NO_COLOR: "" }, true), true, "an empty NO_COLOR is unset");
    assert.equal(wanted({}, true, true), false);
  });

  const script = spawnSync("script", ["--version"], { encoding: "utf8" });
  it("CLI on a real TTY: FORCE_COLOR=0 prints no escape codes", {
    skip: script.status === 0 ? false : "util-linux `script` not available",
  }, () => {
    const run = (force: string | undefined) => {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env))
        if (v !== undefined && k !== "NO_COLOR" && k !== "FORCE_COLOR") env[k] = v;
      if (force !== undefined) env.FORCE_COLOR = force;
      const cmd = `'${process.execPath}' --import tsx src/cli/main.ts analyze examples/replace-database.plan.json`;
      return spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: ROOT, env, encoding: "utf8" });
    };
    const colored = run(undefined);
    assert.equal(colored.status, 0, colored.stderr);
    assert.match(colored.stdout, SGR, "a TTY gets colours by default");
    for (const v of ["0", "false"]) {
      const r = run(v);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Airlock analysis/);
      assert.doesNotMatch(r.stdout, /\x1b/, `FORCE_COLOR=${v}`);
    }
  });
});
