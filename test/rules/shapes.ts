// Resource values in the exact shape `terraform show -json` gives them (change.before / change.after):
// every schema attribute present, nested blocks as lists, sets as arrays, policies as JSON strings.

export const AWS_DB_INSTANCE = {
  address: "demodb.abcabcabcabc.us-east-1.rds.amazonaws.com",
  allocated_storage: 20,
  allow_major_version_upgrade: null,
  apply_immediately: false,
  arn: "arn:aws:rds:us-east-1:123456789012:db:orders",
  auto_minor_version_upgrade: true,
  availability_zone: "us-east-1a",
  backup_retention_period: 7,
  backup_window: "03:00-06:00",
  ca_cert_identifier: "rds-ca-rsa2048-g1",
  copy_tags_to_snapshot: true,
  db_name: "orders",
  db_subnet_group_name: "main",
  delete_automated_backups: false,
  deletion_protection: true,
  enabled_cloudwatch_logs_exports: ["postgresql"],
  endpoint: "orders.abcabcabcabc.us-east-1.rds.amazonaws.com:5432",
  engine: "postgres",
  engine_version: "16.3",
  final_snapshot_identifier: "orders-final",
  iam_database_authentication_enabled: true,
  id: "db-ABCDEFGHIJKL",
  identifier: "orders",
  identifier_prefix: "",
  instance_class: "db.m6g.large",
  iops: 0,
  kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  maintenance_window: "mon:00:00-mon:03:00",
  manage_master_user_password: null,
  max_allocated_storage: 100,
  monitoring_interval: 0,
  multi_az: true,
  parameter_group_name: "default.postgres16",
  password: "S3cr3t-Db-Passw0rd!",
  port: 5432,
  publicly_accessible: false,
  replicate_source_db: "",
  skip_final_snapshot: false,
  snapshot_identifier: null,
  storage_encrypted: true,
  storage_type: "gp3",
  tags: { Environment: "prod", Team: "orders" },
  tags_all: { Environment: "prod", Team: "orders" },
  timeouts: null,
  username: "orders_admin",
  vpc_security_group_ids: ["sg-0123456789abcdef0"],
};

export const AWS_S3_BUCKET = {
  acceleration_status: "",
  acl: null,
  arn: "arn:aws:s3:::acme-orders-exports",
  bucket: "acme-orders-exports",
  bucket_domain_name: "acme-orders-exports.s3.amazonaws.com",
  bucket_prefix: "",
  bucket_regional_domain_name: "acme-orders-exports.s3.us-east-1.amazonaws.com",
  cors_rule: [],
  force_destroy: false,
  grant: [
    {
      id: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      permissions: ["FULL_CONTROL"],
      type: "CanonicalUser",
      uri: "",
    },
  ],
  hosted_zone_id: "Z3AQBSTGFYJSTF",
  id: "acme-orders-exports",
  lifecycle_rule: [],
  logging: [],
  object_lock_configuration: [],
  object_lock_enabled: false,
  policy: "",
  region: "us-east-1",
  replication_configuration: [],
  request_payer: "BucketOwner",
  server_side_encryption_configuration: [
    {
      rule: [
        {
          apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }],
          bucket_key_enabled: false,
        },
      ],
    },
  ],
  tags: { Environment: "prod" },
  tags_all: { Environment: "prod" },
  timeouts: null,
  versioning: [{ enabled: true, mfa_delete: false }],
  website: [],
};

export const AWS_S3_PUBLIC_ACCESS_BLOCK = {
  block_public_acls: true,
  block_public_policy: true,
  bucket: "acme-orders-exports",
  id: "acme-orders-exports",
  ignore_public_acls: true,
  restrict_public_buckets: true,
};

export const AWS_S3_BUCKET_VERSIONING = {
  bucket: "acme-orders-exports",
  expected_bucket_owner: "",
  id: "acme-orders-exports",
  mfa: null,
  versioning_configuration: [{ mfa_delete: "", status: "Enabled" }],
};

export const AWS_S3_BUCKET_POLICY = {
  bucket: "acme-orders-exports",
  id: "acme-orders-exports",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowOrg",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::acme-orders-exports/*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
      },
    ],
  }),
};

