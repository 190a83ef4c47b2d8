// Encryption: at-rest switches, customer-managed key references, key lifecycles, TLS settings.
import type { ControlSet } from "./audit.js";
import {
  changedTo,
  decreased,
  downgraded,
  impact,
  removed,
  type Transition,
  turnedOff,
  turnedOn,
} from "./common.js";

/** At-rest encryption switched off (AWS). On most of these the change forces a replacement. */
export const AWS_AT_REST: readonly Transition[] = [
  ...["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"].map((t) =>
    turnedOff(t, "storage_encrypted", "high", "the new storage is not encrypted"),
  ),
  turnedOff("aws_ebs_volume", "encrypted", "high", "the volume is not encrypted"),
  turnedOff("aws_efs_file_system", "encrypted", "high", "the file system is not encrypted"),
  turnedOff("aws_redshift_cluster", "encrypted", "high", "the cluster is not encrypted"),
  turnedOff(
    "aws_elasticache_replication_group",
    "at_rest_encryption_enabled",
    "high",
    "cache data is not encrypted",
  ),
  turnedOff(
    "aws_ebs_encryption_by_default",
    "enabled",
    "high",
    "new EBS volumes in the region are not encrypted",
  ),
  turnedOff("aws_instance", "root_block_device.0.encrypted", "high", "the root volume is not encrypted"),
  turnedOff("aws_instance", "ebs_block_device.*.encrypted", "high", "the volume is not encrypted"),
  turnedOff(
    "aws_launch_template",
    "block_device_mappings.*.ebs.0.encrypted",
    "high",
    "launched volumes are not encrypted",
  ),
  turnedOff("aws_opensearch_domain", "encrypt_at_rest.0.enabled", "high", "domain data is not encrypted"),
  turnedOff("aws_elasticsearch_domain", "encrypt_at_rest.0.enabled", "high", "domain data is not encrypted"),
  changedTo(
    "aws_kinesis_stream",
    "encryption_type",
    ["KMS"],
    ["NONE"],
    "high",
    "stream records are not encrypted",
  ),
  turnedOff("aws_sqs_queue", "sqs_managed_sse_enabled", "medium", "queue messages may be stored unencrypted"),
  changedTo(
    "aws_ssm_parameter",
    "type",
    ["SecureString"],
    ["String", "StringList"],
    "high",
    "the parameter value is stored and shown in plain text",
  ),
];

/** A customer-managed key reference removed (AWS): data falls back to an AWS-owned key or none. */
export const AWS_CMK: readonly Transition[] = [
  ...[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_redshift_cluster",
    "aws_cloudwatch_log_group",
    "aws_secretsmanager_secret",
    "aws_cloudtrail",
    "aws_kinesis_stream",
    "aws_elasticache_replication_group",
    "aws_fsx_lustre_file_system",
    "aws_fsx_windows_file_system",
  ].map((t) => removed(t, "kms_key_id", "medium", "it no longer uses the customer-managed KMS key")),
  ...["aws_sns_topic", "aws_sqs_queue"].map((t) =>
    removed(t, "kms_master_key_id", "medium", "it no longer uses the customer-managed KMS key"),
  ),
  removed(
    "aws_dynamodb_table",
    "server_side_encryption.0.kms_key_arn",
    "medium",
    "the table no longer uses the customer-managed key",
  ),
  turnedOff(
    "aws_dynamodb_table",
    "server_side_encryption.0.enabled",
    "low",
    "the table falls back to an AWS-owned key",
  ),
  removed(
    "aws_ecr_repository",
    "encryption_configuration.0.kms_key",
    "low",
    "images no longer use the customer-managed key",
  ),
  removed("aws_ssm_parameter", "key_id", "low", "the parameter no longer uses the customer-managed key"),
  removed(
    "aws_lambda_function",
    "kms_key_arn",
    "low",
    "environment variables no longer use the customer-managed key",
  ),
  removed(
    "aws_eks_cluster",
    "encryption_config",
    "high",
    "Kubernetes secrets are no longer envelope-encrypted with KMS",
  ),
];

