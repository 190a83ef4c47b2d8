import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_DB_INSTANCE,
  AWS_LB,
  AWS_S3_BUCKET,
  AWS_S3_BUCKET_POLICY,
  AWS_S3_PUBLIC_ACCESS_BLOCK,
  AWS_SECURITY_GROUP,
  AWS_SECURITY_GROUP_RULE,
  AWS_VPC_INGRESS_RULE,
  AZURE_NSG_RULE,
  AZURE_STORAGE_ACCOUNT,
  GOOGLE_BUCKET_IAM_MEMBER,
  GOOGLE_COMPUTE_FIREWALL,
  GOOGLE_PROJECT_IAM_MEMBER,
  GOOGLE_STORAGE_BUCKET,
  iamDoc,
  K8S_SERVICE,
  sgIngress,
} from "./shapes.js";

function sgUpdate(extra: unknown[], beforeExtra: unknown[] = []) {
  return tfChange({
    type: "aws_security_group",
    name: "web",
    action: "update",
    before: patch(AWS_SECURITY_GROUP, { ingress: [...AWS_SECURITY_GROUP.ingress, ...beforeExtra] }),
    after: patch(AWS_SECURITY_GROUP, { ingress: [...AWS_SECURITY_GROUP.ingress, ...extra] }),
  });
}

describe("AL-TF-EXP-001 AWS security group newly open to the internet", () => {
  it("SSH from 0.0.0.0/0 is critical and the message names the port", () => {
    one(
      check("AL-TF-EXP-001", sgUpdate([sgIngress(["0.0.0.0/0"], 22, 22)])),
      "critical",
      "0.0.0.0/0 to SSH 22/tcp",
    );
  });
  it("all traffic (-1) is critical", () => {
    one(check("AL-TF-EXP-001", sgUpdate([sgIngress(["0.0.0.0/0"], 0, 0, "-1")])), "critical", "all traffic");
  });
  it("::/0 on PostgreSQL is critical", () => {
    one(check("AL-TF-EXP-001", sgUpdate([sgIngress([], 5432, 5432, "tcp", ["::/0"])])), "critical", "::/0");
  });
  it("HTTPS from the internet is low; a single app port medium; a wide range high", () => {
    one(check("AL-TF-EXP-001", sgUpdate([sgIngress(["0.0.0.0/0"], 443, 443)])), "low");
    one(check("AL-TF-EXP-001", sgUpdate([sgIngress(["0.0.0.0/0"], 8443, 8443)])), "medium");
    one(check("AL-TF-EXP-001", sgUpdate([sgIngress(["0.0.0.0/0"], 30000, 32767)])), "high");
  });
  it("an already-open rule that is unchanged does not fire", () => {
    const open = sgIngress(["0.0.0.0/0"], 22, 22);
    none(check("AL-TF-EXP-001", sgUpdate([open], [open])));
    // narrowing an all-ports rule to SSH is not newly open either
    none(check("AL-TF-EXP-001", sgUpdate([open], [sgIngress(["0.0.0.0/0"], 0, 65535)])));
  });
  it("private sources never fire", () => {
    none(check("AL-TF-EXP-001", sgUpdate([sgIngress(["10.20.0.0/16"], 22, 22)])));
  });
  it("a new security group created with RDP open is critical", () => {
    const c = tfChange({ type: "aws_security_group_rule", action: "create", after: AWS_SECURITY_GROUP_RULE });
    one(check("AL-TF-EXP-001", c), "critical", "is created allowing");
  });
  it("aws_vpc_security_group_ingress_rule with cidr_ipv4 0.0.0.0/0", () => {
    one(
      check(
        "AL-TF-EXP-001",
        tfChange({
          type: "aws_vpc_security_group_ingress_rule",
          action: "create",
          after: AWS_VPC_INGRESS_RULE,
        }),
      ),
      "critical",
      "PostgreSQL",
    );
    none(
      check(
        "AL-TF-EXP-001",
        tfChange({
          type: "aws_vpc_security_group_ingress_rule",
          action: "create",
          after: patch(AWS_VPC_INGRESS_RULE, { cidr_ipv4: "10.0.0.0/8" }),
        }),
      ),
    );
  });
  it("egress rules do not count", () => {
    const egress = patch(AWS_SECURITY_GROUP_RULE, { type: "egress" });
    none(
      check("AL-TF-EXP-001", tfChange({ type: "aws_security_group_rule", action: "create", after: egress })),
    );
  });
});

