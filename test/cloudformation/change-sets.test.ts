// CloudFormation change sets (`aws cloudformation describe-change-set` JSON) through the shared pipeline:
// actions, replacement, PolicyAction, property values, nested stacks, paging, digest and bad input.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import { cfnMeta } from "../../src/ingest/cloudformation/meta.js";
import { loadChangeSet } from "../../src/ingest/index.js";
import { computeDigest } from "../../src/model/digest.js";
import type { ChangeSet } from "../../src/model/types.js";
import { attr, isUnknownAfter, markedAt } from "../../src/model/values.js";

const D = new URL("../fixtures/cloudformation/changesets/", import.meta.url).pathname;

async function load(name: string): Promise<ChangeSet> {
  return loadChangeSet({ plan: D + name });
}

function tmpFile(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "airlock-cfn-")), name);
  writeFileSync(p, text);
  return p;
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(D + name, "utf8"));
}

async function inputError(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, "InputError", e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
}

describe("cloudformation change sets", () => {
  it("maps Action, Replacement and PolicyAction", async () => {
    const cs = await load("prop-values.json");
    assert.equal(cs.source.format, "cloudformation-change-set");
    const got = cs.changes.map((c) => [
      c.address,
      c.action,
      cfnMeta(c).policyAction ?? "-",
      cfnMeta(c).replacement ?? "-",
    ]);
    assert.deepEqual(got, [
      ["AppFunction", "update", "-", "False"],
      ["Archive", "delete", "Retain", "-"],
      ["Cache", "update", "ReplaceAndSnapshot", "Conditional"],
      ["Database", "replace", "ReplaceAndDelete", "True"],
      ["Exporter", "update", "-", "-"],
      ["Ledger", "update", "ReplaceAndDelete", "Conditional"],
      ["LegacyBucket", "import", "-", "-"],
      ["Notifications", "create", "-", "-"],
      ["Reporting", "delete", "Snapshot", "-"],
      ["Sessions", "delete", "Delete", "-"],
      ["Trail", "delete", "Delete", "-"],
      ["Uploads", "replace", "ReplaceAndRetain", "True"],
      ["WebSecurityGroup", "update", "-", "False"],
    ]);
    const db = cs.changes.find((c) => c.address === "Database")!;
    assert.equal(db.replaceOrder, "create-before-destroy");
    assert.deepEqual(db.replacePaths, [["Properties", "DBInstanceIdentifier"]]);
    assert.deepEqual(db.rawActions, ["Modify", "Replacement=True", "PolicyAction=ReplaceAndDelete"]);
    assert.equal(cfnMeta(cs.changes.find((c) => c.address === "Exporter")!).dynamic, true);
  });

  it("decodes BeforeContext/AfterContext, marks KNOWN_AFTER_APPLY unknown and **** sensitive", async () => {
    const cs = await load("prop-values.json");
    const db = cs.changes.find((c) => c.address === "Database")!;
    assert.equal(attr(db, "before", "Properties.DBInstanceIdentifier"), "payments-prod");
    assert.equal(attr(db, "after", "Properties.DBInstanceIdentifier"), "payments-v2-prod");
    assert.ok(markedAt(db.afterSensitive, ["Properties", "MasterUserPassword"]));
    assert.ok(markedAt(db.beforeSensitive, ["Properties", "MasterUserPassword"]));
    const fn = cs.changes.find((c) => c.address === "AppFunction")!;
    assert.ok(isUnknownAfter(fn, ["Properties", "Environment", "Variables", "DB_HOST"]));
    assert.equal(attr(fn, "after", ["Properties", "Environment", "Variables", "DB_HOST"]), undefined);
  });

  it("without --include-property-values: same actions, no values", async () => {
    const withValues = await load("prop-values.json");
    const without = await load("no-values.json");
    assert.deepEqual(
      without.changes.map((c) => [c.address, c.action]),
      withValues.changes.map((c) => [c.address, c.action]),
    );
    assert.ok(without.changes.every((c) => c.before === null && c.after === null));
    assert.deepEqual(cfnMeta(without.changes.find((c) => c.address === "Database")!).replacedBy, [
      "DBInstanceIdentifier (Always)",
    ]);
  });

  it("builds edges from CausingEntity (ResourceReference, ResourceAttribute)", async () => {
    const cs = await load("prop-values.json");
    assert.deepEqual(cs.edges, [{ from: "AppFunction", to: "Database", via: "reference" }]);
    const a = await analyzeInput({ plan: `${D}prop-values.json` });
    assert.deepEqual(a.changes.find((c) => c.address === "Database")?.blastRadius, ["AppFunction"]);
  });

  it("nested stacks: Parent/Child addresses, contains edges, a missing nested change set is deferred", async () => {
    const cs = await load("nested.json");
    assert.deepEqual(
      cs.changes.map((c) => [c.address, c.action, c.module]),
      [
        ["AppService", "update", ""],
        ["Data", "delete", ""],
        ["Legacy", "update", ""],
        ["Network", "update", ""],
        ["Network/FlowLog", "delete", "Network"],
        ["Network/Subnet", "replace", "Network"],
        ["Network/Vpc", "replace", "Network"],
      ],
    );
    const edges = cs.edges.map((e) => `${e.from} -> ${e.to} (${e.via})`).sort();
    assert.deepEqual(edges, [
      "AppService -> Network (reference)",
      "Network/FlowLog -> Network (contains)",
      "Network/Subnet -> Network (contains)",
      "Network/Subnet -> Network/Vpc (reference)",
      "Network/Vpc -> Network (contains)",
    ]);
    assert.equal(cs.source.complete, false);
    assert.deepEqual(
      cs.deferred.map((d) => [d.address, d.action]),
      [["Legacy", "update"]],
    );
    const a = await analyzeInput({ plan: `${D}nested.json` });
    assert.deepEqual(a.changes.find((c) => c.address === "Network/Vpc")?.blastRadius, ["Network/Subnet"]);
    assert.ok(a.notes.some((n) => /partial/.test(n)));
  });

  it("paging: concatenated pages, an array of pages and one page give the same change set and digest", async () => {
    const one = await load("prop-values.json");
    const paged = await load("paged.json");
    const array = await load("paged-array.json");
    const d = computeDigest(one.digestMaterial);
    assert.equal(computeDigest(paged.digestMaterial), d);
    assert.equal(computeDigest(array.digestMaterial), d);
    assert.equal(paged.changes.length, 13);
  });

  it("digest: order-independent, different for any applied difference", async () => {
    const doc = fixture("prop-values.json") as {
      Changes: unknown[];
      CreationTime: string;
      Parameters: unknown[];
    };
    const d0 = computeDigest((await load("prop-values.json")).digestMaterial);
    const shuffled = { ...doc, Changes: [...doc.Changes].reverse(), CreationTime: "2030-01-01T00:00:00Z" };
    const s = await loadChangeSet({ plan: tmpFile("s.json", JSON.stringify(shuffled)) });
    assert.equal(computeDigest(s.digestMaterial), d0, "order and timestamps do not matter");
    const text = readFileSync(`${D}prop-values.json`, "utf8");
    for (const [from, to] of [
      ["payments-v2-prod", "payments-v3-prod"],
      ['"ParameterValue": "prod"', '"ParameterValue": "staging"'],
      ['"PolicyAction": "Retain"', '"PolicyAction": "Delete"'],
    ]) {
      const cs = await loadChangeSet({ plan: tmpFile("m.json", text.replace(from, to)) });
      assert.notEqual(computeDigest(cs.digestMaterial), d0, `${from} -> ${to}`);
    }
  });
});

