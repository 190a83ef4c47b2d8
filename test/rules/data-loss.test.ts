import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_DB_INSTANCE,
  AWS_S3_BUCKET,
  AWS_S3_BUCKET_VERSIONING,
  AWS_SECRETSMANAGER_SECRET,
  AZURE_MSSQL_DATABASE,
  AZURE_STORAGE_ACCOUNT,
  GOOGLE_SQL_INSTANCE,
  GOOGLE_STORAGE_BUCKET,
  K8S_NAMESPACE,
  K8S_PVC,
  k8sMeta,
} from "./shapes.js";

const db = (over: Record<string, unknown> = {}) => patch(AWS_DB_INSTANCE, over);

describe("AL-TF-DATA-001 AWS database deleted or replaced", () => {
  it("replacing a database is critical and names the attribute that forces it", () => {
    const c = tfChange({
      type: "aws_db_instance",
      name: "orders",
      module: "module.db",
      action: "replace",
      before: db(),
      after: db({ identifier: "orders-v2" }),
      replacePaths: [["identifier"]],
    });
    const h = one(check("AL-TF-DATA-001", c), "critical", "module.db.aws_db_instance.orders");
    assert.match(h.message, /forced by identifier/);
    assert.match(h.message, /destroyed and re-created/);
  });

  it("create-before-destroy replacement still loses the data", () => {
    const c = tfChange({
      type: "aws_db_instance",
      action: "replace-create-first",
      before: db(),
      after: db(),
    });
    one(check("AL-TF-DATA-001", c), "critical");
  });

  it("a delete with a final snapshot is high, without one critical", () => {
    one(
      check("AL-TF-DATA-001", tfChange({ type: "aws_db_instance", action: "delete", before: db() })),
      "high",
      "only in the final snapshot",
    );
    const skipped = tfChange({
      type: "aws_db_instance",
      action: "delete",
      before: db({ skip_final_snapshot: true }),
    });
    one(check("AL-TF-DATA-001", skipped), "critical", "no final snapshot: skip_final_snapshot = true");
  });

  it("a read replica or cluster member is medium", () => {
    const replica = tfChange({
      type: "aws_db_instance",
      action: "delete",
      before: db({ replicate_source_db: "orders" }),
    });
    one(check("AL-TF-DATA-001", replica), "medium", "replica");
    const member = tfChange({
      type: "aws_rds_cluster_instance",
      action: "delete",
      before: { identifier: "orders-1" },
    });
    one(check("AL-TF-DATA-001", member), "medium", "the data stays in the cluster");
    // Not the generic consequence, which would contradict itself for a member.
    assert.ok(!check("AL-TF-DATA-001", member).some((h) => /data is lost/.test(h.message)));
  });

  it("a deposed object left by create-before-destroy is one level lower", () => {
    const c = tfChange({
      type: "aws_db_instance",
      action: "delete",
      before: db({ skip_final_snapshot: true }),
      deposed: "00000001",
    });
    one(check("AL-TF-DATA-001", c), "high", "deposed");
  });

  it("stays quiet on tag-only updates, creates, no-ops and data sources", () => {
    none(
      check(
        "AL-TF-DATA-001",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: db(),
          after: db({ tags: { Environment: "prod", Team: "core" } }),
        }),
      ),
    );
    none(check("AL-TF-DATA-001", tfChange({ type: "aws_db_instance", action: "create", after: db() })));
    none(
      check(
        "AL-TF-DATA-001",
        tfChange({ type: "aws_db_instance", action: "no-op", before: db(), after: db() }),
      ),
    );
    none(
      check(
        "AL-TF-DATA-001",
        tfChange({ type: "aws_db_instance", action: "read", mode: "data", after: db() }),
      ),
    );
  });

  it("DynamoDB tables count as databases", () => {
    one(
      check(
        "AL-TF-DATA-001",
        tfChange({ type: "aws_dynamodb_table", action: "delete", before: { name: "sessions" } }),
      ),
      "critical",
    );
  });
});

