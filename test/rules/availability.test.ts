import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_DB_INSTANCE,
  AWS_ECS_SERVICE,
  AWS_LAUNCH_TEMPLATE,
  AWS_LB,
  AWS_LB_LISTENER,
  AWS_ROUTE53_RECORD,
  AWS_ROUTE53_ZONE,
  GOOGLE_SQL_INSTANCE,
  K8S_DEPLOYMENT,
} from "./shapes.js";

describe("scaled to zero (AL-TF-AVAIL-001..004)", () => {
  it("ECS desired_count 3 → 0 is high; 3 → 2 is nothing", () => {
    one(
      check(
        "AL-TF-AVAIL-001",
        tfChange({
          type: "aws_ecs_service",
          action: "update",
          before: AWS_ECS_SERVICE,
          after: patch(AWS_ECS_SERVICE, { desired_count: 0 }),
        }),
      ),
      "high",
      "desired_count 3 → 0",
    );
    none(
      check(
        "AL-TF-AVAIL-001",
        tfChange({
          type: "aws_ecs_service",
          action: "update",
          before: AWS_ECS_SERVICE,
          after: patch(AWS_ECS_SERVICE, { desired_count: 2 }),
        }),
      ),
    );
  });
  it("an auto scaling group whose desired and max go to 0 is one finding", () => {
    const asg = { desired_capacity: 4, max_size: 8, min_size: 2, name: "web" };
    one(
      check(
        "AL-TF-AVAIL-001",
        tfChange({
          type: "aws_autoscaling_group",
          action: "update",
          before: asg,
          after: { ...asg, desired_capacity: 0, max_size: 0, min_size: 0 },
        }),
      ),
      "high",
    );
  });
  it('a kubernetes Deployment with replicas "3" → "0" (a string in the provider) is high', () => {
    const after = structuredClone(K8S_DEPLOYMENT);
    after.spec[0].replicas = "0";
    one(
      check(
        "AL-TF-AVAIL-004",
        tfChange({ type: "kubernetes_deployment_v1", action: "update", before: K8S_DEPLOYMENT, after }),
      ),
      "high",
      "spec[0].replicas 3 → 0",
    );
  });
  it("a GKE node pool autoscaling max to 0", () => {
    const np = {
      autoscaling: [
        {
          location_policy: "BALANCED",
          max_node_count: 5,
          min_node_count: 1,
          total_max_node_count: 0,
          total_min_node_count: 0,
        },
      ],
      name: "default",
      node_count: 3,
    };
    const after = {
      ...np,
      node_count: 0,
      autoscaling: [{ ...np.autoscaling[0], max_node_count: 0, min_node_count: 0 }],
    };
    one(
      check(
        "AL-TF-AVAIL-002",
        tfChange({ type: "google_container_node_pool", action: "update", before: np, after }),
      ),
      "high",
    );
  });
});

describe("stopped or disabled (AL-TF-AVAIL-005..008)", () => {
  it("CloudFront enabled → false is high", () => {
    const d = { enabled: true, id: "E2ABC", aliases: ["www.example.com"] };
    one(
      check(
        "AL-TF-AVAIL-005",
        tfChange({
          type: "aws_cloudfront_distribution",
          action: "update",
          before: d,
          after: { ...d, enabled: false },
        }),
      ),
      "high",
    );
  });
  it("a Cloud SQL activation policy NEVER stops the instance", () => {
    const after = structuredClone(GOOGLE_SQL_INSTANCE);
    after.settings[0].activation_policy = "NEVER";
    one(
      check(
        "AL-TF-AVAIL-006",
        tfChange({
          type: "google_sql_database_instance",
          action: "update",
          before: GOOGLE_SQL_INSTANCE,
          after,
        }),
      ),
      "high",
      "ALWAYS → NEVER",
    );
  });
  it("an Azure web app enabled → false is high", () => {
    const app = { enabled: true, https_only: true, name: "web", site_config: [{}] };
    one(
      check(
        "AL-TF-AVAIL-007",
        tfChange({
          type: "azurerm_linux_web_app",
          action: "update",
          before: app,
          after: { ...app, enabled: false },
        }),
      ),
      "high",
    );
  });
  it("a suspended CronJob is medium", () => {
    const cj = { metadata: [{ name: "backup" }], spec: [{ schedule: "0 2 * * *", suspend: false }] };
    one(
      check(
        "AL-TF-AVAIL-008",
        tfChange({
          type: "kubernetes_cron_job_v1",
          action: "update",
          before: cj,
          after: { ...cj, spec: [{ schedule: "0 2 * * *", suspend: true }] },
        }),
      ),
      "medium",
    );
  });
});

