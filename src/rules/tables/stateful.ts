// Which resource types hold state (data that is lost when the object is destroyed) and what they hold,
// for AWS, Google Cloud, Azure and the Terraform kubernetes provider.
import type { Severity } from "../../model/types.js";
import type { CloudProvider } from "./common.js";

export type StatefulKind =
  | "database"
  | "warehouse"
  | "search"
  | "cache"
  | "object-storage"
  | "registry"
  | "block-storage"
  | "file-storage"
  | "snapshot"
  | "backup-vault"
  | "queue"
  | "stream"
  | "secret"
  | "key"
  | "directory"
  | "repository"
  | "log-store"
  | "dns-zone"
  | "namespace"
  | "volume-claim"
  | "volume"
  | "stateful-workload";

export interface StatefulType {
  type: string;
  provider: CloudProvider;
  kind: StatefulKind;
  /** Plain words for messages: "RDS database instance". */
  holds: string;
  /** Severity when the object is destroyed (deleted or replaced) with its data. */
  severity: Severity;
  /** A final snapshot/backup is taken on delete unless `skip` is true (or `identifier` is empty). */
  finalSnapshot?: { skip?: string; identifier?: string };
  /** The object is a replica of another when this attribute is set: its loss is less severe. */
  replicaOf?: string;
  /** With this attribute true the provider deletes the contents too (`force_destroy`). */
  forceDestroy?: string;
  /** Without `forceDestroy` the provider refuses to delete the object while it has contents. */
  refusesWhenNotEmpty?: boolean;
  /** With this attribute at this value Terraform only abandons the object (it is not deleted). */
  abandonWhen?: { path: string; value: string | boolean };
  /** Recovery window attribute: 0 means immediate, permanent deletion. */
  recoveryWindow?: string;
  /** What destroying it does, when more than "its data is lost". */
  consequence?: string;
}

function t(
  provider: CloudProvider,
  kind: StatefulKind,
  severity: Severity,
  holds: string,
  types: string[],
  extra: Partial<StatefulType> = {},
): StatefulType[] {
  return types.map((type) => ({ type, provider, kind, severity, holds, ...extra }));
}

const RDS_SNAPSHOT = { skip: "skip_final_snapshot", identifier: "final_snapshot_identifier" };