describe("AL-TF-DATA-002 / 005 buckets and secrets", () => {
  it("a bucket delete is high; with force_destroy it is critical", () => {
    one(
      check("AL-TF-DATA-002", tfChange({ type: "aws_s3_bucket", action: "delete", before: AWS_S3_BUCKET })),
      "high",
      "refuses while it is not empty",
    );
    const forced = tfChange({
      type: "aws_s3_bucket",
      action: "delete",
      before: patch(AWS_S3_BUCKET, { force_destroy: true }),
    });
    one(check("AL-TF-DATA-002", forced), "critical", "force_destroy = true");
  });

  it("a secret with recovery_window_in_days = 0 is gone at once: critical", () => {
    one(
      check(
        "AL-TF-DATA-005",
        tfChange({ type: "aws_secretsmanager_secret", action: "delete", before: AWS_SECRETSMANAGER_SECRET }),
      ),
      "high",
      "recoverable for 30 days",
    );
    const now = tfChange({
      type: "aws_secretsmanager_secret",
      action: "delete",
      before: patch(AWS_SECRETSMANAGER_SECRET, { recovery_window_in_days: 0 }),
    });
    one(check("AL-TF-DATA-005", now), "critical", "permanently");
  });
});

describe("AL-TF-DATA-010/011 Google Cloud", () => {
  it("deleting a Cloud SQL instance is critical", () => {
    one(
      check(
        "AL-TF-DATA-010",
        tfChange({ type: "google_sql_database_instance", action: "delete", before: GOOGLE_SQL_INSTANCE }),
      ),
      "critical",
      "Cloud SQL instance",
    );
  });
  it("a Firestore database with deletion_policy ABANDON is only abandoned", () => {
    const c = tfChange({
      type: "google_firestore_database",
      action: "delete",
      before: { name: "(default)", deletion_policy: "ABANDON" },
    });
    one(check("AL-TF-DATA-010", c), "low", "abandons");
  });
  it("a bucket with force_destroy is critical", () => {
    const c = tfChange({
      type: "google_storage_bucket",
      action: "delete",
      before: patch(GOOGLE_STORAGE_BUCKET, { force_destroy: true }),
    });
    one(check("AL-TF-DATA-011", c), "critical");
  });
});

describe("AL-TF-DATA-020/021 Azure", () => {
  it("replacing a SQL database is critical; a tag change is not", () => {
    one(
      check(
        "AL-TF-DATA-020",
        tfChange({
          type: "azurerm_mssql_database",
          action: "replace",
          before: AZURE_MSSQL_DATABASE,
          after: patch(AZURE_MSSQL_DATABASE, { name: "orders2" }),
          replacePaths: [["name"]],
        }),
      ),
      "critical",
    );
    none(
      check(
        "AL-TF-DATA-020",
        tfChange({
          type: "azurerm_mssql_database",
          action: "update",
          before: AZURE_MSSQL_DATABASE,
          after: patch(AZURE_MSSQL_DATABASE, { tags: { a: "b" } }),
        }),
      ),
    );
  });
  it("deleting a storage account is critical", () => {
    one(
      check(
        "AL-TF-DATA-021",
        tfChange({ type: "azurerm_storage_account", action: "delete", before: AZURE_STORAGE_ACCOUNT }),
      ),
      "critical",
    );
  });
});

describe("AL-TF-DATA-030/031/032/033 Kubernetes provider", () => {
  it("deleting a namespace is critical", () => {
    one(
      check(
        "AL-TF-DATA-030",
        tfChange({ type: "kubernetes_namespace", action: "delete", before: K8S_NAMESPACE }),
      ),
      "critical",
      "every object in it",
    );
  });
  it("kubernetes_manifest Namespace counts too", () => {
    const m = {
      manifest: { apiVersion: "v1", kind: "Namespace", metadata: { name: "payments" } },
      object: null,
    };
    one(
      check("AL-TF-DATA-030", tfChange({ type: "kubernetes_manifest", action: "delete", before: m })),
      "critical",
    );
    const cm = { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }, object: null };
    none(check("AL-TF-DATA-030", tfChange({ type: "kubernetes_manifest", action: "delete", before: cm })));
  });
  it("deleting a PVC is high", () => {
    one(
      check(
        "AL-TF-DATA-031",
        tfChange({ type: "kubernetes_persistent_volume_claim", action: "delete", before: K8S_PVC }),
      ),
      "high",
    );
  });
  it("switching StatefulSet claim retention to Delete is medium", () => {
    const sts = (p: string) => ({
      metadata: k8sMeta("ledger", "payments"),
      spec: [
        {
          replicas: "3",
          persistent_volume_claim_retention_policy: [{ when_deleted: p, when_scaled: "Retain" }],
          volume_claim_template: [{}],
        },
      ],
    });
    one(
      check(
        "AL-TF-DATA-032",
        tfChange({
          type: "kubernetes_stateful_set_v1",
          action: "update",
          before: sts("Retain"),
          after: sts("Delete"),
        }),
      ),
      "medium",
      "when_deleted",
    );
    one(
      check(
        "AL-TF-DATA-033",
        tfChange({ type: "kubernetes_stateful_set_v1", action: "delete", before: sts("Delete") }),
      ),
      "high",
    );
    none(
      check(
        "AL-TF-DATA-033",
        tfChange({ type: "kubernetes_stateful_set_v1", action: "delete", before: sts("Retain") }),
      ),
    );
  });
});

