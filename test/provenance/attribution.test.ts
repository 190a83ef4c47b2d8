// Provenance per changed address from a real Terraform plan: module sources → module directory → the .tf
// file defining the resource; deleted blocks traced through git to the file they were removed from.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { PlanJson } from "../../src/ingest/terraform/plan-types.js";
import type { Provenance } from "../../src/model/decision.js";
import { readProvenance } from "../../src/provenance/index.js";
import { moduleKey } from "../../src/provenance/sources.js";
import { assessment, assessmentFromPlan, change, terraform } from "../policy/assessment-builder.js";
import { gitAiNote, TempRepo } from "./git-fixture.js";

describe("attribution to the files that define changed resources (terraform)", () => {
  let repo: TempRepo;
  let plan: PlanJson;
  let prov: Provenance;

  before(async () => {
    repo = new TempRepo("airlock-attr-");
    repo.commit(
      {
        ".gitignore": ".terraform/\n*.tfstate*\ntfplan\nplan.json\n.terraform.lock.hcl\n",
        "main.tf":
          'module "db" {\n  source = "./modules/db"\n}\n\nresource "terraform_data" "web" {\n  input = "v1"\n}\n',
        "legacy.tf": 'resource "terraform_data" "old" {\n  input = "legacy"\n}\n',
        "modules/db/main.tf": 'resource "terraform_data" "this" {\n  input = "x"\n}\n',
      },
      "base infrastructure",
    );
    terraform(repo.dir, "init", "-input=false", "-no-color");
    terraform(repo.dir, "apply", "-auto-approve", "-input=false", "-no-color");
    repo.git("checkout", "-q", "-b", "feat");
    // 1. A human edit, tracked by git-ai (all lines human).
    const human = repo.commit(
      {
        "main.tf":
          'module "db" {\n  source = "./modules/db"\n}\n\nresource "terraform_data" "web" {\n  input = "v2"\n}\n',
      },
      "web v2\n",
    );
    repo.addAiNote(
      human,
      gitAiNote(
        { "main.tf": [{ key: "h_0000000000000a", ranges: "6" }] },
        { humans: { h_0000000000000a: { author: "Hanna" } } },
      ),
    );
    // 2. Claude Code edits the module.
    repo.commit(
      { "modules/db/main.tf": 'resource "terraform_data" "this" {\n  input = "y"\n}\n' },
      "db y\n",
      {
        author: { name: "Claude", email: "noreply@anthropic.com" },
      },
    );
    // 3. The Cursor agent deletes the legacy resource (the whole file).
    rmSync(join(repo.dir, "legacy.tf"));
    repo.commit({}, "drop legacy\n", { author: { name: "Cursor Agent", email: "cursoragent@cursor.com" } });
    terraform(repo.dir, "plan", "-input=false", "-no-color", "-out=tfplan");
    const json = terraform(repo.dir, "show", "-json", "tfplan");
    writeFileSync(join(repo.dir, "plan.json"), json);
    plan = JSON.parse(json) as PlanJson;
    prov = await readProvenance({
      cwd: repo.dir,
      env: {},
      assessment: assessmentFromPlan(plan, join(repo.dir, "plan.json")),
    });
  });
  after(() => repo.cleanup());

  test("the plan has the three expected changes", () => {
    const actions = Object.fromEntries(
      (plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.actions.join(",")]),
    );
    assert.equal(actions["terraform_data.web"], "update");
    assert.equal(actions["module.db.terraform_data.this"], "update");
    assert.equal(actions["terraform_data.old"], "delete");
  });

  test("each address takes the provenance of its defining file", () => {
    assert.deepEqual(prov.addresses, {
      "terraform_data.web": "human",
      "module.db.terraform_data.this": "ai-authored",
      "terraform_data.old": "ai-authored",
    });
    assert.equal(prov.classification, "ai-authored");
    assert.deepEqual(prov.agents, ["claude-code", "cursor"]);
  });

  test("files carry per-file evidence", () => {
    const byFile = Object.fromEntries(prov.files.map((f) => [f.file, f]));
    assert.equal(byFile["main.tf"].classification, "human");
    assert.equal(byFile["modules/db/main.tf"].classification, "ai-authored");
    assert.equal(byFile["legacy.tf"].classification, "ai-authored");
    assert.ok(byFile["legacy.tf"].evidence.some((e) => e.signal === "agent-author" && e.agent === "cursor"));
  });

  test("without modules.json the module directory comes from the plan's configuration", async () => {
    const modulesJson = join(repo.dir, ".terraform", "modules", "modules.json");
    const saved = readFileSync(modulesJson, "utf8");
    rmSync(modulesJson);
    try {
      const p = await readProvenance({
        cwd: repo.dir,
        env: {},
        assessment: assessmentFromPlan(plan, join(repo.dir, "plan.json")),
      });
      assert.equal(p.addresses?.["module.db.terraform_data.this"], "ai-authored");
    } finally {
      writeFileSync(modulesJson, saved);
    }
  });

  test("an address whose file is unknown takes the whole range's classification", async () => {
    const a = assessment(
      [change("module.gone.terraform_data.x", "delete")],
      [],
      {},
      join(repo.dir, "plan.json"),
    );
    const p = await readProvenance({ cwd: repo.dir, env: {}, assessment: a });
    assert.equal(p.addresses?.["module.gone.terraform_data.x"], "ai-authored");
    assert.ok(p.notes.some((n) => /no defining .tf file/.test(n)));
  });

  test("sourceFiles filled by ingest win", async () => {
    const a = assessment(
      [change("terraform_data.web", "update", { sourceFiles: ["modules/db/main.tf"] })],
      [],
      {},
      join(repo.dir, "plan.json"),
    );
    const p = await readProvenance({ cwd: repo.dir, env: {}, assessment: a });
    assert.equal(p.addresses?.["terraform_data.web"], "ai-authored");
  });
});

test("module keys drop instance keys", () => {
  assert.equal(moduleKey(""), "");
  assert.equal(moduleKey("module.db"), "db");
  assert.equal(moduleKey('module.a["x.y"].module.b[0]'), "a.b");
});

test("CloudFormation / Kubernetes inputs are their own source files", async () => {
  const repo = new TempRepo();
  try {
    repo.commit({ "README.md": "x\n" }, "base");
    repo.git("checkout", "-q", "-b", "feat");
    repo.commit(
      { "stack/template.yaml": "Resources: {}\n" },
      "tpl\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
    );
    repo.commit({ "k8s/app.yaml": "kind: ConfigMap\n" }, "k8s\n");
    const cfn = assessment([change("Bucket", "delete", { type: "AWS::S3::Bucket", name: "Bucket" })], [], {
      framework: "cloudformation",
      source: { path: "stack/template.yaml", framework: "cloudformation", format: "cloudformation-template" },
    });
    const p1 = await readProvenance({ cwd: repo.dir, env: {}, assessment: cfn });
    assert.equal(p1.addresses?.Bucket, "ai-assisted");
    const k8s = assessment(
      [change("ConfigMap/default/app", "update", { type: "v1/ConfigMap", name: "app" })],
      [],
      {
        framework: "kubernetes",
        source: { path: "k8s", framework: "kubernetes", format: "kubernetes-manifests" },
      },
    );
    const p2 = await readProvenance({ cwd: repo.dir, env: {}, assessment: k8s });
    assert.equal(p2.addresses?.["ConfigMap/default/app"], "unknown");
  } finally {
    repo.cleanup();
  }
});
