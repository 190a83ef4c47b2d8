// Corpus suite: real-world CloudFormation change sets (localstack's recorded DescribeChangeSet responses),
// templates and before/after template pairs from public projects, read in place from
// ../shared/corpus/cloudformation. Every file is analyzed or rejected with a clear InputError, pairs are
// analyzed as pairs, and a few results checked by hand are pinned.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { AnalyzeInput } from "../../src/ingest/index.js";
import type { Assessment } from "../../src/model/assessment.js";
import { render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/cloudformation", import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.log(`# SKIP cloudformation corpus not found at ${CORPUS}`);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(json|ya?ml)$/i.test(e)) out.push(p);
  }
  return out;
}

const PAIR = /^template-pairs__(.+?)__(before|after)__/;
const EMPTY = join(mkdtempSync(join(tmpdir(), "airlock-corpus-")), "empty.yaml");
writeFileSync(EMPTY, "");

interface Outcome {
  assessment?: Assessment;
  error?: Error;
}

/** Analyze; an error must be a one-line InputError naming the input. */
async function attempt(input: AnalyzeInput): Promise<Outcome> {
  try {
    const a = await analyzeInput(input);
    for (const f of ["text", "json", "sarif", "markdown"] as const)
      render(a, f, { color: false, rules: ALL_RULES });
    const destroyed = a.changes.filter((c) => c.action === "delete" || c.action === "replace").length;
    assert.equal(a.summary.delete + a.summary.replace, destroyed);
    assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
    return { assessment: a };
  } catch (err) {
    const e = err as Error;
    assert.equal(e.name, "InputError", `unexpected ${e.name}: ${e.message}`);
    assert.ok(e.message.length > 10 && !e.message.includes("\n"), e.message);
    return { error: e };
  }
}