export const STATEFUL_TYPES: readonly StatefulType[] = [
  // ---- AWS ----
  ...t("aws", "database", "critical", "RDS database instance", ["aws_db_instance"], {
    finalSnapshot: RDS_SNAPSHOT,
    replicaOf: "replicate_source_db",
  }),
  ...t("aws", "database", "critical", "Aurora/RDS cluster", ["aws_rds_cluster"], {
    finalSnapshot: RDS_SNAPSHOT,
    replicaOf: "replication_source_identifier",
  }),
  ...t("aws", "database", "critical", "DocumentDB cluster", ["aws_docdb_cluster"], {
    finalSnapshot: RDS_SNAPSHOT,
  }),
  ...t("aws", "database", "critical", "Neptune cluster", ["aws_neptune_cluster"], {
    finalSnapshot: RDS_SNAPSHOT,
  }),
  ...t("aws", "database", "critical", "Lightsail database", ["aws_lightsail_database"], {
    finalSnapshot: { skip: "skip_final_snapshot", identifier: "final_snapshot_name" },
  }),
  ...t("aws", "database", "critical", "Aurora global cluster", ["aws_rds_global_cluster"]),
  ...t("aws", "database", "critical", "DynamoDB table", ["aws_dynamodb_table", "aws_dynamodb_global_table"]),
  ...t("aws", "database", "critical", "database", [
    "aws_keyspaces_table",
    "aws_keyspaces_keyspace",
    "aws_timestreamwrite_table",
    "aws_timestreamwrite_database",
    "aws_qldb_ledger",
    "aws_docdbelastic_cluster",
    "aws_memorydb_cluster",
  ]),
  ...t(
    "aws",
    "database",
    "medium",
    "database cluster member",
    ["aws_rds_cluster_instance", "aws_docdb_cluster_instance", "aws_neptune_cluster_instance"],
    {
      consequence:
        "the data stays in the cluster, but the cluster loses this instance's capacity (and its writer, if it is one) until it is back",
    },
  ),
  ...t("aws", "warehouse", "critical", "Redshift cluster", ["aws_redshift_cluster"], {
    finalSnapshot: RDS_SNAPSHOT,
  }),
  ...t("aws", "warehouse", "critical", "Redshift Serverless namespace", ["aws_redshiftserverless_namespace"]),
  ...t("aws", "search", "high", "search domain", ["aws_opensearch_domain", "aws_elasticsearch_domain"]),
  ...t(
    "aws",
    "cache",
    "medium",
    "ElastiCache cluster",
    ["aws_elasticache_replication_group", "aws_elasticache_cluster"],
    {
      finalSnapshot: { identifier: "final_snapshot_identifier" },
    },
  ),
  ...t("aws", "cache", "medium", "cache", ["aws_elasticache_serverless_cache", "aws_dax_cluster"]),
  ...t("aws", "object-storage", "high", "S3 bucket", ["aws_s3_bucket", "aws_s3_directory_bucket"], {
    forceDestroy: "force_destroy",
    refusesWhenNotEmpty: true,
  }),
  ...t("aws", "object-storage", "high", "Glacier vault", ["aws_glacier_vault"], {
    refusesWhenNotEmpty: true,
  }),
  ...t("aws", "registry", "medium", "ECR repository", ["aws_ecr_repository"], {
    forceDestroy: "force_delete",
    refusesWhenNotEmpty: true,
  }),
  ...t("aws", "repository", "high", "CodeCommit repository", ["aws_codecommit_repository"]),
  ...t("aws", "block-storage", "high", "EBS volume", ["aws_ebs_volume"]),
  ...t("aws", "snapshot", "medium", "snapshot", [
    "aws_ebs_snapshot",
    "aws_ebs_snapshot_copy",
    "aws_db_snapshot",
    "aws_db_cluster_snapshot",
    "aws_redshift_snapshot_copy",
  ]),
  ...t("aws", "file-storage", "high", "EFS file system", ["aws_efs_file_system"]),
  ...t(
    "aws",
    "file-storage",
    "high",
    "FSx file system",
    ["aws_fsx_windows_file_system", "aws_fsx_openzfs_file_system"],
    {
      finalSnapshot: { skip: "skip_final_backup" },
    },
  ),
  ...t("aws", "file-storage", "high", "FSx file system", [
    "aws_fsx_lustre_file_system",
    "aws_fsx_ontap_file_system",
  ]),
  ...t("aws", "file-storage", "high", "FSx ONTAP volume", ["aws_fsx_ontap_volume"], {
    finalSnapshot: { skip: "skip_final_backup" },
  }),
  ...t("aws", "backup-vault", "high", "AWS Backup vault", ["aws_backup_vault"], {
    forceDestroy: "force_destroy",
    refusesWhenNotEmpty: true,
  }),
  ...t("aws", "queue", "medium", "SQS queue", ["aws_sqs_queue"], { consequence: "messages in it are lost" }),
  ...t("aws", "queue", "high", "message broker", ["aws_mq_broker"]),
  ...t("aws", "stream", "high", "stream", [
    "aws_kinesis_stream",
    "aws_msk_cluster",
    "aws_msk_serverless_cluster",
  ]),
  ...t("aws", "secret", "high", "Secrets Manager secret", ["aws_secretsmanager_secret"], {
    recoveryWindow: "recovery_window_in_days",
  }),
  ...t("aws", "key", "critical", "KMS key", ["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"]),
  ...t("aws", "key", "critical", "CloudHSM cluster", ["aws_cloudhsm_v2_cluster"]),
  ...t("aws", "key", "high", "private certificate authority", ["aws_acmpca_certificate_authority"]),
  ...t("aws", "directory", "critical", "Cognito user pool", ["aws_cognito_user_pool"], {
    consequence: "its user accounts are deleted",
  }),
  ...t("aws", "directory", "high", "directory", ["aws_directory_service_directory"]),
  ...t("aws", "log-store", "high", "CloudWatch log group", ["aws_cloudwatch_log_group"]),
  ...t("aws", "dns-zone", "critical", "Route 53 hosted zone", ["aws_route53_zone"], {
    forceDestroy: "force_destroy",
  }),

  // ---- Google Cloud ----
  ...t("google", "database", "critical", "Cloud SQL instance", ["google_sql_database_instance"], {
    replicaOf: "master_instance_name",
  }),
  ...t("google", "database", "critical", "Cloud SQL database", ["google_sql_database"], {
    abandonWhen: { path: "deletion_policy", value: "ABANDON" },
  }),
  ...t("google", "database", "critical", "Spanner database", [
    "google_spanner_instance",
    "google_spanner_database",
  ]),
  ...t("google", "database", "critical", "Bigtable data", [
    "google_bigtable_instance",
    "google_bigtable_table",
  ]),
  ...t("google", "database", "critical", "Firestore database", ["google_firestore_database"], {
    abandonWhen: { path: "deletion_policy", value: "ABANDON" },
  }),
  ...t("google", "database", "critical", "AlloyDB cluster", ["google_alloydb_cluster"]),
  ...t("google", "database", "medium", "AlloyDB instance", ["google_alloydb_instance"], {
    consequence:
      "the data stays in the cluster, but the cluster loses this instance's capacity until it is back",
  }),
  ...t("google", "database", "critical", "healthcare dataset", ["google_healthcare_dataset"]),
  ...t("google", "warehouse", "high", "BigQuery dataset", ["google_bigquery_dataset"], {
    forceDestroy: "delete_contents_on_destroy",
    refusesWhenNotEmpty: true,
  }),
  ...t("google", "warehouse", "high", "BigQuery table", ["google_bigquery_table"]),
  ...t("google", "cache", "medium", "Memorystore instance", [
    "google_redis_instance",
    "google_redis_cluster",
    "google_memcache_instance",
  ]),
  ...t("google", "object-storage", "high", "Cloud Storage bucket", ["google_storage_bucket"], {
    forceDestroy: "force_destroy",
    refusesWhenNotEmpty: true,
  }),
  ...t("google", "registry", "medium", "Artifact Registry repository", [
    "google_artifact_registry_repository",
  ]),
  ...t("google", "repository", "high", "source repository", ["google_sourcerepo_repository"]),
  ...t("google", "block-storage", "high", "persistent disk", [
    "google_compute_disk",
    "google_compute_region_disk",
  ]),
  ...t("google", "snapshot", "medium", "disk snapshot", ["google_compute_snapshot"]),
  ...t("google", "file-storage", "high", "file share", ["google_filestore_instance", "google_netapp_volume"]),
  ...t("google", "queue", "medium", "Pub/Sub topic or subscription (unacknowledged messages)", [
    "google_pubsub_topic",
    "google_pubsub_subscription",
    "google_pubsub_lite_topic",
  ]),
  ...t("google", "secret", "high", "Secret Manager secret", ["google_secret_manager_secret"]),
  ...t("google", "key", "critical", "Cloud KMS key", ["google_kms_crypto_key"]),
  ...t("google", "log-store", "high", "log bucket", ["google_logging_project_bucket_config"]),
  ...t("google", "dns-zone", "critical", "Cloud DNS managed zone", ["google_dns_managed_zone"], {
    forceDestroy: "force_destroy",
  }),

  // ---- Azure ----
  ...t(
    "azure",
    "database",
    "critical",
    "SQL server",
    ["azurerm_mssql_server", "azurerm_sql_server", "azurerm_mssql_managed_instance"],
    { consequence: "all its databases are deleted with it" },
  ),
  ...t("azure", "database", "critical", "database", [
    "azurerm_mssql_database",
    "azurerm_sql_database",
    "azurerm_postgresql_flexible_server",
    "azurerm_postgresql_server",
    "azurerm_postgresql_flexible_server_database",
    "azurerm_postgresql_database",
    "azurerm_mysql_flexible_server",
    "azurerm_mysql_server",
    "azurerm_mysql_flexible_database",
    "azurerm_mysql_database",
    "azurerm_mariadb_server",
    "azurerm_mariadb_database",
  ]),
  ...t("azure", "database", "critical", "Cosmos DB data", [
    "azurerm_cosmosdb_account",
    "azurerm_cosmosdb_sql_database",
    "azurerm_cosmosdb_sql_container",
    "azurerm_cosmosdb_mongo_database",
    "azurerm_cosmosdb_mongo_collection",
    "azurerm_cosmosdb_cassandra_keyspace",
    "azurerm_cosmosdb_cassandra_table",
    "azurerm_cosmosdb_gremlin_database",
    "azurerm_cosmosdb_table",
  ]),
  ...t("azure", "warehouse", "critical", "analytics store", [
    "azurerm_synapse_workspace",
    "azurerm_kusto_cluster",
    "azurerm_kusto_database",
  ]),
  ...t("azure", "cache", "medium", "Redis cache", ["azurerm_redis_cache", "azurerm_managed_redis"]),
  ...t("azure", "object-storage", "critical", "storage account", ["azurerm_storage_account"], {
    consequence: "every blob, file share, table and queue in it is deleted",
  }),
  ...t("azure", "object-storage", "high", "storage container or share", [
    "azurerm_storage_container",
    "azurerm_storage_share",
    "azurerm_storage_table",
    "azurerm_storage_data_lake_gen2_filesystem",
  ]),
  ...t("azure", "object-storage", "medium", "storage queue or blob", [
    "azurerm_storage_queue",
    "azurerm_storage_blob",
  ]),
  ...t("azure", "registry", "medium", "container registry", ["azurerm_container_registry"]),
  ...t("azure", "block-storage", "high", "managed disk", ["azurerm_managed_disk"]),
  ...t("azure", "snapshot", "medium", "disk snapshot", ["azurerm_snapshot"]),
  ...t("azure", "file-storage", "high", "NetApp volume", ["azurerm_netapp_volume"]),
  ...t("azure", "backup-vault", "high", "backup vault (recovery points)", [
    "azurerm_recovery_services_vault",
    "azurerm_data_protection_backup_vault",
  ]),
  ...t("azure", "queue", "high", "messaging namespace", [
    "azurerm_servicebus_namespace",
    "azurerm_eventhub_namespace",
  ]),
  ...t("azure", "queue", "medium", "queue, topic or event hub", [
    "azurerm_servicebus_queue",
    "azurerm_servicebus_topic",
    "azurerm_eventhub",
  ]),
  ...t(
    "azure",
    "key",
    "critical",
    "Key Vault",
    ["azurerm_key_vault", "azurerm_key_vault_managed_hardware_security_module"],
    {
      consequence: "its keys, secrets and certificates are deleted",
    },
  ),
  ...t("azure", "key", "critical", "Key Vault key", ["azurerm_key_vault_key"]),
  ...t("azure", "secret", "high", "Key Vault secret", ["azurerm_key_vault_secret"]),
  ...t("azure", "log-store", "high", "Log Analytics workspace", ["azurerm_log_analytics_workspace"]),
  ...t("azure", "dns-zone", "critical", "DNS zone", ["azurerm_dns_zone", "azurerm_private_dns_zone"]),

  // ---- Kubernetes provider ----
  ...t(
    "kubernetes",
    "namespace",
    "critical",
    "namespace",
    ["kubernetes_namespace", "kubernetes_namespace_v1"],
    {
      consequence: "every object in it is deleted, with its volumes and secrets",
    },
  ),
  ...t("kubernetes", "volume-claim", "high", "persistent volume claim", [
    "kubernetes_persistent_volume_claim",
    "kubernetes_persistent_volume_claim_v1",
  ]),
  ...t("kubernetes", "volume", "medium", "persistent volume", [
    "kubernetes_persistent_volume",
    "kubernetes_persistent_volume_v1",
  ]),
  ...t("kubernetes", "stateful-workload", "medium", "StatefulSet", [
    "kubernetes_stateful_set",
    "kubernetes_stateful_set_v1",
  ]),
  ...t("kubernetes", "secret", "medium", "Secret", ["kubernetes_secret", "kubernetes_secret_v1"]),
];