/** S3 default encryption (bucket-level) removed or weakened. */
export const AWS_S3_ENCRYPTION: ControlSet = {
  impacts: [
    impact(
      "aws_s3_bucket_server_side_encryption_configuration",
      "bucket default encryption configuration",
      "medium",
      null,
      null,
      "new objects fall back to S3-managed keys (SSE-S3)",
    ),
  ],
  transitions: [
    downgraded(
      "aws_s3_bucket_server_side_encryption_configuration",
      "rule.*.apply_server_side_encryption_by_default.0.sse_algorithm",
      ["AES256", "aws:kms", "aws:kms:dsse"],
      "low",
      "objects are encrypted with S3-managed keys instead of KMS",
    ),
    removed(
      "aws_s3_bucket_server_side_encryption_configuration",
      "rule.*.apply_server_side_encryption_by_default.0.kms_master_key_id",
      "medium",
      "objects no longer use the customer-managed KMS key",
    ),
    removed(
      "aws_s3_bucket",
      "server_side_encryption_configuration",
      "medium",
      "the bucket's default encryption configuration is removed",
    ),
  ],
};

/** KMS keys (AWS): deletion is permanent after the waiting period; disabling breaks every decrypt. */
export const AWS_KEYS: ControlSet = {
  impacts: [
    ...["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"].map((t) =>
      impact(
        t,
        "KMS key",
        "critical",
        "critical",
        "critical",
        "it is scheduled for deletion; data encrypted with it becomes unreadable",
      ),
    ),
    impact("aws_kms_alias", "KMS alias", "medium", "low", null, "callers using the alias fail"),
    impact("aws_kms_grant", "KMS grant", "low", null, null),
    impact("aws_cloudhsm_v2_cluster", "CloudHSM cluster", "critical", "critical", "critical"),
  ],
  transitions: [
    ...["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"].map((t) =>
      turnedOff(t, "is_enabled", "high", "every decrypt with the key fails"),
    ),
    ...["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"].map((t) =>
      decreased(
        t,
        "deletion_window_in_days",
        "off",
        "low",
        "low",
        "a deleted key can be recovered for less time",
      ),
    ),
  ],
};

export const KEY_ROTATION: readonly Transition[] = [
  turnedOff("aws_kms_key", "enable_key_rotation", "medium", "the key material is no longer rotated"),
  removed("google_kms_crypto_key", "rotation_period", "medium", "the key material is no longer rotated"),
  removed("azurerm_key_vault_key", "rotation_policy", "medium", "the key is no longer rotated automatically"),
];

/** Cloud KMS (Google): destroying a key destroys all its versions. */
export const GOOGLE_KEYS: ControlSet = {
  impacts: [
    impact(
      "google_kms_crypto_key",
      "Cloud KMS key",
      "critical",
      "critical",
      "critical",
      "all its versions are scheduled for destruction; data encrypted with it becomes unreadable",
    ),
    impact("google_kms_crypto_key_version", "Cloud KMS key version", "critical", "critical", "high"),
    impact(
      "google_kms_key_ring",
      "Cloud KMS key ring",
      "low",
      "low",
      null,
      "key rings cannot be deleted; Terraform only forgets it",
    ),
  ],
  transitions: [
    changedTo(
      "google_kms_crypto_key_version",
      "state",
      ["ENABLED"],
      ["DISABLED", "DESTROYED", "DESTROY_SCHEDULED"],
      "high",
      "data encrypted with this version can no longer be decrypted",
    ),
    {
      kind: "decrease",
      type: "google_kms_crypto_key",
      path: "destroy_scheduled_duration",
      zeroMeans: "off",
      severity: "low",
      partialSeverity: "low",
      effect: "a destroyed key version can be restored for less time",
    },
  ],
};

