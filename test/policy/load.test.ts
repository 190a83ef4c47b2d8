import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import { DEFAULT_POLICY_YAML } from "../../src/policy/default-policy.js";
import { loadPolicy, parsePolicy, policySchema } from "../../src/policy/load.js";

function errorOf(text: string): string {
  try {
    parsePolicy(text, "airlock.yaml");
  } catch (err) {
    assert.equal((err as Error).name, "InputError", String(err));
    return (err as Error).message;
  }
  assert.fail("expected the policy to be rejected");
}

describe("loading policies", () => {
  test("the built-in policy loads and compiles", () => {
    const p = loadPolicy();
    assert.equal(p.source, "builtin");
    assert.deepEqual(
      p.rules.map((r) => r.def.id),
      [
        "critical-data-loss",
        "prod-ai-destructive-approval",
        "prod-ai-destructive-tests",
        "ai-privilege-broadening",
        "prod-high-risk",
        "low-risk",
      ],
    );
  });

  test("a missing file is an input error naming it", () => {
    assert.throws(
      () => loadPolicy("/nonexistent/airlock.yaml"),
      /\/nonexistent\/airlock.yaml: cannot read policy \(no such file\)/,
    );
  });

  // Malformed policies → one line naming file:line:column and the problem.
  const CASES: [string, string, RegExp][] = [
    ["YAML syntax error", "version: 1\nrules:\n  - id: a\n    when: [unclosed\n", /^airlock\.yaml:\d+:\d+: /],
    [
      "duplicate key",
      "version: 1\nversion: 1\n",
      /^airlock\.yaml:2:1: .*[Uu]nique|^airlock\.yaml:2:1: .*duplicate/i,
    ],
    ["empty file", "", /^airlock\.yaml:1:1: the policy is empty/],
    ["missing version", "rules: []\n", /^airlock\.yaml:1:1: \(top\): missing required key 'version'/],
    ["wrong version", "version: 2\n", /^airlock\.yaml:1:10: version: must be 1/],
    [
      "unknown top-level key with a hint",
      "version: 1\nrulez: []\n",
      /^airlock\.yaml:2:1: rulez: unknown key \(did you mean 'rules'\?\)/,
    ],
    [
      "bad effect",
      'version: 1\nrules:\n  - id: r1\n    when: "true"\n    effect: deny\n',
      /^airlock\.yaml:5:13: rules\[0\]\.effect: must be one of allow, require-approval, require-evidence, block \(got "deny"\)/,
    ],
    [
      "missing when",
      "version: 1\nrules:\n  - id: r1\n    effect: block\n",
      /^airlock\.yaml:3:5: rules\[0\]: missing required key 'when'/,
    ],
    [
      "count is not an integer",
      'version: 1\nrules:\n  - id: r1\n    when: "true"\n    effect: require-approval\n    approval:\n      count: two\n',
      /^airlock\.yaml:7:14: rules\[0\]\.approval\.count: must be a integer, not a string/,
    ],
    [
      "criticality enum",
      "version: 1\nenvironments:\n  - name: prod\n    criticality: extreme\n    match: { workspaces: [prod] }\n",
      /^airlock\.yaml:4:18: environments\[0\]\.criticality: must be one of low, medium, high, critical/,
    ],
    [
      "CEL syntax error points into the expression",
      "version: 1\nrules:\n  - id: r1\n    when: environment.name == \n    effect: block\n",
      /^airlock\.yaml:4:\d+: rules\.0\.when: CEL: /,
    ],
    [
      "CEL unknown variable (a typo) at its column",
      "version: 1\nrules:\n  - id: r1\n    when: \"risk.rank > 1 && enviroment.name == 'prod'\"\n    effect: block\n",
      /^airlock\.yaml:4:29: rules\.0\.when: CEL: Unknown variable: enviroment/,
    ],
    [
      "CEL in a block scalar: line and column inside the block",
      "version: 1\nrules:\n  - id: r1\n    when: >-\n      risk.rank > 1 &&\n      chnge.action == 'delete'\n    effect: block\n",
      /^airlock\.yaml:6:7: rules\.0\.when: CEL: Unknown variable: chnge/,
    ],
    [
      "`change` outside a per-change rule",
      'version: 1\nrules:\n  - id: r1\n    when: change.action == "delete"\n    effect: block\n',
      /^airlock\.yaml:4:11: rules\.0\.when: CEL: Unknown variable: change/,
    ],
    [
      "a condition that cannot be a bool",
      'version: 1\nrules:\n  - id: r1\n    when: "1 + 2"\n    effect: block\n',
      /rules\.0\.when: CEL: condition must be a bool, not int/,
    ],
    [
      "unknown function",
      'version: 1\nrules:\n  - id: r1\n    when: "isProd(environment)"\n    effect: block\n',
      /rules\.0\.when: CEL: .*isProd/,
    ],
    [
      "duplicate rule id",
      'version: 1\nrules:\n  - id: r1\n    when: "true"\n    effect: block\n  - id: r1\n    when: "true"\n    effect: block\n',
      /^airlock\.yaml:6:9: rules\.1\.id: duplicate rule id 'r1'/,
    ],
    [
      "undefined approval group",
      'version: 1\ngroups:\n  sre: [a@example.com]\nrules:\n  - id: r1\n    when: "true"\n    effect: require-approval\n    approval: { groups: [dba] }\n',
      /^airlock\.yaml:8:26: rules\.0\.approval\.groups\.0: group 'dba' is not defined under 'groups'/,
    ],
    [
      "require-evidence without evidence kinds",
      'version: 1\nrules:\n  - id: r1\n    when: "true"\n    effect: require-evidence\n',
      /rules\.0: effect require-evidence needs 'evidence'/,
    ],
    [
      "freeze without a window",
      "version: 1\nfreezes:\n  - name: f\n",
      /^airlock\.yaml:3:5: freezes\.0: needs start and end, or weekly/,
    ],
    [
      "freeze ending before it starts",
      "version: 1\nfreezes:\n  - name: f\n    start: 2026-01-05\n    end: 2026-01-01\n",
      /^airlock\.yaml:5:10: freezes\.0\.end: must be after start/,
    ],
    [
      "freeze with an unknown time zone",
      "version: 1\nfreezes:\n  - name: f\n    weekly: { days: [sat], timezone: Mars/Olympus }\n",
      /freezes\.0\.weekly\.timezone: unknown time zone 'Mars\/Olympus'/,
    ],
    [
      "bad weekday",
      "version: 1\nfreezes:\n  - name: f\n    weekly: { days: [saturday] }\n",
      /^airlock\.yaml:4:22: freezes\[0\]\.weekly\.days\[0\]: must be one of mon, tue/,
    ],
    [
      "environment without matchers",
      "version: 1\nenvironments:\n  - name: prod\n    criticality: high\n    match: {}\n",
      /environments\.0\.match: needs at least one of paths/,
    ],
  ];
  for (const [name, text, re] of CASES) {
    test(`malformed: ${name}`, () => {
      const msg = errorOf(text);
      assert.match(msg, re);
      assert.ok(!msg.includes("\n"), "one line");
    });
  }

  test("YAML aliases: a few are fine, an alias flood (billion laughs) is a line/column error, not a crash", () => {
    const ok = parsePolicy('version: 1\ngroups:\n  a: &l ["a@example.com"]\n  b: *l\n', "p.yaml");
    assert.deepEqual(ok.policy.groups?.b, ["a@example.com"]);
    const many = Array.from({ length: 150 }, (_, i) => `  g${i}: *l`).join("\n");
    assert.throws(
      () => parsePolicy(`version: 1\ngroups:\n  base: &l ["a@example.com"]\n${many}\n`, "p.yaml"),
      (err: Error) => err.name === "InputError" && /^p\.yaml:\d+:\d+: .*alias/.test(err.message),
    );
  });

  test("errors report how many more problems there are", () => {
    assert.match(errorOf("version: 3\nfoo: 1\nbar: 2\n"), /\(and 2 more problem\(s\)\)/);
  });
});

