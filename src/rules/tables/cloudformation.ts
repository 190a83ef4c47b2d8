// CloudFormation provider knowledge for the AL-CFN rules: which resource types hold data, which properties
// protect it, which switch on logging and encryption, which express capacity, where IAM and resource
// policies live. Data only; the catalog evaluates it. Paths are under `Properties`, dot separated.
import type { Severity } from "../../model/types.js";

/** Resource types whose removal or replacement loses data, with what is lost. */
export const CFN_STATEFUL: Readonly<Record<string, string>> = {
  "AWS::RDS::DBInstance": "the database",
  "AWS::RDS::DBCluster": "the database cluster",
  "AWS::RDS::GlobalCluster": "the global database",
  "AWS::DynamoDB::Table": "the table's items",
  "AWS::DynamoDB::GlobalTable": "the table's items in every region",
  "AWS::S3::Bucket": "the bucket's objects",
  "AWS::S3Express::DirectoryBucket": "the bucket's objects",
  "AWS::EFS::FileSystem": "the file system",
  "AWS::FSx::FileSystem": "the file system",
  "AWS::EC2::Volume": "the volume",
  "AWS::ElastiCache::ReplicationGroup": "the cache data",
  "AWS::ElastiCache::CacheCluster": "the cache data",
  "AWS::ElastiCache::ServerlessCache": "the cache data",
  "AWS::MemoryDB::Cluster": "the database",
  "AWS::Redshift::Cluster": "the data warehouse",
  "AWS::RedshiftServerless::Namespace": "the data warehouse",
  "AWS::Neptune::DBCluster": "the graph database",
  "AWS::Neptune::DBInstance": "the graph database instance",
  "AWS::DocDB::DBCluster": "the document database",
  "AWS::DocDB::DBInstance": "the document database instance",
  "AWS::DocDBElastic::Cluster": "the document database",
  "AWS::OpenSearchService::Domain": "the search indexes",
  "AWS::Elasticsearch::Domain": "the search indexes",
  "AWS::Kinesis::Stream": "the stream's records",
  "AWS::MSK::Cluster": "the Kafka topics",
  "AWS::SQS::Queue": "the queued messages",
  "AWS::Logs::LogGroup": "the log events",
  "AWS::Cognito::UserPool": "the user accounts",
  "AWS::SecretsManager::Secret": "the secret value",
  "AWS::ECR::Repository": "the container images",
  "AWS::Backup::BackupVault": "the recovery points",
  "AWS::Timestream::Database": "the time series data",
  "AWS::Timestream::Table": "the time series data",
  "AWS::QLDB::Ledger": "the ledger",
  "AWS::Cassandra::Table": "the table's rows",
  "AWS::CodeCommit::Repository": "the repository",
  "AWS::Lightsail::Database": "the database",
  "AWS::Lightsail::Disk": "the disk",
  "AWS::Route53::HostedZone": "the zone's DNS records",
  "AWS::ACMPCA::CertificateAuthority": "the CA's private key",
};

/** Stateful types whose loss is serious but usually recoverable or transient: high rather than critical. */
export const CFN_STATEFUL_HIGH: ReadonlySet<string> = new Set([
  "AWS::Logs::LogGroup",
  "AWS::SQS::Queue",
  "AWS::Kinesis::Stream",
  "AWS::ECR::Repository",
  "AWS::SecretsManager::Secret",
  "AWS::Route53::HostedZone",
  "AWS::ElastiCache::CacheCluster",
  "AWS::ElastiCache::ReplicationGroup",
  "AWS::ElastiCache::ServerlessCache",
]);

/** A protection that, switched from `safe` to anything else, exposes data to loss. */
export interface CfnProtection {
  type: string;
  path: string;
  /** The protective value; compared as text ("true" equals true). */
  safe: string | number | boolean;
  /** When set, the protection is also lost when the value falls to or below this number. */
  minimum?: number;
  /**
   * A retention: lost whenever the number falls (data older than the new value is deleted). `unset` is what
   * an absent property means (`Infinity` for "never expire").
   */
  retention?: { unset: number; unit: string };
  severity: Severity;
  effect: string;
}

