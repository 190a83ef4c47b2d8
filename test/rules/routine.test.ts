import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Change } from "../../src/model/types.js";
import { severityRank } from "../../src/model/types.js";
import { patch, runCatalog, runDispatched, tfChange } from "./helpers.js";
import * as S from "./shapes.js";

/** Every shape with the type it belongs to. */
const SHAPES: [string, Record<string, unknown>][] = [
  ["aws_db_instance", S.AWS_DB_INSTANCE],
  ["aws_s3_bucket", S.AWS_S3_BUCKET],
  ["aws_s3_bucket_public_access_block", S.AWS_S3_PUBLIC_ACCESS_BLOCK],
  ["aws_s3_bucket_versioning", S.AWS_S3_BUCKET_VERSIONING],
  ["aws_s3_bucket_policy", S.AWS_S3_BUCKET_POLICY],
  ["aws_security_group", S.AWS_SECURITY_GROUP],
  ["aws_iam_policy", S.AWS_IAM_POLICY],
  ["aws_iam_role", S.AWS_IAM_ROLE],
  ["aws_iam_role_policy_attachment", S.AWS_IAM_ROLE_POLICY_ATTACHMENT],
  ["aws_kms_key", S.AWS_KMS_KEY],
  ["aws_cloudtrail", S.AWS_CLOUDTRAIL],
  ["aws_ecs_service", S.AWS_ECS_SERVICE],
  ["aws_lb", S.AWS_LB],
  ["aws_lb_listener", S.AWS_LB_LISTENER],
  ["aws_route53_zone", S.AWS_ROUTE53_ZONE],
  ["aws_route53_record", S.AWS_ROUTE53_RECORD],
  ["aws_launch_template", S.AWS_LAUNCH_TEMPLATE],
  ["aws_dynamodb_table", S.AWS_DYNAMODB_TABLE],
  ["aws_cloudwatch_log_group", S.AWS_CLOUDWATCH_LOG_GROUP],
  ["aws_guardduty_detector", S.AWS_GUARDDUTY_DETECTOR],
  ["aws_flow_log", S.AWS_FLOW_LOG],
  ["aws_cloudwatch_metric_alarm", S.AWS_METRIC_ALARM],
  ["aws_secretsmanager_secret", S.AWS_SECRETSMANAGER_SECRET],
  ["aws_ssm_parameter", S.AWS_SSM_PARAMETER],
  ["google_sql_database_instance", S.GOOGLE_SQL_INSTANCE],
  ["google_storage_bucket", S.GOOGLE_STORAGE_BUCKET],
  ["google_storage_bucket_iam_member", S.GOOGLE_BUCKET_IAM_MEMBER],
  ["google_project_iam_member", S.GOOGLE_PROJECT_IAM_MEMBER],
  ["google_compute_firewall", S.GOOGLE_COMPUTE_FIREWALL],
  ["google_kms_crypto_key", S.GOOGLE_KMS_CRYPTO_KEY],
  ["google_logging_project_sink", S.GOOGLE_LOGGING_PROJECT_SINK],
  ["azurerm_storage_account", S.AZURE_STORAGE_ACCOUNT],
  ["azurerm_network_security_rule", S.AZURE_NSG_RULE],
  ["azurerm_role_assignment", S.AZURE_ROLE_ASSIGNMENT],
  ["azurerm_key_vault", S.AZURE_KEY_VAULT],
  ["azurerm_mssql_database", S.AZURE_MSSQL_DATABASE],
  ["azurerm_resource_group", S.AZURE_RESOURCE_GROUP],
  ["azurerm_monitor_diagnostic_setting", S.AZURE_DIAGNOSTIC_SETTING],
  ["kubernetes_namespace_v1", S.K8S_NAMESPACE],
  ["kubernetes_deployment_v1", S.K8S_DEPLOYMENT],
  ["kubernetes_persistent_volume_claim_v1", S.K8S_PVC],
  ["kubernetes_cluster_role_binding_v1", S.K8S_CLUSTER_ROLE_BINDING],
  ["kubernetes_service_v1", S.K8S_SERVICE],
];