describe("AL-TF-EXP-003 publicly_accessible", () => {
  it("false → true is high; a new public database medium; a private one nothing", () => {
    one(
      check(
        "AL-TF-EXP-003",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: AWS_DB_INSTANCE,
          after: patch(AWS_DB_INSTANCE, { publicly_accessible: true }),
        }),
      ),
      "high",
      "publicly_accessible false → true",
    );
    one(
      check(
        "AL-TF-EXP-003",
        tfChange({
          type: "aws_db_instance",
          action: "create",
          after: patch(AWS_DB_INSTANCE, { publicly_accessible: true }),
        }),
      ),
      "medium",
      "is created with",
    );
    none(
      check("AL-TF-EXP-003", tfChange({ type: "aws_db_instance", action: "create", after: AWS_DB_INSTANCE })),
    );
  });
});

describe("AL-TF-EXP-004 S3 Block Public Access", () => {
  it("turning block_public_policy off is high", () => {
    const after = patch(AWS_S3_PUBLIC_ACCESS_BLOCK, { block_public_policy: false });
    one(
      check(
        "AL-TF-EXP-004",
        tfChange({
          type: "aws_s3_bucket_public_access_block",
          action: "update",
          before: AWS_S3_PUBLIC_ACCESS_BLOCK,
          after,
        }),
      ),
      "high",
      "block_public_policy",
    );
  });
  it("deleting the block while the bucket stays is high; deleting both is the bucket's business", () => {
    const del = tfChange({
      type: "aws_s3_bucket_public_access_block",
      action: "delete",
      before: AWS_S3_PUBLIC_ACCESS_BLOCK,
    });
    one(check("AL-TF-EXP-004", del), "high");
    none(
      check("AL-TF-EXP-004", del, [
        tfChange({ type: "aws_s3_bucket", action: "delete", before: AWS_S3_BUCKET }),
      ]),
    );
  });
  it("account-wide block removal is critical", () => {
    const acct = {
      account_id: "123456789012",
      block_public_acls: true,
      block_public_policy: true,
      id: "123456789012",
      ignore_public_acls: true,
      restrict_public_buckets: true,
    };
    one(
      check(
        "AL-TF-EXP-004",
        tfChange({ type: "aws_s3_account_public_access_block", action: "delete", before: acct }),
      ),
      "critical",
    );
  });
});

