// Attributes that protect data from deletion and the value that means "off": deletion protection, final
// snapshots, force_destroy, versioning, backups, point-in-time recovery, soft delete and retention.
import { changedTo, decreased, removed, type Transition, turnedOff, turnedOn } from "./common.js";

/** Deletion / termination protection switched off (AWS). */
export const AWS_DELETION_PROTECTION: readonly Transition[] = [
  ...[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_rds_global_cluster",
    "aws_qldb_ledger",
  ].map((type) => turnedOff(type, "deletion_protection", "high", "the database can now be deleted")),
  turnedOff("aws_dynamodb_table", "deletion_protection_enabled", "high", "the table can now be deleted"),
  changedTo(
    "aws_cognito_user_pool",
    "deletion_protection",
    ["ACTIVE"],
    ["INACTIVE"],
    "high",
    "the user pool and its users can now be deleted",
  ),
  turnedOff("aws_instance", "disable_api_termination", "medium", "the instance can now be terminated"),
  turnedOff("aws_lb", "enable_deletion_protection", "medium", "the load balancer can now be deleted"),
  turnedOff("aws_alb", "enable_deletion_protection", "medium", "the load balancer can now be deleted"),
  turnedOff("aws_networkfirewall_firewall", "delete_protection", "medium", "the firewall can now be deleted"),
];

/** Deletion protection switched off (Google Cloud). */
export const GOOGLE_DELETION_PROTECTION: readonly Transition[] = [
  turnedOff(
    "google_sql_database_instance",
    "deletion_protection",
    "high",
    "Terraform will now delete the instance when asked",
  ),
  turnedOff(
    "google_sql_database_instance",
    "settings.0.deletion_protection_enabled",
    "high",
    "Cloud SQL no longer refuses to delete the instance",
  ),
  turnedOff("google_container_cluster", "deletion_protection", "high", "the cluster can now be deleted"),
  turnedOff("google_bigtable_instance", "deletion_protection", "high", "the instance can now be deleted"),
  changedTo(
    "google_bigtable_table",
    "deletion_protection",
    ["PROTECTED"],
    ["UNPROTECTED"],
    "high",
    "the table can now be deleted",
  ),
  turnedOff(
    "google_spanner_database",
    "deletion_protection",
    "high",
    "Terraform will now delete the database",
  ),
  turnedOff(
    "google_spanner_database",
    "enable_drop_protection",
    "high",
    "Spanner no longer refuses to drop it",
  ),
  turnedOff("google_bigquery_table", "deletion_protection", "high", "the table can now be deleted"),
  turnedOff("google_alloydb_cluster", "deletion_protection", "high", "the cluster can now be deleted"),
  turnedOff(
    "google_redis_cluster",
    "deletion_protection_enabled",
    "medium",
    "the cluster can now be deleted",
  ),
  changedTo(
    "google_firestore_database",
    "delete_protection_state",
    ["DELETE_PROTECTION_ENABLED"],
    ["DELETE_PROTECTION_DISABLED"],
    "high",
    "the database can now be deleted",
  ),
  changedTo(
    "google_firestore_database",
    "deletion_policy",
    ["ABANDON"],
    ["DELETE"],
    "medium",
    "destroying the resource now deletes the database instead of abandoning it",
  ),
  changedTo(
    "google_sql_database",
    "deletion_policy",
    ["ABANDON"],
    ["DELETE", ""],
    "medium",
    "destroying the resource now drops the database",
  ),
  changedTo(
    "google_project",
    "deletion_policy",
    ["PREVENT", "ABANDON"],
    ["DELETE"],
    "high",
    "destroying the resource now deletes the whole project",
  ),
  turnedOff("google_project", "skip_delete", "high", "destroying the resource now deletes the whole project"),
  turnedOff("google_compute_instance", "deletion_protection", "medium", "the VM can now be deleted"),
  turnedOff("google_cloud_run_v2_service", "deletion_protection", "medium", "the service can now be deleted"),
  turnedOff("google_cloud_run_v2_job", "deletion_protection", "low", "the job can now be deleted"),
];