export const CFN_PROTECTIONS: readonly CfnProtection[] = [
  {
    type: "AWS::Logs::LogGroup",
    path: "RetentionInDays",
    safe: "",
    retention: { unset: Number.POSITIVE_INFINITY, unit: "days" },
    severity: "medium",
    effect: "log events older than the new retention are deleted",
  },
  {
    type: "AWS::RDS::DBInstance",
    path: "DeletionProtection",
    safe: true,
    severity: "high",
    effect: "the database can be deleted",
  },
  {
    type: "AWS::RDS::DBCluster",
    path: "DeletionProtection",
    safe: true,
    severity: "high",
    effect: "the cluster can be deleted",
  },
  {
    type: "AWS::DynamoDB::Table",
    path: "DeletionProtectionEnabled",
    safe: true,
    severity: "high",
    effect: "the table can be deleted",
  },
  {
    type: "AWS::DynamoDB::GlobalTable",
    path: "DeletionProtectionEnabled",
    safe: true,
    severity: "high",
    effect: "the table can be deleted",
  },
  {
    type: "AWS::Neptune::DBCluster",
    path: "DeletionProtection",
    safe: true,
    severity: "high",
    effect: "the cluster can be deleted",
  },
  {
    type: "AWS::DocDB::DBCluster",
    path: "DeletionProtection",
    safe: true,
    severity: "high",
    effect: "the cluster can be deleted",
  },
  {
    type: "AWS::EC2::Instance",
    path: "DisableApiTermination",
    safe: true,
    severity: "medium",
    effect: "the instance can be terminated",
  },
  {
    type: "AWS::Cognito::UserPool",
    path: "DeletionProtection",
    safe: "ACTIVE",
    severity: "high",
    effect: "the user pool can be deleted",
  },
  {
    type: "AWS::DynamoDB::Table",
    path: "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
    safe: true,
    severity: "high",
    effect: "point-in-time recovery is off",
  },
  {
    type: "AWS::RDS::DBInstance",
    path: "BackupRetentionPeriod",
    safe: 1,
    minimum: 0,
    severity: "high",
    effect: "automated backups are off",
  },
  {
    type: "AWS::RDS::DBCluster",
    path: "BackupRetentionPeriod",
    safe: 1,
    minimum: 0,
    severity: "high",
    effect: "automated backups are shortened to nothing",
  },
  {
    type: "AWS::S3::Bucket",
    path: "VersioningConfiguration.Status",
    safe: "Enabled",
    severity: "medium",
    effect: "overwritten and deleted objects can no longer be recovered",
  },
];

/** Ports that must never be open to the internet (admin, databases, caches, container runtimes). */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  22: "SSH",
  23: "Telnet",
  3389: "RDP",
  5900: "VNC",
  1433: "SQL Server",
  1521: "Oracle",
  3306: "MySQL",
  5432: "PostgreSQL",
  5984: "CouchDB",
  6379: "Redis",
  7000: "Cassandra",
  9042: "Cassandra",
  9200: "Elasticsearch",
  9300: "Elasticsearch",
  11211: "Memcached",
  27017: "MongoDB",
  2375: "Docker API",
  2376: "Docker API",
  2379: "etcd",
  6443: "Kubernetes API",
  10250: "kubelet",
  445: "SMB",
  135: "RPC",
  139: "NetBIOS",
};

/** Ports that web servers routinely open to the internet. */
export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443]);

export const INTERNET_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);

/** AWS managed policies that grant administrator or near-administrator power. */
export const ADMIN_MANAGED_POLICIES: Readonly<Record<string, Severity>> = {
  AdministratorAccess: "critical",
  PowerUserAccess: "high",
  IAMFullAccess: "high",
  AWSOrganizationsFullAccess: "high",
};

/** Where IAM policy documents live, per type (paths to a document or to a list of `{PolicyDocument}`). */
export const IAM_POLICY_LOCATIONS: Readonly<Record<string, { documents?: string[]; lists?: string[] }>> = {
  "AWS::IAM::Policy": { documents: ["PolicyDocument"] },
  "AWS::IAM::ManagedPolicy": { documents: ["PolicyDocument"] },
  "AWS::IAM::RolePolicy": { documents: ["PolicyDocument"] },
  "AWS::IAM::UserPolicy": { documents: ["PolicyDocument"] },
  "AWS::IAM::GroupPolicy": { documents: ["PolicyDocument"] },
  "AWS::IAM::Role": { lists: ["Policies"] },
  "AWS::IAM::User": { lists: ["Policies"] },
  "AWS::IAM::Group": { lists: ["Policies"] },
  "AWS::SSO::PermissionSet": { documents: ["InlinePolicy"] },
};

export const IAM_MANAGED_POLICY_HOLDERS: readonly string[] = [
  "AWS::IAM::Role",
  "AWS::IAM::User",
  "AWS::IAM::Group",
  "AWS::SSO::PermissionSet",
];

