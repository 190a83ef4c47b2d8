// The byte-level JSON reader (src/ingest/json-bytes.ts): `check` accepts exactly what JSON.parse accepts,
// `valueEnd` finds where values end, the cursor walks members and elements, and errors give line:column
// without quoting the input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { describeSyntaxError, JsonBytes } from "../../src/ingest/json-bytes.js";

function checks(text: string): boolean {
  const doc = new JsonBytes(Buffer.from(text, "utf8"), "t.json");
  try {
    const p = doc.skipWs(0);
    if (p >= doc.buf.length) return false;
    doc.expectEnd(doc.check(p));
    return true;
  } catch (err) {
    assert.equal((err as Error).name, "InputError", `${JSON.stringify(text)}: ${(err as Error).stack}`);
    return false;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const SEEDS = [
  '{"a":[1,2.5,-3e10,true,false,null,"x\\n\\u00e9"],"b":{"c":{}},"d":[]}',
  '[{"k":"v"},[],[[]],0,-0,1E+2,"\\"\\\\\\/\\b\\f\\n\\r\\t"]',
  '"str"',
  "123",
  "true",
  '{"x":"café \u2028 \ud83d\ude00"}',
  ' \n\t{ "a" : [ 1 , { "b" : null } ] } \r\n',
];
const PIECES = [
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  "\\",
  "u",
  "0",
  "1",
  "9",
  "-",
  "+",
  ".",
  "e",
  "E",
  " ",
  "\n",
  "t",
  "r",
  "f",
  "n",
  "a",
  "l",
  "s",
  "x",
  "\u0001",
  "\u007f",
  "é",
];

describe("JsonBytes.check", () => {
  it("accepts exactly what JSON.parse accepts (mutated documents)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(fc.tuple(fc.nat(2), fc.nat(200), fc.constantFrom(...PIECES)), {
          minLength: 1,
          maxLength: 4,
        }),
        (seed, edits) => {
          let t = seed;
          for (const [op, at, piece] of edits) {
            const i = at % (t.length + 1);
            t =
              op === 0
                ? t.slice(0, i) + piece + t.slice(i)
                : op === 1
                  ? t.slice(0, i) + t.slice(i + 1)
                  : t.slice(0, i) + piece + t.slice(i + 1);
          }
          assert.equal(checks(t), parses(t), JSON.stringify(t));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it("accepts any JSON value JSON.stringify writes, and deep nesting without recursion", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => assert.ok(checks(JSON.stringify(v)))),
      { numRuns: 2000 },
    );
    assert.ok(checks(`${"[".repeat(100000)}${"]".repeat(100000)}`));
    assert.ok(!checks(`${"[".repeat(100000)}${"]".repeat(99999)}`));
  });
});

describe("JsonBytes cursor", () => {
  it("walks members and elements and finds value ends", () => {
    const doc = new JsonBytes(Buffer.from('{"a":[1,{"x":"]}"},3],"b\\"c":"s","n":-1.5e3}'), "t.json");
    const seen: string[] = [];
    const end = doc.forEachMember(0, (k, vs) => {
      const ve = doc.valueEnd(vs);
      seen.push(`${k}=${doc.text(vs, ve)}`);
      return ve;
    });
    assert.equal(end, doc.buf.length);
    assert.deepEqual(seen, ['a=[1,{"x":"]}"},3]', 'b"c="s"', "n=-1.5e3"]);
  });

  it("reports line and column, and no part of the input", () => {
    const doc = new JsonBytes(Buffer.from('{\n  "password": "hunter2-secret" oops\n}'), "f.json");
    assert.throws(
      () => doc.expectEnd(doc.check(0)),
      (e: Error) =>
        e.message.startsWith("f.json:2:") && !e.message.includes("hunter2") && !e.message.includes("oops"),
    );
    assert.throws(
      () => new JsonBytes(Buffer.from('{"a":[1,2'), "f.json").valueEnd(0),
      /f\.json:1:1: not valid JSON \(object never closes/,
    );
    // V8 quotes part of the input in some messages; the reader keeps only the description.
    assert.equal(
      describeSyntaxError(`Unexpected token 'x', "{"pw":"hunter2" x}" is not valid JSON`),
      "unexpected token 'x'",
    );
    assert.equal(
      describeSyntaxError("Expected ',' or '}' after property value in JSON at position 28"),
      "expected ',' or '}' after property value",
    );
  });
});