describe("cloudformation change sets: bad input is a clear InputError", () => {
  it("a last page with NextToken and no next page", () =>
    inputError(load("truncated.json"), /is incomplete: its last page has a NextToken/));
  it("the same complete page twice", () => {
    const t = readFileSync(`${D}prop-values.json`, "utf8");
    return inputError(loadChangeSet({ plan: tmpFile("twice.json", t + t) }), /appears twice/);
  });
  it("an unknown Action", () =>
    inputError(load("unknown-action.json"), /Changes\[0\] \(Notifications\): unknown Action "Obliterate"/));
  it("a FAILED change set", () =>
    inputError(load("failed.json"), /change set FAILED: The submitted information didn't contain changes/));
  it("a change set still being created", () => {
    const doc = { ...fixture("prop-values.json"), Status: "CREATE_IN_PROGRESS" };
    return inputError(loadChangeSet({ plan: tmpFile("p.json", JSON.stringify(doc)) }), /still being created/);
  });
  it("unknown values of Replacement, PolicyAction, RequiresRecreation and change Type", async () => {
    const base = fixture("prop-values.json") as {
      Changes: { Type: string; ResourceChange: Record<string, unknown> }[];
    };
    const variants: [(c: { Type: string; ResourceChange: Record<string, unknown> }) => void, RegExp][] = [
      [(c) => (c.ResourceChange.Replacement = "Maybe"), /unknown Replacement "Maybe"/],
      [(c) => (c.ResourceChange.PolicyAction = "Shred"), /unknown PolicyAction "Shred"/],
      [
        (c) =>
          ((c.ResourceChange.Details as { Target: Record<string, unknown> }[])[0].Target.RequiresRecreation =
            "Sometimes"),
        /unknown RequiresRecreation "Sometimes"/,
      ],
      [(c) => (c.Type = "Hook"), /unknown change Type "Hook"/],
      [(c) => (c.ResourceChange.BeforeContext = "{not json"), /BeforeContext is not valid encoded JSON/],
      [(c) => delete c.ResourceChange.LogicalResourceId, /has no LogicalResourceId/],
    ];
    for (const [mutate, re] of variants) {
      const doc = structuredClone(base);
      mutate(doc.Changes[0]);
      await inputError(loadChangeSet({ plan: tmpFile("v.json", JSON.stringify(doc)) }), re);
    }
  });
  it("truncated JSON names the line", () => {
    const t = readFileSync(`${D}prop-values.json`, "utf8");
    return inputError(
      loadChangeSet({ plan: tmpFile("cut.json", t.slice(0, 2000)) }),
      /cut\.json:1:1: not valid JSON \(value never closes/,
    );
  });
  it("a template where a change set is expected", async () => {
    const tpl = new URL("../fixtures/cloudformation/templates/app-after.json", import.meta.url).pathname;
    await inputError(loadChangeSet({ plan: tpl }), /CloudFormation template; use `--before\/--after`/);
  });
  it("two unrelated change sets in one file", () => {
    const a = readFileSync(`${D}prop-values.json`, "utf8");
    const b = readFileSync(`${D}nested.json`, "utf8");
    return inputError(loadChangeSet({ plan: tmpFile("two.json", a + b) }), /holds 2 unrelated change sets/);
  });
});
