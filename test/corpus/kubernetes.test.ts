// Corpus suite: real-world Kubernetes manifests (linter fixtures, examples, releases) and before/after pairs
// from public projects, read in place from ../shared/corpus/kubernetes. Every file reads or is rejected with
// a clear InputError; pairs are analyzed as pairs; a few results checked by hand are pinned.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { AnalyzeInput } from "../../src/ingest/index.js";
import type { Assessment } from "../../src/model/assessment.js";
import { render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/kubernetes", import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.log(`# SKIP kubernetes corpus not found at ${CORPUS}`);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(json|ya?ml)$/i.test(e)) out.push(p);
  }
  return out;
}

const PAIR = /^pairs__(.+?)__(before|after)__/;
const EMPTY = join(mkdtempSync(join(tmpdir(), "airlock-corpus-k8s-")), "empty.yaml");
writeFileSync(EMPTY, "");

interface Outcome {
  assessment?: Assessment;
  error?: Error;
}

async function attempt(input: AnalyzeInput): Promise<Outcome> {
  try {
    const a = await analyzeInput(input);
    for (const f of ["text", "json", "sarif", "markdown"] as const)
      render(a, f, { color: false, rules: ALL_RULES });
    assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
    return { assessment: a };
  } catch (err) {
    const e = err as Error;
    assert.equal(e.name, "InputError", `unexpected ${e.name}: ${e.message}`);
    assert.ok(e.message.length > 10 && !e.message.includes("\n"), e.message);
    return { error: e };
  }
}

describe("kubernetes corpus", { skip: present ? false : "../shared/corpus/kubernetes is absent" }, () => {
  const all = present ? files(CORPUS) : [];
  const pairs = new Map<string, { before?: string; after?: string }>();
  const singles: string[] = [];
  for (const f of all) {
    const m = PAIR.exec(basename(f));
    if (m) {
      const key = `${basename(dirname(f))}/${m[1]}`;
      const p = pairs.get(key) ?? {};
      p[m[2] as "before" | "after"] = f;
      pairs.set(key, p);
    } else singles.push(f);
  }
  const stats = { files: 0, objects: 0, pairs: 0, rejected: 0, findings: 0 };
  const results = new Map<string, Outcome>();

  it("has manifests and pairs", () => {
    assert.ok(singles.length >= 80, `${singles.length} files`);
    assert.ok(pairs.size >= 15, `${pairs.size} pairs`);
    for (const [k, p] of pairs) assert.ok(p.before && p.after, `pair ${k} has both halves`);
  });

  for (const f of [...singles, ...[...pairs.values()].flatMap((p) => [p.before!, p.after!])]) {
    const name = f.slice(CORPUS.length + 1);
    it(`file ${name}`, async () => {
      // Installed from nothing, and compared with itself.
      const created = await attempt({ before: EMPTY, after: f });
      results.set(name, created);
      if (created.error) {
        stats.rejected++;
        return;
      }
      stats.files++;
      stats.objects += created.assessment!.changes.length;
      assert.ok(created.assessment!.changes.every((c) => c.action === "create"));
      const same = await attempt({ before: f, after: f });
      assert.ok(same.assessment, same.error?.message);
      assert.equal(same.assessment.summary.total, 0);
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
        assert.ok(o.assessment!.summary.total > 0, "a pair changes something");
      }
      // The reverse direction is a valid change too.
      const back = await attempt({ before: p.after!, after: p.before! });
      results.set(`${key} (reversed)`, back);
    });
  }

  const pin = (key: string) => {
    const o = results.get(key);
    assert.ok(o?.assessment, `${key}: ${o?.error?.message ?? "not analyzed"}`);
    return o.assessment;
  };
  const findings = (key: string) => pin(key).findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);

  it("pinned: guestbook frontend Service switched to NodePort", () => {
    assert.deepEqual(findings("kubernetes__examples/guestbook-nodeport"), [
      "medium AL-K8S-EXP-001 Service/default/frontend",
    ]);
  });

  it("pinned: extensions/v1beta1 → apps/v1 Deployments are updates of the same objects, not replaces", () => {
    const a = pin("kubernetes__examples/guestbook-apps-v1");
    assert.deepEqual(a.summary.update, 3);
    assert.deepEqual(a.summary.replace + a.summary.delete + a.summary.create, 0);
    assert.deepEqual(a.findings, []);
  });

  it("pinned: microservices-demo v0.9→v0.10 adds ServiceAccounts quietly", () => {
    const a = pin("GoogleCloudPlatform__microservices-demo/v0.9.0-v0.10.0");
    assert.equal(a.summary.create, 11);
    assert.ok(a.changes.filter((c) => c.action === "create").every((c) => c.type === "core/ServiceAccount"));
    assert.ok(!a.findings.some((f) => f.severity === "high" || f.severity === "critical"));
  });

  it("pinned: polaris fixes remove host namespaces; reversed, they introduce them", () => {
    assert.deepEqual(findings("FairwindsOps__polaris/hostPIDSet"), [
      "medium AL-K8S-AVAIL-004 Pod/default/nginx",
    ]);
    assert.deepEqual(findings("FairwindsOps__polaris/hostPIDSet (reversed)"), [
      "high AL-K8S-PRIV-003 Pod/default/nginx",
      "medium AL-K8S-AVAIL-004 Pod/default/nginx",
    ]);
    assert.ok(
      findings("FairwindsOps__polaris/dangerousCapabilities (reversed)").includes(
        "high AL-K8S-PRIV-004 Pod/default/nginx",
      ),
    );
  });

  it("pinned: unrendered templates, documents without kind and duplicate objects are rejected", () => {
    const err = (k: string) => results.get(k)?.error?.message ?? "";
    assert.match(
      err("kubernetes__examples/_archived__newrelic__newrelic-config-template.yaml"),
      /unrendered Helm template/,
    );
    assert.match(err("yannh__kubeconform/fixtures__missing_kind.yaml"), /document 1 has no apiVersion/);
    assert.match(
      err("yannh__kubeconform/fixtures__duplicates.yaml"),
      /ReplicationController\/default\/bob is defined twice/,
    );
  });

  it("summary", () => {
    console.log(`# kubernetes corpus: ${JSON.stringify(stats)}`);
    assert.ok(stats.files > 100);
  });
});
