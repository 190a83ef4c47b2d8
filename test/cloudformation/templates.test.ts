// CloudFormation template pairs (`--before old --after new`): JSON and YAML short-form intrinsics, changes by
// logical id, replacement predicted from the resource specification, policies, graph, digest, bad input.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import { cfnMeta } from "../../src/ingest/cloudformation/meta.js";
import { loadReplacementSpec } from "../../src/ingest/cloudformation/resource-spec.js";
import { loadChangeSet } from "../../src/ingest/index.js";
import { computeDigest } from "../../src/model/digest.js";
import type { Change, ChangeSet } from "../../src/model/types.js";

const T = new URL("../fixtures/cloudformation/templates/", import.meta.url).pathname;
const C = new URL("../fixtures/cloudformation/", import.meta.url).pathname;

async function pair(before: string, after: string): Promise<ChangeSet> {
  return loadChangeSet({
    before: before.startsWith("/") ? before : T + before,
    after: after.startsWith("/") ? after : T + after,
  });
}

function tmp(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "airlock-tpl-")), name);
  writeFileSync(p, text);
  return p;
}

function get(cs: ChangeSet, address: string): Change {
  const c = cs.changes.find((x) => x.address === address);
  assert.ok(c, address);
  return c;
}

async function inputError(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, "InputError", e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
}

describe("cloudformation templates: reading", () => {
  it("YAML short-form intrinsics read as their long JSON forms", async () => {
    const cs = await pair("app-before.yaml", "app-after.yaml");
    const after = (a: string) => get(cs, a).after as Record<string, Record<string, unknown>>;
    assert.deepEqual(after("Subnet").Properties, {
      VpcId: { Ref: "Vpc" },
      CidrBlock: { "Fn::Select": [0, { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 4, 8] }] },
      AvailabilityZone: { "Fn::Select": [0, { "Fn::GetAZs": "" }] },
    });
    const env = (after("AppFunction").Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    assert.deepEqual(env, {
      DB_HOST: { "Fn::GetAtt": ["Database", "Endpoint.Address"] },
      ENVIRONMENT: { "Fn::If": ["IsProd", "production", { Ref: "AWS::NoValue" }] },
      SHARED_VPC: { "Fn::ImportValue": "network-vpc-id" },
      PARTS: { "Fn::Join": [",", { "Fn::Split": ["|", "a|b|c"] }] },
    });
    assert.deepEqual((after("AppFunction").Properties.Code as Record<string, unknown>).ZipFile, {
      "Fn::Base64": "cHJpbnQoJ2hpJyk=",
    });
    assert.deepEqual(after("Database").Properties.DBInstanceClass, {
      "Fn::FindInMap": ["Sizes", { Ref: "Environment" }, "Instance"],
    });
    const extra = cs.digestMaterial.extra as { after: { Conditions: unknown } };
    assert.deepEqual(extra.after.Conditions, {
      IsProd: { "Fn::Equals": [{ Ref: "Environment" }, "prod"] },
      IsStaging: { "Fn::Not": [{ Condition: "IsProd" }] },
      AnyEnv: { "Fn::Or": [{ Condition: "IsProd" }, { Condition: "IsStaging" }] },
      ProdAndAny: { "Fn::And": [{ Condition: "IsProd" }, { Condition: "AnyEnv" }] },
    });
  });

  it("the JSON and YAML forms of the same templates give the same changes and the same digest", async () => {
    const y = await pair("app-before.yaml", "app-after.yaml");
    const j = await pair("app-before.json", "app-after.json");
    assert.deepEqual(
      j.changes.map((c) => [c.address, c.action]),
      y.changes.map((c) => [c.address, c.action]),
    );
    assert.equal(computeDigest(j.digestMaterial), computeDigest(y.digestMaterial));
  });

  it("an empty before file is a new stack", async () => {
    const cs = await pair(tmp("empty.yaml", ""), "app-after.yaml");
    assert.ok(cs.changes.length === 12 && cs.changes.every((c) => c.action === "create"));
  });
});

