// Property: whatever secret values a manifest pair holds (Secret data/stringData, secret-named env values,
// secret-named command-line flags, the last-applied-configuration copy), and whether the object is created,
// updated or deleted, no report format (text, json, sarif, markdown) contains them.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyzeInput } from "../../src/assess/analyze.js";
import { FORMATS, render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const ENV_NAMES = ["DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "STRIPE_API_KEY", "client_secret"];
const FLAGS = ["--db-password", "--auth-token", "--secret-key", "--password"];

/** A value no report would print by chance. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{10,20}$/).map((s) => `Zq${s}Xv`);

interface Side {
  data: string;
  stringData: string;
  env: string;
  envName: string;
  flag: string;
  flagValue: string;
  inline: boolean;
}

const side = fc.record<Side>({
  data: secret,
  stringData: secret,
  env: secret,
  envName: fc.constantFrom(...ENV_NAMES),
  flag: fc.constantFrom(...FLAGS),
  flagValue: secret,
  inline: fc.boolean(),
});

function manifests(s: Side, image: string): string {
  const secretObj = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "app-credentials", namespace: "shop" },
    type: "Opaque",
    data: { password: Buffer.from(s.data).toString("base64") },
    stringData: { token: s.stringData },
  };
  const lastApplied = JSON.stringify(secretObj);
  const args = s.inline ? [`${s.flag}=${s.flagValue}`] : [s.flag, s.flagValue];
  return [
    JSON.stringify({
      ...secretObj,
      metadata: {
        ...secretObj.metadata,
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied },
      },
    }),
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: api, namespace: shop}",
      "spec:",
      "  replicas: 2",
      "  selector: {matchLabels: {app: api}}",
      "  template:",
      "    metadata: {labels: {app: api}}",
      "    spec:",
      "      containers:",
      "        - name: api",
      `          image: ${image}`,
      `          args: ${JSON.stringify(args)}`,
      `          env: [{name: ${s.envName}, value: ${JSON.stringify(s.env)}}, {name: LOG_LEVEL, value: info}]`,
    ].join("\n"),
  ].join("\n---\n");
}

function secretsOf(s: Side): string[] {
  return [s.data, Buffer.from(s.data).toString("base64"), s.stringData, s.env, s.flagValue];
}

describe("kubernetes secrets: property over values and actions", () => {
  it("no report format contains a secret value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-k8s-secrets-"));
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "");
    await fc.assert(
      fc.asyncProperty(side, side, fc.constantFrom("update", "create", "delete"), async (b, a, action) => {
        const before = join(dir, "before.yaml");
        const after = join(dir, "after.yaml");
        writeFileSync(before, manifests(b, "registry.example.com/api:1.0.0"));
        writeFileSync(after, manifests(a, "registry.example.com/api:1.1.0"));
        const assessment = await analyzeInput({
          before: action === "create" ? empty : before,
          after: action === "delete" ? empty : after,
        });
        assert.ok(assessment.changes.length >= 2);
        const values = [
          ...(action === "create" ? [] : secretsOf(b)),
          ...(action === "delete" ? [] : secretsOf(a)),
        ];
        for (const format of FORMATS) {
          const out = render(assessment, format, { color: false, rules: ALL_RULES });
          for (const v of values) assert.ok(!out.includes(v), `${action} ${format} contains ${v}`);
        }
      }),
      { numRuns: 40 },
    );
  });
});
