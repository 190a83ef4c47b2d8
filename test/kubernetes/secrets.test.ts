// Secret data, stringData and secret-named env values never appear in any report format, whether the
// object is created, updated or deleted, and in findings' free text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import { FORMATS, type Format, render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const K = new URL("../fixtures/kubernetes/", import.meta.url).pathname;

/** Every secret value in the shop fixtures (and their base64-decoded forms). */
const SECRETS = [
  "c3VwZXJzZWNyZXQtZGItcGFzc3dvcmQ=",
  "supersecret-db-password",
  "cm90YXRlZC1zZWNyZXQtZGItcGFzc3dvcmQ=",
  "rotated-secret-db-password",
  "tok-live-4f9a8b7c6d5e",
  "tok-live-rotated-9z8y7x",
  "hunter2-inline-literal",
  "hunter3-rotated-literal",
];

function assertClean(text: string, where: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} leaks ${s}`);
}

describe("kubernetes secrets never appear in output", () => {
  const cases: [string, string, string][] = [
    ["update", "shop/before.yaml", "shop/after.yaml"],
    ["delete", "shop/before.yaml", "namespace-delete/after.yaml"],
    ["create", "namespace-delete/after.yaml", "shop/after.yaml"],
    ["risky", "risky/before", "risky/after"],
  ];
  for (const [name, b, a] of cases) {
    it(`${name}: text, json, sarif and markdown`, async () => {
      const assessment = await analyzeInput({ before: K + b, after: K + a });
      for (const format of FORMATS as readonly Format[]) {
        const out = render(assessment, format, { color: false, rules: ALL_RULES });
        assert.ok(out.length > 100, format);
        assertClean(out, `${name} ${format}`);
      }
    });
  }

  it("the changed secret and env value are shown as (sensitive), not hidden", async () => {
    const a = await analyzeInput({ before: `${K}shop/before.yaml`, after: `${K}shop/after.yaml` });
    const secret = a.changes.find((c) => c.address === "Secret/shop/db-credentials");
    assert.deepEqual(secret?.attributes, [
      { path: "data", before: "(sensitive)", after: "(sensitive)" },
      { path: "stringData", before: "(sensitive)", after: "(sensitive)" },
    ]);
    const web = a.changes.find((c) => c.address === "Deployment/shop/web");
    assert.deepEqual(
      web?.attributes.find((x) => x.path === "spec.template.spec.containers[0].env[1].value"),
      { path: "spec.template.spec.containers[0].env[1].value", before: "(sensitive)", after: "(sensitive)" },
    );
    // The image bump next to it is shown in full.
    assert.ok(web?.attributes.some((x) => x.after === '"registry.example.com/shop/web:1.5.0"'));
  });
});