describe("protections switched off", () => {
  it("AL-TF-DATA-040: deletion_protection true → false is high, and only when it changes", () => {
    const c = tfChange({
      type: "aws_db_instance",
      action: "update",
      before: db(),
      after: db({ deletion_protection: false }),
    });
    one(check("AL-TF-DATA-040", c), "high", "deletion_protection true → false");
    none(
      check(
        "AL-TF-DATA-040",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: db({ deletion_protection: false }),
          after: db({ deletion_protection: false, tags: {} }),
        }),
      ),
    );
    none(
      check(
        "AL-TF-DATA-040",
        tfChange({ type: "aws_db_instance", action: "create", after: db({ deletion_protection: false }) }),
      ),
    );
  });

  it("AL-TF-DATA-040: an unknown after value is not judged", () => {
    const c = tfChange({
      type: "aws_db_instance",
      action: "update",
      before: db(),
      after: patch(db(), { deletion_protection: null }),
      afterUnknown: { deletion_protection: true },
    });
    none(check("AL-TF-DATA-040", c));
  });

  it("AL-TF-DATA-041: Cloud SQL deletion protection (both kinds)", () => {
    const after = patch(GOOGLE_SQL_INSTANCE, { deletion_protection: false });
    (after.settings[0] as Record<string, unknown>).deletion_protection_enabled = false;
    const hits = check(
      "AL-TF-DATA-041",
      tfChange({
        type: "google_sql_database_instance",
        action: "update",
        before: GOOGLE_SQL_INSTANCE,
        after,
      }),
    );
    assert.equal(hits.length, 2);
    assert.ok(hits.every((h) => h.severity === "high"));
    assert.ok(hits.some((h) => h.message.includes("settings[0].deletion_protection_enabled")));
  });

  it("AL-TF-DATA-042: removing an Azure CanNotDelete lock is high", () => {
    const lock = {
      id: "x",
      lock_level: "CanNotDelete",
      name: "protect",
      notes: "",
      scope: "/subscriptions/0000/resourceGroups/prod",
    };
    one(
      check("AL-TF-DATA-042", tfChange({ type: "azurerm_management_lock", action: "delete", before: lock })),
      "high",
      "resource group prod",
    );
  });

  it("AL-TF-DATA-043: skip_final_snapshot false → true is high", () => {
    one(
      check(
        "AL-TF-DATA-043",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: db(),
          after: db({ skip_final_snapshot: true }),
        }),
      ),
      "high",
    );
  });

  it("AL-TF-DATA-044: force_destroy on is medium, high in a plan that also destroys data", () => {
    const c = tfChange({
      type: "aws_s3_bucket",
      action: "update",
      before: AWS_S3_BUCKET,
      after: patch(AWS_S3_BUCKET, { force_destroy: true }),
    });
    one(check("AL-TF-DATA-044", c), "medium");
    const dbGone = tfChange({ type: "aws_db_instance", name: "other", action: "delete", before: db() });
    one(check("AL-TF-DATA-044", c, [dbGone]), "high", "also destroys 1 stateful resource");
  });

  it("AL-TF-DATA-046: versioning suspended or its resource destroyed", () => {
    const suspended = patch(AWS_S3_BUCKET_VERSIONING, {
      versioning_configuration: [{ mfa_delete: "", status: "Suspended" }],
    });
    one(
      check(
        "AL-TF-DATA-046",
        tfChange({
          type: "aws_s3_bucket_versioning",
          action: "update",
          before: AWS_S3_BUCKET_VERSIONING,
          after: suspended,
        }),
      ),
      "medium",
      "Enabled → Suspended",
    );
    const gone = tfChange({
      type: "aws_s3_bucket_versioning",
      action: "delete",
      before: AWS_S3_BUCKET_VERSIONING,
    });
    one(check("AL-TF-DATA-046", gone), "medium", "suspends versioning");
    const bucketGone = tfChange({ type: "aws_s3_bucket", action: "delete", before: AWS_S3_BUCKET });
    none(check("AL-TF-DATA-046", gone, [bucketGone]));
  });

  it("AL-TF-DATA-048: Azure blob versioning off", () => {
    const after = structuredClone(AZURE_STORAGE_ACCOUNT);
    after.blob_properties[0].versioning_enabled = false;
    one(
      check(
        "AL-TF-DATA-048",
        tfChange({ type: "azurerm_storage_account", action: "update", before: AZURE_STORAGE_ACCOUNT, after }),
      ),
      "medium",
    );
  });

  it("AL-TF-DATA-049: backup retention to 0 is high, a smaller decrease low, an increase nothing", () => {
    const upd = (b: number, a: number) =>
      check(
        "AL-TF-DATA-049",
        tfChange({
          type: "aws_db_instance",
          action: "update",
          before: db({ backup_retention_period: b }),
          after: db({ backup_retention_period: a }),
        }),
      );
    one(upd(7, 0), "high");
    one(upd(7, 3), "low");
    none(upd(3, 7));
  });

  it("AL-TF-DATA-050: Cloud SQL backups off is high", () => {
    const after = structuredClone(GOOGLE_SQL_INSTANCE);
    after.settings[0].backup_configuration[0].enabled = false;
    one(
      check(
        "AL-TF-DATA-050",
        tfChange({
          type: "google_sql_database_instance",
          action: "update",
          before: GOOGLE_SQL_INSTANCE,
          after,
        }),
      ),
      "high",
    );
  });

  it("AL-TF-DATA-052: DynamoDB PITR off", () => {
    const t = { name: "sessions", point_in_time_recovery: [{ enabled: true }] };
    one(
      check(
        "AL-TF-DATA-052",
        tfChange({
          type: "aws_dynamodb_table",
          action: "update",
          before: t,
          after: { ...t, point_in_time_recovery: [{ enabled: false }] },
        }),
      ),
      "medium",
    );
  });
});