/** A customer-managed key (CMEK) reference removed or app-layer encryption turned off (Google). */
export const GOOGLE_CMEK: readonly Transition[] = [
  removed(
    "google_storage_bucket",
    "encryption.0.default_kms_key_name",
    "medium",
    "objects no longer use the customer-managed key",
  ),
  removed(
    "google_sql_database_instance",
    "encryption_key_name",
    "medium",
    "the instance no longer uses the customer-managed key",
  ),
  removed(
    "google_compute_disk",
    "disk_encryption_key.0.kms_key_self_link",
    "medium",
    "the disk no longer uses the customer-managed key",
  ),
  removed(
    "google_bigquery_dataset",
    "default_encryption_configuration.0.kms_key_name",
    "medium",
    "new tables no longer use the customer-managed key",
  ),
  removed(
    "google_bigquery_table",
    "encryption_configuration.0.kms_key_name",
    "medium",
    "the table no longer uses the customer-managed key",
  ),
  removed("google_pubsub_topic", "kms_key_name", "medium", "messages no longer use the customer-managed key"),
  removed(
    "google_secret_manager_secret",
    "replication.0.auto.0.customer_managed_encryption",
    "medium",
    "secret versions no longer use the customer-managed key",
  ),
  changedTo(
    "google_container_cluster",
    "database_encryption.0.state",
    ["ENCRYPTED"],
    ["DECRYPTED"],
    "high",
    "Kubernetes secrets are no longer encrypted with Cloud KMS at the application layer",
  ),
];

/** Key Vaults and keys (Azure). */
export const AZURE_KEYS: ControlSet = {
  impacts: [
    impact(
      "azurerm_key_vault",
      "Key Vault",
      "critical",
      "critical",
      "critical",
      "its keys, secrets and certificates are deleted; data encrypted with its keys becomes unreadable",
    ),
    impact(
      "azurerm_key_vault_managed_hardware_security_module",
      "managed HSM",
      "critical",
      "critical",
      "critical",
    ),
    impact(
      "azurerm_key_vault_key",
      "Key Vault key",
      "critical",
      "critical",
      "high",
      "data encrypted with it becomes unreadable",
    ),
    impact(
      "azurerm_disk_encryption_set",
      "disk encryption set",
      "high",
      "high",
      null,
      "disks using it cannot start",
    ),
  ],
  transitions: [
    turnedOff(
      "azurerm_key_vault",
      "purge_protection_enabled",
      "high",
      "deleted keys and secrets can be purged at once",
    ),
    decreased(
      "azurerm_key_vault",
      "soft_delete_retention_days",
      "off",
      "medium",
      "medium",
      "deleted keys and secrets are recoverable for less time",
    ),
    turnedOff(
      "azurerm_key_vault_managed_hardware_security_module",
      "purge_protection_enabled",
      "high",
      "deleted keys can be purged at once",
    ),
  ],
};

/** Customer-managed keys and encryption switches (Azure). */
export const AZURE_ENCRYPTION: readonly Transition[] = [
  removed(
    "azurerm_storage_account",
    "customer_managed_key",
    "medium",
    "the account no longer uses the customer-managed key",
  ),
  turnedOff(
    "azurerm_storage_account",
    "infrastructure_encryption_enabled",
    "medium",
    "data is no longer double-encrypted",
  ),
  removed(
    "azurerm_managed_disk",
    "disk_encryption_set_id",
    "medium",
    "the disk no longer uses the customer-managed key",
  ),
  ...["azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine"].map((t) =>
    turnedOff(
      t,
      "encryption_at_host_enabled",
      "medium",
      "temporary disks and caches are no longer encrypted at the host",
    ),
  ),
  turnedOff(
    "azurerm_mssql_database",
    "transparent_data_encryption_enabled",
    "high",
    "the database is no longer encrypted at rest",
  ),
  removed(
    "azurerm_mssql_server",
    "transparent_data_encryption_key_vault_key_id",
    "medium",
    "the server no longer uses the customer-managed key",
  ),
  removed(
    "azurerm_kubernetes_cluster",
    "disk_encryption_set_id",
    "medium",
    "node disks no longer use the customer-managed key",
  ),
  removed(
    "azurerm_cosmosdb_account",
    "key_vault_key_id",
    "medium",
    "the account no longer uses the customer-managed key",
  ),
];

const AZURE_TLS_ORDER = ["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"];
const AZURE_TLS_DOTTED = ["1.0", "1.1", "1.2", "1.3"];

