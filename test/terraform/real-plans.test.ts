// Golden behaviour on plans made by the real terraform binary (terraform_data, offline).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";
import { locateResourceBlocks } from "../../src/provenance/sources.js";
import { airlock, ROOT } from "../helpers/cli.js";
import { hasTerraform, SKIP_NO_TERRAFORM, type Workspace, workspace } from "../helpers/terraform.js";

const skip = hasTerraform() ? false : SKIP_NO_TERRAFORM;
if (skip) console.log(`# SKIP ${SKIP_NO_TERRAFORM}`);

function actions(a: Assessment): Record<string, string> {
  return Object.fromEntries(
    a.changes.map((c) => [c.address, c.replaceOrder ? `${c.action}:${c.replaceOrder}` : c.action]),
  );
}

const V1 = `
resource "terraform_data" "keep" { input = "k" }
resource "terraform_data" "gone" { input = "g" }
resource "terraform_data" "forgotten" { input = "f" }
resource "terraform_data" "old" { input = "o" }
resource "terraform_data" "rep" {
  input            = "r"
  triggers_replace = ["1"]
}
resource "terraform_data" "cbd" {
  input            = "c"
  triggers_replace = ["1"]
  lifecycle { create_before_destroy = true }
}
resource "terraform_data" "child" { input = terraform_data.rep.output }
`;

const V2 = `
resource "terraform_data" "keep" { input = "k2" }
removed {
  from = terraform_data.forgotten
  lifecycle { destroy = false }
}
moved {
  from = terraform_data.old
  to   = terraform_data.renamed
}
resource "terraform_data" "renamed" { input = "o" }
resource "terraform_data" "rep" {
  input            = "r"
  triggers_replace = ["2"]
}
resource "terraform_data" "cbd" {
  input            = "c"
  triggers_replace = ["2"]
  lifecycle { create_before_destroy = true }
}
resource "terraform_data" "child" { input = terraform_data.rep.output }
resource "terraform_data" "fresh" { input = "n" }
import {
  to = terraform_data.imp
  id = "abc"
}
resource "terraform_data" "imp" {}
`;

describe("real terraform plans", { skip }, () => {
  let ws: Workspace;
  let jsonPath: string;
  let binPath: string;
  before(() => {
    ws = workspace();
    ws.write({ "main.tf": V1 });
    ws.apply();
    ws.write({ "main.tf": V2 });
    const p = ws.plan();
    jsonPath = p.json;
    binPath = p.binary;
  });
  after(() => ws?.cleanup());

  it("maps every action terraform produced", async () => {
    const a = await analyzeInput({ plan: jsonPath });
    assert.deepEqual(actions(a), {
      "terraform_data.cbd": "replace:create-before-destroy",
      "terraform_data.child": "update",
      "terraform_data.forgotten": "forget",
      "terraform_data.fresh": "create",
      "terraform_data.gone": "delete",
      "terraform_data.imp": "import",
      "terraform_data.keep": "update",
      "terraform_data.renamed": "no-op",
      "terraform_data.rep": "replace:delete-before-create",
    });
    const renamed = a.changes.find((c) => c.address === "terraform_data.renamed")!;
    assert.equal(renamed.previousAddress, "terraform_data.old");
    assert.equal(a.changes.filter((c) => c.previousAddress !== undefined).length, 1);
    assert.equal(a.summary.create, 1);
    assert.equal(a.summary.replace, 2);
    assert.equal(a.summary.delete, 1);
    assert.equal(a.summary.forget, 1);
    assert.equal(a.summary.import, 1);
    const rep = a.changes.find((c) => c.address === "terraform_data.rep")!;
    assert.equal(rep.actionReason, "replace_because_cannot_update");
    assert.ok(rep.attributes.some((d) => d.path.startsWith("triggers_replace") && d.forcesReplacement));
  });

  it("computes the blast radius from configuration references", async () => {
    const a = await analyzeInput({ plan: jsonPath });
    const rep = a.changes.find((c) => c.address === "terraform_data.rep")!;
    assert.deepEqual(rep.blastRadius, ["terraform_data.child"]);
    const keep = a.changes.find((c) => c.address === "terraform_data.keep")!;
    assert.deepEqual(keep.blastRadius, []);
  });

  it("reads a binary plan through terraform show -json with the same digest", async () => {
    const fromJson = await analyzeInput({ plan: jsonPath });
    const fromBinary = await analyzeInput({ plan: binPath });
    assert.equal(fromBinary.source.convertedFromBinary, true);
    assert.equal(fromBinary.digest, fromJson.digest);
    assert.match(fromJson.digest, /^sha256:[0-9a-f]{64}$/);
  });

  it("a missing terraform binary for a binary plan is a clear input error", async () => {
    await assert.rejects(
      analyzeInput({ plan: binPath, terraformBin: "/nonexistent/terraform" }),
      (err: Error) => {
        assert.equal(err.name, "InputError");
        assert.match(err.message, /was not found/);
        return true;
      },
    );
  });

  it("a re-made plan with one value changed has a different digest; the same plan re-made has the same", async () => {
    const first = await analyzeInput({ plan: jsonPath });
    const again = await analyzeInput({ plan: ws.plan("again").json });
    assert.equal(again.digest, first.digest, "same config, same state → same digest despite a new timestamp");
    ws.write({ "main.tf": V2.replace('input = "n"', 'input = "n2"') });
    const changed = await analyzeInput({ plan: ws.plan("changed").json });
    assert.notEqual(changed.digest, first.digest);
  });
});

