import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { expandRanges, fileShares, parseGitAiNote } from "../../src/provenance/git-ai.js";
import { readProvenance } from "../../src/provenance/index.js";
import { gitAiNote, lines, TempRepo } from "./git-fixture.js";

describe("git-ai note format", () => {
  test("parses attestations, sessions, prompts and humans", () => {
    const note = parseGitAiNote(
      [
        "infra/main.tf",
        "  h_dca485b1adf836 3-4,7-14",
        "  d4a7828bfdafe456 5-6",
        "  s_c9883b05a2487d::t_9f8e7d6c5b4a32 20",
        "other.tf",
        "  s_c9883b05a2487d::t_a1b2c3d4e5f678 1-2",
        "---",
        JSON.stringify({
          schema_version: "authorship/3.0.0",
          prompts: { d4a7828bfdafe456: { agent_id: { tool: "claude", model: "claude-opus-4-7" } } },
          sessions: { s_c9883b05a2487d: { agent_id: { tool: "cursor", id: "session_123", model: "gpt-5" } } },
          humans: { h_dca485b1adf836: { author: "Hanna Human" } },
        }),
      ].join("\n"),
    );
    assert.equal(note.files.length, 2);
    const shares = fileShares(note);
    assert.deepEqual(shares.get("infra/main.tf"), {
      aiLines: 3,
      humanLines: 10,
      agents: ["claude-code", "cursor"],
      models: ["claude-opus-4-7", "gpt-5"],
    });
    assert.equal(shares.get("other.tf")?.aiLines, 2);
  });

  test("ranges expand; malformed notes are rejected", () => {
    assert.deepEqual(expandRanges("1-3,7, 9-9"), [1, 2, 3, 7, 9]);
    assert.throws(() => expandRanges("5-2"));
    assert.throws(() => expandRanges("1-900000,1000000-1200000"), /more than 1000000 lines/);
    assert.throws(() => parseGitAiNote("a.tf\n  k 1-2\n"), /separator/);
    assert.throws(() => parseGitAiNote("a.tf\n  k 1-2\n---\n{not json"), /not JSON/);
    assert.throws(() => parseGitAiNote("  k 1\n---\n{}"), /before any file/);
    assert.throws(() => parseGitAiNote('a.tf\n  k 1\n---\n{"schema_version":"other/1"}'), /unsupported/);
  });
});

describe("git-ai notes in refs/notes/ai attribute lines per file", () => {
  const meta = {
    prompts: { "7f3a4b2c9d1e8a7b": { agent_id: { tool: "claude", model: "claude-sonnet-4-6" } } },
    humans: { h_00000000000001: { author: "Hanna Human" } },
  };

  async function withNote(
    fileLines: number,
    note: ((sha: string) => string) | undefined,
    message = "change\n",
  ) {
    const repo = new TempRepo();
    try {
      repo.commit({ "README.md": "x\n" }, "base");
      repo.git("checkout", "-q", "-b", "feat");
      const sha = repo.commit({ "net.tf": lines(fileLines) }, message);
      if (note) repo.addAiNote(sha, note(sha));
      return await readProvenance({ cwd: repo.dir, env: {} });
    } finally {
      repo.cleanup();
    }
  }

  test("≥ 80% of added lines by an agent → ai-authored, with line counts", async () => {
    const p = await withNote(10, (sha) =>
      gitAiNote(
        { "net.tf": [{ key: "7f3a4b2c9d1e8a7b", ranges: "1-8" }] },
        { ...meta, base_commit_sha: sha },
      ),
    );
    const f = p.files.find((x) => x.file === "net.tf");
    assert.equal(f?.classification, "ai-authored");
    assert.equal(f?.aiLines, 8);
    assert.equal(f?.totalLines, 10);
    assert.deepEqual(p.agents, ["claude-code"]);
    assert.ok(p.commits[0].evidence.some((e) => e.signal === "git-ai-note"));
  });

  test("some lines by an agent → ai-assisted", async () => {
    const p = await withNote(10, () =>
      gitAiNote({ "net.tf": [{ key: "7f3a4b2c9d1e8a7b", ranges: "1-2" }] }, meta),
    );
    assert.equal(p.files.find((x) => x.file === "net.tf")?.classification, "ai-assisted");
    assert.equal(p.classification, "ai-assisted");
  });

  test("a note that attributes no line to an agent → human (tracked)", async () => {
    const p = await withNote(10, () =>
      gitAiNote({ "net.tf": [{ key: "h_00000000000001", ranges: "1-10" }] }, meta),
    );
    assert.equal(p.files.find((x) => x.file === "net.tf")?.classification, "human");
    assert.equal(p.classification, "human");
  });

  test("no note → unknown (absence proves nothing)", async () => {
    const p = await withNote(10, undefined);
    assert.equal(p.classification, "unknown");
  });

  test("a forged all-human note cannot hide an agent author or trailer", async () => {
    const p = await withNote(
      10,
      () => gitAiNote({ "net.tf": [{ key: "h_00000000000001", ranges: "1-10" }] }, meta),
      "change\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
    );
    assert.equal(p.classification, "ai-assisted");
  });

  test("a malformed note is ignored with a note, never read as human", async () => {
    const p = await withNote(10, () => "net.tf\n  h_00000000000001 1-10\n");
    assert.equal(p.classification, "unknown");
    assert.ok(p.notes.some((n) => /refs\/notes\/ai note ignored/.test(n)));
  });

  test("notes on commits outside the range are not read", async () => {
    const repo = new TempRepo();
    try {
      const base = repo.commit({ "net.tf": lines(5) }, "base");
      repo.addAiNote(base, gitAiNote({ "net.tf": [{ key: "7f3a4b2c9d1e8a7b", ranges: "1-5" }] }, meta));
      repo.git("checkout", "-q", "-b", "feat");
      repo.commit({ "other.tf": lines(3) }, "human change\n");
      const p = await readProvenance({ cwd: repo.dir, env: {} });
      assert.deepEqual(p.agents, []);
      assert.equal(p.classification, "unknown");
    } finally {
      repo.cleanup();
    }
  });
});
