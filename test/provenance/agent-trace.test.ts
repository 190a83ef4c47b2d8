import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { parseAgentTraceText, summarizeTraceFile } from "../../src/provenance/agent-trace.js";
import type { AgentTraceRecord } from "../../src/provenance/formats.js";
import { readProvenance } from "../../src/provenance/index.js";
import { lines, TempRepo } from "./git-fixture.js";

function record(
  revision: string | undefined,
  file: string,
  type: "ai" | "human" | "mixed",
  start: number,
  end: number,
): AgentTraceRecord {
  return {
    version: "0.1.0",
    id: randomUUID(),
    timestamp: "2026-01-23T14:30:00Z",
    ...(revision ? { vcs: { type: "git", revision } } : {}),
    tool: { name: "cursor", version: "2.4.0" },
    files: [
      {
        path: file,
        conversations: [
          {
            url: "https://api.cursor.com/v1/conversations/12345",
            contributor: { type, model_id: "anthropic/claude-opus-4-5-20251101" },
            ranges: [{ start_line: start, end_line: end }],
          },
        ],
      },
    ],
  };
}

describe("Agent Trace records", () => {
  test("parse JSON lines and whole-file JSON; reject non-records", () => {
    const r = record("a".repeat(40), "x.tf", "ai", 1, 3);
    assert.equal(parseAgentTraceText(`${JSON.stringify(r)}\n${JSON.stringify(r)}\n`).records.length, 2);
    assert.equal(parseAgentTraceText(JSON.stringify([r])).records.length, 1);
    const bad = parseAgentTraceText(`${JSON.stringify({ version: "0.1.0", files: "no" })}\nnot json\n`);
    assert.equal(bad.records.length, 0);
    assert.equal(bad.bad, 2);
  });

  test("range contributors override the conversation's", () => {
    const r = record(undefined, "x.tf", "ai", 1, 10);
    r.files[0].conversations[0].ranges.push({ start_line: 11, end_line: 12, contributor: { type: "human" } });
    assert.deepEqual(summarizeTraceFile(r, "x.tf"), {
      aiLines: 10,
      mixedLines: 0,
      humanLines: 2,
      models: ["anthropic/claude-opus-4-5-20251101"],
      tool: "cursor",
    });
  });

  async function scenario(make: (old: string, base: string, head: string) => AgentTraceRecord[]) {
    const repo = new TempRepo();
    try {
      const old = repo.commit({ "db.tf": lines(2, "old") }, "old");
      const base = repo.commit({ "README.md": "x\n" }, "base");
      repo.git("checkout", "-q", "-b", "feat");
      const head = repo.commit({ "db.tf": lines(10) }, "add db\n");
      const recs = make(old, base, head);
      repo.write(".agent-trace/traces.jsonl", recs.map((r) => JSON.stringify(r)).join("\n"));
      return await readProvenance({ cwd: repo.dir, env: {} });
    } finally {
      repo.cleanup();
    }
  }

  test("a record at the commit attributing all lines to AI → ai-authored", async () => {
    const p = await scenario((_r, _b, head) => [record(head, "db.tf", "ai", 1, 10)]);
    assert.equal(p.files.find((f) => f.file === "db.tf")?.classification, "ai-authored");
    assert.ok(p.agents.includes("cursor"));
  });

  test("a record made at the base (before the commit, as the reference hook does) counts", async () => {
    const p = await scenario((_r, base) => [record(base, "db.tf", "ai", 1, 3)]);
    assert.equal(p.files.find((f) => f.file === "db.tf")?.classification, "ai-assisted");
  });

  test("a human record → human", async () => {
    const p = await scenario((_r, _b, head) => [record(head, "db.tf", "human", 1, 10)]);
    assert.equal(p.files.find((f) => f.file === "db.tf")?.classification, "human");
  });

  test("records from older history are ignored", async () => {
    const p = await scenario((old) => [record(old, "db.tf", "ai", 1, 2)]);
    assert.equal(p.files.find((f) => f.file === "db.tf")?.classification, "unknown");
  });

  test("a record at an unknown revision (rebased away) still counts as AI, never as human", async () => {
    const gone = "0123456789abcdef0123456789abcdef01234567";
    const ai = await scenario(() => [record(gone, "db.tf", "ai", 1, 2)]);
    assert.equal(ai.files.find((f) => f.file === "db.tf")?.classification, "ai-assisted");
    const human = await scenario(() => [record(gone, "db.tf", "human", 1, 10)]);
    assert.equal(human.files.find((f) => f.file === "db.tf")?.classification, "unknown");
  });
});
