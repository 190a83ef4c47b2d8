// A change that edits its own gate — the policy file or CODEOWNERS — must not pass on the edited gate alone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkChange } from "../../src/policy/check.js";
import { TempRepo } from "../provenance/git-fixture.js";
import { assessment, change } from "./assessment-builder.js";

const STRICT = "version: 1\nrules:\n  - id: everything\n    when: 'true'\n    effect: block\n";
const LAX = "version: 1\nrules: []\n";

describe("gate files changed by the change itself", () => {
  let repo: TempRepo;
  let base: string;
  before(() => {
    repo = new TempRepo();
    base = repo.commit(
      { "airlock.yaml": LAX, ".github/CODEOWNERS": "* @acme/platform\n", "main.tf": "x\n" },
      "base",
    );
    repo.git("checkout", "-q", "-b", "feat");
  });
  after(() => repo.cleanup());

  const a = () => assessment([change("aws_s3_bucket.b", "update")], [], {}, "plan.json");
  const decide = (range: string) =>
    checkChange({
      assessment: a(),
      gitRange: range,
      cwd: repo.dir,
      env: {},
      now: new Date("2026-03-04T10:00:00Z"),
    });

  test("untouched gate files: the policy decides alone", async () => {
    const c = repo.commit({ "main.tf": "y\n" }, "routine");
    const d = await decide(`${base}..${c}`);
    assert.equal(d.decision, "allow", JSON.stringify(d.reasons));
  });

  test("a commit in the range edits the policy: one human approval is required", async () => {
    const c = repo.commit({ "airlock.yaml": `${LAX}# relaxed\n` }, "relax the policy");
    const d = await decide(`${base}..${c}`);
    assert.equal(d.decision, "require-approval");
    const q = d.requirements.find((x) => x.id === "approval:gate-files-changed");
    assert.ok(q && !q.satisfied && q.enforcement === "hard-mandatory", JSON.stringify(d.requirements));
    assert.match(q.description, /airlock\.yaml/);
  });

  test("CODEOWNERS edited in the range, or an uncommitted policy edit, also count", async () => {
    const c = repo.commit({ ".github/CODEOWNERS": "* @mallory\n" }, "new owners");
    const d = await decide(`${c}~1..${c}`);
    assert.match(
      d.requirements.find((x) => x.id === "approval:gate-files-changed")?.description ?? "",
      /CODEOWNERS/,
    );
    repo.write("airlock.yaml", LAX);
    try {
      const u = await decide(`${c}..${c}`);
      assert.equal(u.decision, "require-approval");
    } finally {
      repo.git("checkout", "--", "airlock.yaml");
    }
  });

  test("a stricter edited policy still blocks", async () => {
    const c = repo.commit({ "airlock.yaml": STRICT }, "tighten");
    const d = await decide(`${c}~1..${c}`);
    assert.equal(d.decision, "block");
  });
});