describe("cloudformation corpus", {
  skip: present ? false : "../shared/corpus/cloudformation is absent",
}, () => {
  const all = present ? files(CORPUS) : [];
  const changeSets = all.filter((f) => basename(f).startsWith("changeset__"));
  const pairs = new Map<string, { before?: string; after?: string }>();
  const templates: string[] = [];
  for (const f of all) {
    const m = PAIR.exec(basename(f));
    if (m) {
      const key = `${basename(join(f, ".."))}/${m[1]}`;
      const p = pairs.get(key) ?? {};
      p[m[2] as "before" | "after"] = f;
      pairs.set(key, p);
    } else if (!basename(f).startsWith("changeset__")) templates.push(f);
  }
  const stats = { changeSets: 0, templates: 0, pairs: 0, rejected: 0, findings: 0 };
  const results = new Map<string, Outcome>();

  it("has change sets, templates and pairs", () => {
    assert.ok(changeSets.length >= 50, `${changeSets.length} change sets`);
    assert.ok(templates.length >= 30, `${templates.length} templates`);
    assert.ok(pairs.size >= 20, `${pairs.size} pairs`);
    for (const [k, p] of pairs) assert.ok(p.before && p.after, `pair ${k} has both halves`);
  });

  for (const f of changeSets) {
    const name = f.slice(CORPUS.length + 1);
    it(`change set ${name}`, async () => {
      const o = await attempt({ plan: f });
      results.set(name, o);
      if (o.error) stats.rejected++;
      else {
        stats.changeSets++;
        stats.findings += o.assessment!.findings.length;
        assert.ok(o.assessment!.changes.length > 0, "recorded change sets all hold changes");
      }
    });
  }

  for (const f of templates) {
    const name = f.slice(CORPUS.length + 1);
    it(`template ${name}`, async () => {
      // As a new stack, and unchanged against itself.
      const created = await attempt({ before: EMPTY, after: f });
      results.set(name, created);
      if (created.error) {
        stats.rejected++;
        return;
      }
      stats.templates++;
      assert.ok(created.assessment!.changes.every((c) => c.action === "create"));
      const same = await attempt({ before: f, after: f });
      assert.ok(same.assessment, same.error?.message);
      assert.ok(same.assessment.changes.every((c) => c.action === "no-op"));
      assert.equal(same.assessment.findings.length, 0);
    });
  }

  for (const [key, p] of pairs) {
    it(`pair ${key}`, async () => {
      const o = await attempt({ before: p.before!, after: p.after! });
      results.set(key, o);
      if (o.error) stats.rejected++;
      else {
        stats.pairs++;
        stats.findings += o.assessment!.findings.length;
        assert.ok(o.assessment!.summary.total > 0, "a history pair changes something");
      }
    });
  }

  // Checked by hand against the files; pinned so a regression shows.
  const pin = (key: string) => {
    const o = results.get(key);
    assert.ok(o, `${key} was analyzed`);
    return o;
  };
  const findings = (key: string) =>
    pin(key).assessment!.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
  const actions = (key: string) =>
    pin(key)
      .assessment!.changes.filter((c) => c.action !== "no-op")
      .map((c) => `${c.action} ${c.address}`);

  it("pinned: CDK snapshot pair grants Action * on Resource * under a new logical id", () => {
    assert.deepEqual(findings("aws__aws-cdk-cli/cdk01"), [
      "critical AL-CFN-PRIV-001 MyLambdaFuncServiceRoleDefaultPolicy",
    ]);
    assert.deepEqual(actions("aws__aws-cdk-cli/cdk01"), [
      "update MyFunction12A744C2E",
      "delete MyFunction1ServiceRole9852B06B",
      "create MyFunction2ServiceRole",
      "create MyLambdaFuncServiceRoleDefaultPolicy",
      "delete MyLambdaFuncServiceRoleDefaultPolicyBEB0E748",
    ]);
  });

  it("pinned: EC2 instance switching SecurityGroups to SecurityGroupIds is replaced", () => {
    assert.deepEqual(actions("aws-cloudformation__aws-cloudformation-templates/hist10"), [
      "replace EC2Instance",
    ]);
    assert.deepEqual(findings("aws-cloudformation__aws-cloudformation-templates/hist10"), [
      "medium AL-CFN-AVAIL-002 EC2Instance",
    ]);
  });

  it("pinned: RDS parameter group family change replaces the group and may replace the database", () => {
    const a = pin("aws-cloudformation__aws-cloudformation-templates/hist12").assessment!;
    const db = a.changes.find((c) => c.address === "MyDB");
    assert.equal(db?.action, "update");
    assert.match(
      db?.actionReason ?? "",
      /may be replaced \(Conditional\).*references MyRDSParamGroup, which is replaced/,
    );
    assert.equal(a.changes.find((c) => c.address === "MyRDSParamGroup")?.action, "replace");
  });

  it("pinned: localstack immutable TopicName update is a replacement with a dependent", () => {
    const key =
      "localstack__localstack/changeset__test_change_set_fn_get_attr__test_immutable_property_update_causes_resource_replacement__describe-change-set-2-prop-values.json";
    const a = pin(key).assessment!;
    assert.deepEqual(actions(key), ["replace Topic1", "update Topic2"]);
    assert.deepEqual(a.changes.find((c) => c.address === "Topic1")?.blastRadius, ["Topic2"]);
    assert.ok(
      a.changes
        .find((c) => c.address === "Topic2")
        ?.attributes.some((x) => x.after === "(known after apply)"),
    );
  });

  it("pinned: a removed LogGroup with PolicyAction Delete loses its logs", () => {
    assert.deepEqual(
      findings(
        "localstack__localstack/changeset__test_change_set_values__test_property_empy_list__describe-change-set-2.json",
      ),
      ["high AL-CFN-DATA-001 Role"],
    );
  });

  it("pinned: templates using rain's !Rain::Module / !Rain::Embed are rejected clearly", () => {
    for (const key of [
      "aws-cloudformation__aws-cloudformation-templates/hist13",
      "aws-cloudformation__aws-cloudformation-templates/hist03",
    ])
      assert.match(pin(key).error?.message ?? "", /unknown YAML tag !Rain::(Module|Embed)/);
  });

  it("summary", () => {
    console.log(`# cloudformation corpus: ${JSON.stringify(stats)}`);
    assert.ok(stats.changeSets + stats.templates + stats.pairs > 100);
  });
});