/** Resource policies that may grant access to anyone (`Principal: "*"`), per type. */
export const RESOURCE_POLICIES: Readonly<Record<string, { path: string; what: string }>> = {
  "AWS::S3::BucketPolicy": { path: "PolicyDocument", what: "the bucket" },
  "AWS::SQS::QueuePolicy": { path: "PolicyDocument", what: "the queues" },
  "AWS::SNS::TopicPolicy": { path: "PolicyDocument", what: "the topics" },
  "AWS::KMS::Key": { path: "KeyPolicy", what: "the key" },
  "AWS::ECR::Repository": { path: "RepositoryPolicyText", what: "the repository" },
  "AWS::SecretsManager::ResourcePolicy": { path: "ResourcePolicy", what: "the secret" },
  "AWS::Events::EventBusPolicy": { path: "Statement", what: "the event bus" },
  "AWS::OpenSearchService::Domain": { path: "AccessPolicies", what: "the search domain" },
  "AWS::Elasticsearch::Domain": { path: "AccessPolicies", what: "the search domain" },
};

/** S3 canned ACLs that make a bucket public. */
export const PUBLIC_BUCKET_ACLS: Readonly<Record<string, Severity>> = {
  PublicReadWrite: "critical",
  PublicRead: "high",
  AuthenticatedRead: "high",
};

export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  "BlockPublicAcls",
  "BlockPublicPolicy",
  "IgnorePublicAcls",
  "RestrictPublicBuckets",
] as const;

/** Properties that put a resource on a public endpoint when true. */
export interface CfnPublicEndpoint {
  type: string;
  path: string;
  what: string;
  /** The value that means public (compared as text); default `true`. */
  value?: string | boolean;
  /** What an absent property means (a load balancer without Scheme is internet-facing). */
  unset?: string | boolean;
  /** Only a change from private to public is reported, not a new resource that is public (routine). */
  changeOnly?: boolean;
  severity?: Severity;
}

export const PUBLIC_ENDPOINTS: readonly CfnPublicEndpoint[] = [
  { type: "AWS::RDS::DBInstance", path: "PubliclyAccessible", what: "the database gets a public endpoint" },
  { type: "AWS::Redshift::Cluster", path: "PubliclyAccessible", what: "the cluster gets a public endpoint" },
  {
    type: "AWS::DMS::ReplicationInstance",
    path: "PubliclyAccessible",
    what: "the replication instance gets a public endpoint",
  },
  {
    type: "AWS::EC2::Subnet",
    path: "MapPublicIpOnLaunch",
    what: "instances in the subnet get public IPs",
    severity: "medium",
  },
  {
    type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    path: "Scheme",
    value: "internet-facing",
    unset: "internet-facing",
    changeOnly: true,
    what: "the internal load balancer becomes reachable from the internet",
  },
  {
    type: "AWS::ElasticLoadBalancing::LoadBalancer",
    path: "Scheme",
    value: "internet-facing",
    unset: "internet-facing",
    changeOnly: true,
    what: "the internal load balancer becomes reachable from the internet",
  },
  {
    type: "AWS::Lambda::Url",
    path: "AuthType",
    value: "NONE",
    what: "anyone on the internet can invoke the function through its URL, unauthenticated",
  },
];

/** Resources whose removal stops audit logging or threat detection. */
export const AUDIT_RESOURCES: Readonly<Record<string, { severity: Severity; what: string }>> = {
  "AWS::CloudTrail::Trail": {
    severity: "critical",
    what: "the CloudTrail trail stops recording API activity",
  },
  "AWS::CloudTrail::EventDataStore": { severity: "high", what: "CloudTrail Lake stops storing events" },
  "AWS::Config::ConfigurationRecorder": {
    severity: "high",
    what: "AWS Config stops recording configuration changes",
  },
  "AWS::Config::DeliveryChannel": { severity: "high", what: "AWS Config stops delivering its records" },
  "AWS::GuardDuty::Detector": { severity: "high", what: "GuardDuty threat detection stops" },
  "AWS::SecurityHub::Hub": { severity: "high", what: "Security Hub stops aggregating findings" },
  "AWS::EC2::FlowLog": { severity: "high", what: "VPC flow logs stop" },
  "AWS::Detective::Graph": { severity: "medium", what: "Detective stops collecting" },
  "AWS::Macie::Session": { severity: "medium", what: "Macie stops scanning" },
};

