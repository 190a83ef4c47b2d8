// Ledger entries conform to schemas/ledger-entry.schema.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { encodeEntry } from "../../src/ledger/entry.js";

const schema = JSON.parse(
  readFileSync(new URL("../../schemas/ledger-entry.schema.json", import.meta.url), "utf8"),
);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

describe("ledger entry schema", () => {
  it("accepts the entries Airlock writes", () => {
    for (const input of [
      {
        type: "guard-verdict",
        actor: { identity: "claude-code", kind: "agent" as const, agent: "claude-code" },
        data: { verdict: "deny" },
      },
      { type: "request", digest: `sha256:${"0".repeat(64)}`, requestId: "cr-1", data: {} },
      { type: "apply-end", data: { exitCode: 0, durationMs: 12 } },
    ]) {
      const { body } = encodeEntry(input);
      assert.ok(validate(JSON.parse(body)), JSON.stringify(validate.errors));
    }
  });
  it("rejects malformed entries", () => {
    assert.equal(
      validate({ schemaVersion: "1", type: "Bad Type", time: "2025-01-01T00:00:00Z", data: {} }),
      false,
    );
    assert.equal(
      validate({ schemaVersion: "1", type: "x", time: "2025-01-01T00:00:00Z", data: {}, digest: "md5:x" }),
      false,
    );
    assert.throws(() => encodeEntry({ type: "Bad Type" }));
    assert.throws(() => encodeEntry({ type: "x", data: { n: Number.NaN } }));
  });
});