describe("cloudformation templates: actions", () => {
  it("predicts replacement from the resource specification and propagates it through references", async () => {
    const cs = await pair("app-before.yaml", "app-after.yaml");
    const got = cs.changes
      .filter((c) => c.action !== "no-op")
      .map((c) => [c.address, c.action, cfnMeta(c).replacement ?? "-"]);
    assert.deepEqual(got, [
      ["AppFunction", "update", "False"],
      ["AppRole", "update", "False"],
      ["Archive", "update", "False"],
      ["DataKey", "delete", "-"],
      ["Database", "replace", "True"],
      ["Trail", "update", "False"],
      ["WebSecurityGroup", "update", "False"],
      ["Workers", "update", "False"],
    ]);
    const db = get(cs, "Database");
    assert.deepEqual(db.replacePaths, [["Properties", "DBInstanceIdentifier"]]);
    assert.equal(db.replaceOrder, "create-before-destroy");
    assert.equal(
      cfnMeta(db).policyAction,
      "ReplaceAndDelete",
      "UpdateReplacePolicy Snapshot removed → Delete",
    );
    assert.match(get(cs, "AppFunction").actionReason ?? "", /references Database, which is replaced/);
    assert.match(get(cs, "WebSecurityGroup").actionReason ?? "", /default of parameter AdminCidr changes/);
    // "100" and 100 are the same value to CloudFormation: not listed as a changed property.
    assert.ok(!cfnMeta(db).changedAttributes?.includes("Properties.AllocatedStorage"));
  });

  it("Conditional update behaviour, custom resources, unknown types and type changes", async () => {
    const spec = await loadReplacementSpec();
    assert.equal(spec.replacementAt("AWS::RDS::DBInstance", ["DBInstanceIdentifier"]), "yes");
    assert.equal(spec.replacementAt("AWS::RDS::DBInstance", ["BackupRetentionPeriod"]), "maybe");
    assert.equal(spec.replacementAt("AWS::SNS::Topic", ["DisplayName"]), "no");
    assert.equal(spec.replacementAt("AWS::EC2::Instance", ["NetworkInterfaces", 0, "SubnetId"]), "yes");
    assert.equal(spec.replacementAt("AWS::Made::Up", ["X"]), undefined);
    const tpl = (props: string, type = "AWS::RDS::DBInstance") =>
      `Resources:\n  Db:\n    Type: ${type}\n    Properties:\n${props}\n  Hook:\n    Type: Custom::Hook\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:hook\n      Size: ${props.includes("14") ? 2 : 1}\n  Odd:\n    Type: Vendor::Thing::Widget\n    Properties:\n      Size: ${props.includes("14") ? 2 : 1}\n`;
    const before = tmp("b.yaml", tpl("      Engine: postgres\n      BackupRetentionPeriod: 7"));
    const after = tmp("a.yaml", tpl("      Engine: postgres\n      BackupRetentionPeriod: 14"));
    const cs = await pair(before, after);
    assert.equal(get(cs, "Db").action, "update");
    assert.equal(cfnMeta(get(cs, "Db")).replacement, "Conditional");
    assert.equal(get(cs, "Hook").action, "update");
    assert.equal(cfnMeta(get(cs, "Odd")).unknownType, true);
    const retyped = await pair(
      before,
      tmp("t.yaml", tpl("      Engine: postgres\n      BackupRetentionPeriod: 7", "AWS::RDS::DBCluster")),
    );
    assert.equal(get(retyped, "Db").action, "replace");
    assert.deepEqual(cfnMeta(get(retyped, "Db")).typeChanged, {
      before: "AWS::RDS::DBInstance",
      after: "AWS::RDS::DBCluster",
    });
  });

  it("removal follows DeletionPolicy, with RDS's Snapshot default", async () => {
    const tpl = (extra: string) =>
      `Resources:\n  Keep:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n  Member:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBClusterIdentifier: c1\n  Queue:\n    Type: AWS::SQS::Queue\n${extra}`;
    const cs = await pair(
      tmp("b.yaml", tpl("")),
      tmp("a.yaml", "Resources:\n  Other:\n    Type: AWS::SNS::Topic\n"),
    );
    assert.deepEqual(
      ["Keep", "Db", "Member", "Queue"].map((a) => cfnMeta(get(cs, a)).policyAction),
      ["Retain", "Snapshot", "Delete", "Delete"],
    );
  });

  it("records DeletionPolicy/UpdateReplacePolicy changes", async () => {
    const cs = await pair("app-before.yaml", "app-after.yaml");
    assert.deepEqual(cfnMeta(get(cs, "Archive")).policyChanges, [
      { attribute: "DeletionPolicy", before: "Retain", after: "Delete" },
      { attribute: "UpdateReplacePolicy", before: "Retain", after: "Delete" },
    ]);
    // Database: Snapshot explicitly → the RDS default Snapshot: no DeletionPolicy change.
    assert.deepEqual(cfnMeta(get(cs, "Database")).policyChanges, [
      { attribute: "UpdateReplacePolicy", before: "Snapshot", after: "Delete" },
    ]);
  });

  it("builds the graph from Ref, Fn::GetAtt, Fn::Sub, DependsOn and Outputs", async () => {
    const cs = await pair("app-before.yaml", "app-after.yaml");
    const edges = new Set(cs.edges.map((e) => `${e.from} -> ${e.to} (${e.via})`));
    for (const e of [
      "Subnet -> Vpc (reference)",
      "Database -> DBSubnets (reference)",
      "Database -> WebSecurityGroup (reference)",
      "AppFunction -> Database (reference)",
      "AppFunction -> AppRole (reference)",
      "AppRole -> Archive (reference)",
      "Trail -> LogBucket (reference)",
      "Outputs.DatabaseEndpoint -> Database (export)",
      "Outputs.ArchiveBucket -> Archive (output)",
    ])
      assert.ok(edges.has(e), e);
    assert.ok(
      ![...edges].some((e) => /-> (Environment|AdminCidr|AWS::)/.test(e)),
      "parameters are not nodes",
    );
    const dep = await pair(
      tmp(
        "d.yaml",
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SQS::Queue\n    DependsOn: [A]\n",
      ),
      tmp(
        "e.yaml",
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SQS::Queue\n    DependsOn: [A]\n",
      ),
    );
    assert.deepEqual(dep.edges, [{ from: "B", to: "A", via: "depends_on" }]);
    const a = await analyzeInput({ before: `${T}app-before.yaml`, after: `${T}app-after.yaml` });
    assert.deepEqual(a.changes.find((c) => c.address === "Database")?.blastRadius, [
      "AppFunction",
      "Outputs.DatabaseEndpoint",
    ]);
    assert.deepEqual(a.changes.find((c) => c.address === "Vpc")?.blastRadius, []);
  });

  it("lists output changes", async () => {
    const cs = await pair("app-before.yaml", "teardown-after.yaml");
    assert.deepEqual(cs.outputs, [
      { name: "ArchiveBucket", action: "delete", sensitive: false },
      { name: "DatabaseEndpoint", action: "delete", sensitive: false },
    ]);
  });

  it("digest changes with any applied difference, and not with formatting", async () => {
    const text = readFileSync(`${T}app-after.yaml`, "utf8");
    const d0 = computeDigest((await pair("app-before.yaml", "app-after.yaml")).digestMaterial);
    const reformatted = text.replace(
      /\n {2}Vpc:\n {4}Type: AWS::EC2::VPC\n {4}Properties:\n {6}CidrBlock: 10.20.0.0\/16\n/,
      "\n  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.20.0.0/16}} # flow style\n",
    );
    assert.notEqual(reformatted, text);
    assert.equal(
      computeDigest((await pair("app-before.yaml", tmp("r.yaml", reformatted))).digestMaterial),
      d0,
    );
    for (const [from, to] of [
      ["InstanceType: t3.small", "InstanceType: t3.large"],
      ["Description: Payments service (after)", "Description: Payments"],
      ["Default: 0.0.0.0/0", "Default: 0.0.0.0/1"],
    ]) {
      const cs = await pair("app-before.yaml", tmp("m.yaml", text.replace(from, to)));
      assert.notEqual(computeDigest(cs.digestMaterial), d0, `${from} -> ${to}`);
    }
  });
});

