// Network and public exposure: internet-wide sources, ports that must never face the internet, public
// flags, where resource policies and public ACLs live.
import type { Severity } from "../../model/types.js";
import { changedTo, type Transition, turnedOff, turnedOn } from "./common.js";

/** Sources that mean "the whole internet", per provider vocabulary. */
export const WORLD_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);
export const AZURE_INTERNET_SOURCES: ReadonlySet<string> = new Set([
  "*",
  "0.0.0.0/0",
  "0.0.0.0",
  "::/0",
  "internet",
  "any",
]);

/** Ports whose services must not face the internet: administration, databases, clusters. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  20: "FTP data",
  21: "FTP",
  22: "SSH",
  23: "Telnet",
  25: "SMTP",
  135: "MS RPC",
  139: "NetBIOS",
  161: "SNMP",
  389: "LDAP",
  445: "SMB",
  636: "LDAPS",
  1433: "SQL Server",
  1521: "Oracle",
  2049: "NFS",
  2181: "ZooKeeper",
  2375: "Docker API",
  2376: "Docker API",
  2379: "etcd",
  3306: "MySQL",
  3389: "RDP",
  5432: "PostgreSQL",
  5601: "Kibana",
  5900: "VNC",
  5984: "CouchDB",
  5985: "WinRM",
  5986: "WinRM",
  6379: "Redis",
  6443: "Kubernetes API",
  7001: "WebLogic",
  8086: "InfluxDB",
  9042: "Cassandra",
  9092: "Kafka",
  9200: "Elasticsearch",
  9300: "Elasticsearch",
  10250: "kubelet",
  11211: "Memcached",
  27017: "MongoDB",
};

/** Ports that are meant to face the internet. */
export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443]);

/** Severity of a port range newly opened to the whole internet. */
export const PORT_SEVERITY: Readonly<Record<"all" | "sensitive" | "wide" | "other" | "web", Severity>> = {
  all: "critical",
  sensitive: "critical",
  wide: "high",
  other: "medium",
  web: "low",
};

/** A range wider than this many ports counts as "wide". */
export const WIDE_RANGE = 100;

/** Flags that make a resource reachable from the internet, switched on (AWS). */
export const AWS_PUBLIC_FLAGS: readonly Transition[] = [
  ...[
    "aws_db_instance",
    "aws_rds_cluster_instance",
    "aws_redshift_cluster",
    "aws_dms_replication_instance",
  ].map((type) =>
    turnedOn(type, "publicly_accessible", "high", "it gets a public endpoint reachable from the internet"),
  ),
  turnedOn(
    "aws_redshiftserverless_workgroup",
    "publicly_accessible",
    "high",
    "it gets a public endpoint reachable from the internet",
  ),
];

/** S3 Block Public Access settings: each true → false opens a door. */
export const AWS_PUBLIC_ACCESS_BLOCK_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket_public_access_block",
  "aws_s3_account_public_access_block",
]);
export const AWS_PUBLIC_ACCESS_BLOCK_FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

/** Canned ACLs that make a bucket public, and their severity. */
export const AWS_PUBLIC_CANNED_ACLS: Readonly<Record<string, Severity>> = {
  "public-read": "high",
  "public-read-write": "critical",
  "authenticated-read": "high",
};
/** Grantee group URIs that mean "everyone" / "any AWS account". */
export const AWS_PUBLIC_GRANTEE_URIS: ReadonlySet<string> = new Set([
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
]);

/** Where AWS resource policies (documents with a Principal) live: type → attribute path(s). */
export const AWS_RESOURCE_POLICY_ATTRS: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket_policy: ["policy"],
  aws_s3_bucket: ["policy"],
  aws_s3_access_point: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_sqs_queue: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_sns_topic: ["policy"],
  aws_ecr_repository_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
  aws_secretsmanager_secret: ["policy"],
  aws_opensearch_domain_policy: ["access_policies"],
  aws_opensearch_domain: ["access_policies"],
  aws_elasticsearch_domain_policy: ["access_policies"],
  aws_elasticsearch_domain: ["access_policies"],
  aws_glacier_vault: ["access_policy"],
  aws_efs_file_system_policy: ["policy"],
  aws_api_gateway_rest_api_policy: ["policy"],
  aws_api_gateway_rest_api: ["policy"],
  aws_backup_vault_policy: ["policy"],
  aws_cloudwatch_log_resource_policy: ["policy_document"],
  aws_ecr_registry_policy: ["policy"],
};

