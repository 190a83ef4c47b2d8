// Merge commits, shallow clones, bot commits and reversed ranges: none of them may make a change look human.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readProvenance } from "../../src/provenance/index.js";
import { gitAiNote, lines, TempRepo } from "./git-fixture.js";

const CLAUDE = { name: "Claude", email: "noreply@anthropic.com" };
const ACTIONS = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

describe("merge commits", () => {
  let repo: TempRepo;
  let base: string;
  before(() => {
    repo = new TempRepo();
    base = repo.commit({ "a.tf": "a\n" }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    repo.commit({ "b.tf": "b\n" }, "feature work");
    repo.git("checkout", "-q", "main");
    repo.commit({ "c.tf": "c\n" }, "main moves on");
    repo.git("checkout", "-q", "feat");
    // An agent merges main and slips a change into the merge commit itself ("evil merge").
    repo.git("merge", "-q", "--no-commit", "--no-ff", "main");
    repo.write("evil.tf", 'resource "terraform_data" "evil" {}\n');
    repo.git("add", "-A");
    repo.commit({}, "Merge branch 'main' into feat", { author: CLAUDE, committer: CLAUDE });
  });
  after(() => repo.cleanup());

  test("a merge commit an agent made counts, with the files only the merge changed", async () => {
    const p = await readProvenance({ cwd: repo.dir, gitRange: `${base}..feat`, env: {} });
    const merge = p.commits.find((c) => c.author.includes("noreply@anthropic.com"));
    assert.ok(merge, JSON.stringify(p.commits.map((c) => c.author)));
    assert.equal(merge.classification, "ai-authored");
    assert.equal(p.classification, "ai-authored");
    assert.equal(p.files.find((f) => f.file === "evil.tf")?.classification, "ai-authored");
    // c.tf came from main through the merge; the merge did not write it.
    assert.notEqual(p.files.find((f) => f.file === "c.tf")?.classification, "ai-authored");
  });
});

test("a plain merge that changes nothing of its own does not turn human work into unknown", async () => {
  const repo = new TempRepo();
  try {
    const base = repo.commit({ "README.md": "x\n" }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    const sha = repo.commit({ "net.tf": lines(4) }, "human change\n");
    repo.addAiNote(
      sha,
      gitAiNote(
        { "net.tf": [{ key: "h_00000000000001", ranges: "1-4" }] },
        { humans: { h_00000000000001: { author: "Hanna Human" } } },
      ),
    );
    repo.git("checkout", "-q", "main");
    repo.commit({ "other.md": "y\n" }, "main moves on");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'feat'", "feat");
    const p = await readProvenance({ cwd: repo.dir, gitRange: `${base}..main~1`, env: {} });
    assert.equal(p.classification, "unknown", "main's own commit has no signal");
    const merged = await readProvenance({ cwd: repo.dir, gitRange: "HEAD^1..HEAD", env: {} });
    assert.equal(merged.commits.length, 2, "the feature commit and the merge");
    assert.equal(merged.classification, "human");
  } finally {
    repo.cleanup();
  }
});

describe("bots, reversed and shallow ranges", () => {
  let repo: TempRepo;
  let base: string;
  const clones: string[] = [];
  before(() => {
    repo = new TempRepo();
    base = repo.commit({ "a.tf": "a\n" }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    repo.commit({ "b.tf": "b\n" }, "chore: format", { author: ACTIONS, committer: ACTIONS });
    repo.commit({ "c.tf": "c\n" }, "more");
  });
  after(() => {
    repo.cleanup();
    for (const c of clones) rmSync(c, { recursive: true, force: true });
  });

  test("a github-actions[bot] commit is not a human commit (and not an AI one)", async () => {
    const p = await readProvenance({ cwd: repo.dir, gitRange: `${base}..HEAD~1`, env: {} });
    assert.equal(p.commits.length, 1);
    assert.equal(p.commits[0].classification, "unknown");
    assert.equal(p.classification, "unknown");
  });

  test("a reversed range is empty: unknown, never human", async () => {
    const p = await readProvenance({ cwd: repo.dir, gitRange: `HEAD..${base}`, env: {} });
    assert.equal(p.commits.length, 0);
    assert.equal(p.classification, "unknown");
  });

  test("shallow clone: a missing base is an input error; no merge base means unknown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-shallow-"));
    clones.push(dir);
    execFileSync("git", ["clone", "-q", "--depth", "1", "--branch", "feat", `file://${repo.dir}`, dir]);
    await assert.rejects(
      readProvenance({ cwd: dir, gitRange: `${base}..HEAD`, env: {} }),
      (err: Error) => err.name === "InputError" && /fetch-depth: 0/.test(err.message),
    );
    await assert.rejects(
      readProvenance({ cwd: dir, gitRange: "origin/main...HEAD", env: {} }),
      (err: Error) => err.name === "InputError",
    );
    const p = await readProvenance({ cwd: dir, env: {} });
    assert.equal(p.classification, "unknown");
    assert.equal(p.commits.length, 0);
  });

  test("shallow clone with the default branch but no merge base: unknown, and the note says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-shallow-"));
    clones.push(dir);
    repo.git("checkout", "-q", "main");
    try {
      execFileSync("git", ["clone", "-q", "--depth", "1", "--no-single-branch", `file://${repo.dir}`, dir]);
    } finally {
      repo.git("checkout", "-q", "feat");
    }
    execFileSync("git", ["checkout", "-q", "feat"], { cwd: dir });
    const p = await readProvenance({ cwd: dir, env: {} });
    assert.equal(p.classification, "unknown");
    assert.equal(p.commits.length, 0);
    assert.ok(
      p.notes.some((n) => /shallow/.test(n) && /fetch-depth: 0/.test(n)),
      JSON.stringify(p.notes),
    );
  });
});

test("squashed commits: agent Co-authored-by lines inside the body (git merge --squash, edited squash messages) still count", async () => {
  const repo = new TempRepo();
  try {
    const base = repo.commit({ "README.md": "x\n" }, "base");
    repo.commit(
      { "db.tf": 'resource "terraform_data" "db" {}\n' },
      [
        "Squashed commit of the following:",
        "",
        "commit 0123456789abcdef0123456789abcdef01234567",
        "Author: Hanna Human <hanna@example.com>",
        "",
        "    recreate the database",
        "",
        "    Co-authored-by: Claude <noreply@anthropic.com>",
        "",
        "Reviewed in #12",
        "",
      ].join("\n"),
    );
    const p = await readProvenance({ cwd: repo.dir, gitRange: `${base}..HEAD`, env: {} });
    assert.equal(p.classification, "ai-assisted");
    assert.ok(p.agents.includes("claude-code"), JSON.stringify(p.agents));
    // A person's co-author line in the body is not an AI signal.
    const human = repo.commit(
      { "x.tf": "x\n" },
      "pair work\n\n  Co-authored-by: Alice <alice@example.com>\n\nmore text\n",
    );
    const q = await readProvenance({ cwd: repo.dir, gitRange: `${human}~1..${human}`, env: {} });
    assert.equal(q.classification, "unknown");
  } finally {
    repo.cleanup();
  }
});
