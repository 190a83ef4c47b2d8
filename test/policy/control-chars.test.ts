// `airlock check`, `provenance` and `policy validate` print strings from the plan, the policy, git and the
// command line (addresses, reasons, requirement ids and descriptions, environment and policy names, commit
// authors, agent names, the git range, notes, file names) only in printable form: in text and in the
// markdown comment no control or bidirectional-control character arrives raw, and in markdown a value cannot
// leave its table cell or code span. The JSON decision keeps the exact values. Errors are printable too.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { PolicyDecision } from "../../src/model/decision.js";
import { renderDecision } from "../../src/policy/render.js";
import {
  assertNoRaw,
  assertShown,
  cli,
  EVIL,
  EVIL_MD,
  EVIL_ONE_LINE,
  EVIL_SHOWN,
} from "../helpers/hostile.js";

// Markdown that would close a code span or a table cell, or make a link.
const MD = "`|[x](y)`";

function hostileDecision(): PolicyDecision {
  const v = (s: string) => `${s}${EVIL}${MD}`;
  return {
    decision: "require-approval",
    digest: v("sha256:abc"),
    policy: v("/repo/airlock"),
    environment: { name: v("prod"), criticality: v("critical") },
    requirements: [
      {
        id: v("approval:deletes"),
        kind: "approval",
        rule: "deletes",
        description: v("deletes need approval"),
        enforcement: "hard-mandatory",
        satisfied: false,
      },
      {
        id: v("evidence:tests"),
        kind: "evidence",
        rule: "tests",
        description: v("tests"),
        enforcement: "advisory",
        satisfied: true,
      },
    ],
    reasons: [v("deletes: requires 1 human approval(s)")],
    provenance: {
      classification: "ai-authored",
      range: v("main..HEAD"),
      agents: [v("claude-code")],
      commits: [
        {
          commit: `0123${EVIL}456789abcdef`,
          author: v("Mallory <m@example.com>"),
          classification: "ai-authored",
          evidence: [{ signal: v("trailer"), agent: v("codex"), detail: "d" }],
          files: [],
        },
      ],
      files: [],
      addresses: { [v('aws_db_instance.db["k"]')]: "ai-authored" },
      notes: [v("note")],
    },
  };
}

/** The table rows of a markdown comment with their number of cell separators (`|` not escaped). */
function tableRows(md: string): { line: string; pipes: number }[] {
  return md
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((line) => ({ line, pipes: (line.match(/(?<!\\)\|/g) ?? []).length }));
}

describe("renderDecision with hostile strings", () => {
  const d = hostileDecision();

  for (const color of [false, true]) {
    it(`text (colour ${color ? "on" : "off"}): nothing raw, every value shown escaped`, () => {
      const out = renderDecision(d, "text", color);
      assertNoRaw(out, "check text", { colors: color });
      for (const label of [
        "Environment: prod",
        "Policy:      /repo/airlock",
        "Digest:      sha256:abc",
        "agents: claude-code",
        "range main..HEAD",
        "approval:deletes",
        "deletes need approval",
        "evidence:tests",
        "- deletes: requires 1 human approval(s)",
        'aws_db_instance.db["k"]',
        "Mallory <m@example.com>",
        "- note",
      ])
        assertShown(out, `${label}${EVIL_SHOWN}${MD}`, "check text");
      assertShown(out, "(critical\\x1b[2K", "check text");
      assertShown(out, "0123\\x1b[2K", "check text");
      assertShown(out, `[trailer${EVIL_SHOWN}${MD}:codex${EVIL_SHOWN}${MD}]`, "check text");
    });
  }

  it("markdown: nothing raw, text escaped, code spans fenced, table cells kept", () => {
    const out = renderDecision(d, "markdown");
    assertNoRaw(out, "check markdown");
    assertShown(out, `Environment **prod${EVIL_MD}`, "environment");
    assertShown(out, `policy \`\` /repo/airlock${EVIL_SHOWN}${MD} \`\``, "policy");
    assertShown(out, `digest \`\` sha256:abc${EVIL_SHOWN}${MD} \`\``, "digest");
    assertShown(out, `agents: \`\` claude-code${EVIL_SHOWN}${MD} \`\``, "agents");
    assertShown(out, `range \`\` main..HEAD${EVIL_SHOWN}${MD} \`\``, "range");
    assertShown(out, `- deletes: requires 1 human approval(s)${EVIL_MD}\\\`\\|\\[x\\](y)\\\``, "reason");
    assertShown(out, `> note${EVIL_MD}`, "note");
    assertShown(out, `Mallory &lt;m@example.com&gt;${EVIL_MD}`, "author");
    // Header, separator and every row of the three tables keep their own columns.
    const rows = tableRows(out);
    assert.equal(rows.length, 2 + 2 + 2 + 1 + 2 + 1, rows.map((r) => r.line).join("\n"));
    for (const r of rows) {
      const columns = r.line.startsWith("| address") || r.line.endsWith("| ai-authored |") ? 2 : 4;
      const separatorRow = /^\|(---\|)+$/.test(r.line);
      if (!separatorRow) assert.equal(r.pipes, columns + 1, `cells in ${r.line}`);
    }
  });

  it("json keeps the exact values", () => {
    const json = JSON.parse(renderDecision(d, "json"));
    assert.equal(json.reasons[0], d.reasons[0]);
    assert.equal(json.policy, d.policy);
    assert.equal(json.provenance.commits[0].author, d.provenance.commits[0].author);
    assert.deepEqual(Object.keys(json.provenance.addresses), Object.keys(d.provenance.addresses ?? {}));
  });
});