function retag(v: Record<string, unknown>): Record<string, unknown> {
  if ("tags" in v)
    return patch(v, {
      tags: { ...(v.tags as object), CostCenter: "42" },
      tags_all: { ...(v.tags as object), CostCenter: "42" },
    });
  if ("labels" in v) return patch(v, { labels: { ...(v.labels as object), cost: "42" } });
  if ("user_labels" in v) return patch(v, { user_labels: { cost: "42" } });
  if ("metadata" in v) {
    const m = structuredClone(v.metadata) as Record<string, unknown>[];
    m[0].labels = { ...(m[0].labels as object), cost: "42" };
    return { ...v, metadata: m };
  }
  return patch(v, { description: "managed by terraform" });
}

function routinePlan(): Change[] {
  const out: Change[] = [];
  for (const [type, v] of SHAPES) {
    out.push(tfChange({ type, name: "tagged", action: "update", before: v, after: retag(v) }));
    out.push(tfChange({ type, name: "unchanged", action: "no-op", before: v, after: v }));
    out.push(tfChange({ type, name: "fresh", action: "create", after: v }));
  }
  // routine rolling replacement of a launch template and a target group
  out.push(
    tfChange({
      type: "aws_launch_template",
      name: "roll",
      action: "replace-create-first",
      before: S.AWS_LAUNCH_TEMPLATE,
      after: patch(S.AWS_LAUNCH_TEMPLATE, { name: "web-v4" }),
      replacePaths: [["name"]],
    }),
  );
  out.push(
    tfChange({
      type: "aws_lb_target_group",
      name: "roll",
      action: "replace-create-first",
      before: { name: "web-a", port: 80 },
      after: { name: "web-b", port: 80 },
    }),
  );
  // a data source read, and an import of an existing bucket
  out.push(
    tfChange({
      type: "aws_iam_policy_document",
      name: "doc",
      mode: "data",
      action: "read",
      after: { json: "{}" },
    }),
  );
  out.push(
    tfChange({
      type: "aws_s3_bucket",
      name: "imported",
      action: "import",
      before: S.AWS_S3_BUCKET,
      after: S.AWS_S3_BUCKET,
    }),
  );
  return out;
}

describe("a routine plan stays quiet", () => {
  it("tag-only updates, new benign resources, no-ops and rolling replacements: no high or critical finding", () => {
    const findings = runCatalog(routinePlan());
    const loud = findings.filter((f) => severityRank(f.severity) >= severityRank("high"));
    assert.deepEqual(
      loud.map((f) => `${f.ruleId} ${f.severity} ${f.message}`),
      [],
    );
  });

  it("tag-only updates produce no finding at all", () => {
    const tagged = routinePlan().filter((c) => c.name === "tagged");
    assert.deepEqual(
      runCatalog(tagged).map((f) => `${f.ruleId} ${f.message}`),
      [],
    );
  });

  it("the engine and rulesForType dispatch find the same things on a risky plan", () => {
    const risky: Change[] = [
      ...routinePlan(),
      tfChange({
        type: "aws_db_instance",
        name: "gone",
        action: "delete",
        before: patch(S.AWS_DB_INSTANCE, { skip_final_snapshot: true }),
      }),
      tfChange({
        type: "google_project_iam_member",
        name: "owner",
        action: "create",
        after: { ...S.GOOGLE_PROJECT_IAM_MEMBER, role: "roles/owner", member: "allUsers" },
      }),
      tfChange({
        type: "aws_security_group",
        name: "open",
        action: "update",
        before: S.AWS_SECURITY_GROUP,
        after: patch(S.AWS_SECURITY_GROUP, { ingress: [S.sgIngress(["0.0.0.0/0"], 22, 22)] }),
      }),
    ];
    const viaEngine = runCatalog(risky)
      .filter((f) => f.ruleId.startsWith("AL-TF-"))
      .map((f) => `${f.ruleId}|${f.address}|${f.severity}|${f.message}`)
      .sort();
    const viaIndex = runDispatched(risky)
      .map((x) => `${x.ruleId}|${x.address}|${x.hit.severity}|${x.hit.message}`)
      .sort();
    assert.deepEqual(viaIndex, viaEngine);
    for (const id of ["AL-TF-DATA-001", "AL-TF-EXP-023", "AL-TF-PRIV-020", "AL-TF-EXP-001"])
      assert.ok(
        viaEngine.some((f) => f.startsWith(`${id}|`)),
        `${id} did not fire`,
      );
  });
});
