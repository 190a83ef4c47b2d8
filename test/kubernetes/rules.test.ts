// AL-K8S rules over hand-written manifest pairs: every rule fires on a fixture, routine releases stay quiet,
// and the risky pairs produce exactly the findings a reviewer would expect (pinned).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { KUBERNETES_RULES } from "../../src/rules/catalog/kubernetes.js";

const K = new URL("../fixtures/kubernetes/", import.meta.url).pathname;

const PAIRS: [string, string][] = [
  ["shop/before.yaml", "shop/after.yaml"],
  ["risky/before", "risky/after"],
  ["immutable/before.yaml", "immutable/after.yaml"],
  ["shop/before.yaml", "namespace-delete/after.yaml"],
  ["cluster/before.yaml", "cluster/after.yaml"],
];

async function run(before: string, after: string): Promise<Assessment> {
  return analyzeInput({ before: K + before, after: K + after });
}

function pins(a: Assessment): string[] {
  return a.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
}

describe("kubernetes rules", () => {
  it("every AL-K8S rule fires on at least one fixture", async () => {
    const fired = new Set<string>();
    for (const [b, a] of PAIRS) for (const f of (await run(b, a)).findings) fired.add(f.ruleId);
    const missing = KUBERNETES_RULES.map((r) => r.id).filter((id) => !fired.has(id));
    assert.deepEqual(missing, []);
  });

  it("rules are Kubernetes rules with stable ids and documented metadata", () => {
    const ids = new Set<string>();
    for (const r of KUBERNETES_RULES) {
      assert.match(r.id, /^AL-K8S-(DATA|EXP|PRIV|AVAIL|AUDIT|ENC|MASS)-\d{3}$/);
      assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
      ids.add(r.id);
      assert.deepEqual(r.frameworks, ["kubernetes"]);
      assert.equal(r.provider, "kubernetes");
      assert.ok(r.rationale.length > 20 && r.remediation.length > 10, r.id);
    }
  });

  it("a routine release (image bump, rotated secret, config) has no high or critical finding", async () => {
    const a = await run("shop/before.yaml", "shop/after.yaml");
    assert.deepEqual(pins(a), []);
    const reordered = await run("shop/before.yaml", "shop/after-reordered.yaml");
    assert.equal(reordered.findings.length, 0);
    assert.equal(reordered.summary.total, 0);
  });

  it("the risky pair: privileges, exposure, data and availability", async () => {
    const a = await run("risky/before", "risky/after");
    assert.deepEqual(pins(a), [
      "critical AL-K8S-PRIV-002 ClusterRole/everything",
      "critical AL-K8S-PRIV-001 ClusterRoleBinding/web-admin",
      "critical AL-K8S-DATA-005 CustomResourceDefinition/backups.ops.example.com",
      "critical AL-K8S-PRIV-003 DaemonSet/shop/node-debugger",
      "critical AL-K8S-PRIV-003 DaemonSet/shop/node-debugger",
      "critical AL-K8S-PRIV-004 DaemonSet/shop/node-debugger",
      "high AL-K8S-AUDIT-001 DaemonSet/monitoring/falco",
      "high AL-K8S-PRIV-003 DaemonSet/shop/node-debugger",
      "high AL-K8S-PRIV-003 DaemonSet/shop/node-debugger",
      "high AL-K8S-AVAIL-002 Deployment/shop/web",
      "high AL-K8S-AVAIL-001 Deployment/shop/worker",
      "high AL-K8S-EXP-004 Ingress/shop/web",
      "high AL-K8S-EXP-003 NetworkPolicy/shop/default-deny",
      "high AL-K8S-EXP-001 Service/shop/web",
      "high AL-K8S-EXP-002 Service/shop/web",
      "high AL-K8S-DATA-002 StatefulSet/shop/db",
      "high AL-K8S-DATA-004 StatefulSet/shop/db",
      "medium AL-K8S-AVAIL-005 DaemonSet/monitoring/falco",
      "medium AL-K8S-AVAIL-003 PodDisruptionBudget/shop/web",
      "medium AL-K8S-AVAIL-002 Service/shop/web",
    ]);
    const msg = (id: string, addr: string) =>
      a.findings.find((f) => f.ruleId === id && f.address === addr)?.message ?? "";
    assert.match(
      msg("AL-K8S-PRIV-001", "ClusterRoleBinding/web-admin"),
      /cluster-admin cluster-wide to ServiceAccount:shop\/web/,
    );
    assert.match(
      msg("AL-K8S-PRIV-004", "DaemonSet/shop/node-debugger"),
      /adds capabilities SYS_ADMIN, NET_BIND_SERVICE/,
    );
    assert.match(msg("AL-K8S-EXP-002", "Service/shop/web"), /203\.0\.113\.10/);
    assert.match(msg("AL-K8S-AVAIL-001", "Deployment/shop/worker"), /from 2 to 0/);
    assert.deepEqual(a.findings.find((f) => f.ruleId === "AL-K8S-DATA-005")?.blastRadius, [
      "Backup/shop/nightly",
    ]);
    assert.equal(a.risk.level, "critical");
  });

  it("a privileged workload that was already privileged is not news", async () => {
    // falco is privileged on both sides of risky/before vs itself.
    const a = await run("risky/before", "risky/before");
    assert.equal(a.findings.length, 0);
  });

  it("namespace deletion is critical and counts what goes with it", async () => {
    const a = await run("shop/before.yaml", "namespace-delete/after.yaml");
    const ns = a.findings.find((f) => f.ruleId === "AL-K8S-DATA-001");
    assert.equal(ns?.severity, "critical");
    assert.match(ns?.message ?? "", /Namespace\/shop is deleted, and with it 10 objects/);
    assert.equal(ns?.blastRadius.length, 10);
    const mass = a.findings.find((f) => f.ruleId === "AL-K8S-MASS-001");
    assert.match(mass?.message ?? "", /11 of 11 existing objects/);
  });

  it("immutable fields: recreation findings by kind", async () => {
    const a = await run("immutable/before.yaml", "immutable/after.yaml");
    assert.deepEqual(pins(a), [
      "critical AL-K8S-DATA-003 PersistentVolumeClaim/prod/uploads",
      "high AL-K8S-AVAIL-002 Deployment/prod/api",
      "high AL-K8S-AVAIL-004 Service/prod/api",
      "medium AL-K8S-AVAIL-004 ConfigMap/prod/frozen",
      "medium AL-K8S-AVAIL-004 Job/prod/migrate",
    ]);
  });

  it("cluster objects: storage, admission control, escalation verbs, host ports", async () => {
    const a = await run("cluster/before.yaml", "cluster/after.yaml");
    assert.deepEqual(pins(a), [
      "critical AL-K8S-DATA-003 PersistentVolume/archive-pv",
      "critical AL-K8S-DATA-003 PersistentVolumeClaim/records/archive",
      "high AL-K8S-PRIV-002 ClusterRole/ci-deployer",
      "medium AL-K8S-AUDIT-002 ClusterPolicy/disallow-privileged",
      "medium AL-K8S-AVAIL-004 Pod/edge/edge-proxy",
      "medium AL-K8S-EXP-005 Pod/edge/edge-proxy",
      "medium AL-K8S-AUDIT-002 ValidatingWebhookConfiguration/policy-guard",
    ]);
  });
});