describe("AL-TF-EXP-005/006 S3 ACLs and resource policies", () => {
  it("public-read-write canned ACL is critical", () => {
    const acl = {
      access_control_policy: [],
      acl: "public-read-write",
      bucket: "acme-orders-exports",
      expected_bucket_owner: "",
      id: "acme-orders-exports,public-read-write",
    };
    one(
      check("AL-TF-EXP-005", tfChange({ type: "aws_s3_bucket_acl", action: "create", after: acl })),
      "critical",
    );
    none(
      check(
        "AL-TF-EXP-005",
        tfChange({ type: "aws_s3_bucket_acl", action: "create", after: { ...acl, acl: "private" } }),
      ),
    );
  });

  it("a bucket policy that newly allows Principal * without a condition fires", () => {
    const open = iamDoc([
      {
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::acme-orders-exports/*",
      },
    ]);
    const c = tfChange({
      type: "aws_s3_bucket_policy",
      action: "update",
      before: AWS_S3_BUCKET_POLICY,
      after: { ...AWS_S3_BUCKET_POLICY, policy: open },
    });
    one(check("AL-TF-EXP-006", c), "high", "s3:GetObject");
    const write = iamDoc([
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["s3:PutObject"],
        Resource: "arn:aws:s3:::acme-orders-exports/*",
      },
    ]);
    one(
      check(
        "AL-TF-EXP-006",
        tfChange({
          type: "aws_s3_bucket_policy",
          action: "create",
          after: { ...AWS_S3_BUCKET_POLICY, policy: write },
        }),
      ),
      "critical",
    );
  });

  it("an organization-restricted policy, or an unchanged public one, does not fire", () => {
    none(
      check(
        "AL-TF-EXP-006",
        tfChange({ type: "aws_s3_bucket_policy", action: "create", after: AWS_S3_BUCKET_POLICY }),
      ),
    );
    const open = iamDoc([
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" },
    ]);
    // same document, different whitespace and key order
    const reformatted = JSON.stringify(JSON.parse(open), null, 2);
    none(
      check(
        "AL-TF-EXP-006",
        tfChange({
          type: "aws_s3_bucket_policy",
          action: "update",
          before: { ...AWS_S3_BUCKET_POLICY, policy: open },
          after: { ...AWS_S3_BUCKET_POLICY, policy: reformatted },
        }),
      ),
    );
  });

  it("a malformed policy string never throws", () => {
    none(
      check(
        "AL-TF-EXP-006",
        tfChange({
          type: "aws_s3_bucket_policy",
          action: "create",
          after: { ...AWS_S3_BUCKET_POLICY, policy: '{"Statement": [' },
        }),
      ),
    );
  });
});

describe("AL-TF-EXP-008 load balancer made internet-facing", () => {
  it("internal true → false is high", () => {
    one(
      check(
        "AL-TF-EXP-008",
        tfChange({
          type: "aws_lb",
          action: "replace",
          before: AWS_LB,
          after: patch(AWS_LB, { internal: false }),
          replacePaths: [["internal"]],
        }),
      ),
      "high",
    );
  });
});

describe("AL-TF-EXP-020..024 Google Cloud", () => {
  const fw = (over: Record<string, unknown>) => patch(GOOGLE_COMPUTE_FIREWALL, over);
  it("a firewall newly allowing SSH from 0.0.0.0/0 is critical", () => {
    const c = tfChange({
      type: "google_compute_firewall",
      action: "update",
      before: fw({}),
      after: fw({ source_ranges: ["0.0.0.0/0"], allow: [{ ports: ["22"], protocol: "tcp" }] }),
    });
    one(check("AL-TF-EXP-020", c), "critical", "SSH 22/tcp");
  });
  it("enabling a disabled open rule counts; an unchanged open rule does not", () => {
    const open = { source_ranges: ["0.0.0.0/0"], allow: [{ ports: ["3306"], protocol: "tcp" }] };
    one(
      check(
        "AL-TF-EXP-020",
        tfChange({
          type: "google_compute_firewall",
          action: "update",
          before: fw({ ...open, disabled: true }),
          after: fw(open),
        }),
      ),
      "critical",
      "MySQL",
    );
    none(
      check(
        "AL-TF-EXP-020",
        tfChange({
          type: "google_compute_firewall",
          action: "update",
          before: fw(open),
          after: fw({ ...open, description: "x" }),
        }),
      ),
    );
  });
  it("allow with no ports opens every port of the protocol", () => {
    const c = tfChange({
      type: "google_compute_firewall",
      action: "create",
      after: fw({ source_ranges: ["0.0.0.0/0"], allow: [{ ports: [], protocol: "tcp" }] }),
    });
    one(check("AL-TF-EXP-020", c), "critical", "all tcp ports");
  });
  it("EGRESS rules do not count", () => {
    none(
      check(
        "AL-TF-EXP-020",
        tfChange({
          type: "google_compute_firewall",
          action: "create",
          after: fw({ direction: "EGRESS", source_ranges: [], destination_ranges: ["0.0.0.0/0"] }),
        }),
      ),
    );
  });
  it("allUsers on a bucket is high; objectAdmin for allUsers critical", () => {
    one(
      check(
        "AL-TF-EXP-021",
        tfChange({
          type: "google_storage_bucket_iam_member",
          action: "create",
          after: { ...GOOGLE_BUCKET_IAM_MEMBER, member: "allUsers" },
        }),
      ),
      "high",
      "allUsers",
    );
    one(
      check(
        "AL-TF-EXP-021",
        tfChange({
          type: "google_storage_bucket_iam_member",
          action: "create",
          after: { ...GOOGLE_BUCKET_IAM_MEMBER, member: "allUsers", role: "roles/storage.objectAdmin" },
        }),
      ),
      "critical",
    );
    none(
      check(
        "AL-TF-EXP-021",
        tfChange({
          type: "google_storage_bucket_iam_member",
          action: "create",
          after: GOOGLE_BUCKET_IAM_MEMBER,
        }),
      ),
    );
  });
  it("public access prevention relaxed is medium", () => {
    one(
      check(
        "AL-TF-EXP-021",
        tfChange({
          type: "google_storage_bucket",
          action: "update",
          before: GOOGLE_STORAGE_BUCKET,
          after: patch(GOOGLE_STORAGE_BUCKET, { public_access_prevention: "inherited" }),
        }),
      ),
      "medium",
    );
  });
  it("a bucket IAM policy (authoritative) with allAuthenticatedUsers", () => {
    const policy = {
      bucket: "b/acme-reports",
      etag: "x",
      id: "b/acme-reports",
      policy_data: JSON.stringify({
        bindings: [{ role: "roles/storage.objectViewer", members: ["allAuthenticatedUsers"] }],
      }),
    };
    one(
      check(
        "AL-TF-EXP-021",
        tfChange({ type: "google_storage_bucket_iam_policy", action: "create", after: policy }),
      ),
      "high",
      "allAuthenticatedUsers",
    );
  });
  it("allUsers at project level is critical; a public Cloud Run invoker low", () => {
    one(
      check(
        "AL-TF-EXP-023",
        tfChange({
          type: "google_project_iam_member",
          action: "create",
          after: { ...GOOGLE_PROJECT_IAM_MEMBER, member: "allUsers" },
        }),
      ),
      "critical",
    );
    const run = {
      condition: [],
      etag: "x",
      id: "x",
      location: "us-central1",
      member: "allUsers",
      project: "acme-prod",
      role: "roles/run.invoker",
      service: "web",
    };
    one(
      check(
        "AL-TF-EXP-023",
        tfChange({ type: "google_cloud_run_service_iam_member", action: "create", after: run }),
      ),
      "low",
    );
  });
});

describe("AL-TF-EXP-030..033 Azure", () => {
  it("RDP from * is critical; HTTPS from Internet low; private nothing", () => {
    one(
      check(
        "AL-TF-EXP-030",
        tfChange({
          type: "azurerm_network_security_rule",
          action: "create",
          after: { ...AZURE_NSG_RULE, source_address_prefix: "*", destination_port_range: "3389" },
        }),
      ),
      "critical",
      "RDP",
    );
    one(
      check(
        "AL-TF-EXP-030",
        tfChange({
          type: "azurerm_network_security_rule",
          action: "create",
          after: { ...AZURE_NSG_RULE, source_address_prefix: "Internet" },
        }),
      ),
      "low",
    );
    none(
      check(
        "AL-TF-EXP-030",
        tfChange({ type: "azurerm_network_security_rule", action: "create", after: AZURE_NSG_RULE }),
      ),
    );
  });
  it("Deny rules and outbound rules do not count", () => {
    none(
      check(
        "AL-TF-EXP-030",
        tfChange({
          type: "azurerm_network_security_rule",
          action: "create",
          after: { ...AZURE_NSG_RULE, source_address_prefix: "*", access: "Deny" },
        }),
      ),
    );
    none(
      check(
        "AL-TF-EXP-030",
        tfChange({
          type: "azurerm_network_security_rule",
          action: "create",
          after: { ...AZURE_NSG_RULE, source_address_prefix: "*", direction: "Outbound" },
        }),
      ),
    );
  });
  it("public_network_access_enabled false → true is high; tags nothing", () => {
    one(
      check(
        "AL-TF-EXP-031",
        tfChange({
          type: "azurerm_storage_account",
          action: "update",
          before: AZURE_STORAGE_ACCOUNT,
          after: patch(AZURE_STORAGE_ACCOUNT, { public_network_access_enabled: true }),
        }),
      ),
      "high",
    );
    none(
      check(
        "AL-TF-EXP-031",
        tfChange({
          type: "azurerm_storage_account",
          action: "update",
          before: AZURE_STORAGE_ACCOUNT,
          after: patch(AZURE_STORAGE_ACCOUNT, { tags: { env: "prod", x: "y" } }),
        }),
      ),
    );
  });
  it("database firewall 0.0.0.0–255.255.255.255 is high; Azure services only low", () => {
    const rule = (s: string, e: string) => ({
      end_ip_address: e,
      id: "x",
      name: "all",
      server_id: "/s",
      start_ip_address: s,
    });
    one(
      check(
        "AL-TF-EXP-033",
        tfChange({
          type: "azurerm_mssql_firewall_rule",
          action: "create",
          after: rule("0.0.0.0", "255.255.255.255"),
        }),
      ),
      "high",
    );
    one(
      check(
        "AL-TF-EXP-033",
        tfChange({
          type: "azurerm_mssql_firewall_rule",
          action: "create",
          after: rule("0.0.0.0", "0.0.0.0"),
        }),
      ),
      "low",
    );
    none(
      check(
        "AL-TF-EXP-033",
        tfChange({
          type: "azurerm_mssql_firewall_rule",
          action: "create",
          after: rule("203.0.113.10", "203.0.113.10"),
        }),
      ),
    );
  });
});

describe("AL-TF-EXP-040/041 Kubernetes", () => {
  it("ClusterIP → LoadBalancer is medium", () => {
    const after = structuredClone(K8S_SERVICE);
    after.spec[0].type = "LoadBalancer";
    one(
      check(
        "AL-TF-EXP-040",
        tfChange({ type: "kubernetes_service_v1", action: "update", before: K8S_SERVICE, after }),
      ),
      "medium",
      "ClusterIP → LoadBalancer",
    );
    none(
      check(
        "AL-TF-EXP-040",
        tfChange({
          type: "kubernetes_service_v1",
          action: "update",
          before: K8S_SERVICE,
          after: K8S_SERVICE,
        }),
      ),
    );
  });
  it("dropping the internal load balancer annotation is high", () => {
    const internal = structuredClone(K8S_SERVICE);
    internal.spec[0].type = "LoadBalancer";
    internal.metadata[0].annotations = {
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    } as unknown as Record<string, never>;
    const external = structuredClone(internal);
    external.metadata[0].annotations = {};
    const hits = check(
      "AL-TF-EXP-040",
      tfChange({ type: "kubernetes_service", action: "update", before: internal, after: external }),
    );
    assert.ok(
      hits.some((h) => h.severity === "high" && h.message.includes("internet-facing")),
      JSON.stringify(hits),
    );
  });
  it("deleting a NetworkPolicy is medium", () => {
    one(
      check(
        "AL-TF-EXP-041",
        tfChange({
          type: "kubernetes_network_policy_v1",
          action: "delete",
          before: { metadata: [{ name: "deny-all" }] },
        }),
      ),
      "medium",
    );
  });
});