describe("DNS (AL-TF-AVAIL-010/011)", () => {
  it("deleting or replacing a hosted zone is critical, even create-before-destroy", () => {
    one(
      check(
        "AL-TF-AVAIL-010",
        tfChange({ type: "aws_route53_zone", action: "delete", before: AWS_ROUTE53_ZONE }),
      ),
      "critical",
    );
    one(
      check(
        "AL-TF-AVAIL-010",
        tfChange({
          type: "aws_route53_zone",
          action: "replace-create-first",
          before: AWS_ROUTE53_ZONE,
          after: patch(AWS_ROUTE53_ZONE, { name: "example.org" }),
        }),
      ),
      "critical",
      "new name servers",
    );
  });
  it("an A record delete is medium, NS/MX high, a replace low", () => {
    one(
      check(
        "AL-TF-AVAIL-011",
        tfChange({ type: "aws_route53_record", action: "delete", before: AWS_ROUTE53_RECORD }),
      ),
      "medium",
      "A record api.example.com",
    );
    one(
      check(
        "AL-TF-AVAIL-011",
        tfChange({
          type: "aws_route53_record",
          action: "delete",
          before: { ...AWS_ROUTE53_RECORD, type: "NS" },
        }),
      ),
      "high",
      "delegation",
    );
    one(
      check(
        "AL-TF-AVAIL-011",
        tfChange({
          type: "aws_route53_record",
          action: "replace",
          before: AWS_ROUTE53_RECORD,
          after: AWS_ROUTE53_RECORD,
        }),
      ),
      "low",
    );
  });
  it("the Azure record type comes from the resource type", () => {
    one(
      check(
        "AL-TF-AVAIL-011",
        tfChange({
          type: "azurerm_dns_mx_record",
          action: "delete",
          before: { name: "@", zone_name: "example.com" },
        }),
      ),
      "high",
      "MX record",
    );
  });
  it("a TTL update does not fire", () => {
    none(
      check(
        "AL-TF-AVAIL-011",
        tfChange({
          type: "aws_route53_record",
          action: "update",
          before: AWS_ROUTE53_RECORD,
          after: { ...AWS_ROUTE53_RECORD, ttl: 60 },
        }),
      ),
    );
  });
});

describe("entry points and backends (AL-TF-AVAIL-012/013)", () => {
  it("deleting a load balancer is high; create-before-destroy medium", () => {
    one(check("AL-TF-AVAIL-012", tfChange({ type: "aws_lb", action: "delete", before: AWS_LB })), "high");
    one(
      check(
        "AL-TF-AVAIL-012",
        tfChange({ type: "aws_lb", action: "replace-create-first", before: AWS_LB, after: AWS_LB }),
      ),
      "medium",
    );
  });
  it("deleting a listener is high; a create-before-destroy replacement is routine", () => {
    one(
      check(
        "AL-TF-AVAIL-013",
        tfChange({ type: "aws_lb_listener", action: "delete", before: AWS_LB_LISTENER }),
      ),
      "high",
    );
    none(
      check(
        "AL-TF-AVAIL-013",
        tfChange({
          type: "aws_lb_listener",
          action: "replace-create-first",
          before: AWS_LB_LISTENER,
          after: AWS_LB_LISTENER,
        }),
      ),
    );
    none(
      check(
        "AL-TF-AVAIL-013",
        tfChange({
          type: "aws_lb_target_group",
          action: "replace-create-first",
          before: { name: "web" },
          after: { name: "web2" },
        }),
      ),
    );
  });
  it("a deposed object deleted after create-before-destroy is cleanup", () => {
    none(
      check(
        "AL-TF-AVAIL-012",
        tfChange({ type: "aws_lb", action: "delete", before: AWS_LB, deposed: "a1b2c3d4" }),
      ),
    );
  });
});

describe("clusters, networks, compute (AL-TF-AVAIL-014..017)", () => {
  it("replacing an EKS cluster is critical; rolling a node group create-first is routine", () => {
    one(
      check(
        "AL-TF-AVAIL-014",
        tfChange({
          type: "aws_eks_cluster",
          action: "replace",
          before: { name: "prod" },
          after: { name: "prod" },
          replacePaths: [["vpc_config", 0, "subnet_ids"]],
        }),
      ),
      "critical",
    );
    none(
      check(
        "AL-TF-AVAIL-014",
        tfChange({
          type: "aws_eks_node_group",
          action: "replace-create-first",
          before: { node_group_name: "a" },
          after: { node_group_name: "b" },
        }),
      ),
    );
  });
  it("deleting a VPC is high", () => {
    one(
      check(
        "AL-TF-AVAIL-015",
        tfChange({ type: "aws_vpc", action: "delete", before: { cidr_block: "10.0.0.0/16", id: "vpc-1" } }),
      ),
      "high",
    );
  });
  it("deleting an instance is medium; a launch template replaced create-first is silent everywhere", () => {
    one(
      check(
        "AL-TF-AVAIL-016",
        tfChange({
          type: "aws_instance",
          action: "delete",
          before: { ami: "ami-1", instance_type: "t3.small" },
        }),
      ),
      "medium",
    );
    const lt = tfChange({
      type: "aws_launch_template",
      action: "replace-create-first",
      before: AWS_LAUNCH_TEMPLATE,
      after: patch(AWS_LAUNCH_TEMPLATE, { name: "web-v2" }),
    });
    for (const id of ["AL-TF-AVAIL-016", "AL-TF-AVAIL-012", "AL-TF-EXP-007", "AL-TF-ENC-001"])
      none(check(id, lt));
  });
});

describe("AL-TF-AVAIL-020/021", () => {
  it("multi_az true → false is medium", () => {
    one(
      check(
        "AL-TF-AVAIL-020",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: AWS_DB_INSTANCE,
          after: patch(AWS_DB_INSTANCE, { multi_az: false }),
        }),
      ),
      "medium",
    );
  });
  it("destroying a google_project_service disables the API unless disable_on_destroy = false", () => {
    const svc = {
      disable_dependent_services: false,
      disable_on_destroy: true,
      id: "acme-prod/sqladmin.googleapis.com",
      project: "acme-prod",
      service: "sqladmin.googleapis.com",
    };
    one(
      check("AL-TF-AVAIL-021", tfChange({ type: "google_project_service", action: "delete", before: svc })),
      "high",
      "sqladmin.googleapis.com",
    );
    none(
      check(
        "AL-TF-AVAIL-021",
        tfChange({
          type: "google_project_service",
          action: "delete",
          before: { ...svc, disable_on_destroy: false },
        }),
      ),
    );
  });
});