/** Final snapshot / final backup skipped or unnamed (AWS). */
export const AWS_FINAL_SNAPSHOT: readonly Transition[] = [
  ...[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_redshift_cluster",
    "aws_lightsail_database",
  ].map((type) =>
    turnedOn(type, "skip_final_snapshot", "high", "no final snapshot is taken when it is deleted"),
  ),
  ...[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_redshift_cluster",
  ].map((type) =>
    removed(
      type,
      "final_snapshot_identifier",
      "medium",
      "no final snapshot name is set for when it is deleted",
    ),
  ),
  ...["aws_elasticache_replication_group", "aws_elasticache_cluster"].map((type) =>
    removed(type, "final_snapshot_identifier", "medium", "no final snapshot is taken when it is deleted"),
  ),
  removed(
    "aws_memorydb_cluster",
    "final_snapshot_name",
    "medium",
    "no final snapshot is taken when it is deleted",
  ),
  ...[
    "aws_fsx_windows_file_system",
    "aws_fsx_openzfs_file_system",
    "aws_fsx_lustre_file_system",
    "aws_fsx_ontap_volume",
  ].map((type) => turnedOn(type, "skip_final_backup", "high", "no final backup is taken when it is deleted")),
  turnedOn(
    "aws_db_instance",
    "delete_automated_backups",
    "medium",
    "automated backups are deleted together with the instance",
  ),
];

/** force_destroy-like switches: destroying the resource also deletes everything in it (AWS). */
export const AWS_FORCE_DESTROY: readonly Transition[] = [
  turnedOn(
    "aws_s3_bucket",
    "force_destroy",
    "medium",
    "destroying the bucket now deletes every object in it",
  ),
  turnedOn(
    "aws_s3_directory_bucket",
    "force_destroy",
    "medium",
    "destroying the bucket now deletes every object",
  ),
  turnedOn(
    "aws_backup_vault",
    "force_destroy",
    "high",
    "destroying the vault now deletes its recovery points",
  ),
  turnedOn(
    "aws_route53_zone",
    "force_destroy",
    "medium",
    "destroying the zone now deletes every record in it",
  ),
  turnedOn("aws_ecr_repository", "force_delete", "low", "destroying the repository now deletes its images"),
];

/** force_destroy-like switches (Google Cloud). */
export const GOOGLE_FORCE_DESTROY: readonly Transition[] = [
  turnedOn(
    "google_storage_bucket",
    "force_destroy",
    "medium",
    "destroying the bucket now deletes every object",
  ),
  turnedOn(
    "google_bigquery_dataset",
    "delete_contents_on_destroy",
    "medium",
    "destroying the dataset now deletes its tables",
  ),
  turnedOn(
    "google_dns_managed_zone",
    "force_destroy",
    "medium",
    "destroying the zone now deletes its records",
  ),
  turnedOn(
    "google_spanner_instance",
    "force_destroy",
    "medium",
    "destroying the instance now deletes its backups",
  ),
];

/** Object versioning, object lock and replication (AWS S3). */
export const AWS_VERSIONING: readonly Transition[] = [
  changedTo(
    "aws_s3_bucket_versioning",
    "versioning_configuration.0.status",
    ["Enabled"],
    ["Suspended", "Disabled"],
    "medium",
    "overwritten and deleted objects can no longer be recovered",
  ),
  turnedOff(
    "aws_s3_bucket",
    "versioning.0.enabled",
    "medium",
    "overwritten and deleted objects can no longer be recovered",
  ),
  removed(
    "aws_s3_bucket_object_lock_configuration",
    "rule",
    "medium",
    "objects are no longer locked against deletion by default",
  ),
];

/** Object versioning, retention and soft delete (Google Cloud Storage). */
export const GOOGLE_VERSIONING: readonly Transition[] = [
  turnedOff(
    "google_storage_bucket",
    "versioning.0.enabled",
    "medium",
    "overwritten and deleted objects can no longer be recovered",
  ),
  removed(
    "google_storage_bucket",
    "retention_policy",
    "medium",
    "objects are no longer retained against deletion",
  ),
  decreased(
    "google_storage_bucket",
    "soft_delete_policy.0.retention_duration_seconds",
    "off",
    "medium",
    "low",
    "deleted objects are recoverable for less time (0: not at all)",
  ),
];