/** Permission resources with a single principal attribute: "*" with none of `restrictedBy` set is public. */
export const AWS_PRINCIPAL_PERMISSIONS: Readonly<
  Record<string, { principal: string; restrictedBy: readonly string[] }>
> = {
  aws_lambda_permission: {
    principal: "principal",
    restrictedBy: ["source_arn", "source_account", "principal_org_id"],
  },
  aws_lambda_layer_version_permission: { principal: "principal", restrictedBy: ["organization_id"] },
};

/**
 * Condition keys that restrict who can use a statement with Principal "*" (source account/ARN/org/VPC/IP).
 * A public-principal statement with any of these is not public.
 */
export const AWS_RESTRICTING_CONDITION_KEYS: ReadonlySet<string> = new Set(
  [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:userid",
    "aws:username",
    "kms:CallerAccount",
    "kms:ViaService",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    "lambda:FunctionArn",
    "sns:Endpoint",
    "elasticfilesystem:AccessPointArn",
  ].map((k) => k.toLowerCase()),
);

/** Attributes that give an instance a public IP address, switched on. */
export const AWS_PUBLIC_IP: readonly Transition[] = [
  turnedOn("aws_instance", "associate_public_ip_address", "medium", "the instance gets a public IP address"),
  turnedOn(
    "aws_launch_template",
    "network_interfaces.*.associate_public_ip_address",
    "medium",
    "instances launched from it get public IP addresses",
  ),
  turnedOn(
    "aws_launch_configuration",
    "associate_public_ip_address",
    "medium",
    "instances launched from it get public IP addresses",
  ),
  turnedOn(
    "aws_subnet",
    "map_public_ip_on_launch",
    "medium",
    "every instance launched in the subnet gets a public IP address",
  ),
  turnedOn(
    "aws_default_subnet",
    "map_public_ip_on_launch",
    "medium",
    "every instance launched in the subnet gets a public IP address",
  ),
];

/** Load balancers switched from internal to internet-facing. */
export const AWS_INTERNET_FACING: readonly Transition[] = ["aws_lb", "aws_alb", "aws_elb"].map((type) =>
  turnedOff(type, "internal", "high", "the load balancer becomes internet-facing"),
);

/** Public network access switched on, or network rules opened (Azure). */
export const AZURE_PUBLIC_NETWORK: readonly Transition[] = [
  ...[
    "azurerm_storage_account",
    "azurerm_key_vault",
    "azurerm_mssql_server",
    "azurerm_postgresql_flexible_server",
    "azurerm_postgresql_server",
    "azurerm_mysql_flexible_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
    "azurerm_cosmosdb_account",
    "azurerm_redis_cache",
    "azurerm_container_registry",
    "azurerm_eventhub_namespace",
    "azurerm_servicebus_namespace",
    "azurerm_synapse_workspace",
    "azurerm_search_service",
    "azurerm_cognitive_account",
    "azurerm_data_factory",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_kubernetes_cluster",
    "azurerm_managed_disk",
    "azurerm_app_configuration",
  ].map((type) =>
    turnedOn(type, "public_network_access_enabled", "high", "it becomes reachable from the public internet"),
  ),
  ...["azurerm_storage_account", "azurerm_key_vault"].map((type) =>
    changedTo(
      type,
      type === "azurerm_key_vault" ? "network_acls.0.default_action" : "network_rules.0.default_action",
      ["Deny"],
      ["Allow"],
      "high",
      "its firewall now allows every network by default",
    ),
  ),
  changedTo(
    "azurerm_storage_account_network_rules",
    "default_action",
    ["Deny"],
    ["Allow"],
    "high",
    "the storage firewall now allows every network by default",
  ),
  changedTo(
    "azurerm_container_registry",
    "network_rule_set.0.default_action",
    ["Deny"],
    ["Allow"],
    "medium",
    "the registry firewall now allows every network by default",
  ),
  turnedOn(
    "azurerm_container_registry",
    "anonymous_pull_enabled",
    "high",
    "anyone on the internet can pull its images",
  ),
];

