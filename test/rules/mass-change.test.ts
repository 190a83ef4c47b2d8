import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Change } from "../../src/model/types.js";
import { check, checkPlan, none, one, tfChange } from "./helpers.js";
import { AWS_DB_INSTANCE, AWS_S3_BUCKET, AZURE_RESOURCE_GROUP, K8S_DEPLOYMENT } from "./shapes.js";

const instance = (i: number, action: "delete" | "no-op" | "create" | "update" = "delete", module?: string) =>
  tfChange({
    type: "aws_instance",
    name: "web",
    index: i,
    module,
    action,
    before: { ami: "ami-1", instance_type: "t3.small" },
    after: { ami: "ami-1", instance_type: "t3.small" },
  });

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("AL-TF-MASS-001 many destructive changes", () => {
  it("fires at 10 (high) and 50 (critical), not at 9", () => {
    none(
      checkPlan(
        "AL-TF-MASS-001",
        range(9).map((i) => instance(i)),
      ),
    );
    one(
      checkPlan(
        "AL-TF-MASS-001",
        range(10).map((i) => instance(i)),
      ),
      "high",
      "10 resources are deleted or replaced",
    );
    one(
      checkPlan(
        "AL-TF-MASS-001",
        range(50).map((i) => instance(i)),
      ),
      "critical",
    );
  });
  it("create-before-destroy replacements of stateless resources do not count", () => {
    const lts = range(12).map((i) =>
      tfChange({
        type: "aws_launch_template",
        name: "lt",
        index: i,
        action: "replace-create-first",
        before: { name: `a${i}` },
        after: { name: `b${i}` },
      }),
    );
    none(checkPlan("AL-TF-MASS-001", lts));
  });
});

describe("AL-TF-MASS-002/003/004 most of the environment", () => {
  it("4 of 6 existing resources destroyed is high; with a database critical", () => {
    const plan = [...range(4).map((i) => instance(i)), instance(4, "no-op"), instance(5, "no-op")];
    one(checkPlan("AL-TF-MASS-002", plan), "high", "4 of 6");
    const withDb = [
      ...plan.slice(0, 3),
      tfChange({ type: "aws_db_instance", action: "delete", before: AWS_DB_INSTANCE }),
      ...plan.slice(4),
    ];
    one(checkPlan("AL-TF-MASS-002", withDb), "critical", "1 that hold data");
  });
  it("new resources do not dilute or inflate the share", () => {
    const plan = [
      ...range(2).map((i) => instance(i)),
      ...range(8).map((i) => instance(100 + i, "no-op")),
      ...range(20).map((i) => instance(200 + i, "create")),
    ];
    none(checkPlan("AL-TF-MASS-002", plan));
  });
  it("deleting everything and creating the same kinds again is an environment recreation", () => {
    const old = [
      ...range(5).map((i) => instance(i)),
      tfChange({ type: "aws_db_instance", name: "main", action: "delete", before: AWS_DB_INSTANCE }),
      tfChange({ type: "aws_s3_bucket", name: "data", action: "delete", before: AWS_S3_BUCKET }),
    ];
    const fresh = [
      ...range(5).map((i) =>
        tfChange({ type: "aws_instance", name: "web2", index: i, action: "create", after: { ami: "ami-1" } }),
      ),
      tfChange({ type: "aws_db_instance", name: "main2", action: "create", after: AWS_DB_INSTANCE }),
      tfChange({ type: "aws_s3_bucket", name: "data2", action: "create", after: AWS_S3_BUCKET }),
    ];
    const h = one(
      checkPlan("AL-TF-MASS-003", [...old, ...fresh, instance(99, "no-op")]),
      "critical",
      "recreates the environment",
    );
    assert.match(h.message, /7 deleted and created anew/);
    one(checkPlan("AL-TF-MASS-004", [...old, ...fresh]), "critical", "2 of 2 data-holding");
  });
  it("replacing most resources in place counts as recreation too", () => {
    const plan = range(6).map((i) =>
      tfChange({
        type: "aws_instance",
        name: "web",
        index: i,
        action: "replace",
        before: { ami: "ami-1" },
        after: { ami: "ami-2" },
        replacePaths: [["ami"]],
      }),
    );
    one(checkPlan("AL-TF-MASS-003", plan), "high", "6 replaced");
  });
  it("a plan that deletes one of three databases is not a majority", () => {
    const dbs = ["a", "b", "c"].map((n, i) =>
      tfChange({
        type: "aws_db_instance",
        name: n,
        action: i === 0 ? "delete" : "no-op",
        before: AWS_DB_INSTANCE,
        after: AWS_DB_INSTANCE,
      }),
    );
    none(checkPlan("AL-TF-MASS-004", dbs));
  });
});