/** Blob versioning, soft delete and point-in-time restore (Azure Storage). */
export const AZURE_VERSIONING: readonly Transition[] = [
  turnedOff(
    "azurerm_storage_account",
    "blob_properties.0.versioning_enabled",
    "medium",
    "overwritten and deleted blobs can no longer be recovered",
  ),
  removed(
    "azurerm_storage_account",
    "blob_properties.0.delete_retention_policy",
    "medium",
    "deleted blobs are no longer kept (soft delete off)",
  ),
  decreased(
    "azurerm_storage_account",
    "blob_properties.0.delete_retention_policy.0.days",
    "off",
    "medium",
    "low",
    "deleted blobs are kept for less time",
  ),
  removed(
    "azurerm_storage_account",
    "blob_properties.0.container_delete_retention_policy",
    "medium",
    "deleted containers are no longer kept (soft delete off)",
  ),
  removed(
    "azurerm_storage_account",
    "blob_properties.0.restore_policy",
    "medium",
    "point-in-time restore for blobs is turned off",
  ),
  decreased(
    "azurerm_storage_account",
    "share_properties.0.retention_policy.0.days",
    "off",
    "medium",
    "low",
    "deleted file shares are kept for less time",
  ),
];

/** Automated backups and their retention (AWS). */
export const AWS_BACKUPS: readonly Transition[] = [
  decreased(
    "aws_db_instance",
    "backup_retention_period",
    "off",
    "high",
    "low",
    "automated backups are kept for less time (0: backups off)",
  ),
  ...["aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"].map((type) =>
    decreased(
      type,
      "backup_retention_period",
      "off",
      "high",
      "low",
      "automated backups are kept for less time",
    ),
  ),
  decreased(
    "aws_redshift_cluster",
    "automated_snapshot_retention_period",
    "off",
    "high",
    "low",
    "automated snapshots are kept for less time (0: off)",
  ),
  ...["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_memorydb_cluster"].map((type) =>
    decreased(
      type,
      "snapshot_retention_limit",
      "off",
      "medium",
      "low",
      "automatic snapshots are kept for less time",
    ),
  ),
  ...[
    "aws_fsx_windows_file_system",
    "aws_fsx_openzfs_file_system",
    "aws_fsx_lustre_file_system",
    "aws_fsx_ontap_file_system",
  ].map((type) =>
    decreased(
      type,
      "automatic_backup_retention_days",
      "off",
      "high",
      "low",
      "automatic backups are kept for less time (0: off)",
    ),
  ),
];

/** Point-in-time recovery (AWS). */
export const AWS_PITR: readonly Transition[] = [
  turnedOff(
    "aws_dynamodb_table",
    "point_in_time_recovery.0.enabled",
    "medium",
    "the table can no longer be restored to a point in time",
  ),
  decreased(
    "aws_dynamodb_table",
    "point_in_time_recovery.0.recovery_period_in_days",
    "off",
    "medium",
    "low",
    "the table can be restored over a shorter window",
  ),
];