/** A switch that turns audit or access logging off when it leaves `on`. */
export interface CfnLoggingSwitch {
  type: string;
  path: string;
  /** The value that means logging is on; "present" means: on while the property is set at all. */
  on: string | number | boolean | "present";
  severity: Severity;
  effect: string;
  category: "audit";
}

export const CFN_LOGGING_SWITCHES: readonly CfnLoggingSwitch[] = [
  {
    type: "AWS::CloudTrail::Trail",
    path: "IsLogging",
    on: true,
    severity: "critical",
    effect: "the trail stops logging",
    category: "audit",
  },
  {
    type: "AWS::CloudTrail::Trail",
    path: "EnableLogFileValidation",
    on: true,
    severity: "medium",
    effect: "log file integrity validation is off",
    category: "audit",
  },
  {
    type: "AWS::CloudTrail::Trail",
    path: "IncludeGlobalServiceEvents",
    on: true,
    severity: "medium",
    effect: "IAM and other global service events are no longer logged",
    category: "audit",
  },
  {
    type: "AWS::CloudTrail::Trail",
    path: "IsMultiRegionTrail",
    on: true,
    severity: "medium",
    effect: "other regions are no longer logged",
    category: "audit",
  },
  {
    type: "AWS::GuardDuty::Detector",
    path: "Enable",
    on: true,
    severity: "high",
    effect: "GuardDuty is disabled",
    category: "audit",
  },
  {
    type: "AWS::Config::ConfigurationRecorder",
    path: "RecordingGroup.AllSupported",
    on: true,
    severity: "medium",
    effect: "Config no longer records all resource types",
    category: "audit",
  },
  {
    type: "AWS::S3::Bucket",
    path: "LoggingConfiguration",
    on: "present",
    severity: "medium",
    effect: "server access logging is off",
    category: "audit",
  },
  {
    type: "AWS::ElasticLoadBalancing::LoadBalancer",
    path: "AccessLoggingPolicy.Enabled",
    on: true,
    severity: "medium",
    effect: "load balancer access logs are off",
    category: "audit",
  },
  {
    type: "AWS::CloudFront::Distribution",
    path: "DistributionConfig.Logging",
    on: "present",
    severity: "medium",
    effect: "CloudFront access logs are off",
    category: "audit",
  },
  {
    type: "AWS::ApiGateway::Stage",
    path: "AccessLogSetting",
    on: "present",
    severity: "medium",
    effect: "API access logs are off",
    category: "audit",
  },
  {
    type: "AWS::ApiGatewayV2::Stage",
    path: "AccessLogSettings",
    on: "present",
    severity: "medium",
    effect: "API access logs are off",
    category: "audit",
  },
  {
    type: "AWS::EKS::Cluster",
    path: "Logging.ClusterLogging.EnabledTypes",
    on: "present",
    severity: "medium",
    effect: "control plane logs (audit included) are off",
    category: "audit",
  },
  {
    type: "AWS::RDS::DBInstance",
    path: "EnableCloudwatchLogsExports",
    on: "present",
    severity: "low",
    effect: "database logs are no longer exported",
    category: "audit",
  },
  {
    type: "AWS::RDS::DBCluster",
    path: "EnableCloudwatchLogsExports",
    on: "present",
    severity: "low",
    effect: "database logs are no longer exported",
    category: "audit",
  },
  {
    type: "AWS::WAFv2::LoggingConfiguration",
    path: "LogDestinationConfigs",
    on: "present",
    severity: "medium",
    effect: "WAF logging is off",
    category: "audit",
  },
];

/** Application Load Balancer attributes (key/value list) that turn access logging on. */
export const ELBV2_ACCESS_LOG_KEY = "access_logs.s3.enabled";

