// Property: whatever secret values a template pair holds (NoEcho parameter defaults, values referenced from
// them, secret-named properties, secret-named Lambda environment variables, a password in a container's
// command list), and whether the resources are
// created, updated or removed, no report format (text, json, sarif, markdown) contains them.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyzeInput } from "../../src/assess/analyze.js";
import { FORMATS, render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const secret = fc.stringMatching(/^[A-Za-z0-9]{10,20}$/).map((s) => `Zq${s}Xv`);

interface Side {
  noEchoDefault: string;
  masterPassword: string;
  envName: string;
  envValue: string;
  commandPassword: string;
  viaParameter: boolean;
}

const side = fc.record<Side>({
  noEchoDefault: secret,
  masterPassword: secret,
  envName: fc.constantFrom("DB_PASSWORD", "API_TOKEN", "StripeApiKey", "CLIENT_SECRET"),
  envValue: secret,
  commandPassword: secret,
  viaParameter: fc.boolean(),
});

function template(s: Side, memory: number): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: { DbPassword: { Type: "String", NoEcho: true, Default: s.noEchoDefault } },
    Resources: {
      Database: {
        Type: "AWS::RDS::DBInstance",
        DeletionPolicy: "Snapshot",
        Properties: {
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          AllocatedStorage: "20",
          MasterUsername: "app",
          MasterUserPassword: s.viaParameter ? { Ref: "DbPassword" } : s.masterPassword,
        },
      },
      Cache: {
        Type: "AWS::ECS::TaskDefinition",
        Properties: {
          ContainerDefinitions: [
            {
              Name: "redis",
              Image: `redis:7.${memory}`,
              // A password as an argument of a command written as a list
              Command: ["redis-server", "--port", "6379", "--requirepass", s.commandPassword],
            },
          ],
        },
      },
      Handler: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Runtime: "python3.12",
          Handler: "index.handler",
          Role: "arn:aws:iam::123456789012:role/handler",
          Code: { ZipFile: "def handler(e, c): return 1" },
          MemorySize: memory,
          Environment: {
            Variables: {
              [s.envName]: s.envValue,
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
              DSN: { "Fn::Sub": "postgres://app:${DbPassword}@db:5432/app" },
              LOG_LEVEL: "info",
            },
          },
        },
      },
    },
  });
}

describe("cloudformation secrets: property over values and actions", () => {
  it("no report format contains a secret value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-cfn-secrets-"));
    const empty = join(dir, "empty.json");
    writeFileSync(empty, "");
    await fc.assert(
      fc.asyncProperty(side, side, fc.constantFrom("update", "create", "delete"), async (b, a, action) => {
        const before = join(dir, "before.json");
        const after = join(dir, "after.json");
        writeFileSync(before, template(b, 128));
        writeFileSync(after, template(a, 256));
        const assessment = await analyzeInput({
          before: action === "create" ? empty : before,
          after: action === "delete" ? empty : after,
        });
        assert.ok(assessment.changes.length >= 2);
        const of = (s: Side) => [s.noEchoDefault, s.masterPassword, s.envValue, s.commandPassword];
        const values = [...(action === "create" ? [] : of(b)), ...(action === "delete" ? [] : of(a))];
        for (const format of FORMATS) {
          const out = render(assessment, format, { color: false, rules: ALL_RULES });
          for (const v of values) assert.ok(!out.includes(v), `${action} ${format} contains ${v}`);
        }
      }),
      { numRuns: 30 },
    );
  });
});
