// SARIF as GitHub code scanning consumes it: one alert per finding (distinct, stable fingerprints), the alert's
// severity is the finding's own (security-severity sits on the rule descriptor, so one descriptor per severity
// used), locations relative to the repository root whatever the working directory, valid URI references.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment, Finding } from "../../src/model/assessment.js";
import type { Severity } from "../../src/model/types.js";
import { renderSarif } from "../../src/report/sarif.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";
import { ROOT } from "../helpers/cli.js";
import { plan, rc, writeTemp } from "../helpers/plan-builder.js";

const FP = "airlockFinding/v2";
const EXAMPLES = join(ROOT, "examples");

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: { rule: string; severity: Severity };
}
interface SarifRule {
  id: string;
  defaultConfiguration: { level: string };
  properties: { "security-severity": string; severity: Severity };
}
interface SarifRun {
  tool: { driver: { rules: SarifRule[] } };
  results: SarifResult[];
}

// RFC 3986 path characters: unreserved, sub-delims, ':' and '@', or a percent-encoded octet. No '?' or '#':
// a literal '#' would still be a valid URI reference, but one whose path ends before it.
const PCHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
function isPathOnlyUriReference(uri: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(uri);
  if (m) return PCHARS.test(m[2]!);
  // A relative reference: its first segment must not hold ':' (it would read as a scheme).
  return PCHARS.test(uri) && !/^[^/]*:/.test(uri);
}

// The part of SARIF 2.1.0 that GitHub reads, with the schema's own `uri-reference` format made strict.
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat("uri-reference", { type: "string", validate: isPathOnlyUriReference });
const level = { enum: ["error", "warning", "note", "none"] };
const text = { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } };
const validateSarif = ajv.compile({
  type: "object",
  required: ["version", "runs"],
  properties: {
    version: { const: "2.1.0" },
    runs: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string" },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "defaultConfiguration", "properties"],
                      properties: {
                        id: { type: "string", minLength: 1 },
                        shortDescription: text,
                        fullDescription: text,
                        defaultConfiguration: {
                          type: "object",
                          required: ["level"],
                          properties: { level },
                        },
                        properties: {
                          type: "object",
                          required: ["security-severity"],
                          properties: {
                            "security-severity": { type: "string", pattern: "^(10(\\.0+)?|\\d(\\.\\d+)?)$" },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["ruleId", "ruleIndex", "level", "message", "locations", "partialFingerprints"],
              properties: {
                ruleId: { type: "string" },
                ruleIndex: { type: "integer", minimum: 0 },
                level,
                message: text,
                locations: {
                  type: "array",
                  minItems: 1,
                  items: {
                    type: "object",
                    required: ["physicalLocation"],
                    properties: {
                      physicalLocation: {
                        type: "object",
                        required: ["artifactLocation"],
                        properties: {
                          artifactLocation: {
                            type: "object",
                            required: ["uri"],
                            properties: {
                              uri: { type: "string", format: "uri-reference", minLength: 1 },
                              uriBaseId: { type: "string" },
                            },
                          },
                          region: {
                            type: "object",
                            properties: { startLine: { type: "integer", minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
                partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
              },
            },
          },
        },
      },
    },
  },
});

/** Parses and checks the structure, rule references and severity consistency of a SARIF document. */
function checked(json: string): SarifRun {
  const doc = JSON.parse(json);
  assert.ok(validateSarif(doc), JSON.stringify(validateSarif.errors, null, 2));
  const run = doc.runs[0] as SarifRun;
  const rules = run.tool.driver.rules;
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, "rule descriptor ids are unique");
  for (const r of run.results) {
    const rule = rules[r.ruleIndex];
    assert.ok(rule, `ruleIndex ${r.ruleIndex} exists`);
    assert.equal(rule.id, r.ruleId, "ruleIndex points at the descriptor named by ruleId");
    assert.equal(r.level, rule.defaultConfiguration.level, `${r.ruleId}: result level = descriptor level`);
    assert.equal(r.level, LEVEL_OF[r.properties.severity], `${r.ruleId}: level follows the finding severity`);
    assert.equal(
      githubSeverity(rule.properties["security-severity"]),
      GITHUB_LABEL[r.properties.severity],
      `${r.ruleId}: GitHub shows this alert as the finding's own severity (${r.properties.severity})`,
    );
  }
  return run;
}

const LEVEL_OF: Record<Severity, string> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};
/** What GitHub shows for a finding of each severity (it has no "info": the lowest band is "low"). */
const GITHUB_LABEL: Record<Severity, string> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
  info: "low",
};
/** GitHub's documented bands for security-severity: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
function githubSeverity(score: string): string {
  const n = Number(score);
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  if (n >= 4) return "medium";
  if (n > 0) return "low";
  return "none";
}

async function shopExample(): Promise<Assessment> {
  return analyzeInput({
    before: join(EXAMPLES, "kubernetes/shop-before.yaml"),
    after: join(EXAMPLES, "kubernetes/shop-after.yaml"),
  });
}

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: "AL-TF-MASS-007",
    title: "Many resources replaced for the same reason",
    category: "mass-change",
    severity: "medium",
    address: "(change set)",
    message: "5 aws_instance resources are replaced because ami changed",
    blastRadius: [],
    ...over,
  };
}

/**
 * The built CLI (`bin/airlock.js` → dist/, which the test runner builds first), run from `cwd`: the tsx loader
 * the source helper uses resolves only from inside the checkout.
 */
function airlock(args: string[], opts: { cwd: string }): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "airlock.js"), ...args], {
    cwd: opts.cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: "1" },
    // A run that hangs (reading a FIFO) fails instead of stopping the suite
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function git(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("git", ["init", "-q", dir], { encoding: "utf8" });
  assert.equal(r.status, 0, `git init: ${r.stderr}`);
  assert.ok(existsSync(join(dir, ".git")));
  return dir;
}

const temps: string[] = [];
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), "airlock-sarif-")));
  temps.push(d);
  return d;
}

