// Gaps found in review against real-world manifests: each case a pair of hand-written manifests in the
// exact kubectl format, and what a reviewer needs to see.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";

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