export const AWS_SECURITY_GROUP = {
  arn: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-041e96ff356b17d07",
  description: "web tier",
  egress: [
    {
      cidr_blocks: ["0.0.0.0/0"],
      description: "",
      from_port: 0,
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      protocol: "-1",
      security_groups: [],
      self: false,
      to_port: 0,
    },
  ],
  id: "sg-041e96ff356b17d07",
  ingress: [
    {
      cidr_blocks: ["10.0.0.0/8"],
      description: "internal",
      from_port: 443,
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      protocol: "tcp",
      security_groups: [],
      self: false,
      to_port: 443,
    },
  ],
  name: "web",
  name_prefix: "",
  owner_id: "123456789012",
  revoke_rules_on_delete: false,
  tags: { Name: "web" },
  tags_all: { Name: "web" },
  timeouts: null,
  vpc_id: "vpc-32e071f6",
};

export function sgIngress(cidrs: string[], from: number, to: number, protocol = "tcp", ipv6: string[] = []) {
  return {
    cidr_blocks: cidrs,
    description: "",
    from_port: from,
    ipv6_cidr_blocks: ipv6,
    prefix_list_ids: [],
    protocol,
    security_groups: [],
    self: false,
    to_port: to,
  };
}

export const AWS_SECURITY_GROUP_RULE = {
  cidr_blocks: ["0.0.0.0/0"],
  description: null,
  from_port: 3389,
  id: "sgrule-2512345678",
  ipv6_cidr_blocks: null,
  prefix_list_ids: null,
  protocol: "tcp",
  security_group_id: "sg-041e96ff356b17d07",
  security_group_rule_id: "sgr-0123456789abcdef0",
  self: false,
  source_security_group_id: null,
  timeouts: null,
  to_port: 3389,
  type: "ingress",
};

export const AWS_VPC_INGRESS_RULE = {
  arn: "arn:aws:ec2:us-east-1:123456789012:security-group-rule/sgr-0123456789abcdef0",
  cidr_ipv4: "0.0.0.0/0",
  cidr_ipv6: null,
  description: null,
  from_port: 5432,
  id: "sgr-0123456789abcdef0",
  ip_protocol: "tcp",
  prefix_list_id: null,
  referenced_security_group_id: null,
  security_group_id: "sg-041e96ff356b17d07",
  security_group_rule_id: "sgr-0123456789abcdef0",
  tags: null,
  tags_all: {},
  to_port: 5432,
};

