// Gaps found in review against real-world manifests: each case a pair of hand-written manifests in the
// exact kubectl format, and what a reviewer needs to see.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { InputError } from "../../src/model/types.js";
import { FORMATS, render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const R = new URL("../fixtures/kubernetes/review/", import.meta.url).pathname;

async function run(before: string, after: string): Promise<Assessment> {
  return analyzeInput({ before: R + before, after: R + after });
}

function pins(a: Assessment): string[] {
  return a.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
}

describe("kubernetes review cases", () => {
  it("a binding to the user system:anonymous grants to everyone (critical)", async () => {
    const a = await run("rbac-before.yaml", "rbac-after.yaml");
    assert.deepEqual(pins(a), ["critical AL-K8S-PRIV-001 ClusterRoleBinding/metrics-reader"]);
    assert.match(a.findings[0].message, /system:anonymous \(everyone\)/);
    // Already bound before: not news.
    assert.deepEqual(pins(await run("rbac-after.yaml", "rbac-after.yaml")), []);
  });
});

describe("kubernetes RBAC", () => {
  it("reading every Secret, exec into pods: reported like wildcards (cluster-wide high, namespaced medium)", async () => {
    const a = await run("secrets-rbac-before.yaml", "secrets-rbac-after.yaml");
    assert.deepEqual(pins(a), [
      "high AL-K8S-PRIV-002 ClusterRole/ci-deployer",
      "medium AL-K8S-PRIV-002 Role/shop/debugger",
    ]);
    assert.match(a.findings[0].message, /get, list on secrets/);
    assert.match(a.findings[1].message, /create on pods\/exec/);
    assert.deepEqual(pins(await run("secrets-rbac-after.yaml", "secrets-rbac-before.yaml")), []);
  });
});

describe("kubernetes exposure", () => {
  it("a LoadBalancer that stops being internal or restricted is exposed to the internet", async () => {
    const a = await run("lb-before.yaml", "lb-after.yaml");
    assert.deepEqual(pins(a), [
      "high AL-K8S-EXP-001 Service/shop/admin",
      "high AL-K8S-EXP-001 Service/shop/api",
      "high AL-K8S-EXP-001 Service/shop/postgres",
    ]);
    assert.match(a.findings[0].message, /source ranges include 0\.0\.0\.0\/0/);
    assert.match(a.findings[2].message, /no longer internal/);
    // Back again: every Service becomes less exposed (web: NodePort → LoadBalancer is more, and reported).
    assert.deepEqual(pins(await run("lb-after.yaml", "lb-before.yaml")), [
      "high AL-K8S-EXP-001 Service/shop/web",
    ]);
  });
});

describe("kubernetes availability", () => {
  it("a CronJob suspended stops its jobs (a backup no longer runs)", async () => {
    const a = await run("cronjob-before.yaml", "cronjob-after.yaml");
    assert.deepEqual(pins(a), ["medium AL-K8S-AVAIL-001 CronJob/shop/db-backup"]);
    assert.match(a.findings[0].message, /suspended/);
    // Resumed, or only the image bumped: nothing to say.
    assert.deepEqual(pins(await run("cronjob-after.yaml", "cronjob-before.yaml")), []);
    assert.deepEqual(pins(await run("cronjob-before.yaml", "cronjob-bump.yaml")), []);
  });
});

describe("kubernetes secrets in container arguments", () => {
  it("--password=VALUE and --token VALUE arguments are (sensitive) in every format", async () => {
    for (const [b, a] of [
      ["args-before.yaml", "args-after.yaml"],
      ["args-before.yaml", "rbac-before.yaml"],
    ]) {
      const assessment = await run(b, a);
      for (const format of FORMATS) {
        const out = render(assessment, format, { color: false, rules: ALL_RULES });
        assert.ok(!/argsecret/.test(out), `${format} leaks a secret argument`);
        if (format === "json") assert.ok(out.includes("redis:7.2"), "json still shows the image");
      }
    }
    const web = (await run("args-before.yaml", "args-after.yaml")).changes[0];
    assert.deepEqual(
      web.attributes.find((x) => x.path === "spec.template.spec.initContainers[0].command[1]"),
      {
        path: "spec.template.spec.initContainers[0].command[1]",
        before: "(sensitive)",
        after: "(sensitive)",
      },
    );
  });
});

describe("kubernetes input that must be refused with file:line:col", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-k8s-review-"));
  const ok = join(dir, "ok.yaml");
  writeFileSync(ok, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n");

  async function refused(name: string, body: string | Buffer, pattern: RegExp): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, body);
    await assert.rejects(analyzeInput({ before: ok, after: file }), (err: unknown) => {
      assert.ok(err instanceof InputError, String(err));
      assert.match(err.message, pattern);
      return true;
    });
  }

  it("Latin-1 bytes are not silently replaced by U+FFFD", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: caf"),
      Buffer.from([0xe9]),
      Buffer.from("}\n"),
    ]);
    await refused("latin1.yaml", latin1, /latin1\.yaml:4:14: not UTF-8 text/);
  });

  it("a real U+FFFD character and UTF-16 with a BOM are still read", async () => {
    const file = join(dir, "fffd.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: \uFFFD}\n");
    assert.equal((await analyzeInput({ before: ok, after: file })).changes[0].action, "update");
    const utf16 = join(dir, "utf16.yaml");
    writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n", "utf16le"),
      ]),
    );
    assert.equal((await analyzeInput({ before: ok, after: utf16 })).changes[0].action, "no-op");
  });

  it("a few aliases of a huge anchor (within the alias count) are a YAML bomb, not an internal error", async () => {
    const big = "x".repeat(1_000_000);
    const aliases = Array.from({ length: 40 }, (_, i) => `  k${i}: *a\n`).join("");
    await refused(
      "huge-anchor.yaml",
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: &a "${big}"\n${aliases}`,
      /huge-anchor\.yaml:\d+:\d+: YAML aliases expand too much \(more than 16 MiB of text/,
    );
  });

  it("an alias inside its own anchor (a circular structure) is refused", async () => {
    await refused(
      "circular.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d\n  x: [*d]\n",
      /circular\.yaml:5:7: YAML alias refers to the collection that contains it/,
    );
  });
});
