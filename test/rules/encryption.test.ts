import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_DB_INSTANCE,
  AWS_KMS_KEY,
  AWS_LB_LISTENER,
  AWS_S3_BUCKET,
  AWS_SSM_PARAMETER,
  AZURE_KEY_VAULT,
  AZURE_STORAGE_ACCOUNT,
  GOOGLE_KMS_CRYPTO_KEY,
  GOOGLE_SQL_INSTANCE,
} from "./shapes.js";

describe("AWS at rest", () => {
  it("AL-TF-ENC-001: storage_encrypted true → false is high", () => {
    const c = tfChange({
      type: "aws_db_instance",
      action: "replace",
      before: AWS_DB_INSTANCE,
      after: patch(AWS_DB_INSTANCE, { storage_encrypted: false }),
      replacePaths: [["storage_encrypted"]],
    });
    one(check("AL-TF-ENC-001", c), "high", "storage_encrypted true → false");
  });
  it('AL-TF-ENC-001: a launch template volume with encrypted "true" → "false" (strings)', () => {
    const lt = (e: string) => ({
      block_device_mappings: [{ device_name: "/dev/xvda", ebs: [{ encrypted: e, volume_size: 20 }] }],
      name: "web",
    });
    one(
      check(
        "AL-TF-ENC-001",
        tfChange({ type: "aws_launch_template", action: "update", before: lt("true"), after: lt("false") }),
      ),
      "high",
    );
  });
  it("AL-TF-ENC-002: a customer-managed key removed is medium", () => {
    const v = { encrypted: true, kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/abcd", size: 100 };
    one(
      check(
        "AL-TF-ENC-002",
        tfChange({ type: "aws_ebs_volume", action: "replace", before: v, after: { ...v, kms_key_id: "" } }),
      ),
      "medium",
    );
  });
  it("AL-TF-ENC-002: a kms_key_id unknown until apply is not judged", () => {
    const v = { encrypted: true, kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/abcd", size: 100 };
    none(
      check(
        "AL-TF-ENC-002",
        tfChange({
          type: "aws_ebs_volume",
          action: "update",
          before: v,
          after: { encrypted: true, size: 200 },
          afterUnknown: { kms_key_id: true },
        }),
      ),
    );
  });
  it("AL-TF-ENC-003: deleting the bucket encryption configuration is medium, not when the bucket goes too", () => {
    const sse = {
      bucket: "acme-orders-exports",
      expected_bucket_owner: "",
      id: "acme-orders-exports",
      rule: [
        {
          apply_server_side_encryption_by_default: [
            { kms_master_key_id: "arn:aws:kms:...:key/abcd", sse_algorithm: "aws:kms" },
          ],
          bucket_key_enabled: true,
        },
      ],
    };
    const del = tfChange({
      type: "aws_s3_bucket_server_side_encryption_configuration",
      action: "delete",
      before: sse,
    });
    one(check("AL-TF-ENC-003", del), "medium");
    none(
      check("AL-TF-ENC-003", del, [
        tfChange({ type: "aws_s3_bucket", action: "delete", before: AWS_S3_BUCKET }),
      ]),
    );
  });
});

describe("keys", () => {
  it("AL-TF-ENC-004: destroying a KMS key is critical and states the waiting period", () => {
    one(
      check("AL-TF-ENC-004", tfChange({ type: "aws_kms_key", action: "delete", before: AWS_KMS_KEY })),
      "critical",
      "deletion after 30 days",
    );
  });
  it("AL-TF-ENC-004: a deposed KMS key is still scheduled for deletion", () => {
    one(
      check(
        "AL-TF-ENC-004",
        tfChange({ type: "aws_kms_key", action: "delete", before: AWS_KMS_KEY, deposed: "0000beef" }),
      ),
      "critical",
    );
  });
  it("AL-TF-ENC-004: is_enabled → false is high; a description change nothing", () => {
    one(
      check(
        "AL-TF-ENC-004",
        tfChange({
          type: "aws_kms_key",
          action: "update",
          before: AWS_KMS_KEY,
          after: { ...AWS_KMS_KEY, is_enabled: false },
        }),
      ),
      "high",
    );
    none(
      check(
        "AL-TF-ENC-004",
        tfChange({
          type: "aws_kms_key",
          action: "update",
          before: AWS_KMS_KEY,
          after: { ...AWS_KMS_KEY, description: "x" },
        }),
      ),
    );
  });
  it("AL-TF-ENC-005: rotation off is medium (AWS and Google)", () => {
    one(
      check(
        "AL-TF-ENC-005",
        tfChange({
          type: "aws_kms_key",
          action: "update",
          before: AWS_KMS_KEY,
          after: { ...AWS_KMS_KEY, enable_key_rotation: false },
        }),
      ),
      "medium",
    );
    one(
      check(
        "AL-TF-ENC-005",
        tfChange({
          type: "google_kms_crypto_key",
          action: "update",
          before: GOOGLE_KMS_CRYPTO_KEY,
          after: { ...GOOGLE_KMS_CRYPTO_KEY, rotation_period: null },
        }),
      ),
      "medium",
    );
  });
  it("AL-TF-ENC-006: destroying a Cloud KMS key is critical", () => {
    one(
      check(
        "AL-TF-ENC-006",
        tfChange({ type: "google_kms_crypto_key", action: "delete", before: GOOGLE_KMS_CRYPTO_KEY }),
      ),
      "critical",
    );
  });
  it("AL-TF-ENC-008/009: Key Vault deleted is critical, purge protection off high", () => {
    one(
      check(
        "AL-TF-ENC-008",
        tfChange({ type: "azurerm_key_vault", action: "delete", before: AZURE_KEY_VAULT }),
      ),
      "critical",
    );
    one(
      check(
        "AL-TF-ENC-009",
        tfChange({
          type: "azurerm_key_vault",
          action: "replace",
          before: AZURE_KEY_VAULT,
          after: { ...AZURE_KEY_VAULT, purge_protection_enabled: false },
        }),
      ),
      "high",
    );
  });
});

describe("in transit", () => {
  it("AL-TF-ENC-011: an HTTPS listener turned to HTTP is medium", () => {
    one(
      check(
        "AL-TF-ENC-011",
        tfChange({
          type: "aws_lb_listener",
          action: "update",
          before: AWS_LB_LISTENER,
          after: { ...AWS_LB_LISTENER, protocol: "HTTP", port: 80 },
        }),
      ),
      "medium",
      "HTTPS → HTTP",
    );
  });
  it("AL-TF-ENC-012: minimum TLS lowered is medium, raised nothing", () => {
    one(
      check(
        "AL-TF-ENC-012",
        tfChange({
          type: "azurerm_storage_account",
          action: "update",
          before: AZURE_STORAGE_ACCOUNT,
          after: patch(AZURE_STORAGE_ACCOUNT, { min_tls_version: "TLS1_0" }),
        }),
      ),
      "medium",
    );
    none(
      check(
        "AL-TF-ENC-012",
        tfChange({
          type: "azurerm_storage_account",
          action: "update",
          before: patch(AZURE_STORAGE_ACCOUNT, { min_tls_version: "TLS1_0" }),
          after: AZURE_STORAGE_ACCOUNT,
        }),
      ),
    );
  });
  it("AL-TF-ENC-013: Cloud SQL allowing unencrypted connections is medium", () => {
    const after = structuredClone(GOOGLE_SQL_INSTANCE);
    after.settings[0].ip_configuration[0].ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED";
    one(
      check(
        "AL-TF-ENC-013",
        tfChange({
          type: "google_sql_database_instance",
          action: "update",
          before: GOOGLE_SQL_INSTANCE,
          after,
        }),
      ),
      "medium",
    );
  });
  it("AL-TF-ENC-015: Ingress TLS removed is medium", () => {
    const ing = (tls: unknown[]) => ({
      metadata: [{ name: "web" }],
      spec: [{ ingress_class_name: "nginx", rule: [], tls }],
    });
    one(
      check(
        "AL-TF-ENC-015",
        tfChange({
          type: "kubernetes_ingress_v1",
          action: "update",
          before: ing([{ hosts: ["example.com"], secret_name: "web-tls" }]),
          after: ing([]),
        }),
      ),
      "medium",
    );
  });
});

describe("AL-TF-ENC-014 SecureString → String", () => {
  it("is high and never shows the parameter's value", () => {
    const c = tfChange({
      type: "aws_ssm_parameter",
      action: "update",
      before: AWS_SSM_PARAMETER,
      after: { ...AWS_SSM_PARAMETER, type: "String" },
      beforeSensitive: { value: true },
      afterSensitive: { value: true },
    });
    const h = one(check("AL-TF-ENC-014", c), "high", "SecureString → String");
    assert.ok(!h.message.includes(AWS_SSM_PARAMETER.value));
  });
});