describe("airlock check / provenance / policy validate with hostile input (CLI)", () => {
  let dir: string;
  const policyName = `pol${EVIL}.yaml`;
  const env = { AIRLOCK_AGENT: "", AIRLOCK_HOME: "" };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-ctl-check-"));
    env.AIRLOCK_HOME = join(dir, ".airlock");
    // YAML double-quoted escapes: \e ESC, \r, \n, \u009b, \u202e.
    const evilYaml = "\\e[2K\\r\\n\\u009b\\u202e";
    writeFileSync(
      join(dir, policyName),
      `version: 1
environments:
  - name: "prod${evilYaml}"
    criticality: critical
    match: { workspaces: ["*"] }
rules:
  - id: deletes
    description: "deletes need approval${evilYaml}|\`x\`"
    forEach: change
    when: change.action == "delete"
    effect: require-approval
    approval: { count: 1 }
`,
    );
    const change = (before: unknown) => ({
      actions: ["delete"],
      before,
      after: null,
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: false,
    });
    writeFileSync(
      join(dir, "plan.json"),
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.11.4",
        resource_changes: [
          {
            address: `aws_db_instance.db["${EVIL}"]`,
            mode: "managed",
            type: "aws_db_instance",
            name: "db",
            index: EVIL,
            provider_name: "registry.terraform.io/hashicorp/aws",
            change: change({ identifier: `d${EVIL}` }),
          },
        ],
        configuration: { root_module: {} },
        applyable: true,
        complete: true,
        errored: false,
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (format: string, extra: string[] = []) =>
    cli(
      ["check", "plan.json", "--policy", policyName, "--workspace", `w${EVIL}`, "--format", format, ...extra],
      {
        cwd: dir,
        env,
      },
    );

  it("text: address, environment, policy file name, rule description and workspace are escaped", () => {
    const r = check("text");
    assert.equal(r.status, 1, r.stderr);
    assertNoRaw(r.stdout, "check text");
    assertShown(r.stdout, `Environment: prod${EVIL_SHOWN} (critical)`, "environment");
    assertShown(r.stdout, `pol${EVIL_SHOWN}.yaml`, "policy file");
    assertShown(r.stdout, `deletes need approval${EVIL_SHOWN}|\`x\``, "rule description");
    assertShown(r.stdout, `aws_db_instance.db["${EVIL_SHOWN}"]`, "address");
    assertShown(r.stdout, `workspace w${EVIL_SHOWN}`, "workspace");
  });

  it("markdown: the same, markdown-escaped", () => {
    const r = check("markdown");
    assert.equal(r.status, 1, r.stderr);
    assertNoRaw(r.stdout, "check markdown");
    assertShown(r.stdout, `**prod${EVIL_MD}**`, "environment");
    assertShown(r.stdout, `pol${EVIL_SHOWN}.yaml\``, "policy file (code span)");
    assertShown(r.stdout, `deletes need approval${EVIL_MD}\\|\\\`x\\\``, "rule description");
    assertShown(r.stdout, `| \`aws_db_instance.db["${EVIL_SHOWN}"]\` | unknown |`, "address (code span)");
    for (const row of tableRows(r.stdout).filter((x) => x.line.includes("approval:deletes")))
      assert.equal(row.pipes, 5, row.line);
  });

  it("json keeps the exact values", () => {
    const r = check("json");
    assert.equal(r.status, 1, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.environment.name, `prod${EVIL}`);
    assert.ok(d.policy.endsWith(policyName));
    assert.ok(Object.keys(d.provenance.addresses).includes(`aws_db_instance.db["${EVIL}"]`));
  });

  it("provenance text and policy validate escape addresses and file names", () => {
    const p = cli(["provenance", "plan.json"], { cwd: dir, env });
    assert.equal(p.status, 0, p.stderr);
    assertNoRaw(p.stdout, "provenance");
    assertShown(p.stdout, `aws_db_instance.db["${EVIL_SHOWN}"]`, "provenance address");
    const v = cli(["policy", "validate", policyName], { cwd: dir, env });
    assert.equal(v.status, 0, v.stderr);
    assertNoRaw(v.stdout, "policy validate");
    assertShown(v.stdout, `pol${EVIL_SHOWN}.yaml: valid`, "policy validate");
  });

  it("errors: a missing plan's name, a git range, an unknown option", () => {
    const missing = cli(["check", `nope${EVIL}.json`], { cwd: dir, env });
    assert.equal(missing.status, 2);
    assertNoRaw(missing.stderr, "missing plan");
    assertShown(missing.stderr, `nope${EVIL_ONE_LINE}.json`, "missing plan");
    assert.equal(missing.stderr.split("\n").filter(Boolean).length, 1, missing.stderr);
    const range = check("text", ["--git-range", `main..x${EVIL}`]);
    assert.equal(range.status, 2);
    assertNoRaw(range.stderr, "git range");
    assertShown(range.stderr, `main..x${EVIL_ONE_LINE}`, "git range");
    const option = cli(["check", `--bogus${EVIL}`], { cwd: dir, env });
    assert.equal(option.status, 2);
    assertNoRaw(option.stderr, "unknown option");
    assertShown(option.stderr, "--bogus\\x1b[2K\\r", "unknown option");
    assertShown(option.stderr, "\\x9b\\u202e", "unknown option");
  });
});
