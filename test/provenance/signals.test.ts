import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Provenance } from "../../src/model/decision.js";
import { readProvenance } from "../../src/provenance/index.js";
import { HUMAN, TempRepo } from "./git-fixture.js";

// One repository per case: main has a base commit, the case's commit sits on branch `feat`.
async function classifyOne(
  message: string,
  opts: { author?: { name: string; email: string }; committer?: { name: string; email: string } } = {},
): Promise<Provenance> {
  const repo = new TempRepo();
  try {
    repo.commit({ "main.tf": 'resource "terraform_data" "a" {}\n' }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    repo.commit(
      { "main.tf": 'resource "terraform_data" "a" {}\nresource "terraform_data" "b" {}\n' },
      message,
      opts,
    );
    return await readProvenance({ cwd: repo.dir, env: {} });
  } finally {
    repo.cleanup();
  }
}

interface Case {
  name: string;
  message: string;
  author?: { name: string; email: string };
  committer?: { name: string; email: string };
  expect: Provenance["classification"];
  agent?: string;
  signal?: string;
}

const CASES: Case[] = [
  {
    name: "Claude Code co-author trailer",
    message: "Add b\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n",
    expect: "ai-assisted",
    agent: "claude-code",
    signal: "co-author-trailer",
  },
  {
    name: "Claude Code footer without trailer",
    message: "Add b\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n",
    expect: "ai-assisted",
    agent: "claude-code",
    signal: "claude-code-footer",
  },
  {
    name: "OpenAI Codex co-author trailer",
    message: "Add b\n\nCo-authored-by: Codex <noreply@openai.com>\n",
    expect: "ai-assisted",
    agent: "codex",
  },
  {
    name: "Cursor agent as author",
    message: "Add b\n",
    author: { name: "Cursor Agent", email: "cursoragent@cursor.com" },
    expect: "ai-authored",
    agent: "cursor",
    signal: "agent-author",
  },
  {
    name: "Cursor co-author trailer",
    message: "Add b\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n",
    expect: "ai-assisted",
    agent: "cursor",
  },
  {
    name: "GitHub Copilot coding agent (bot author, Agent-Logs-Url)",
    message:
      "Add b\n\nAgent-Logs-Url: https://github.com/acme/infra/sessions/6ae6cae0-5dff-4c44-96e9-22e44ff40211\nCo-authored-by: hanna <1234+hanna@users.noreply.github.com>\n",
    author: { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com" },
    expect: "ai-authored",
    agent: "copilot",
  },
  {
    name: "Agent-Logs-Url alone (human author)",
    message: "Add b\n\nAgent-Logs-Url: https://github.com/acme/infra/sessions/abc\n",
    expect: "ai-authored",
    agent: "copilot",
    signal: "copilot-agent-logs",
  },
  {
    name: "Copilot co-author trailer",
    message: "Add b\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>\n",
    expect: "ai-assisted",
    agent: "copilot",
  },
  {
    name: "Aider marks the author name",
    message: "feat: add b\n",
    author: { name: "Hanna Human (aider)", email: "hanna@example.com" },
    expect: "ai-authored",
    agent: "aider",
  },
  {
    name: "Aider co-author trailer",
    message: "feat: add b\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.chat>\n",
    expect: "ai-assisted",
    agent: "aider",
  },
  {
    name: "Devin bot author",
    message: "Add b\n",
    author: {
      name: "devin-ai-integration[bot]",
      email: "158243242+devin-ai-integration[bot]@users.noreply.github.com",
    },
    expect: "ai-authored",
    agent: "devin",
  },
  {
    name: "Jules co-author trailer",
    message:
      "Add b\n\nCo-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>\n",
    expect: "ai-assisted",
    agent: "jules",
  },
  {
    name: "Codex cloud connector as committer",
    message: "Add b\n",
    committer: {
      name: "chatgpt-codex-connector[bot]",
      email: "199175422+chatgpt-codex-connector[bot]@users.noreply.github.com",
    },
    expect: "ai-authored",
    agent: "codex-cloud",
    signal: "agent-committer",
  },
  {
    name: "Amazon Q Developer bot author",
    message: "Add b\n",
    author: {
      name: "amazon-q-developer[bot]",
      email: "208079219+amazon-q-developer[bot]@users.noreply.github.com",
    },
    expect: "ai-authored",
    agent: "amazon-q",
  },
  {
    name: "Generated-by trailer names the tool",
    message: "Add b\n\nGenerated-by: GitHub Copilot\nSigned-off-by: Hanna Human <hanna@example.com>\n",
    expect: "ai-assisted",
    agent: "copilot",
    signal: "generated-by-trailer",
  },
  {
    name: "AI-assisted trailer",
    message: "Add b\n\nAI-assisted: yes\n",
    expect: "ai-assisted",
    signal: "ai-assisted-trailer",
  },
  {
    name: "Assisted-by trailer (kernel style)",
    message: "Add b\n\nAssisted-by: claude-code/claude-sonnet-4-6\n",
    expect: "ai-assisted",
    agent: "claude-code",
  },
  // Negatives, forged and stripped markers.
  { name: "plain human commit: no marker is not proof", message: "Add b\n", expect: "unknown" },
  {
    name: "AI-assisted: no is a declaration, not proof",
    message: "Add b\n\nAI-assisted: no\n",
    expect: "unknown",
  },
  {
    name: "a person called Claude is not Claude Code",
    message: "Add b\n\nCo-authored-by: Claude Martin <claude.martin@example.com>\n",
    author: { name: "Claude", email: "claude@example.org" },
    expect: "unknown",
  },
  {
    // Mid-line mentions are prose; a line of its own naming an agent counts even outside the trailer block
    // (squash messages) — see ranges-merges.test.ts.
    name: "trailer text quoted inside a sentence, not in the trailer block",
    message:
      "Remove the Co-authored-by: Claude <noreply@anthropic.com> line from the template\n\nWe no longer want a Co-authored-by: Claude <noreply@anthropic.com> line in the docs, said the reviewer.\n\nSigned-off-by: Hanna Human <hanna@example.com>\n",
    expect: "unknown",
  },
  {
    name: "stripped: agent commit re-authored as a human with trailers removed",
    message: "chore: tidy\n\nReviewed-by: Someone <someone@example.com>\n",
    author: HUMAN,
    expect: "unknown",
  },
];

describe("commit signals (real git commits)", () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const p = await classifyOne(c.message, { author: c.author, committer: c.committer });
      assert.equal(p.commits.length, 1, "one commit in main..HEAD");
      assert.equal(p.range, "main..HEAD");
      assert.equal(p.classification, c.expect);
      assert.equal(p.commits[0].classification, c.expect);
      if (c.agent) assert.deepEqual(p.agents, [c.agent]);
      else if (c.expect === "unknown") assert.deepEqual(p.agents, []);
      if (c.signal)
        assert.ok(
          p.commits[0].evidence.some((e) => e.signal === c.signal),
          JSON.stringify(p.commits[0].evidence),
        );
      // Per-file evidence carries the commit's signals.
      const f = p.files.find((x) => x.file === "main.tf");
      assert.ok(f);
      assert.equal(f.classification, c.expect);
      if (c.expect !== "unknown") assert.ok(f.evidence.length > 0);
    });
  }
});