describe("AL-TF-DATA-055 lifecycle expiration", () => {
  const lc = (rules: unknown[]) => ({
    bucket: "acme-orders-exports",
    expected_bucket_owner: "",
    id: "acme-orders-exports",
    rule: rules,
  });
  const expire = (id: string, days: number, prefix = "") => ({
    abort_incomplete_multipart_upload: [],
    expiration: [{ date: null, days, expired_object_delete_marker: false }],
    filter: [{ and: [], object_size_greater_than: null, object_size_less_than: null, prefix, tag: [] }],
    id,
    noncurrent_version_expiration: [],
    noncurrent_version_transition: [],
    prefix: "",
    status: "Enabled",
    transition: [],
  });

  it("a new whole-bucket expiration is medium; a prefixed one low; unchanged nothing", () => {
    const before = lc([]);
    one(
      check(
        "AL-TF-DATA-055",
        tfChange({
          type: "aws_s3_bucket_lifecycle_configuration",
          action: "update",
          before,
          after: lc([expire("all", 30)]),
        }),
      ),
      "medium",
      "the whole bucket after 30 days",
    );
    one(
      check(
        "AL-TF-DATA-055",
        tfChange({
          type: "aws_s3_bucket_lifecycle_configuration",
          action: "update",
          before,
          after: lc([expire("tmp", 7, "tmp/")]),
        }),
      ),
      "low",
    );
    none(
      check(
        "AL-TF-DATA-055",
        tfChange({
          type: "aws_s3_bucket_lifecycle_configuration",
          action: "update",
          before: lc([expire("all", 30)]),
          after: lc([expire("all", 30)]),
        }),
      ),
    );
  });

  it("shortening an existing expiration counts", () => {
    one(
      check(
        "AL-TF-DATA-055",
        tfChange({
          type: "aws_s3_bucket_lifecycle_configuration",
          action: "update",
          before: lc([expire("all", 365)]),
          after: lc([expire("all", 30)]),
        }),
      ),
      "medium",
    );
  });
});