/** Encryption in transit weakened (AWS). */
export const AWS_IN_TRANSIT: readonly Transition[] = [
  ...["aws_lb_listener", "aws_alb_listener"].flatMap((t) => [
    changedTo(t, "protocol", ["HTTPS"], ["HTTP"], "medium", "traffic to the listener is no longer encrypted"),
    changedTo(
      t,
      "protocol",
      ["TLS"],
      ["TCP", "UDP", "TCP_UDP"],
      "medium",
      "traffic to the listener is no longer encrypted",
    ),
  ]),
  turnedOff(
    "aws_elasticache_replication_group",
    "transit_encryption_enabled",
    "medium",
    "cache traffic is no longer encrypted",
  ),
  changedTo(
    "aws_cloudfront_distribution",
    "default_cache_behavior.0.viewer_protocol_policy",
    ["redirect-to-https", "https-only"],
    ["allow-all"],
    "medium",
    "viewers may use plain HTTP",
  ),
  turnedOff(
    "aws_opensearch_domain",
    "domain_endpoint_options.0.enforce_https",
    "medium",
    "plain HTTP requests are accepted",
  ),
  turnedOff(
    "aws_opensearch_domain",
    "node_to_node_encryption.0.enabled",
    "medium",
    "traffic between nodes is not encrypted",
  ),
  changedTo(
    "aws_msk_cluster",
    "encryption_info.0.encryption_in_transit.0.client_broker",
    ["TLS"],
    ["TLS_PLAINTEXT", "PLAINTEXT"],
    "medium",
    "clients may connect without TLS",
  ),
  changedTo(
    "aws_api_gateway_domain_name",
    "security_policy",
    ["TLS_1_2"],
    ["TLS_1_0"],
    "medium",
    "clients may use TLS 1.0",
  ),
];

/** Encryption in transit weakened (Azure). */
export const AZURE_IN_TRANSIT: readonly Transition[] = [
  turnedOff(
    "azurerm_storage_account",
    "https_traffic_only_enabled",
    "medium",
    "plain HTTP requests are accepted",
  ),
  turnedOff(
    "azurerm_storage_account",
    "enable_https_traffic_only",
    "medium",
    "plain HTTP requests are accepted",
  ),
  downgraded(
    "azurerm_storage_account",
    "min_tls_version",
    AZURE_TLS_ORDER,
    "medium",
    "clients may use older TLS",
  ),
  downgraded(
    "azurerm_mssql_server",
    "minimum_tls_version",
    AZURE_TLS_DOTTED,
    "medium",
    "clients may use older TLS",
  ),
  downgraded(
    "azurerm_redis_cache",
    "minimum_tls_version",
    AZURE_TLS_DOTTED,
    "medium",
    "clients may use older TLS",
  ),
  turnedOn("azurerm_redis_cache", "non_ssl_port_enabled", "medium", "the unencrypted port 6379 is opened"),
  turnedOn("azurerm_redis_cache", "enable_non_ssl_port", "medium", "the unencrypted port 6379 is opened"),
  ...[
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_app_service",
    "azurerm_function_app",
  ].map((t) => turnedOff(t, "https_only", "medium", "the app accepts plain HTTP")),
  ...["azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server"].map((t) =>
    turnedOff(t, "ssl_enforcement_enabled", "medium", "clients may connect without TLS"),
  ),
];

/** Encryption in transit weakened (Google). */
export const GOOGLE_IN_TRANSIT: readonly Transition[] = [
  turnedOff(
    "google_sql_database_instance",
    "settings.0.ip_configuration.0.require_ssl",
    "medium",
    "clients may connect without TLS",
  ),
  changedTo(
    "google_sql_database_instance",
    "settings.0.ip_configuration.0.ssl_mode",
    ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"],
    ["ALLOW_UNENCRYPTED_AND_ENCRYPTED"],
    "medium",
    "clients may connect without TLS",
  ),
  downgraded(
    "google_compute_ssl_policy",
    "min_tls_version",
    ["TLS_1_0", "TLS_1_1", "TLS_1_2", "TLS_1_3"],
    "medium",
    "clients may use older TLS",
  ),
  changedTo(
    "google_redis_instance",
    "transit_encryption_mode",
    ["SERVER_AUTHENTICATION"],
    ["DISABLED"],
    "medium",
    "cache traffic is no longer encrypted",
  ),
];

/** Ingress TLS removed (Terraform kubernetes provider). */
export const KUBERNETES_IN_TRANSIT: readonly Transition[] = [
  "kubernetes_ingress",
  "kubernetes_ingress_v1",
].map((t) => removed(t, "spec.0.tls", "medium", "the Ingress serves plain HTTP"));
