// Messages never carry sensitive values: with every attribute marked sensitive the rules still fire, but
// say "(sensitive)" instead of values; secret-named attributes never appear even when unmarked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Change } from "../../src/model/types.js";
import { isSecretName } from "../../src/model/values.js";
import { markAll, patch, runCatalog, tfChange } from "./helpers.js";
import * as S from "./shapes.js";

/** Risky changes whose findings would normally quote values from the resource. */
function riskyChanges(): Change[] {
  return [
    tfChange({
      type: "aws_security_group",
      name: "open",
      action: "update",
      before: S.AWS_SECURITY_GROUP,
      after: patch(S.AWS_SECURITY_GROUP, { ingress: [S.sgIngress(["0.0.0.0/0"], 22, 22)] }),
    }),
    tfChange({
      type: "aws_db_instance",
      name: "db",
      action: "update",
      before: S.AWS_DB_INSTANCE,
      after: patch(S.AWS_DB_INSTANCE, {
        deletion_protection: false,
        backup_retention_period: 0,
        publicly_accessible: true,
      }),
    }),
    tfChange({
      type: "aws_secretsmanager_secret",
      name: "s",
      action: "delete",
      before: S.AWS_SECRETSMANAGER_SECRET,
    }),
    tfChange({
      type: "aws_iam_role_policy_attachment",
      name: "admin",
      action: "create",
      after: {
        ...S.AWS_IAM_ROLE_POLICY_ATTACHMENT,
        policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
        role: "deploy-9f8e7d",
      },
    }),
    tfChange({
      type: "aws_iam_role",
      name: "trust",
      action: "update",
      before: S.AWS_IAM_ROLE,
      after: {
        ...S.AWS_IAM_ROLE,
        assume_role_policy: S.iamDoc([
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "sts:AssumeRole" },
        ]),
      },
    }),
    tfChange({
      type: "aws_iam_policy",
      name: "esc",
      action: "update",
      before: S.AWS_IAM_POLICY,
      after: {
        ...S.AWS_IAM_POLICY,
        policy: S.iamDoc([{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }]),
      },
    }),
    tfChange({
      type: "aws_s3_bucket_policy",
      name: "pub",
      action: "create",
      after: {
        ...S.AWS_S3_BUCKET_POLICY,
        policy: S.iamDoc([
          {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::acme-orders-exports/*",
          },
        ]),
      },
    }),
    tfChange({ type: "aws_route53_record", name: "r", action: "delete", before: S.AWS_ROUTE53_RECORD }),
    tfChange({ type: "aws_kms_key", name: "k", action: "delete", before: S.AWS_KMS_KEY }),
    tfChange({
      type: "google_project_iam_member",
      name: "o",
      action: "create",
      after: { ...S.GOOGLE_PROJECT_IAM_MEMBER, role: "roles/owner", member: "user:mallory@example.com" },
    }),
    tfChange({
      type: "google_compute_firewall",
      name: "fw",
      action: "create",
      after: patch(S.GOOGLE_COMPUTE_FIREWALL, {
        source_ranges: ["0.0.0.0/0"],
        allow: [{ ports: ["5432"], protocol: "tcp" }],
      }),
    }),
    tfChange({
      type: "azurerm_role_assignment",
      name: "ra",
      action: "create",
      after: { ...S.AZURE_ROLE_ASSIGNMENT, role_definition_name: "Owner", principal_type: "User" },
    }),
    tfChange({
      type: "azurerm_management_lock",
      name: "l",
      action: "delete",
      before: {
        lock_level: "CanNotDelete",
        name: "protect",
        scope: "/subscriptions/0000/resourceGroups/payments-prod",
      },
    }),
    tfChange({
      type: "kubernetes_cluster_role_binding_v1",
      name: "b",
      action: "create",
      after: patch(S.K8S_CLUSTER_ROLE_BINDING, {
        role_ref: [{ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }],
        subject: [{ api_group: "", kind: "User", name: "mallory@example.com", namespace: "" }],
      }),
    }),
    tfChange({
      type: "kubernetes_daemon_set_v1",
      name: "agent",
      action: "delete",
      before: { ...S.K8S_DEPLOYMENT, metadata: S.k8sMeta("fluent-bit-7c9d", "logging") },
    }),
  ];
}

/** Distinctive values the findings above quote when nothing is sensitive. */
const QUOTED = [
  "0.0.0.0/0",
  "AdministratorAccess",
  "deploy-9f8e7d",
  "999988887777",
  "iam:PassRole",
  "s3:GetObject",
  "api.example.com",
  "mallory@example.com",
  "roles/owner",
  "payments-prod",
  "CanNotDelete",
  "cluster-admin",
  "fluent-bit-7c9d",
];

function allSensitive(c: Change): Change {
  return {
    ...c,
    beforeSensitive: c.before ? (markAll(c.before) as Change["beforeSensitive"]) : false,
    afterSensitive: c.after ? (markAll(c.after) as Change["afterSensitive"]) : false,
  };
}

describe("findings never quote sensitive values", () => {
  it("the unmarked plan quotes the values (so the check below can fail)", () => {
    const text = runCatalog(riskyChanges())
      .map((f) => f.message)
      .join("\n");
    for (const q of QUOTED) assert.ok(text.includes(q), `expected ${q} to be quoted in:\n${text}`);
  });

  it("with every attribute marked sensitive the same rules fire and no value is quoted", () => {
    const plain = runCatalog(riskyChanges());
    const marked = runCatalog(riskyChanges().map(allSensitive));
    assert.deepEqual(
      marked.map((f) => `${f.ruleId} ${f.address}`).sort(),
      plain.map((f) => `${f.ruleId} ${f.address}`).sort(),
    );
    for (const f of marked)
      for (const q of QUOTED) assert.ok(!f.message.includes(q), `${f.ruleId} leaks ${q}: ${f.message}`);
  });

  it("secret-named attributes never appear, marked or not", () => {
    const secrets: string[] = [];
    const walk = (v: unknown, key = "") => {
      if (typeof v === "string" && isSecretName(key) && v.length >= 4) secrets.push(v);
      else if (Array.isArray(v)) for (const x of v) walk(x, key);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    const changes: Change[] = [];
    for (const [type, v] of [
      ["aws_db_instance", S.AWS_DB_INSTANCE],
      ["azurerm_storage_account", S.AZURE_STORAGE_ACCOUNT],
      ["aws_ssm_parameter", S.AWS_SSM_PARAMETER],
    ] as const) {
      walk(v);
      changes.push(tfChange({ type, name: "gone", action: "delete", before: v }));
      changes.push(tfChange({ type, name: "moved", action: "replace", before: v, after: v }));
    }
    assert.ok(secrets.length >= 3, "the fixtures hold secret-named values");
    const findings = runCatalog(changes);
    assert.ok(findings.length > 0);
    for (const f of findings)
      for (const s of secrets) assert.ok(!f.message.includes(s), `${f.ruleId} leaks a secret`);
  });
});
