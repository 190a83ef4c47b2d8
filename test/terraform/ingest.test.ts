// Terraform plan ingestion: every action shape, deposed objects, drift, deferred changes, formats, bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyzeInput } from "../../src/assess/analyze.js";
import { configAddressOf, splitAddress, stripKey } from "../../src/model/address.js";
import { plan, rc, writeTemp } from "../helpers/plan-builder.js";

async function analyzeObj(obj: unknown, name = "p.json") {
  return analyzeInput({ plan: writeTemp(name, obj as object) });
}

async function rejects(content: string | Buffer | object, pattern: RegExp, name = "bad.json") {
  const path = writeTemp(name, content);
  await assert.rejects(analyzeInput({ plan: path }), (err: Error) => {
    assert.equal(err.name, "InputError", `expected InputError, got ${err.name}: ${err.message}`);
    assert.match(err.message, pattern);
    assert.ok(err.message.includes(path), "the error names the file");
    assert.ok(!err.message.includes("\n"), "one line");
    return true;
  });
}

describe("terraform ingestion", () => {
  it("maps all action lists", async () => {
    const a = await analyzeObj(
      plan([
        rc({ address: "aws_s3_bucket.a", actions: ["create"], after: { bucket: "a" } }),
        rc({
          address: "aws_s3_bucket.b",
          actions: ["update"],
          before: { bucket: "b", tags: {} },
          after: { bucket: "b", tags: { x: "1" } },
        }),
        rc({ address: "aws_s3_bucket.c", actions: ["delete"], before: { bucket: "c" } }),
        rc({
          address: "aws_s3_bucket.d",
          actions: ["delete", "create"],
          before: { bucket: "d" },
          after: { bucket: "d2" },
        }),
        rc({
          address: "aws_s3_bucket.e",
          actions: ["create", "delete"],
          before: { bucket: "e" },
          after: { bucket: "e2" },
        }),
        rc({
          address: "data.aws_caller_identity.me",
          mode: "data",
          type: "aws_caller_identity",
          actions: ["read"],
          after: {},
        }),
        rc({
          address: "aws_s3_bucket.f",
          actions: ["no-op"],
          before: { bucket: "f" },
          after: { bucket: "f" },
        }),
        rc({ address: "aws_s3_bucket.g", actions: ["forget"], before: { bucket: "g" } }),
        rc({
          address: "aws_s3_bucket.h",
          actions: ["no-op"],
          before: { bucket: "h" },
          after: { bucket: "h" },
          importing: { id: "h" },
        }),
        rc({
          address: "aws_s3_bucket.i",
          actions: ["update"],
          before: { bucket: "i" },
          after: { bucket: "i", x: 1 },
          importing: { id: "i" },
        }),
      ]),
    );
    const got = Object.fromEntries(
      a.changes.map((c) => [c.address, [c.action, c.replaceOrder ?? "", c.importing ?? false]]),
    );
    assert.deepEqual(got, {
      "aws_s3_bucket.a": ["create", "", false],
      "aws_s3_bucket.b": ["update", "", false],
      "aws_s3_bucket.c": ["delete", "", false],
      "aws_s3_bucket.d": ["replace", "delete-before-create", false],
      "aws_s3_bucket.e": ["replace", "create-before-destroy", false],
      "data.aws_caller_identity.me": ["read", "", false],
      "aws_s3_bucket.f": ["no-op", "", false],
      "aws_s3_bucket.g": ["forget", "", false],
      "aws_s3_bucket.h": ["import", "", true],
      "aws_s3_bucket.i": ["update", "", true],
    });
    assert.equal(a.summary.import, 2);
    assert.equal(a.summary.total, 9);
  });

  it("keeps deposed objects, drift and deferred changes", async () => {
    const a = await analyzeObj(
      plan(
        [
          rc({ address: "aws_instance.web", actions: ["delete"], before: { ami: "x" }, deposed: "00aa11bb" }),
          rc({ address: "aws_instance.web", actions: ["create"], after: { ami: "y" } }),
        ],
        {
          resource_drift: [
            rc({ address: "aws_s3_bucket.logs", actions: ["delete"], before: { bucket: "logs" } }),
          ],
          deferred_changes: [
            {
              reason: "resource_config_unknown",
              resource_change: rc({ address: 'aws_instance.later["k"]', actions: ["create"], after: {} }),
            },
          ],
          complete: false,
        },
      ),
    );
    const deposed = a.changes.find((c) => c.deposed === "00aa11bb");
    assert.equal(deposed?.action, "delete");
    assert.deepEqual(a.drift, [{ address: "aws_s3_bucket.logs", type: "aws_s3_bucket", action: "delete" }]);
    assert.equal(a.deferred[0].address, 'aws_instance.later["k"]');
    assert.equal(a.deferred[0].reason, "resource_config_unknown");
    assert.ok(a.notes.some((n) => /partial/.test(n)));
  });

  it("accepts format_version 0.1 (Terraform 0.12) and OpenTofu plans", async () => {
    const old = await analyzeObj({
      format_version: "0.1",
      terraform_version: "0.12.29",
      resource_changes: [rc({ address: "aws_s3_bucket.a", actions: ["delete"], before: { bucket: "a" } })],
      planned_values: { root_module: {} },
    });
    assert.equal(old.changes[0].action, "delete");
    const tofu = await analyzeObj({
      format_version: "1.2",
      terraform_version: "1.8.3",
      resource_changes: [
        rc({
          address: "aws_s3_bucket.a",
          actions: ["create"],
          after: { bucket: "a" },
          provider: "registry.opentofu.org/hashicorp/aws",
        }),
      ],
      configuration: { root_module: {} },
    });
    assert.equal(tofu.changes[0].provider, "registry.opentofu.org/hashicorp/aws");
  });

  it("shows unknown values as (known after apply)", async () => {
    const a = await analyzeObj(
      plan([
        rc({
          address: "aws_instance.a",
          actions: ["create"],
          after: { ami: "ami-1", id: null },
          afterUnknown: { id: true },
        }),
      ]),
    );
    assert.deepEqual(
      a.changes[0].attributes.find((d) => d.path === "id"),
      { path: "id", after: "(known after apply)" },
    );
  });

  it("rejects bad input with one clear line, never a report", async () => {
    await rejects("", /empty/);
    await rejects("   \n", /empty/, "blank.json");
    await rejects(
      '{"format_version":"1.2","resource_changes":[{"address":"a.b"',
      /not valid JSON/,
      "trunc.json",
    );
    await rejects(
      Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]),
      /not a Terraform plan|not UTF-8/,
      "random.bin",
    );
    await rejects(
      Buffer.from('{"format_version":"1.2","resource_changes":[],"x":"caf\xe9"}', "latin1"),
      /not UTF-8/,
      "latin1.json",
    );
    await rejects(
      { version: 4, terraform_version: "1.11.4", serial: 3, lineage: "x", resources: [] },
      /state file/,
      "state.json",
    );
    await rejects({ format_version: "1.0", values: { root_module: {} } }, /state JSON/, "state-show.json");
    await rejects({ hello: "world" }, /no format_version/, "other.json");
    await rejects([1, 2, 3], /not an object/, "array.json");
    await rejects(
      plan([rc({ address: "aws_s3_bucket.a", actions: ["explode"] })]),
      /unknown action "explode"/,
      "action.json",
    );
    await rejects(
      plan([rc({ address: "aws_s3_bucket.a", actions: ["delete", "update"] })]),
      /unsupported combination/,
      "combo.json",
    );
    await rejects(
      plan([{ address: "aws_s3_bucket.a", type: "aws_s3_bucket" }]),
      /no change object/,
      "nochange.json",
    );
    await rejects({ ...plan([]), format_version: "2.0" }, /unsupported plan format_version/, "v2.json");
    await rejects({ ...plan([]), errored: true }, /errored/, "errored.json");
    await rejects({ ...plan([]), resource_changes: {} }, /not an array/, "rcobj.json");
  });

  it("rejects pathologically deep nesting as input error", async () => {
    const deep = `${"[".repeat(20000)}${"]".repeat(20000)}`;
    const nested = `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","type":"aws_s3_bucket","name":"a","mode":"managed","change":{"actions":["create"],"before":null,"after":{"x":${deep}}}}]}`;
    await rejects(nested, /nest/, "deep.json");
  });

  it("rejects files over the size limit", async () => {
    const path = writeTemp("big.json", JSON.stringify(plan([])));
    process.env.AIRLOCK_MAX_INPUT_BYTES = "10";
    try {
      await assert.rejects(analyzeInput({ plan: path }), /input limit/);
    } finally {
      delete process.env.AIRLOCK_MAX_INPUT_BYTES;
    }
  });

  it("a missing file and a directory are input errors", async () => {
    await assert.rejects(analyzeInput({ plan: "/nonexistent/plan.json" }), /no such file/);
    await assert.rejects(analyzeInput({ plan: "/tmp" }), /directory/);
  });
});

