// Kubernetes manifest pairs through the shared pipeline: identity, actions, immutable-field replaces, the
// dependency graph, the digest, and clear errors for bad input.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import { loadChangeSet } from "../../src/ingest/index.js";
import { diffManifests, readManifestSide } from "../../src/ingest/kubernetes/index.js";
import { computeDigest } from "../../src/model/digest.js";
import type { ChangeSet } from "../../src/model/types.js";

const K = new URL("../fixtures/kubernetes/", import.meta.url).pathname;

function byAddress(cs: ChangeSet) {
  return new Map(cs.changes.map((c) => [c.address, c]));
}

async function pair(before: string, after: string): Promise<ChangeSet> {
  return loadChangeSet({ before: K + before, after: K + after });
}

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "airlock-k8s-"));
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

async function inputError(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, "InputError", e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

describe("kubernetes manifests: reading", () => {
  it("reads multi-document YAML, JSON List kinds and folders with file and line", () => {
    const side = readManifestSide(`${K}risky/before`);
    assert.deepEqual(
      side.files.map((f) => f.slice(K.length)),
      ["risky/before/app.yaml", "risky/before/monitoring.json"],
    );
    const kinds = side.objects.map((o) => o.object.kind);
    assert.equal(kinds.filter((k) => k === "Deployment").length, 2);
    assert.ok(
      kinds.includes("CustomResourceDefinition") && kinds.includes("Backup") && !kinds.includes("List"),
    );
    const web = side.objects.find((o) => o.object.kind === "Deployment" && o.object.metadata?.name === "web");
    assert.ok(web?.file.endsWith("app.yaml") && web.line > 30, `line ${web?.line}`);
  });

  it("gives identities: default namespace, cluster scope, legacy groups, CRD scope", async () => {
    const cs = await pair("immutable/before.yaml", "immutable/after.yaml");
    const legacy = byAddress(cs).get("Deployment/prod/legacy");
    assert.ok(legacy, "extensions/v1beta1 and apps/v1 Deployments are the same object");
    assert.equal(legacy.type, "apps/Deployment");
    assert.equal(legacy.action, "update");
    const custom = await pair("custom-kind.yaml", "custom-kind.yaml");
    assert.deepEqual(
      custom.changes.map((c) => [c.address, c.type, c.action]),
      [["Widget/default/blue", "example.com/Widget", "no-op"]],
    );
    const risky = await pair("risky/before", "risky/after");
    const addrs = risky.changes.map((c) => c.address);
    for (const a of [
      "ClusterRole/everything",
      "CustomResourceDefinition/backups.ops.example.com",
      "Namespace/monitoring",
      "Backup/shop/nightly",
    ])
      assert.ok(addrs.includes(a), a);
  });

  it("qualifies the address with the group only when two groups share kind, namespace and name", async () => {
    const doc = (group: string) =>
      `apiVersion: ${group}/v1\nkind: Certificate\nmetadata:\n  name: api\n  namespace: prod\nspec: {}\n`;
    const dir = tmp({ "a.yaml": `${doc("cert-manager.io")}---\n${doc("acme.example.com")}` });
    const cs = await loadChangeSet({ before: join(dir, "a.yaml"), after: join(dir, "a.yaml") });
    assert.deepEqual(cs.changes.map((c) => c.address).sort(), [
      "Certificate.acme.example.com/prod/api",
      "Certificate.cert-manager.io/prod/api",
    ]);
  });
});

describe("kubernetes manifests: actions", () => {
  it("documents in another order, with keys in another order, are no change and the same digest", async () => {
    const reordered = await pair("shop/before.yaml", "shop/after-reordered.yaml");
    assert.equal(reordered.changes.length, 11);
    assert.ok(reordered.changes.every((c) => c.action === "no-op"));
    const same = await pair("shop/before.yaml", "shop/before.yaml");
    assert.equal(computeDigest(reordered.digestMaterial), computeDigest(same.digestMaterial));
  });

  it("a routine release is three in-place updates", async () => {
    const cs = await pair("shop/before.yaml", "shop/after.yaml");
    const changed = cs.changes.filter((c) => c.action !== "no-op").map((c) => `${c.action} ${c.address}`);
    assert.deepEqual(changed, [
      "update ConfigMap/shop/web-config",
      "update Deployment/shop/web",
      "update Secret/shop/db-credentials",
    ]);
  });

  it("updates to immutable fields are replaces, with the paths that force them", async () => {
    const cs = byAddress(await pair("immutable/before.yaml", "immutable/after.yaml"));
    const expect: Record<string, string[] | null> = {
      "Deployment/prod/api": ["spec.selector"],
      "Service/prod/api": ["spec.clusterIP"],
      "Job/prod/migrate": ["spec.template"],
      "PersistentVolumeClaim/prod/uploads": ["spec.storageClassName"],
      "ConfigMap/prod/frozen": ["data"],
      "PersistentVolumeClaim/prod/cache": null,
      "Deployment/prod/legacy": null,
    };
    for (const [addr, paths] of Object.entries(expect)) {
      const c = cs.get(addr);
      assert.ok(c, addr);
      if (paths) {
        assert.equal(c.action, "replace", addr);
        assert.equal(c.replaceOrder, "delete-before-create");
        assert.deepEqual(
          c.replacePaths?.map((p) => p.join(".")),
          paths,
          addr,
        );
        assert.deepEqual(c.rawActions, ["delete", "create"]);
      } else assert.equal(c.action, "update", addr);
    }
  });

  it("StatefulSet fields other than the mutable ones force a replace", async () => {
    const ss = (extra: string, replicas = 1) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: ${replicas}\n  serviceName: ${extra}\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: postgres}]}\n`;
    const dir = tmp({ "a.yaml": ss("db"), "b.yaml": ss("db", 3), "c.yaml": ss("db-headless") });
    const scaled = await loadChangeSet({ before: join(dir, "a.yaml"), after: join(dir, "b.yaml") });
    assert.equal(scaled.changes[0].action, "update");
    const renamed = await loadChangeSet({ before: join(dir, "a.yaml"), after: join(dir, "c.yaml") });
    assert.equal(renamed.changes[0].action, "replace");
    assert.deepEqual(renamed.changes[0].replacePaths, [["spec", "serviceName"]]);
  });

  it("status and server-owned metadata are not part of the change", async () => {
    const base = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    const dir = tmp({
      "a.yaml": `${base}data: {a: "1"}\n`,
      "b.yaml": `${base}  uid: 0b4c1f9e-1111-2222-3333-444455556666\n  resourceVersion: "4711"\n  creationTimestamp: "2025-01-01T00:00:00Z"\ndata: {a: "1"}\nstatus: {phase: Active}\n`,
    });
    const cs = await loadChangeSet({ before: join(dir, "a.yaml"), after: join(dir, "b.yaml") });
    assert.equal(cs.changes[0].action, "no-op");
  });

  it("an empty side is a new install (all creates) or a full removal (all deletes)", async () => {
    const dir = tmp({ "empty.yaml": "# nothing rendered\n" });
    const install = await loadChangeSet({ before: join(dir, "empty.yaml"), after: `${K}shop/before.yaml` });
    assert.ok(install.changes.length === 11 && install.changes.every((c) => c.action === "create"));
    const removal = await loadChangeSet({ before: `${K}shop/before.yaml`, after: join(dir, "empty.yaml") });
    assert.ok(removal.changes.every((c) => c.action === "delete"));
  });
});

describe("kubernetes manifests: graph and blast radius", () => {
  it("links Services, Ingresses, workloads, config, RBAC, policies and CRDs", async () => {
    const cs = await pair("risky/before", "risky/before");
    const edges = new Set(cs.edges.map((e) => `${e.from} -> ${e.to} (${e.via})`));
    for (const e of [
      "Service/shop/web -> Deployment/shop/web (selects)",
      "Ingress/shop/web -> Service/shop/web (backend)",
      "Deployment/shop/web -> ConfigMap/shop/web-config (uses)",
      "Deployment/shop/web -> Secret/shop/db-credentials (uses)",
      "Deployment/shop/web -> ServiceAccount/shop/web (uses)",
      "StatefulSet/shop/db -> Secret/shop/db-credentials (uses)",
      "ServiceAccount/shop/web -> RoleBinding/shop/web-reader (binds)",
      "Deployment/shop/web -> NetworkPolicy/shop/default-deny (policy)",
      "StatefulSet/shop/db -> NetworkPolicy/shop/default-deny (policy)",
      "Deployment/shop/web -> PodDisruptionBudget/shop/web (policy)",
      "Backup/shop/nightly -> CustomResourceDefinition/backups.ops.example.com (definition)",
      "DaemonSet/monitoring/falco -> Namespace/monitoring (contains)",
      "Deployment/shop/web -> Namespace/shop (contains)",
    ])
      assert.ok(edges.has(e), e);
    assert.ok(
      !edges.has("Service/shop/web -> StatefulSet/shop/db (selects)"),
      "selector does not match db pods",
    );
  });

  it("a deleted Namespace takes every object in it", async () => {
    const a = await analyzeInput({
      before: `${K}shop/before.yaml`,
      after: `${K}namespace-delete/after.yaml`,
    });
    const ns = a.changes.find((c) => c.address === "Namespace/shop");
    assert.equal(ns?.action, "delete");
    assert.deepEqual(ns?.blastRadius, [
      "ConfigMap/shop/web-config",
      "Deployment/shop/web",
      "Ingress/shop/web",
      "NetworkPolicy/shop/default-deny",
      "PodDisruptionBudget/shop/web",
      "RoleBinding/shop/web-reader",
      "Secret/shop/db-credentials",
      "Service/shop/web",
      "ServiceAccount/shop/web",
      "StatefulSet/shop/db",
    ]);
    // Only the Namespace object removed from the manifests: the objects still go with it.
    const only = await analyzeInput({
      before: `${K}namespace-delete/before-namespace-only.yaml`,
      after: `${K}namespace-delete/after-namespace-only.yaml`,
    });
    assert.deepEqual(only.changes.find((c) => c.address === "Namespace/shop")?.blastRadius, [
      "Deployment/shop/web",
      "ServiceAccount/shop/web",
    ]);
  });

  it("deleting a ConfigMap reaches the workload, its Service and the Ingress", async () => {
    const dir = tmp({
      "after.yaml": (await import("node:fs"))
        .readFileSync(`${K}shop/before.yaml`, "utf8")
        .replace(/---\napiVersion: v1\nkind: ConfigMap[\s\S]*?LOG_LEVEL: info\n/, ""),
    });
    const a = await analyzeInput({ before: `${K}shop/before.yaml`, after: join(dir, "after.yaml") });
    const cm = a.changes.find((c) => c.address === "ConfigMap/shop/web-config");
    assert.equal(cm?.action, "delete");
    assert.deepEqual(cm?.blastRadius, ["Deployment/shop/web", "Ingress/shop/web", "Service/shop/web"]);
  });
});

describe("kubernetes manifests: digest", () => {
  it("changes with any difference that would be applied", async () => {
    const base = await pair("shop/before.yaml", "shop/after.yaml");
    const d0 = computeDigest(base.digestMaterial);
    const text = (await import("node:fs")).readFileSync(`${K}shop/after.yaml`, "utf8");
    for (const [from, to] of [
      ["replicas: 3", "replicas: 4"],
      ["cm90YXRlZC1zZWNyZXQtZGItcGFzc3dvcmQ=", "cm90YXRlZC1zZWNyZXQtZGItcGFzc3dvcmR4"],
      ["LOG_LEVEL: debug", "LOG_LEVEL: trace"],
    ]) {
      const dir = tmp({ "after.yaml": text.replace(from, to) });
      const cs = await loadChangeSet({ before: `${K}shop/before.yaml`, after: join(dir, "after.yaml") });
      assert.notEqual(computeDigest(cs.digestMaterial), d0, `${from} -> ${to}`);
    }
  });

  it("is the same whether objects come from one file or a folder of files", async () => {
    const text = (await import("node:fs")).readFileSync(`${K}shop/after.yaml`, "utf8");
    const docs = text.split("\n---\n");
    const dir = tmp(Object.fromEntries(docs.map((d, i) => [`part-${String(i).padStart(2, "0")}.yaml`, d])));
    const split = diffManifests(readManifestSide(`${K}shop/before.yaml`), readManifestSide(dir), {
      sourcePath: "x",
    });
    const whole = diffManifests(
      readManifestSide(`${K}shop/before.yaml`),
      readManifestSide(`${K}shop/after.yaml`),
      {
        sourcePath: "x",
      },
    );
    assert.equal(computeDigest(split.digestMaterial), computeDigest(whole.digestMaterial));
  });
});

describe("kubernetes manifests: bad input is a clear InputError", () => {
  const ok = `${K}custom-kind.yaml`;
  const bad = (name: string) => loadChangeSet({ before: ok, after: `${K}bad/${name}` });

  it("YAML bombs", () => inputError(bad("bomb.yaml"), /bomb\.yaml:\d+:\d+: YAML aliases expand too much/));
  it("duplicate keys, with line and column", () =>
    inputError(
      bad("duplicate-keys.yaml"),
      /duplicate-keys\.yaml:7:3: not valid YAML: duplicate mapping key/,
    ));
  it("a document without kind", () =>
    inputError(bad("missing-kind.yaml"), /missing-kind\.yaml:6: document 2 has no kind/));
  it("a document that is not an object", () =>
    inputError(bad("not-an-object.yaml"), /not-an-object\.yaml:1: document 1 is not a Kubernetes object/));
  it("generateName objects", () => inputError(bad("generate-name.yaml"), /generateName/));
  it("the same object twice", () =>
    inputError(
      bad("duplicate-object.yaml"),
      /duplicate-object\.yaml:9: ConfigMap\/prod\/settings is defined twice \(also at .*duplicate-object\.yaml:1\)/,
    ));
  it("unknown YAML tags", () =>
    inputError(bad("unknown-tag.yaml"), /unknown-tag\.yaml:6:10: unknown YAML tag !Ref/));
  it("a Helm chart folder", () => inputError(bad("helm-chart"), /is a Helm chart; render it first/));
  it("an unrendered Helm template", () => {
    const dir = tmp({
      "svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\n",
    });
    return inputError(
      loadChangeSet({ before: ok, after: join(dir, "svc.yaml") }),
      /svc\.yaml:4:\d+: .*unrendered Helm template/,
    );
  });
  it("nesting deeper than the limit, without crashing", () => {
    const dir = tmp({
      "deep.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {x: ${"[".repeat(5000)}${"]".repeat(5000)}}\n`,
    });
    return inputError(
      loadChangeSet({ before: ok, after: join(dir, "deep.yaml") }),
      /nests deeper than 256 levels/,
    );
  });
  it("a folder without manifests", () => {
    const dir = tmp({ "README.md": "nothing here" });
    return inputError(loadChangeSet({ before: ok, after: dir }), /holds no manifest files/);
  });
  it("a missing side", () =>
    inputError(
      loadChangeSet({ before: ok, after: `${K}nope.yaml` }),
      /cannot read \(no such file or folder\)/,
    ));
  it("a manifests folder given where a plan or change set is expected", async () => {
    await inputError(
      loadChangeSet({ plan: `${K}shop` }),
      /is a directory; for Kubernetes manifests use --before DIR --after DIR/,
    );
    await inputError(
      loadChangeSet({ plan: `${K}shop/before.yaml` }),
      /not a Terraform plan or CloudFormation change set/,
    );
    const dir = tmp({ "m.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}' });
    await inputError(
      loadChangeSet({ plan: join(dir, "m.json") }),
      /this is a Kubernetes manifest; compare manifests with --before/,
    );
  });
  it("a template on one side and manifests on the other", () =>
    inputError(
      loadChangeSet({
        before: ok,
        after: new URL("../fixtures/cloudformation/templates/app-after.yaml", import.meta.url).pathname,
      }),
      /both sides must be the same kind/,
    ));
});