describe("schemas/policy.schema.json is a valid JSON Schema and agrees with the validator", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../../schemas/policy.schema.json", import.meta.url), "utf8"),
  );
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);

  test("the loader uses the file in schemas/", () => {
    assert.deepEqual(policySchema(), schema);
  });

  const docs: [string, string][] = [
    ["default policy", DEFAULT_POLICY_YAML],
    ["minimal", "version: 1\n"],
    [
      "full",
      `version: 1
provenance: { treatUnknownAs: human }
groups: { dba: ["@acme/dba", "dana@example.com"] }
codeowners: .github/CODEOWNERS
environments:
  - { name: prod, criticality: critical, match: { workspaces: [prod], namespaces: ["prod-*"] } }
defaultEnvironment: { name: other, criticality: low }
freezes:
  - { name: y, start: "2026-12-20", end: "2027-01-02T08:00:00+01:00", environments: [prod], enforcement: soft-mandatory, unless: 'risk.level == "none"' }
  - { name: w, weekly: { days: [fri, sat, sun, mon], from: "16:00", to: "08:00", timezone: Europe/Berlin } }
rules:
  - id: db
    forEach: change
    when: change.type == "aws_db_instance" && change.destructive
    unless: change.provenance == "human"
    effect: require-approval
    approval: { count: 2, groups: [dba], owners: true, ttl: 24h }
    enforcement: soft-mandatory
    message: databases need DBA approval
`,
    ],
  ];
  for (const [name, text] of docs) {
    test(`valid for both: ${name}`, () => {
      assert.ok(validate(parseYaml(text)), JSON.stringify(validate.errors));
      parsePolicy(text, name);
    });
  }

  const bad: [string, string][] = [
    ["extra key", "version: 1\nextra: true\n"],
    [
      "bad enforcement",
      'version: 1\nrules: [{ id: a, when: "true", effect: block, enforcement: mandatory }]\n',
    ],
    [
      "bad ttl",
      'version: 1\nrules: [{ id: a, when: "true", effect: require-approval, approval: { ttl: 1week } }]\n',
    ],
    [
      "count 0",
      'version: 1\nrules: [{ id: a, when: "true", effect: require-approval, approval: { count: 0 } }]\n',
    ],
    ["bad id", 'version: 1\nrules: [{ id: "a b", when: "true", effect: block }]\n'],
    ["empty when", 'version: 1\nrules: [{ id: a, when: "", effect: block }]\n'],
    ["bad time", "version: 1\nfreezes: [{ name: f, start: tomorrow, end: later }]\n"],
    ["group not a list", "version: 1\ngroups: { dba: dana }\n"],
  ];
  for (const [name, text] of bad) {
    test(`invalid for both: ${name}`, () => {
      assert.equal(validate(parseYaml(text)), false);
      assert.throws(() => parsePolicy(text, "p.yaml"), /^InputError|p\.yaml:\d+:\d+:/);
    });
  }
});