export function iamDoc(statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const AWS_IAM_POLICY = {
  arn: "arn:aws:iam::123456789012:policy/app-reader",
  attachment_count: 1,
  description: "",
  id: "arn:aws:iam::123456789012:policy/app-reader",
  name: "app-reader",
  name_prefix: "",
  path: "/",
  policy: iamDoc([
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::acme-orders-exports/*"],
    },
  ]),
  policy_id: "ANPAEXAMPLE1234567890",
  tags: {},
  tags_all: {},
};

export const AWS_IAM_ROLE = {
  arn: "arn:aws:iam::123456789012:role/deploy",
  assume_role_policy: iamDoc([
    { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
  ]),
  create_date: "2024-01-01T00:00:00Z",
  description: "",
  force_detach_policies: false,
  id: "deploy",
  inline_policy: [],
  managed_policy_arns: ["arn:aws:iam::123456789012:policy/app-reader"],
  max_session_duration: 3600,
  name: "deploy",
  name_prefix: "",
  path: "/",
  permissions_boundary: "",
  tags: {},
  tags_all: {},
  unique_id: "AROAEXAMPLE1234567890",
};

export const AWS_IAM_ROLE_POLICY_ATTACHMENT = {
  id: "deploy-20240101000000000000000001",
  policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
  role: "deploy",
};

export const AWS_KMS_KEY = {
  arn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  bypass_policy_lockout_safety_check: false,
  custom_key_store_id: "",
  customer_master_key_spec: "SYMMETRIC_DEFAULT",
  deletion_window_in_days: 30,
  description: "orders data key",
  enable_key_rotation: true,
  id: "1234abcd-12ab-34cd-56ef-1234567890ab",
  is_enabled: true,
  key_id: "1234abcd-12ab-34cd-56ef-1234567890ab",
  key_usage: "ENCRYPT_DECRYPT",
  multi_region: false,
  policy: iamDoc([
    {
      Sid: "Root",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    },
  ]),
  rotation_period_in_days: 365,
  tags: {},
  tags_all: {},
  xks_key_id: "",
};

export const AWS_CLOUDTRAIL = {
  advanced_event_selector: [],
  arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
  cloud_watch_logs_group_arn: "arn:aws:logs:us-east-1:123456789012:log-group:cloudtrail:*",
  cloud_watch_logs_role_arn: "arn:aws:iam::123456789012:role/cloudtrail-logs",
  enable_log_file_validation: true,
  enable_logging: true,
  event_selector: [],
  home_region: "us-east-1",
  id: "org-trail",
  include_global_service_events: true,
  insight_selector: [],
  is_multi_region_trail: true,
  is_organization_trail: true,
  kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  name: "org-trail",
  s3_bucket_name: "acme-cloudtrail",
  s3_key_prefix: "",
  sns_topic_arn: "",
  sns_topic_name: "",
  tags: {},
  tags_all: {},
};

export const AWS_ECS_SERVICE = {
  alarms: [],
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
  deployment_circuit_breaker: [{ enable: true, rollback: true }],
  deployment_controller: [{ type: "ECS" }],
  deployment_maximum_percent: 200,
  deployment_minimum_healthy_percent: 100,
  desired_count: 3,
  enable_ecs_managed_tags: false,
  enable_execute_command: false,
  force_new_deployment: null,
  health_check_grace_period_seconds: 0,
  iam_role: "/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
  id: "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
  launch_type: "FARGATE",
  load_balancer: [],
  name: "web",
  network_configuration: [],
  platform_version: "LATEST",
  propagate_tags: "NONE",
  scheduling_strategy: "REPLICA",
  tags: {},
  tags_all: {},
  task_definition: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:42",
  triggers: {},
  wait_for_steady_state: false,
};

export const AWS_LB = {
  access_logs: [{ bucket: "acme-lb-logs", enabled: true, prefix: "web" }],
  arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
  dns_name: "web-1234567890.us-east-1.elb.amazonaws.com",
  enable_deletion_protection: true,
  id: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
  idle_timeout: 60,
  internal: true,
  ip_address_type: "ipv4",
  load_balancer_type: "application",
  name: "web",
  security_groups: ["sg-041e96ff356b17d07"],
  subnets: ["subnet-0a", "subnet-0b"],
  tags: {},
  tags_all: {},
};

export const AWS_LB_LISTENER = {
  alpn_policy: null,
  arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
  default_action: [
    { type: "forward", target_group_arn: "arn:aws:elasticloadbalancing:...:targetgroup/web/1" },
  ],
  id: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  load_balancer_arn:
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
  port: 443,
  protocol: "HTTPS",
  ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  tags: {},
  tags_all: {},
};

export const AWS_ROUTE53_ZONE = {
  arn: "arn:aws:route53:::hostedzone/Z0123456789ABC",
  comment: "Managed by Terraform",
  delegation_set_id: "",
  force_destroy: false,
  id: "Z0123456789ABC",
  name: "example.com",
  name_servers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"],
  primary_name_server: "ns-1.awsdns-01.org",
  tags: {},
  tags_all: {},
  vpc: [],
  zone_id: "Z0123456789ABC",
};

export const AWS_ROUTE53_RECORD = {
  alias: [],
  allow_overwrite: null,
  cidr_routing_policy: [],
  failover_routing_policy: [],
  fqdn: "api.example.com",
  geolocation_routing_policy: [],
  health_check_id: "",
  id: "Z0123456789ABC_api.example.com_A",
  latency_routing_policy: [],
  multivalue_answer_routing_policy: false,
  name: "api.example.com",
  records: ["203.0.113.10"],
  set_identifier: "",
  ttl: 300,
  type: "A",
  weighted_routing_policy: [],
  zone_id: "Z0123456789ABC",
};

export const AWS_LAUNCH_TEMPLATE = {
  arn: "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0abcd",
  block_device_mappings: [
    {
      device_name: "/dev/xvda",
      ebs: [{ delete_on_termination: "true", encrypted: "true", volume_size: 20, volume_type: "gp3" }],
      no_device: "",
      virtual_name: "",
    },
  ],
  default_version: 3,
  id: "lt-0abcd",
  image_id: "ami-0123456789abcdef0",
  instance_type: "t3.small",
  latest_version: 3,
  name: "web",
  network_interfaces: [{ associate_public_ip_address: "false", device_index: 0, security_groups: [] }],
  tags: {},
  tags_all: {},
  update_default_version: true,
  user_data: "",
};

export const AWS_DYNAMODB_TABLE = {
  arn: "arn:aws:dynamodb:us-east-1:123456789012:table/sessions",
  attribute: [{ name: "pk", type: "S" }],
  billing_mode: "PAY_PER_REQUEST",
  deletion_protection_enabled: true,
  hash_key: "pk",
  id: "sessions",
  name: "sessions",
  point_in_time_recovery: [{ enabled: true }],
  server_side_encryption: [{ enabled: true, kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/abcd" }],
  stream_enabled: false,
  table_class: "STANDARD",
  tags: {},
  tags_all: {},
  ttl: [{ attribute_name: "", enabled: false }],
};

export const AWS_CLOUDWATCH_LOG_GROUP = {
  arn: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web",
  id: "/ecs/web",
  kms_key_id: "",
  log_group_class: "STANDARD",
  name: "/ecs/web",
  name_prefix: "",
  retention_in_days: 90,
  skip_destroy: false,
  tags: {},
  tags_all: {},
};

export const AWS_GUARDDUTY_DETECTOR = {
  account_id: "123456789012",
  arn: "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0",
  datasources: [],
  enable: true,
  finding_publishing_frequency: "SIX_HOURS",
  id: "12abc34d567e8fa901bc2d34e56789f0",
  tags: {},
  tags_all: {},
};

export const AWS_FLOW_LOG = {
  arn: "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-1234",
  id: "fl-1234",
  log_destination: "arn:aws:s3:::acme-flow-logs",
  log_destination_type: "s3",
  max_aggregation_interval: 600,
  traffic_type: "ALL",
  vpc_id: "vpc-32e071f6",
};

export const AWS_METRIC_ALARM = {
  actions_enabled: true,
  alarm_actions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
  alarm_name: "web-5xx",
  comparison_operator: "GreaterThanThreshold",
  evaluation_periods: 1,
  id: "web-5xx",
  metric_name: "HTTPCode_Target_5XX_Count",
  namespace: "AWS/ApplicationELB",
  period: 60,
  statistic: "Sum",
  threshold: 10,
};

export const AWS_SECRETSMANAGER_SECRET = {
  arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/db-AbCdEf",
  description: "",
  force_overwrite_replica_secret: false,
  id: "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/db-AbCdEf",
  kms_key_id: "",
  name: "orders/db",
  name_prefix: "",
  policy: "",
  recovery_window_in_days: 30,
  replica: [],
  tags: {},
  tags_all: {},
};

export const AWS_SSM_PARAMETER = {
  allowed_pattern: "",
  arn: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/api-token",
  data_type: "text",
  description: "",
  id: "/orders/api-token",
  insecure_value: null,
  key_id: "alias/aws/ssm",
  name: "/orders/api-token",
  overwrite: null,
  tags: {},
  tags_all: {},
  tier: "Standard",
  type: "SecureString",
  value: "tok-live-7f3a9c0e1b",
  version: 3,
};

export const GOOGLE_SQL_INSTANCE = {
  clone: [],
  connection_name: "acme-prod:us-central1:orders",
  database_version: "POSTGRES_15",
  deletion_protection: true,
  encryption_key_name: null,
  id: "orders",
  instance_type: "CLOUD_SQL_INSTANCE",
  ip_address: [{ ip_address: "10.1.2.3", type: "PRIVATE" }],
  maintenance_version: "POSTGRES_15_5.R20240130.00_05",
  master_instance_name: "",
  name: "orders",
  project: "acme-prod",
  region: "us-central1",
  replica_configuration: [],
  root_password: null,
  self_link: "https://sqladmin.googleapis.com/sql/v1beta4/projects/acme-prod/instances/orders",
  settings: [
    {
      activation_policy: "ALWAYS",
      availability_type: "REGIONAL",
      backup_configuration: [
        {
          backup_retention_settings: [{ retained_backups: 14, retention_unit: "COUNT" }],
          binary_log_enabled: false,
          enabled: true,
          location: "",
          point_in_time_recovery_enabled: true,
          start_time: "02:00",
          transaction_log_retention_days: 7,
        },
      ],
      deletion_protection_enabled: true,
      disk_autoresize: true,
      disk_size: 100,
      disk_type: "PD_SSD",
      ip_configuration: [
        {
          allocated_ip_range: "",
          authorized_networks: [],
          enable_private_path_for_google_cloud_services: false,
          ipv4_enabled: false,
          private_network: "projects/acme-prod/global/networks/main",
          require_ssl: true,
          ssl_mode: "ENCRYPTED_ONLY",
        },
      ],
      tier: "db-custom-4-16384",
      user_labels: { env: "prod" },
      version: 12,
    },
  ],
};

export const GOOGLE_STORAGE_BUCKET = {
  autoclass: [],
  cors: [],
  default_event_based_hold: false,
  encryption: [],
  force_destroy: false,
  id: "acme-reports",
  labels: { env: "prod" },
  lifecycle_rule: [],
  location: "US",
  logging: [],
  name: "acme-reports",
  project: "acme-prod",
  public_access_prevention: "enforced",
  requester_pays: false,
  retention_policy: [],
  self_link: "https://www.googleapis.com/storage/v1/b/acme-reports",
  soft_delete_policy: [{ effective_time: "2024-03-01T00:00:00Z", retention_duration_seconds: 604800 }],
  storage_class: "STANDARD",
  uniform_bucket_level_access: true,
  url: "gs://acme-reports",
  versioning: [{ enabled: true }],
  website: [],
};

export const GOOGLE_BUCKET_IAM_MEMBER = {
  bucket: "b/acme-reports",
  condition: [],
  etag: "CAE=",
  id: "b/acme-reports/roles/storage.objectViewer/user:ana@example.com",
  member: "user:ana@example.com",
  role: "roles/storage.objectViewer",
};

export const GOOGLE_PROJECT_IAM_MEMBER = {
  condition: [],
  etag: "BwXhq6Lx5cQ=",
  id: "acme-prod/roles/viewer/user:ana@example.com",
  member: "user:ana@example.com",
  project: "acme-prod",
  role: "roles/viewer",
};

export const GOOGLE_COMPUTE_FIREWALL = {
  allow: [{ ports: ["443"], protocol: "tcp" }],
  creation_timestamp: "2024-01-01T00:00:00.000-08:00",
  deny: [],
  description: "",
  destination_ranges: [],
  direction: "INGRESS",
  disabled: false,
  id: "projects/acme-prod/global/firewalls/allow-https",
  log_config: [],
  name: "allow-https",
  network: "https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/main",
  priority: 1000,
  project: "acme-prod",
  self_link: "https://www.googleapis.com/compute/v1/projects/acme-prod/global/firewalls/allow-https",
  source_ranges: ["10.0.0.0/8"],
  source_service_accounts: [],
  source_tags: [],
  target_service_accounts: [],
  target_tags: ["web"],
  timeouts: null,
};

export const GOOGLE_KMS_CRYPTO_KEY = {
  destroy_scheduled_duration: "86400s",
  id: "projects/acme-prod/locations/global/keyRings/main/cryptoKeys/orders",
  import_only: false,
  key_ring: "projects/acme-prod/locations/global/keyRings/main",
  labels: {},
  name: "orders",
  purpose: "ENCRYPT_DECRYPT",
  rotation_period: "7776000s",
  skip_initial_version_creation: false,
  version_template: [{ algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "SOFTWARE" }],
};

export const GOOGLE_LOGGING_PROJECT_SINK = {
  bigquery_options: [],
  custom_writer_identity: null,
  description: "",
  destination: "storage.googleapis.com/acme-audit-logs",
  disabled: false,
  exclusions: [],
  filter: "logName:cloudaudit.googleapis.com",
  id: "projects/acme-prod/sinks/audit",
  name: "audit",
  project: "acme-prod",
  unique_writer_identity: true,
  writer_identity: "serviceAccount:service-123@gcp-sa-logging.iam.gserviceaccount.com",
};

export const AZURE_STORAGE_ACCOUNT = {
  access_tier: "Hot",
  account_kind: "StorageV2",
  account_replication_type: "ZRS",
  account_tier: "Standard",
  allow_nested_items_to_be_public: false,
  blob_properties: [
    {
      change_feed_enabled: false,
      container_delete_retention_policy: [{ days: 7 }],
      cors_rule: [],
      delete_retention_policy: [{ days: 14, permanent_delete_enabled: false }],
      last_access_time_enabled: false,
      restore_policy: [],
      versioning_enabled: true,
    },
  ],
  cross_tenant_replication_enabled: false,
  customer_managed_key: [],
  https_traffic_only_enabled: true,
  id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod/providers/Microsoft.Storage/storageAccounts/acmeprod",
  infrastructure_encryption_enabled: false,
  location: "westeurope",
  min_tls_version: "TLS1_2",
  name: "acmeprod",
  network_rules: [
    { bypass: ["AzureServices"], default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [] },
  ],
  primary_access_key: "bm90LWEtcmVhbC1rZXktYnV0LWxvbmctZW5vdWdoLXRvLWxvb2stbGlrZS1vbmU=",
  primary_connection_string:
    "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=bm90LWEtcmVhbC1rZXk=",
  public_network_access_enabled: false,
  resource_group_name: "prod",
  shared_access_key_enabled: true,
  tags: { env: "prod" },
};

export const AZURE_NSG_RULE = {
  access: "Allow",
  description: "",
  destination_address_prefix: "*",
  destination_address_prefixes: [],
  destination_application_security_group_ids: [],
  destination_port_range: "443",
  destination_port_ranges: [],
  direction: "Inbound",
  id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.Network/networkSecurityGroups/web/securityRules/https",
  name: "https",
  network_security_group_name: "web",
  priority: 100,
  protocol: "Tcp",
  resource_group_name: "prod",
  source_address_prefix: "10.0.0.0/8",
  source_address_prefixes: [],
  source_application_security_group_ids: [],
  source_port_range: "*",
  source_port_ranges: [],
};

export const AZURE_ROLE_ASSIGNMENT = {
  condition: "",
  condition_version: "",
  delegated_managed_identity_resource_id: "",
  description: "",
  id: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleAssignments/11111111-1111-1111-1111-111111111111",
  name: "11111111-1111-1111-1111-111111111111",
  principal_id: "22222222-2222-2222-2222-222222222222",
  principal_type: "ServicePrincipal",
  role_definition_id:
    "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
  role_definition_name: "Reader",
  scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
  skip_service_principal_aad_check: null,
};

export const AZURE_KEY_VAULT = {
  access_policy: [],
  enable_rbac_authorization: true,
  enabled_for_deployment: false,
  enabled_for_disk_encryption: false,
  enabled_for_template_deployment: false,
  id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.KeyVault/vaults/acme-prod",
  location: "westeurope",
  name: "acme-prod",
  network_acls: [
    { bypass: "AzureServices", default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [] },
  ],
  public_network_access_enabled: false,
  purge_protection_enabled: true,
  resource_group_name: "prod",
  sku_name: "standard",
  soft_delete_retention_days: 90,
  tags: {},
  tenant_id: "33333333-3333-3333-3333-333333333333",
  vault_uri: "https://acme-prod.vault.azure.net/",
};

export const AZURE_MSSQL_DATABASE = {
  auto_pause_delay_in_minutes: 0,
  collation: "SQL_Latin1_General_CP1_CI_AS",
  id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.Sql/servers/acme/databases/orders",
  license_type: "LicenseIncluded",
  long_term_retention_policy: [
    { monthly_retention: "P12M", week_of_year: 1, weekly_retention: "P4W", yearly_retention: "P5Y" },
  ],
  max_size_gb: 32,
  name: "orders",
  server_id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.Sql/servers/acme",
  short_term_retention_policy: [{ backup_interval_in_hours: 12, retention_days: 14 }],
  sku_name: "S1",
  tags: {},
  transparent_data_encryption_enabled: true,
  zone_redundant: true,
};

export const AZURE_RESOURCE_GROUP = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod",
  location: "westeurope",
  managed_by: "",
  name: "prod",
  tags: { env: "prod" },
  timeouts: null,
};

export const AZURE_DIAGNOSTIC_SETTING = {
  enabled_log: [{ category: "", category_group: "audit" }],
  eventhub_authorization_rule_id: "",
  eventhub_name: "",
  id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.KeyVault/vaults/acme-prod|audit",
  log_analytics_destination_type: "",
  log_analytics_workspace_id:
    "/subscriptions/0000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops",
  metric: [{ category: "AllMetrics", enabled: true }],
  name: "audit",
  partner_solution_id: "",
  storage_account_id: "",
  target_resource_id: "/subscriptions/0000/resourceGroups/prod/providers/Microsoft.KeyVault/vaults/acme-prod",
};

export function k8sMeta(name: string, namespace = "default") {
  return [
    {
      annotations: {},
      generate_name: "",
      generation: 1,
      labels: { app: name },
      name,
      namespace,
      resource_version: "12345",
      uid: "5d5e5f60-0000-4000-8000-000000000000",
    },
  ];
}

export const K8S_NAMESPACE = {
  id: "payments",
  metadata: [
    {
      annotations: {},
      generate_name: "",
      generation: 0,
      labels: { team: "payments" },
      name: "payments",
      resource_version: "4711",
      uid: "8a1b2c3d-0000-4000-8000-000000000000",
    },
  ],
  timeouts: null,
  wait_for_default_service_account: false,
};

export const K8S_DEPLOYMENT = {
  id: "default/web",
  metadata: k8sMeta("web"),
  spec: [
    {
      min_ready_seconds: 0,
      paused: false,
      progress_deadline_seconds: 600,
      replicas: "3",
      revision_history_limit: 10,
      selector: [{ match_expressions: [], match_labels: { app: "web" } }],
      strategy: [{ rolling_update: [{ max_surge: "25%", max_unavailable: "25%" }], type: "RollingUpdate" }],
      template: [
        {
          metadata: [
            {
              annotations: {},
              generate_name: "",
              generation: 0,
              labels: { app: "web" },
              name: "",
              namespace: "",
              resource_version: "",
              uid: "",
            },
          ],
          spec: [
            {
              automount_service_account_token: true,
              container: [
                {
                  args: [],
                  command: [],
                  env: [],
                  image: "nginx:1.27",
                  image_pull_policy: "IfNotPresent",
                  name: "web",
                  port: [{ container_port: 80, name: "http", protocol: "TCP" }],
                  security_context: [],
                },
              ],
              host_ipc: false,
              host_network: false,
              host_pid: false,
              init_container: [],
              volume: [],
            },
          ],
        },
      ],
    },
  ],
  timeouts: null,
  wait_for_rollout: true,
};

export const K8S_PVC = {
  id: "payments/ledger-data",
  metadata: k8sMeta("ledger-data", "payments"),
  spec: [
    {
      access_modes: ["ReadWriteOnce"],
      resources: [{ limits: {}, requests: { storage: "100Gi" } }],
      selector: [],
      storage_class_name: "gp3",
      volume_mode: "Filesystem",
      volume_name: "pvc-0b1c",
    },
  ],
  timeouts: null,
  wait_until_bound: true,
};

export const K8S_CLUSTER_ROLE_BINDING = {
  id: "ci-deployer",
  metadata: [
    { annotations: {}, generation: 0, labels: {}, name: "ci-deployer", resource_version: "9", uid: "u1" },
  ],
  role_ref: [{ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }],
  subject: [{ api_group: "", kind: "ServiceAccount", name: "deployer", namespace: "ci" }],
};

export const K8S_SERVICE = {
  id: "default/web",
  metadata: k8sMeta("web"),
  spec: [
    {
      allocate_load_balancer_node_ports: true,
      cluster_ip: "10.96.0.15",
      external_traffic_policy: "",
      load_balancer_source_ranges: [],
      port: [{ name: "http", node_port: 0, port: 80, protocol: "TCP", target_port: "80" }],
      selector: { app: "web" },
      session_affinity: "None",
      type: "ClusterIP",
    },
  ],
  status: [],
  timeouts: null,
  wait_for_load_balancer: true,
};