/** `kubernetes_manifest` objects are classified by their `kind`. */
export const KUBERNETES_MANIFEST_KINDS: Readonly<Record<string, Omit<StatefulType, "type">>> = {
  Namespace: {
    provider: "kubernetes",
    kind: "namespace",
    severity: "critical",
    holds: "namespace",
    consequence: "every object in it is deleted, with its volumes and secrets",
  },
  PersistentVolumeClaim: {
    provider: "kubernetes",
    kind: "volume-claim",
    severity: "high",
    holds: "persistent volume claim",
  },
  PersistentVolume: {
    provider: "kubernetes",
    kind: "volume",
    severity: "medium",
    holds: "persistent volume",
  },
  StatefulSet: {
    provider: "kubernetes",
    kind: "stateful-workload",
    severity: "medium",
    holds: "StatefulSet",
  },
  Secret: { provider: "kubernetes", kind: "secret", severity: "medium", holds: "Secret" },
};

export const STATEFUL_BY_TYPE: ReadonlyMap<string, StatefulType> = new Map(
  STATEFUL_TYPES.map((s) => [s.type, s]),
);

/** Kinds whose loss is loss of data (the mass-change rules count these). */
export const DATA_KINDS: ReadonlySet<StatefulKind> = new Set<StatefulKind>([
  "database",
  "warehouse",
  "search",
  "object-storage",
  "block-storage",
  "file-storage",
  "backup-vault",
  "stream",
  "queue",
  "secret",
  "key",
  "directory",
  "repository",
  "log-store",
  "namespace",
  "volume-claim",
  "dns-zone",
]);