describe("ranges", () => {
  let repo: TempRepo;
  let base: string;
  before(() => {
    repo = new TempRepo();
    base = repo.commit({ "a.tf": "a\n" }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    repo.commit({ "b.tf": "b\n" }, "human part\n");
    repo.commit({ "c.tf": "c\n" }, "agent part\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
  });
  after(() => repo.cleanup());

  test("default range is the branch against its merge base with main", async () => {
    repo.git("checkout", "-q", "main");
    repo.commit({ "later.tf": "x\n" }, "main moves on (not part of the branch)");
    repo.git("checkout", "-q", "feat");
    const p = await readProvenance({ cwd: repo.dir, env: {} });
    assert.equal(p.range, "main..HEAD");
    assert.equal(p.commits.length, 2);
    assert.deepEqual(p.files.map((f) => f.file).sort(), ["b.tf", "c.tf"]);
    assert.equal(p.files.find((f) => f.file === "c.tf")?.classification, "ai-assisted");
    assert.equal(p.files.find((f) => f.file === "b.tf")?.classification, "unknown");
    // The strongest AI evidence wins for the whole range.
    assert.equal(p.classification, "ai-assisted");
  });

  test("explicit range BASE..HEAD", async () => {
    const p = await readProvenance({ cwd: repo.dir, gitRange: `${base}..HEAD~1`, env: {} });
    assert.equal(p.commits.length, 1);
    assert.equal(p.classification, "unknown");
  });

  test("origin/HEAD is preferred as the default branch", async () => {
    repo.git("update-ref", "refs/remotes/origin/trunk", base);
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk");
    try {
      const p = await readProvenance({ cwd: repo.dir, env: {} });
      assert.equal(p.range, "origin/trunk..HEAD");
      assert.equal(p.commits.length, 2);
    } finally {
      repo.git("symbolic-ref", "--delete", "refs/remotes/origin/HEAD");
      repo.git("update-ref", "-d", "refs/remotes/origin/trunk");
    }
  });

  test("an unknown revision is an input error", async () => {
    await assert.rejects(
      readProvenance({ cwd: repo.dir, gitRange: "no-such-branch..HEAD", env: {} }),
      (err: Error) => err.name === "InputError" && /no-such-branch/.test(err.message),
    );
  });

  test("a range that starts with an option is refused, not passed to git", async () => {
    await assert.rejects(
      readProvenance({ cwd: repo.dir, gitRange: "--output=/tmp/x..HEAD", env: {} }),
      (err: Error) => err.name === "InputError",
    );
  });

  test("AIRLOCK_AGENT makes the change ai-authored and marks uncommitted infrastructure files", async () => {
    repo.write("d.tf", 'resource "terraform_data" "d" {}\n');
    try {
      const plain = await readProvenance({ cwd: repo.dir, env: {} });
      assert.equal(plain.files.find((f) => f.file === "d.tf")?.classification, "unknown");
      const p = await readProvenance({ cwd: repo.dir, env: { AIRLOCK_AGENT: "claude-code" } });
      assert.equal(p.classification, "ai-authored");
      assert.ok(p.agents.includes("claude-code"));
      const d = p.files.find((f) => f.file === "d.tf");
      assert.equal(d?.classification, "ai-authored");
      assert.ok(d?.evidence.some((e) => e.signal === "airlock-agent-env"));
    } finally {
      repo.git("clean", "-qfd");
    }
  });

  test("empty range: no commits, unknown", async () => {
    const p = await readProvenance({ cwd: repo.dir, gitRange: "HEAD..HEAD", env: {} });
    assert.equal(p.commits.length, 0);
    assert.equal(p.classification, "unknown");
    assert.ok(p.notes.some((n) => /no commits/.test(n)));
  });
});

test("outside a git repository provenance is unknown; an explicit range is an error", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "airlock-nogit-"));
  try {
    const p = await readProvenance({ cwd: dir, env: {} });
    assert.equal(p.classification, "unknown");
    assert.ok(p.notes.some((n) => /not a git repository/.test(n)));
    await assert.rejects(
      readProvenance({ cwd: dir, gitRange: "main..HEAD", env: {} }),
      /not inside a git repository/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