describe("AL-TF-MASS-005/006 modules and destroy plans", () => {
  it("every resource of a module deleted is high with the module as address", () => {
    const plan = [...range(3).map((i) => instance(i, "delete", 'module.app["blue"]')), instance(9, "no-op")];
    const h = one(checkPlan("AL-TF-MASS-005", plan), "high");
    assert.equal(h.address, 'module.app["blue"]');
  });
  it("a module that loses only some resources does not fire", () => {
    const plan = [
      ...range(3).map((i) => instance(i, "delete", "module.app")),
      instance(4, "no-op", "module.app"),
    ];
    none(checkPlan("AL-TF-MASS-005", plan));
  });
  it("a destroy plan is high, critical with data", () => {
    one(
      checkPlan(
        "AL-TF-MASS-006",
        range(3).map((i) => instance(i)),
      ),
      "high",
    );
    one(
      checkPlan("AL-TF-MASS-006", [
        ...range(3).map((i) => instance(i)),
        tfChange({ type: "aws_db_instance", action: "delete", before: AWS_DB_INSTANCE }),
      ]),
      "critical",
    );
    none(checkPlan("AL-TF-MASS-006", [...range(3).map((i) => instance(i)), instance(5, "no-op")]));
  });
});

describe("AL-TF-MASS-007/008/012", () => {
  it("five instances replaced because ami changed is medium", () => {
    const plan = range(5).map((i) =>
      tfChange({
        type: "aws_instance",
        name: "web",
        index: i,
        action: "replace",
        before: { ami: "ami-1" },
        after: { ami: "ami-2" },
        replacePaths: [["ami"]],
      }),
    );
    one(checkPlan("AL-TF-MASS-007", plan), "medium", "because ami changed");
  });
  it("ten forgets is medium", () => {
    const plan: Change[] = range(10).map((i) =>
      tfChange({ type: "aws_instance", name: "old", index: i, action: "forget", before: { ami: "ami-1" } }),
    );
    one(checkPlan("AL-TF-MASS-008", plan), "medium");
  });
  it("ten IAM grants removed is medium", () => {
    const plan = range(10).map((i) =>
      tfChange({
        type: "aws_iam_role_policy_attachment",
        name: "a",
        index: i,
        action: "delete",
        before: { policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", role: `r${i}` },
      }),
    );
    one(checkPlan("AL-TF-MASS-012", plan), "medium", "10 access grants");
  });
});

describe("containers AL-TF-MASS-009..011", () => {
  it("deleting a resource group is critical", () => {
    one(
      check(
        "AL-TF-MASS-011",
        tfChange({ type: "azurerm_resource_group", action: "delete", before: AZURE_RESOURCE_GROUP }),
      ),
      "critical",
      "every resource in the group",
    );
  });
  it("a project with deletion_policy ABANDON is only abandoned", () => {
    const p = {
      auto_create_network: true,
      billing_account: "0000",
      deletion_policy: "ABANDON",
      folder_id: "1",
      id: "projects/acme-dev",
      name: "acme-dev",
      number: "1",
      org_id: "",
      project_id: "acme-dev",
    };
    one(check("AL-TF-MASS-010", tfChange({ type: "google_project", action: "delete", before: p })), "low");
    one(
      check(
        "AL-TF-MASS-010",
        tfChange({ type: "google_project", action: "delete", before: { ...p, deletion_policy: "DELETE" } }),
      ),
      "critical",
    );
  });
});

describe("routine plans do not trip the plan-wide rules", () => {
  it("20 creates, 30 no-ops and 10 in-place updates", () => {
    const plan = [
      ...range(20).map((i) => instance(i, "create")),
      ...range(30).map((i) => instance(100 + i, "no-op")),
      ...range(10).map((i) =>
        tfChange({
          type: "kubernetes_deployment_v1",
          name: "svc",
          index: i,
          action: "update",
          before: K8S_DEPLOYMENT,
          after: K8S_DEPLOYMENT,
        }),
      ),
    ];
    for (const id of [
      "AL-TF-MASS-001",
      "AL-TF-MASS-002",
      "AL-TF-MASS-003",
      "AL-TF-MASS-004",
      "AL-TF-MASS-005",
      "AL-TF-MASS-006",
      "AL-TF-MASS-007",
      "AL-TF-MASS-008",
      "AL-TF-MASS-012",
    ])
      none(checkPlan(id, plan));
  });
});
