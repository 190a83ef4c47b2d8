// The CLI shell over manifest pairs and CloudFormation inputs: exit codes 0/1/2, one-line errors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { airlock } from "../helpers/cli.js";

const K = "test/fixtures/kubernetes/";
const C = "test/fixtures/cloudformation/";

describe("airlock analyze --before/--after (CLI)", () => {
  it("exit 0 with a JSON report for a routine release", () => {
    const r = airlock([
      "analyze",
      "--before",
      `${K}shop/before.yaml`,
      "--after",
      `${K}shop/after.yaml`,
      "--format",
      "json",
      "--fail-on",
      "high",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.framework, "kubernetes");
    assert.equal(a.source.format, "kubernetes-manifests");
    assert.equal(a.summary.update, 3);
  });

  it("exit 1 when a finding reaches --fail-on", () => {
    const r = airlock([
      "analyze",
      "--before",
      `${K}risky/before`,
      "--after",
      `${K}risky/after`,
      "--fail-on",
      "critical",
    ]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /AL-K8S-PRIV-001 {2}ClusterRoleBinding\/web-admin/);
  });

  it("exit 2 with one line naming the file for bad input", () => {
    for (const args of [
      ["analyze", "--before", `${K}shop/before.yaml`, "--after", `${K}bad/bomb.yaml`],
      ["analyze", `${K}shop`],
      ["analyze", `${C}changesets/unknown-action.json`],
      ["analyze", "--before", `${C}templates/app-before.yaml`, "--after", `${K}shop/after.yaml`],
    ]) {
      const r = airlock(args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^airlock: .*(bomb\.yaml|shop|unknown-action\.json|both sides)/);
      assert.equal(r.stdout, "");
    }
  });

  it("CloudFormation change set and template pair through the same command", () => {
    const cs = airlock(["analyze", `${C}changesets/paged.json`, "--format", "sarif"]);
    assert.equal(cs.status, 0, cs.stderr);
    const sarif = JSON.parse(cs.stdout);
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === "AL-CFN-DATA-001"));
    const tp = airlock([
      "analyze",
      "--before",
      `${C}templates/app-before.json`,
      "--after",
      `${C}templates/app-after.yaml`,
      "--format",
      "markdown",
    ]);
    assert.equal(tp.status, 0, tp.stderr);
    assert.match(tp.stdout, /CloudFormation template pair/);
    assert.ok(!tp.stdout.includes("correct-horse-battery-staple"));
  });
});