describe("modules and module outputs", { skip }, () => {
  it("a replaced resource in module.db reaches module.app through the module output", async () => {
    const ws = workspace();
    try {
      ws.write({
        "main.tf": `
module "db" {
  source = "./db"
  gen    = var.gen
}
module "app" {
  source  = "./app"
  db_host = module.db.endpoint
}
variable "gen" { default = "1" }
resource "terraform_data" "unrelated" { input = "x" }
`,
      });
      const { mkdirSync, writeFileSync } = await import("node:fs");
      mkdirSync(`${ws.dir}/db`);
      mkdirSync(`${ws.dir}/app`);
      writeFileSync(
        `${ws.dir}/db/main.tf`,
        `variable "gen" {}
resource "terraform_data" "this" { triggers_replace = [var.gen] }
output "endpoint" { value = terraform_data.this.id }
`,
      );
      writeFileSync(
        `${ws.dir}/app/main.tf`,
        `variable "db_host" {}
resource "terraform_data" "web" {
  for_each = toset(["a", "b"])
  input    = var.db_host
}
`,
      );
      ws.apply();
      const { json, binary } = ws.plan("tfplan", "-var", "gen=2");
      const a = await analyzeInput({ plan: json });
      const db = a.changes.find((c) => c.address === "module.db.terraform_data.this")!;
      assert.equal(db.action, "replace");
      assert.deepEqual(db.blastRadius, [
        'module.app.terraform_data.web["a"]',
        'module.app.terraform_data.web["b"]',
      ]);
      // Where each resource is defined (SARIF locations): module folders from terraform init's modules.json,
      // also for a binary plan, whose configuration is not read again.
      for (const plan of [json, binary]) {
        const blocks = locateResourceBlocks(await analyzeInput({ plan }), ws.dir);
        const at = (address: string) => {
          const b = blocks.get(address);
          return b && `${relative(ws.dir, b.file)}:${b.line}`;
        };
        assert.equal(at("module.db.terraform_data.this"), "db/main.tf:2");
        assert.equal(at('module.app.terraform_data.web["b"]'), "app/main.tf:2");
        assert.equal(at("terraform_data.unrelated"), "main.tf:11");
      }
    } finally {
      ws.cleanup();
    }
  });
});

describe("moved blocks", { skip }, () => {
  let ws: Workspace;
  let jsonPath: string;
  before(() => {
    ws = workspace();
    ws.write({ "main.tf": `resource "terraform_data" "old" {}\n` });
    ws.apply();
    ws.write({
      "main.tf": `resource "terraform_data" "new" {}
moved {
  from = terraform_data.old
  to   = terraform_data.new
}
`,
    });
    jsonPath = ws.plan().json;
  });
  after(() => ws?.cleanup());

  it("reports the previous address in JSON, valid against the schema", () => {
    const r = airlock(["analyze", jsonPath, "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const c = report.changes.find((x: { address: string }) => x.address === "terraform_data.new");
    assert.equal(c.action, "no-op");
    assert.equal(c.previousAddress, "terraform_data.old");
    assert.equal(report.summary.moved, 1);
    assert.equal(report.summary.total, 0, "a move alone changes nothing");
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(join(ROOT, "schemas/assessment.schema.json"), "utf8")),
    );
    assert.ok(validate(report), JSON.stringify(validate.errors));
  });

  it("lists a resource whose only change is the move in the text report", () => {
    const r = airlock(["analyze", jsonPath, "--format", "text"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^moved +1$/m);
    assert.match(r.stdout, /^Changes \(1\)$/m);
    assert.match(r.stdout, /terraform_data\.new +moved from terraform_data\.old/);
  });
});

describe("plans with changes missing", { skip }, () => {
  // A plan that says it is complete lists every managed object of its prior state; only -target leaves
  // some out, and Terraform then says complete: false. A plan JSON with a change taken out is refused.
  let ws: Workspace;
  let full: string;
  let targeted: string;
  let refreshOnly: string;
  before(() => {
    ws = workspace();
    const config = (v: string) =>
      `resource "terraform_data" "a" { input = "${v}" }\nresource "terraform_data" "b" {\n  count = 2\n  input = "${v}"\n}\n`;
    ws.write({ "main.tf": config("1") });
    ws.apply();
    ws.write({ "main.tf": config("2") });
    full = ws.plan("full").json;
    targeted = ws.plan("targeted", "-target=terraform_data.a").json;
    refreshOnly = ws.plan("refresh", "-refresh-only").json;
  });
  after(() => ws?.cleanup());

  it("reads the full, the targeted and the refresh-only plan", () => {
    const t = JSON.parse(readFileSync(targeted, "utf8"));
    assert.equal(t.complete, false, "terraform marks a targeted plan incomplete");
    for (const p of [full, targeted, refreshOnly]) {
      const r = airlock(["analyze", p, "--format", "json"]);
      assert.equal(r.status, 0, `${p}: ${r.stderr}`);
    }
  });

  it("refuses the full plan with one change taken out, or with no resource_changes at all", () => {
    const plan = JSON.parse(readFileSync(full, "utf8"));
    const dropped = join(ws.dir, "dropped.json");
    writeFileSync(dropped, JSON.stringify({ ...plan, resource_changes: plan.resource_changes.slice(1) }));
    let r = airlock(["analyze", dropped]);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /prior_state holds "terraform_data\.[ab][[\]0-9]*", which no resource change covers/,
    );
    assert.equal(r.stderr.trim().split("\n").length, 1);
    const { resource_changes: _, ...without } = plan;
    const none = join(ws.dir, "none.json");
    writeFileSync(none, JSON.stringify(without));
    r = airlock(["analyze", none]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /applyable but has no resource_changes/);
  });
});
