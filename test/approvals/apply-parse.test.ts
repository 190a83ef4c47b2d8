// What `airlock apply` accepts: only commands that apply exactly the reviewed artifact. Each refused case
// below is a way to run something other than what was approved.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseApplyCommand } from "../../src/apply/parse.js";

const refused = (cmd: string) => {
  const r = parseApplyCommand(cmd.split(" "));
  assert.equal(r.ok, false, `${cmd} must be refused`);
};
const accepted = (cmd: string) => {
  const r = parseApplyCommand(cmd.split(" "));
  assert.ok(r.ok, `${cmd} must be accepted: ${r.ok ? "" : r.reason}`);
  return r.target;
};

describe("apply command parsing", () => {
  it("accepts a saved plan with harmless options and finds the plan argument", () => {
    for (const tool of ["terraform", "tofu", "/usr/bin/terraform"]) {
      const t = accepted(`${tool} apply -auto-approve -input=false -no-color -lock-timeout 30s tfplan`);
      assert.equal(t.tool, "terraform");
      if (t.tool === "terraform") assert.equal(t.plan, "tfplan");
    }
    const c = accepted("terraform -chdir=infra apply --auto-approve tfplan");
    if (c.tool === "terraform") assert.equal(c.chdir, "infra");
  });

  it("refuses options that change what a saved plan applies, in every spelling", () => {
    for (const opt of [
      "-var x=1",
      "-var=x=1",
      "--var=x=1",
      "--var x=1",
      "-var-file=a.tfvars",
      "--var-file=a.tfvars",
      "-destroy",
      "--destroy",
      "-destroy=true",
      "-target=aws_instance.a",
      "--target aws_instance.a",
      "--replace=aws_instance.a",
      "-refresh-only",
      "-state-out=/tmp/other.tfstate",
      "-state=/tmp/other.tfstate",
      "-backup=/tmp/b",
      "-some-future-flag",
    ]) {
      refused(`terraform apply ${opt} tfplan`);
      refused(`tofu apply ${opt} tfplan`);
    }
  });

  it("refuses apply without a plan, extra arguments, and global options other than one -chdir", () => {
    refused("terraform apply");
    refused("terraform apply -auto-approve");
    refused("terraform apply tfplan other.tfplan");
    refused("terraform apply tfplan -var x=1");
    refused("terraform apply -");
    refused("terraform -chdir=a -chdir=b apply tfplan");
    refused("terraform -chdir apply tfplan");
    refused("terraform -help apply tfplan");
    refused("terraform destroy -auto-approve");
    refused("terragrunt apply tfplan");
    refused("sh -c terraform");
  });

  it("kubectl: exactly one local -f file, no namespace, recursion, kustomize, prune or combined flags", () => {
    const t = accepted("kubectl apply -f app.yaml --server-side --context=prod");
    if (t.tool === "kubectl") assert.equal(t.file, "app.yaml");
    accepted("kubectl --context prod apply --filename=app.yaml");
    refused("kubectl apply -f app.yaml -Rf other/");
    refused("kubectl apply -f app.yaml -R");
    refused("kubectl apply -f app.yaml -n prod");
    refused("kubectl --namespace=prod apply -f app.yaml");
    refused("kubectl apply -k overlay/");
    refused("kubectl apply -f app.yaml --prune -l app=x");
    refused("kubectl apply -f app.yaml -f more.yaml");
    refused("kubectl apply -f -");
    refused("kubectl apply -f https://example.com/x.yaml");
    refused("kubectl apply -f app.yaml extra");
    refused("kubectl delete -f app.yaml");
  });

  it("aws: one execute-change-set, each selecting option at most once, no --cli-input-json", () => {
    const t = accepted(
      "aws cloudformation execute-change-set --change-set-name cs1 --stack-name s --region eu-west-1",
    );
    if (t.tool === "cloudformation")
      assert.deepEqual([t.changeSet, t.stack, t.region], ["cs1", "s", "eu-west-1"]);
    refused("aws cloudformation execute-change-set --change-set-name cs1 --change-set-name cs2");
    refused("aws cloudformation execute-change-set --change-set-name=cs1 --stack-name s --stack-name t");
    refused("aws cloudformation execute-change-set --change-set-name cs1 --cli-input-json file://x.json");
    refused("aws cloudformation execute-change-set --change-set-name cs1 --endpoint-url http://evil");
    refused("aws cloudformation delete-stack --stack-name s");
  });
});
