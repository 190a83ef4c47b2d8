import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ownersOf, parseCodeowners } from "../../src/policy/codeowners.js";
import { matchGlob } from "../../src/policy/glob.js";

describe("glob", () => {
  const table: [string, string, boolean][] = [
    ["envs/prod/main.tf", "envs/prod/**", true],
    ["envs/prod", "envs/prod/**", false],
    ["a/b/prod/x/plan.json", "**/prod/**", true],
    ["prod/plan.json", "**/prod/**", true],
    ["production/plan.json", "**/prod/**", false],
    ["prod-eu", "prod-*", true],
    ["prod", "prod-*", false],
    ["eu-prod", "*-prod", true],
    ["a/b.tf", "*.tf", false],
    ["a/b.tf", "**/*.tf", true],
    ["b.tf", "**/*.tf", true],
    ["stg", "{staging,stg}", true],
    ["dev1", "dev?", true],
    ["dev12", "dev?", false],
    ["devA", "dev[0-9]", false],
    ["devA", "dev[!0-9]", true],
    ["a.b", "a.b", true],
    ["axb", "a.b", false],
    ["a+b(c)", "a+b(c)", true],
  ];
  for (const [value, glob, want] of table) {
    test(`${value} ~ ${glob} → ${want}`, () => assert.equal(matchGlob(value, glob), want));
  }
});

describe("CODEOWNERS", () => {
  const entries = parseCodeowners(`# default owners
*                       @acme/platform
*.tf                    @acme/infra
/envs/prod/             @acme/sre alice@example.com
modules/db/             @acme/dba
docs/*                  @acme/docs
apps/                   @acme/apps
/legacy/unowned.tf
path\\ with\\ space.tf  @acme/space # trailing comment
[Section]
`);

  const table: [string, string[]][] = [
    ["README.md", ["@acme/platform"]],
    ["main.tf", ["@acme/infra"]],
    ["nested/dir/x.tf", ["@acme/infra"]],
    ["envs/prod/main.tf", ["@acme/sre", "alice@example.com"]],
    ["envs/prod/sub/db.tf", ["@acme/sre", "alice@example.com"]],
    ["x/envs/prod/main.tf", ["@acme/infra"]],
    ["modules/db/main.tf", ["@acme/dba"]],
    ["docs/intro.md", ["@acme/docs"]],
    ["docs/deep/intro.md", ["@acme/platform"]],
    ["services/apps/x.yaml", ["@acme/apps"]],
    ["legacy/unowned.tf", []],
    ["path with space.tf", ["@acme/space"]],
  ];
  for (const [path, owners] of table) {
    test(`${path} → ${owners.join(" ") || "(none)"}`, () =>
      assert.deepEqual(ownersOf(entries, path), owners));
  }

  test("gitignore syntax GitHub does not support: negation, [ ] ranges, escaped # lines are skipped", () => {
    const skipped: { line: number; reason: string }[] = [];
    const e = parseCodeowners(
      `*.tf @acme/infra
!envs/dev/*.tf @acme/anyone
envs/[ps]*/ @acme/ranges
\\#notes.tf @acme/hash
{a,b}.tf @acme/braces
`,
      skipped,
    );
    assert.deepEqual(
      skipped.map((x) => x.line),
      [2, 3, 4],
    );
    assert.deepEqual(ownersOf(e, "envs/dev/main.tf"), ["@acme/infra"]);
    assert.deepEqual(ownersOf(e, "envs/prod/main.tf"), ["@acme/infra"]);
    assert.deepEqual(ownersOf(e, "#notes.tf"), ["@acme/infra"]);
    // Braces are not gitignore syntax: the pattern is literal.
    assert.deepEqual(ownersOf(e, "a.tf"), ["@acme/infra"]);
    assert.deepEqual(ownersOf(e, "{a,b}.tf"), ["@acme/braces"]);
  });

  test("line numbers are kept", () => {
    assert.equal(entries.find((e) => e.pattern === "modules/db/")?.line, 5);
  });
});