describe("addresses", () => {
  it("splits and strips instance keys, including keys with dots and brackets", () => {
    assert.deepEqual(splitAddress('module.a["x.y"].aws_s3_bucket.b[0]'), [
      "module",
      'a["x.y"]',
      "aws_s3_bucket",
      "b[0]",
    ]);
    assert.equal(
      configAddressOf('module.a["x.y"].module.b[2].aws_s3_bucket.c["k]"]'),
      "module.a.module.b.aws_s3_bucket.c",
    );
  });

  it("gives every instance address the configuration address of its steps without keys", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/);
    const key = fc.oneof(
      fc.constant(""),
      fc.nat(30).map((n) => `[${n}]`),
      fc.string({ maxLength: 6 }).map((k) => `[${JSON.stringify(k)}]`),
    );
    const step = fc.tuple(name, key).map(([n, k]) => ({ n, k }));
    const address = fc
      .tuple(fc.array(step, { maxLength: 3 }), name, name, key)
      .map(([mods, type, res, k]) => ({
        address: [...mods.map((m) => `module.${m.n}${m.k}`), type, `${res}${k}`].join("."),
        config: [...mods.map((m) => `module.${m.n}`), type, res].join("."),
      }));
    fc.assert(
      fc.property(address, ({ address, config }) => {
        assert.equal(configAddressOf(address), config);
        assert.equal(configAddressOf(address), splitAddress(address).map(stripKey).join("."));
      }),
      { numRuns: 2000 },
    );
  });
});