describe("cloudformation templates: bad input is a clear InputError", () => {
  const ok = `${T}app-before.yaml`;
  const cases: [string, string, RegExp][] = [
    [
      "no-resources.yaml",
      "AWSTemplateFormatVersion: '2010-09-09'\nResources: []\n",
      /Resources is not a mapping/,
    ],
    [
      "missing.yaml",
      "AWSTemplateFormatVersion: '2010-09-09'\nDescription: nothing\n",
      /it has no Resources section/,
    ],
    ["no-type.yaml", "Resources:\n  Bucket:\n    Properties: {}\n", /resource Bucket has no Type/],
    [
      "bad-id.yaml",
      "Resources:\n  my-bucket:\n    Type: AWS::S3::Bucket\n",
      /logical id "my-bucket" is not alphanumeric/,
    ],
    [
      "dup.yaml",
      "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SNS::Topic\n",
      /dup\.yaml:4:3: not valid YAML: duplicate mapping key/,
    ],
    [
      "rain.yaml",
      "Resources:\n  Vpc: !Rain::Module ./vpc.yml\n",
      /rain\.yaml:2:8: unknown YAML tag !Rain::Module \(not a CloudFormation intrinsic function/,
    ],
    [
      "bomb.yaml",
      `Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata:\n      a: &a [x,x,x,x,x,x,x,x,x,x]\n      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n      d: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      /YAML aliases expand too much/,
    ],
    [
      "two.yaml",
      "Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
      /holds 2 YAML documents/,
    ],
    ["list.json", '[{"Resources": {}}]', /the top level is not a mapping/],
    [
      "dup.json",
      '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::SNS::Topic"}}}',
      /dup\.json:1:\d+: not valid YAML: duplicate mapping key/,
    ],
  ];
  for (const [name, text, re] of cases) it(name, () => inputError(pair(ok, tmp(name, text)), re));

  it("a change set given as --before/--after", () =>
    inputError(
      pair(ok, `${C}changesets/prop-values.json`),
      /this is a CloudFormation change set; analyze it on its own/,
    ));
});