/** Anonymous blob access switched on (Azure Storage). */
export const AZURE_PUBLIC_BLOBS: readonly Transition[] = [
  turnedOn(
    "azurerm_storage_account",
    "allow_nested_items_to_be_public",
    "high",
    "containers in the account may now be made public",
  ),
  turnedOn(
    "azurerm_storage_account",
    "allow_blob_public_access",
    "high",
    "containers may now be made public",
  ),
  changedTo(
    "azurerm_storage_container",
    "container_access_type",
    ["private"],
    ["blob", "container"],
    "high",
    "anyone on the internet can read its blobs",
  ),
];

/** Azure database firewall rule types (start/end IP address). */
export const AZURE_DB_FIREWALL_RULE_TYPES: ReadonlySet<string> = new Set([
  "azurerm_mssql_firewall_rule",
  "azurerm_sql_firewall_rule",
  "azurerm_postgresql_flexible_server_firewall_rule",
  "azurerm_postgresql_firewall_rule",
  "azurerm_mysql_flexible_server_firewall_rule",
  "azurerm_mysql_firewall_rule",
  "azurerm_mariadb_firewall_rule",
  "azurerm_redis_firewall_rule",
  "azurerm_synapse_firewall_rule",
]);

/** Members that make a Google IAM grant or ACL public. */
export const GOOGLE_PUBLIC_MEMBERS: ReadonlySet<string> = new Set(["allUsers", "allAuthenticatedUsers"]);

/** Public access prevention / uniform access relaxed on buckets (Google Cloud Storage). */
export const GOOGLE_BUCKET_PUBLIC: readonly Transition[] = [
  changedTo(
    "google_storage_bucket",
    "public_access_prevention",
    ["enforced"],
    ["inherited", "unspecified"],
    "medium",
    "objects in the bucket may now be made public",
  ),
  turnedOff(
    "google_storage_bucket",
    "uniform_bucket_level_access",
    "low",
    "per-object ACLs (which can make objects public) are allowed again",
  ),
];

/** Kubernetes API endpoints of managed clusters made public (EKS, GKE, AKS). */
export const KUBERNETES_API_PUBLIC: readonly Transition[] = [
  turnedOn(
    "aws_eks_cluster",
    "vpc_config.0.endpoint_public_access",
    "medium",
    "the cluster API endpoint becomes reachable from the internet",
  ),
  turnedOff(
    "google_container_cluster",
    "private_cluster_config.0.enable_private_endpoint",
    "medium",
    "the cluster API endpoint becomes reachable from outside the VPC",
  ),
  {
    kind: "switch",
    type: "google_container_cluster",
    path: "master_authorized_networks_config",
    safe: { present: true },
    risky: { absent: true },
    severity: "medium",
    effect: "any address may reach the cluster API (authorized networks removed)",
  },
  turnedOff(
    "azurerm_kubernetes_cluster",
    "private_cluster_enabled",
    "medium",
    "the cluster API endpoint becomes reachable from the internet",
  ),
  {
    kind: "switch",
    type: "azurerm_kubernetes_cluster",
    path: "api_server_access_profile.0.authorized_ip_ranges",
    safe: { present: true },
    risky: { absent: true },
    severity: "medium",
    effect: "any address may reach the cluster API (authorized IP ranges removed)",
  },
];

/** Kubernetes provider Service types and how exposed they are. */
export const KUBERNETES_SERVICE_TYPES: ReadonlySet<string> = new Set([
  "kubernetes_service",
  "kubernetes_service_v1",
]);
export const KUBERNETES_EXTERNAL_SERVICE_TYPES: Readonly<Record<string, number>> = {
  ClusterIP: 0,
  ExternalName: 0,
  NodePort: 1,
  LoadBalancer: 2,
};