/** Encryption settings: leaving `on` removes encryption. */
export const CFN_ENCRYPTION_SWITCHES: readonly {
  type: string;
  path: string;
  on: string | number | boolean | "present";
  severity: Severity;
  effect: string;
}[] = [
  {
    type: "AWS::RDS::DBInstance",
    path: "StorageEncrypted",
    on: true,
    severity: "high",
    effect: "database storage is no longer encrypted",
  },
  {
    type: "AWS::RDS::DBCluster",
    path: "StorageEncrypted",
    on: true,
    severity: "high",
    effect: "cluster storage is no longer encrypted",
  },
  {
    type: "AWS::EC2::Volume",
    path: "Encrypted",
    on: true,
    severity: "high",
    effect: "the volume is no longer encrypted",
  },
  {
    type: "AWS::EFS::FileSystem",
    path: "Encrypted",
    on: true,
    severity: "high",
    effect: "the file system is no longer encrypted",
  },
  {
    type: "AWS::Redshift::Cluster",
    path: "Encrypted",
    on: true,
    severity: "high",
    effect: "the cluster is no longer encrypted",
  },
  {
    type: "AWS::Neptune::DBCluster",
    path: "StorageEncrypted",
    on: true,
    severity: "high",
    effect: "cluster storage is no longer encrypted",
  },
  {
    type: "AWS::DocDB::DBCluster",
    path: "StorageEncrypted",
    on: true,
    severity: "high",
    effect: "cluster storage is no longer encrypted",
  },
  {
    type: "AWS::ElastiCache::ReplicationGroup",
    path: "AtRestEncryptionEnabled",
    on: true,
    severity: "high",
    effect: "cache data at rest is no longer encrypted",
  },
  {
    type: "AWS::ElastiCache::ReplicationGroup",
    path: "TransitEncryptionEnabled",
    on: true,
    severity: "medium",
    effect: "cache traffic is no longer encrypted",
  },
  {
    type: "AWS::OpenSearchService::Domain",
    path: "EncryptionAtRestOptions.Enabled",
    on: true,
    severity: "high",
    effect: "search data at rest is no longer encrypted",
  },
  {
    type: "AWS::OpenSearchService::Domain",
    path: "NodeToNodeEncryptionOptions.Enabled",
    on: true,
    severity: "medium",
    effect: "node-to-node traffic is no longer encrypted",
  },
  {
    type: "AWS::DynamoDB::Table",
    path: "SSESpecification.SSEEnabled",
    on: true,
    severity: "medium",
    effect: "the table falls back from KMS to AWS-owned keys",
  },
  {
    type: "AWS::S3::Bucket",
    path: "BucketEncryption",
    on: "present",
    severity: "low",
    effect: "the bucket's default encryption configuration is removed (S3 still applies SSE-S3)",
  },
  {
    type: "AWS::SQS::Queue",
    path: "KmsMasterKeyId",
    on: "present",
    severity: "medium",
    effect: "messages are no longer encrypted with the KMS key",
  },
  {
    type: "AWS::SNS::Topic",
    path: "KmsMasterKeyId",
    on: "present",
    severity: "medium",
    effect: "messages are no longer encrypted with the KMS key",
  },
  {
    type: "AWS::Kinesis::Stream",
    path: "StreamEncryption",
    on: "present",
    severity: "medium",
    effect: "stream records are no longer encrypted",
  },
  {
    type: "AWS::Logs::LogGroup",
    path: "KmsKeyId",
    on: "present",
    severity: "low",
    effect: "log events are no longer encrypted with the KMS key",
  },
];

/** Capacity properties: a drop to zero stops the service. */
export const CFN_CAPACITY: readonly { type: string; path: string; what: string }[] = [
  { type: "AWS::AutoScaling::AutoScalingGroup", path: "DesiredCapacity", what: "desired instances" },
  { type: "AWS::AutoScaling::AutoScalingGroup", path: "MaxSize", what: "maximum instances" },
  { type: "AWS::ECS::Service", path: "DesiredCount", what: "running tasks" },
  { type: "AWS::EKS::Nodegroup", path: "ScalingConfig.DesiredSize", what: "desired nodes" },
  { type: "AWS::EKS::Nodegroup", path: "ScalingConfig.MaxSize", what: "maximum nodes" },
  {
    type: "AWS::Lambda::Function",
    path: "ReservedConcurrentExecutions",
    what: "reserved concurrency (0 throttles every invocation)",
  },
  { type: "AWS::ApplicationAutoScaling::ScalableTarget", path: "MaxCapacity", what: "maximum capacity" },
  { type: "AWS::EMR::InstanceGroupConfig", path: "InstanceCount", what: "instances" },
  { type: "AWS::AutoScaling::ScheduledAction", path: "MaxSize", what: "scheduled maximum instances" },
  { type: "AWS::AutoScaling::ScheduledAction", path: "DesiredCapacity", what: "scheduled desired instances" },
];

/** Types replaced on almost every deployment by design (a replacement is routine, not a risk). */
export const ROUTINE_REPLACEMENTS: ReadonlySet<string> = new Set([
  "AWS::Lambda::Version",
  "AWS::ApiGateway::Deployment",
  "AWS::CloudFormation::WaitCondition",
  "AWS::CloudFormation::WaitConditionHandle",
  "AWS::CDK::Metadata",
  "AWS::Lambda::LayerVersion",
]);