function hasGitAncestor(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return true;
    if (dirname(d) === d) return false;
  }
}

function uris(run: SarifRun): { uri: string; uriBaseId?: string }[] {
  return run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
}

describe("SARIF for GitHub code scanning", () => {
  it("gives every finding of the Kubernetes example its own fingerprint, the same on every run", async () => {
    const a = await shopExample();
    const run = checked(renderSarif(a, ALL_RULES));
    // The example has several findings of one rule on one address: the case that used to share fingerprints.
    const perRuleAddress = new Map<string, number>();
    for (const f of a.findings)
      perRuleAddress.set(
        `${f.ruleId} ${f.address}`,
        (perRuleAddress.get(`${f.ruleId} ${f.address}`) ?? 0) + 1,
      );
    assert.ok(
      [...perRuleAddress.values()].some((n) => n >= 2),
      "precondition: a rule fires more than once on one address",
    );
    const prints = run.results.map((r) => r.partialFingerprints[FP]);
    for (const p of prints) assert.match(p!, /^[0-9a-f]{64}$/);
    assert.equal(new Set(prints).size, run.results.length, "no two results share a fingerprint");
    // Stable: a fresh analysis of the same change, rendered from elsewhere, gives the same fingerprints.
    const again = checked(renderSarif(await shopExample(), ALL_RULES, { cwd: tmpdir() }));
    assert.deepEqual(
      again.results.map((r) => r.partialFingerprints[FP]),
      prints,
    );
  });

  it("keeps fingerprints distinct and stable for repeated change-set findings", () => {
    const mk = (findings: Finding[]): Assessment =>
      ({
        schemaVersion: "1.0",
        tool: { name: "airlock", version: "0.0.0" },
        source: { path: join(EXAMPLES, "replace-database.plan.json"), framework: "terraform", format: "x" },
        framework: "terraform",
        digest: "sha256:0",
        changes: [],
        findings,
        risk: {
          level: "high",
          findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
          byCategory: {},
        },
      }) as unknown as Assessment;
    const eight = Array.from({ length: 8 }, (_, i) =>
      finding({
        message: `${i + 5} aws_instance resources are replaced because attr_${"abcdefgh"[i]} changed`,
      }),
    );
    // Two findings whose messages differ only in a number, and two that are identical.
    const twins = [
      finding({ address: "aws_instance.a", ruleId: "AL-X-1", message: "port 22 open" }),
      finding({ address: "aws_instance.a", ruleId: "AL-X-1", message: "port 3389 open" }),
      finding({ address: "aws_instance.a", ruleId: "AL-X-1", message: "same" }),
      finding({ address: "aws_instance.a", ruleId: "AL-X-1", message: "same" }),
    ];
    const fp = (run: SarifRun) => run.results.map((r) => r.partialFingerprints[FP]!);
    const run = checked(renderSarif(mk([...eight, ...twins]), ALL_RULES));
    assert.equal(new Set(fp(run)).size, 12);
    // Order of findings does not decide which fingerprint a finding gets.
    const reversed = checked(renderSarif(mk([...eight, ...twins].reverse()), ALL_RULES));
    const byMessage = (r: SarifRun) =>
      new Map(r.results.filter((x) => !x.message.text.endsWith("same")).map((x) => [x.message.text, x]));
    const m1 = byMessage(run);
    for (const [msg, r] of byMessage(reversed))
      assert.equal(r.partialFingerprints[FP], m1.get(msg)!.partialFingerprints[FP], msg);
    // A count in the message that moves as the change grows keeps the alert.
    const grown = checked(
      renderSarif(
        mk([finding({ message: "6 aws_instance resources are replaced because attr_a changed" })]),
        ALL_RULES,
      ),
    );
    assert.equal(fp(grown)[0], fp(run)[0]);
    // …while a different finding of the same rule on the same address is a different alert.
    assert.notEqual(fp(run)[0], fp(run)[1]);
  });

  it("shows each alert at its finding's own severity: one rule descriptor per severity used", async () => {
    const a = await shopExample();
    const catalog = new Map(ALL_RULES.map((r) => [r.id, r]));
    assert.ok(
      a.findings.some((f) => catalog.get(f.ruleId) && catalog.get(f.ruleId)!.severity !== f.severity),
      "precondition: a finding raises or lowers its rule's default severity",
    );
    const run = checked(renderSarif(a, ALL_RULES));
    assert.equal(run.results.length, a.findings.length);
    run.results.forEach((r, i) => {
      const f = a.findings[i]!;
      assert.equal(r.properties.rule, f.ruleId);
      assert.equal(r.properties.severity, f.severity);
      const rule = run.tool.driver.rules[r.ruleIndex]!;
      assert.equal(rule.properties.severity, f.severity);
      // The catalog's default severity keeps the plain id; others are `ID/severity`.
      const def = catalog.get(f.ruleId)!.severity;
      assert.equal(rule.id, def === f.severity ? f.ruleId : `${f.ruleId}/${f.severity}`);
    });
    // Every descriptor is used by some result.
    const used = new Set(run.results.map((r) => r.ruleIndex));
    assert.equal(used.size, run.tool.driver.rules.length);
  });

  it("does not repeat the address in Kubernetes and CloudFormation messages", async () => {
    const k8s = await shopExample();
    const cfn = await analyzeInput({ plan: join(EXAMPLES, "cloudformation/release-42.changeset.json") });
    const tf = await analyzeInput({ plan: join(EXAMPLES, "replace-database.plan.json") });
    for (const a of [k8s, cfn, tf]) {
      assert.ok(a.findings.length > 0);
      const run = checked(renderSarif(a, ALL_RULES));
      run.results.forEach((r, i) => {
        const addr = a.findings[i]!.address;
        assert.ok(r.message.text.startsWith(addr), r.message.text);
        assert.ok(!r.message.text.startsWith(`${addr}: ${addr}`), r.message.text);
        assert.ok(r.message.text.includes(a.findings[i]!.message), "the finding's message is kept whole");
      });
    }
    // Terraform messages do not start with the address: they still get it in front.
    const run = checked(renderSarif(tf, ALL_RULES));
    assert.ok(
      run.results.some((r, i) => r.message.text === `${tf.findings[i]!.address}: ${tf.findings[i]!.message}`),
    );
  });

  it("makes URIs relative to the git work tree, whatever directory the command runs in", () => {
    const tmp = tempDir();
    const repo = git(join(tmp, "repo"));
    const dir = join(repo, "infra", "my plans");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "100% db#1.plan.json");
    copyFileSync(join(EXAMPLES, "replace-database.plan.json"), file);
    const expected = "infra/my%20plans/100%25%20db%231.plan.json";
    for (const [cwd, arg] of [
      [join(repo, "infra"), "my plans/100% db#1.plan.json"], // from a subfolder
      [dir, "100% db#1.plan.json"], // from the file's own folder
      [repo, relative(repo, file)], // from the root
      [tmp, relative(tmp, file)], // from outside the repository
      [join(tmp), file], // absolute path
    ] as const) {
      const r = airlock(["analyze", arg, "--format", "sarif"], { cwd });
      assert.equal(r.status, 0, r.stderr);
      const run = checked(r.stdout);
      assert.ok(run.results.length > 0);
      for (const loc of uris(run)) {
        assert.equal(loc.uri, expected, `cwd ${cwd}`);
        assert.equal(loc.uriBaseId, "%SRCROOT%");
        // Decoding gives back the path inside the repository.
        assert.equal(loc.uri.split("/").map(decodeURIComponent).join(sep), relative(repo, file));
      }
    }
  });

  it("points Kubernetes results at the manifest that defines each object, repository-relative", () => {
    const tmp = tempDir();
    const repo = git(join(tmp, "shop repo"));
    const k = join(repo, "deploy", "k8s #2");
    mkdirSync(k, { recursive: true });
    copyFileSync(join(EXAMPLES, "kubernetes/shop-before.yaml"), join(k, "before.yaml"));
    copyFileSync(join(EXAMPLES, "kubernetes/shop-after.yaml"), join(k, "after.yaml"));
    const r = airlock(["analyze", "--before", "before.yaml", "--after", "after.yaml", "--format", "sarif"], {
      cwd: k,
    });
    assert.equal(r.status, 0, r.stderr);
    const run = checked(r.stdout);
    const seen = new Set(uris(run).map((l) => `${l.uriBaseId} ${l.uri}`));
    assert.deepEqual([...seen].sort(), [
      "%SRCROOT% deploy/k8s%20%232/after.yaml",
      "%SRCROOT% deploy/k8s%20%232/before.yaml",
    ]);
    // A deleted object is found in the file it was deleted from.
    const np = run.results.find((x) =>
      x.locations[0]!.logicalLocations[0]!.fullyQualifiedName.startsWith("NetworkPolicy/"),
    );
    assert.ok(np);
    assert.equal(np.locations[0]!.physicalLocation.artifactLocation.uri, "deploy/k8s%20%232/before.yaml");
  });

  it("uses an absolute file:// URI for a file in no repository, and never strips ../", () => {
    const outside = tempDir();
    assert.ok(!hasGitAncestor(outside), `precondition: ${outside} is in no git work tree`);
    const sub = join(outside, "a b", "c#d");
    mkdirSync(sub, { recursive: true });
    const file = join(outside, "plan 1#%.json");
    copyFileSync(join(EXAMPLES, "replace-database.plan.json"), file);
    for (const [cwd, arg] of [
      [sub, "../../plan 1#%.json"],
      [outside, "plan 1#%.json"],
      [ROOT, file],
    ] as const) {
      const r = airlock(["analyze", arg, "--format", "sarif"], { cwd });
      assert.equal(r.status, 0, r.stderr);
      for (const loc of uris(checked(r.stdout))) {
        assert.equal(loc.uri, pathToFileURL(file).href);
        assert.ok(loc.uri.startsWith("file:///"), loc.uri);
        assert.equal(loc.uriBaseId, undefined);
        assert.equal(fileURLToPath(loc.uri), file);
      }
    }
  });

  it("points Terraform results at the line of the block that defines each resource, in its module's folder", () => {
    const tmp = tempDir();
    const repo = git(join(tmp, "infra"));
    const env = join(repo, "envs", "prod");
    mkdirSync(join(repo, "modules", "db"), { recursive: true });
    mkdirSync(env, { recursive: true });
    writeFileSync(
      join(env, "main.tf"),
      [
        'module "db" {',
        '  source = "../../modules/db"',
        "}",
        "",
        '# resource "aws_s3_bucket" "logs" { (a comment is not the block)',
        "/*",
        'resource "aws_s3_bucket" "logs" {',
        "*/",
        "locals {",
        "  doc = <<-EOT",
        '    resource "aws_s3_bucket" "logs" {',
        "    EOT",
        '  arn = "arn:aws:s3:::logs/*"',
        "}",
        'resource "aws_s3_bucket" "logs" {',
        '  bucket = "logs"',
        "}",
        'module "cache" {',
        '  source = "terraform-aws-modules/elasticache/aws"',
        "}",
      ].join("\n"),
    );
    // A registry module, fetched by terraform init under .terraform/ (not in the repository)
    mkdirSync(join(env, ".terraform", "modules", "cache"), { recursive: true });
    writeFileSync(
      join(env, ".terraform", "modules", "modules.json"),
      JSON.stringify({
        Modules: [
          { Key: "", Source: "", Dir: "." },
          { Key: "db", Source: "../../modules/db", Dir: "../../modules/db" },
          { Key: "cache", Source: "registry.terraform.io/x/y/aws", Dir: ".terraform/modules/cache" },
        ],
      }),
    );
    writeFileSync(
      join(env, ".terraform", "modules", "cache", "main.tf"),
      'resource "aws_elasticache_cluster" "this" {\n}\n',
    );
    // Neither a FIFO nor a device named *.tf is read (either would never end)
    assert.equal(spawnSync("mkfifo", [join(env, "zz.tf")]).status, 0);
    writeFileSync(join(env, "versions.tf"), "terraform {}\n");
    writeFileSync(
      join(repo, "modules", "db", "rds.tf"),
      ['variable "name" {}', "", '  resource "aws_db_instance" "main" {', '  identifier = "db"', "}"].join(
        "\n",
      ),
    );
    const p = plan(
      [
        rc({ address: "aws_s3_bucket.logs", actions: ["delete"], before: { bucket: "logs" } }),
        rc({
          address: "module.db.aws_db_instance.main",
          module: "module.db",
          actions: ["delete"],
          before: { identifier: "db", engine: "postgres", deletion_protection: false },
        }),
        // Defined nowhere in the folder: falls back to the plan file
        rc({ address: "aws_ebs_volume.data", actions: ["delete"], before: { size: 100 } }),
        rc({
          address: "module.cache.aws_elasticache_cluster.this",
          module: "module.cache",
          actions: ["delete"],
          before: { cluster_id: "c", engine: "redis" },
        }),
      ],
      {
        configuration: { root_module: { module_calls: { db: { source: "../../modules/db", module: {} } } } },
      },
    );
    writeFileSync(join(env, "plan.json"), JSON.stringify(p));
    const where = (stdout: string) =>
      Object.fromEntries(
        checked(stdout).results.map((r) => {
          const loc = r.locations[0]!;
          return [
            loc.logicalLocations[0]!.fullyQualifiedName,
            `${loc.physicalLocation.artifactLocation.uri}:${loc.physicalLocation.region.startLine}`,
          ];
        }),
      );
    const expected = {
      "aws_s3_bucket.logs": "envs/prod/main.tf:15",
      "module.cache.aws_elasticache_cluster.this": "envs/prod/main.tf:18",
      "module.db.aws_db_instance.main": "modules/db/rds.tf:3",
      "aws_ebs_volume.data": "envs/prod/plan.json:1",
      // A finding on the whole change (three deletes at once)
      "(change set)": "envs/prod/plan.json:1",
    };
    // From the plan's folder, from the repository root with the plan's path, and from standard input with
    // --terraform-dir.
    const fromEnv = airlock(["analyze", "plan.json", "--format", "sarif"], { cwd: env });
    assert.equal(fromEnv.status, 0, fromEnv.stderr);
    assert.deepEqual(where(fromEnv.stdout), expected);
    const fromRoot = airlock(["analyze", "envs/prod/plan.json", "--format", "sarif"], { cwd: repo });
    assert.deepEqual(where(fromRoot.stdout), expected);
    const piped = spawnSync(
      process.execPath,
      [join(ROOT, "bin", "airlock.js"), "analyze", "-", "--format", "sarif", "--terraform-dir", "envs/prod"],
      { cwd: repo, input: JSON.stringify(p), encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(piped.status, 0, piped.stderr);
    const w = where(piped.stdout);
    assert.equal(w["aws_s3_bucket.logs"], "envs/prod/main.tf:15");
    // Without the plan file the module folders come from modules.json
    assert.equal(w["module.db.aws_db_instance.main"], "modules/db/rds.tf:3");
  });

  it("accepts a linked worktree or submodule (.git is a file) as the repository root", () => {
    const tmp = tempDir();
    const root = join(tmp, "wt");
    mkdirSync(join(root, "env"), { recursive: true });
    writeFileSync(join(root, ".git"), "gitdir: /elsewhere/.git/worktrees/wt\n");
    const p = writeTemp(
      "wt-plan.json",
      plan([rc({ address: "aws_s3_bucket.logs", actions: ["delete"], before: { bucket: "l" } })]),
    );
    copyFileSync(p, join(root, "env", "plan.json"));
    const r = airlock(["analyze", "plan.json", "--format", "sarif"], { cwd: join(root, "env") });
    assert.equal(r.status, 0, r.stderr);
    const locs = uris(checked(r.stdout));
    assert.ok(locs.length > 0);
    for (const loc of locs) assert.deepEqual(loc, { uri: "env/plan.json", uriBaseId: "%SRCROOT%" });
  });
});