/** Backups and point-in-time recovery (Google Cloud). */
export const GOOGLE_BACKUPS: readonly Transition[] = [
  turnedOff(
    "google_sql_database_instance",
    "settings.0.backup_configuration.0.enabled",
    "high",
    "automated backups are turned off",
  ),
  turnedOff(
    "google_sql_database_instance",
    "settings.0.backup_configuration.0.point_in_time_recovery_enabled",
    "medium",
    "point-in-time recovery is turned off",
  ),
  turnedOff(
    "google_sql_database_instance",
    "settings.0.backup_configuration.0.binary_log_enabled",
    "medium",
    "MySQL point-in-time recovery (binary log) is turned off",
  ),
  decreased(
    "google_sql_database_instance",
    "settings.0.backup_configuration.0.backup_retention_settings.0.retained_backups",
    "off",
    "medium",
    "low",
    "fewer backups are kept",
  ),
  decreased(
    "google_sql_database_instance",
    "settings.0.backup_configuration.0.transaction_log_retention_days",
    "off",
    "medium",
    "low",
    "point-in-time recovery covers fewer days",
  ),
  changedTo(
    "google_firestore_database",
    "point_in_time_recovery_enablement",
    ["POINT_IN_TIME_RECOVERY_ENABLED"],
    ["POINT_IN_TIME_RECOVERY_DISABLED"],
    "medium",
    "point-in-time recovery is turned off",
  ),
  turnedOff(
    "google_alloydb_cluster",
    "automated_backup_policy.0.enabled",
    "high",
    "automated backups are turned off",
  ),
  turnedOff(
    "google_alloydb_cluster",
    "continuous_backup_config.0.enabled",
    "medium",
    "continuous backup (point-in-time recovery) is turned off",
  ),
];

/** Backups, geo-redundancy and point-in-time restore (Azure databases). */
export const AZURE_BACKUPS: readonly Transition[] = [
  ...[
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
  ].flatMap((type) => [
    decreased(
      type,
      "backup_retention_days",
      "off",
      "medium",
      "low",
      "point-in-time restore covers fewer days",
    ),
    turnedOff(
      type,
      "geo_redundant_backup_enabled",
      "medium",
      "backups are no longer copied to another region",
    ),
  ]),
  decreased(
    "azurerm_mssql_database",
    "short_term_retention_policy.0.retention_days",
    "off",
    "medium",
    "low",
    "point-in-time restore covers fewer days",
  ),
  removed(
    "azurerm_mssql_database",
    "long_term_retention_policy",
    "medium",
    "long-term backups are no longer kept",
  ),
  changedTo(
    "azurerm_cosmosdb_account",
    "backup.0.type",
    ["Continuous"],
    ["Periodic"],
    "medium",
    "continuous backup (point-in-time restore) is turned off",
  ),
  decreased(
    "azurerm_cosmosdb_account",
    "backup.0.retention_in_hours",
    "off",
    "medium",
    "low",
    "periodic backups are kept for less time",
  ),
];

/** Secret recovery window (AWS Secrets Manager): 0 deletes immediately and permanently. */
export const AWS_RECOVERY_WINDOW: readonly Transition[] = [
  decreased(
    "aws_secretsmanager_secret",
    "recovery_window_in_days",
    "off",
    "medium",
    "low",
    "a deleted secret can be recovered for less time (0: deleted at once, permanently)",
  ),
];

/** Retention of volumes in the Terraform kubernetes provider. */
export const KUBERNETES_VOLUME_RETENTION: readonly Transition[] = [
  ...["kubernetes_stateful_set", "kubernetes_stateful_set_v1"].flatMap((type) => [
    changedTo(
      type,
      "spec.0.persistent_volume_claim_retention_policy.0.when_deleted",
      ["Retain"],
      ["Delete"],
      "medium",
      "its volume claims are deleted when the StatefulSet is deleted",
    ),
    changedTo(
      type,
      "spec.0.persistent_volume_claim_retention_policy.0.when_scaled",
      ["Retain"],
      ["Delete"],
      "medium",
      "volume claims are deleted when the StatefulSet scales down",
    ),
  ]),
  ...["kubernetes_persistent_volume", "kubernetes_persistent_volume_v1"].map((type) =>
    changedTo(
      type,
      "spec.0.persistent_volume_reclaim_policy",
      ["Retain"],
      ["Delete", "Recycle"],
      "medium",
      "the volume's data is deleted when its claim is released",
    ),
  ),
  ...["kubernetes_storage_class", "kubernetes_storage_class_v1"].map((type) =>
    changedTo(
      type,
      "reclaim_policy",
      ["Retain"],
      ["Delete"],
      "low",
      "new volumes of this class are deleted when their claims are released",
    ),
  ),
];
