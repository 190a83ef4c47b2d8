// Availability: what deleting or replacing serving infrastructure does, capacities that can reach zero,
// switches that stop a service, and redundancy settings.
import { changedTo, type DestroyImpact, impact, type Transition, turnedOff, turnedOn } from "./common.js";

/** DNS zones: replacing one gives it new name servers, so the delegation breaks. */
export const DNS_ZONES: readonly DestroyImpact[] = [
  "aws_route53_zone",
  "google_dns_managed_zone",
  "azurerm_dns_zone",
  "azurerm_private_dns_zone",
].map((type) =>
  impact(
    type,
    "DNS zone",
    "critical",
    "critical",
    "critical",
    "every name in it stops resolving; a new zone gets new name servers",
  ),
);

/** DNS records: a delete stops the name resolving; a replace leaves a gap. */
export const DNS_RECORDS: readonly DestroyImpact[] = [
  "aws_route53_record",
  "google_dns_record_set",
  "azurerm_dns_a_record",
  "azurerm_dns_aaaa_record",
  "azurerm_dns_cname_record",
  "azurerm_dns_mx_record",
  "azurerm_dns_ns_record",
  "azurerm_dns_srv_record",
  "azurerm_dns_txt_record",
  "azurerm_dns_caa_record",
  "azurerm_dns_ptr_record",
  "azurerm_private_dns_a_record",
  "azurerm_private_dns_aaaa_record",
  "azurerm_private_dns_cname_record",
  "azurerm_private_dns_srv_record",
  "azurerm_private_dns_txt_record",
].map((type) => impact(type, "DNS record", "medium", "low", null));

/** Record types whose loss breaks more than one name (delegation, mail). */
export const CRITICAL_RECORD_TYPES: ReadonlySet<string> = new Set(["NS", "MX", "SOA"]);

/** Entry points: load balancers, CDNs, API gateways. */
export const LOAD_BALANCERS: readonly DestroyImpact[] = [
  ...["aws_lb", "aws_alb", "aws_elb"].map((t) =>
    impact(t, "load balancer", "high", "high", "medium", "its DNS name changes; clients and aliases break"),
  ),
  impact("aws_cloudfront_distribution", "CloudFront distribution", "high", "high", "medium"),
  impact("aws_globalaccelerator_accelerator", "Global Accelerator", "high", "high", "medium"),
  ...["aws_api_gateway_rest_api", "aws_apigatewayv2_api"].map((t) =>
    impact(t, "API gateway", "high", "high", "medium", "its invoke URL changes"),
  ),
  ...[
    "google_compute_forwarding_rule",
    "google_compute_global_forwarding_rule",
    "google_compute_url_map",
    "google_compute_region_url_map",
    "google_compute_backend_service",
    "google_compute_region_backend_service",
    "google_compute_target_https_proxy",
    "google_compute_target_http_proxy",
    "google_compute_target_tcp_proxy",
    "google_compute_target_ssl_proxy",
    "google_compute_target_pool",
  ].map((t) => impact(t, "load balancer component", "high", "high", "low")),
  impact(
    "google_compute_global_address",
    "global IP address",
    "high",
    "high",
    "medium",
    "the address is released",
  ),
  impact("google_compute_address", "IP address", "medium", "medium", "low", "the address is released"),
  ...[
    "azurerm_lb",
    "azurerm_application_gateway",
    "azurerm_frontdoor",
    "azurerm_cdn_frontdoor_profile",
    "azurerm_cdn_frontdoor_endpoint",
    "azurerm_traffic_manager_profile",
    "azurerm_api_management",
  ].map((t) => impact(t, "load balancer / front door", "high", "high", "medium")),
  impact("azurerm_public_ip", "public IP address", "medium", "medium", "low", "the address is released"),
  impact("aws_eip", "Elastic IP", "medium", "medium", "low", "the address is released"),
];

/** Listeners, rules, target groups and backends: traffic stops flowing to the service. */
export const LISTENERS: readonly DestroyImpact[] = [
  ...["aws_lb_listener", "aws_alb_listener"].map((t) => impact(t, "listener", "high", "medium", null)),
  ...["aws_lb_listener_rule", "aws_alb_listener_rule"].map((t) =>
    impact(t, "listener rule", "medium", "low", null),
  ),
  ...["aws_lb_target_group", "aws_alb_target_group"].map((t) =>
    impact(t, "target group", "medium", "medium", null),
  ),
  ...["aws_lb_target_group_attachment", "aws_alb_target_group_attachment", "aws_autoscaling_attachment"].map(
    (t) => impact(t, "target registration", "low", null, null),
  ),
  ...["aws_api_gateway_stage", "aws_apigatewayv2_stage"].map((t) =>
    impact(t, "API stage", "high", "medium", null),
  ),
  ...["aws_api_gateway_deployment", "aws_apigatewayv2_route"].map((t) =>
    impact(t, "API deployment or route", "medium", null, null),
  ),
  ...[
    "azurerm_lb_rule",
    "azurerm_lb_backend_address_pool",
    "azurerm_lb_probe",
    "azurerm_lb_nat_rule",
    "azurerm_network_interface_backend_address_pool_association",
  ].map((t) => impact(t, "load balancer rule or backend", "medium", "low", null)),
  ...[
    "google_compute_instance_group",
    "google_compute_network_endpoint_group",
    "google_compute_health_check",
  ].map((t) => impact(t, "backend group or health check", "medium", "low", null)),
];

/** Managed Kubernetes and container clusters, and their node pools. */
export const CLUSTERS: readonly DestroyImpact[] = [
  ...["aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster"].map((t) =>
    impact(t, "Kubernetes cluster", "critical", "critical", "critical", "every workload on it stops"),
  ),
  impact("aws_ecs_cluster", "ECS cluster", "critical", "critical", "high", "every service on it stops"),
  ...["aws_eks_node_group", "google_container_node_pool", "azurerm_kubernetes_cluster_node_pool"].map((t) =>
    impact(t, "node pool", "high", "high", null, "its pods are evicted"),
  ),
  impact("aws_eks_fargate_profile", "Fargate profile", "medium", "medium", null),
];

/** Network foundations: everything behind them loses connectivity. */
export const NETWORK_FOUNDATIONS: readonly DestroyImpact[] = [
  ...[
    "aws_vpc",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_vpn_connection",
    "aws_vpn_gateway",
    "aws_dx_connection",
    "aws_networkfirewall_firewall",
    "google_compute_network",
    "google_compute_router",
    "google_compute_router_nat",
    "google_compute_vpn_tunnel",
    "google_compute_ha_vpn_gateway",
    "google_compute_interconnect_attachment",
    "google_vpc_access_connector",
    "azurerm_virtual_network",
    "azurerm_virtual_network_gateway",
    "azurerm_virtual_network_gateway_connection",
    "azurerm_express_route_circuit",
    "azurerm_nat_gateway",
    "azurerm_firewall",
    "azurerm_virtual_hub",
  ].map((t) => impact(t, "network foundation", "high", "high", "low")),
  ...[
    "aws_subnet",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_vpc_peering_connection",
    "aws_vpc_endpoint",
    "aws_ec2_transit_gateway_route",
    "google_compute_subnetwork",
    "google_compute_route",
    "google_compute_network_peering",
    "azurerm_subnet",
    "azurerm_route_table",
    "azurerm_route",
    "azurerm_virtual_network_peering",
    "azurerm_subnet_route_table_association",
    "azurerm_private_endpoint",
  ].map((t) => impact(t, "network route or subnet", "medium", "medium", null)),
];

/** Virtual machines and groups of them. */
export const COMPUTE: readonly DestroyImpact[] = [
  ...[
    "aws_instance",
    "google_compute_instance",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_virtual_machine",
  ].map((t) => impact(t, "virtual machine", "medium", "medium", "low", "local disks go with it")),
  ...[
    "aws_autoscaling_group",
    "aws_ecs_service",
    "google_compute_instance_group_manager",
    "google_compute_region_instance_group_manager",
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
    "azurerm_virtual_machine_scale_set",
    "azurerm_orchestrated_virtual_machine_scale_set",
  ].map((t) => impact(t, "instance group or service", "high", "high", "low")),
];

/** Serverless and platform services. */
export const SERVERLESS: readonly DestroyImpact[] = [
  ...[
    "aws_lambda_function",
    "aws_apprunner_service",
    "aws_elastic_beanstalk_environment",
    "aws_sfn_state_machine",
    "google_cloudfunctions_function",
    "google_cloudfunctions2_function",
    "google_cloud_run_service",
    "google_cloud_run_v2_service",
    "google_app_engine_standard_app_version",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_app_service",
    "azurerm_function_app",
    "azurerm_container_app",
    "azurerm_logic_app_workflow",
    "azurerm_service_plan",
    "azurerm_app_service_plan",
  ].map((t) => impact(t, "serverless / platform service", "medium", "medium", null)),
];

/** Workloads of the Terraform kubernetes provider. */
export const KUBERNETES_WORKLOADS: readonly DestroyImpact[] = [
  ...[
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
    "kubernetes_daemonset",
    "kubernetes_daemon_set_v1",
  ].map((t) => impact(t, "workload", "medium", "medium", null, "its pods are deleted")),
  ...["kubernetes_stateful_set", "kubernetes_stateful_set_v1"].map((t) =>
    impact(t, "StatefulSet", "high", "high", null, "its pods are deleted"),
  ),
  ...["kubernetes_service", "kubernetes_service_v1"].map((t) =>
    impact(
      t,
      "Service",
      "medium",
      "medium",
      null,
      "clients lose the endpoint (a LoadBalancer also its address)",
    ),
  ),
  ...["kubernetes_ingress", "kubernetes_ingress_v1"].map((t) => impact(t, "Ingress", "medium", "low", null)),
  ...[
    "kubernetes_horizontal_pod_autoscaler",
    "kubernetes_horizontal_pod_autoscaler_v1",
    "kubernetes_horizontal_pod_autoscaler_v2",
  ].map((t) => impact(t, "autoscaler", "low", null, null)),
  ...["kubernetes_pod_disruption_budget", "kubernetes_pod_disruption_budget_v1"].map((t) =>
    impact(t, "PodDisruptionBudget", "low", null, null),
  ),
];

/** `kubernetes_manifest` kinds that are workloads. */
export const KUBERNETES_MANIFEST_WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  Deployment: "workload",
  DaemonSet: "workload",
  StatefulSet: "StatefulSet",
  Service: "Service",
  Ingress: "Ingress",
};

/** Certificates served to clients. */
export const CERTIFICATES: readonly DestroyImpact[] = [
  "aws_acm_certificate",
  "aws_iam_server_certificate",
  "google_compute_ssl_certificate",
  "google_compute_managed_ssl_certificate",
  "google_certificate_manager_certificate",
  "azurerm_app_service_certificate",
  "azurerm_app_service_managed_certificate",
  "azurerm_key_vault_certificate",
].map((t) => impact(t, "TLS certificate", "medium", "medium", null));

/** Capacities that can be set to zero: type → paths (a number or numeric string). */
export const CAPACITY_PATHS: Readonly<Record<string, readonly string[]>> = {
  aws_ecs_service: ["desired_count"],
  aws_autoscaling_group: ["desired_capacity", "max_size"],
  aws_eks_node_group: ["scaling_config.0.desired_size", "scaling_config.0.max_size"],
  aws_appautoscaling_target: ["max_capacity"],
  aws_elasticache_replication_group: ["num_cache_clusters"],
  aws_rds_cluster: ["serverlessv2_scaling_configuration.0.max_capacity"],
  aws_sagemaker_endpoint_configuration: ["production_variants.*.initial_instance_count"],
  google_container_node_pool: [
    "node_count",
    "autoscaling.0.max_node_count",
    "autoscaling.0.total_max_node_count",
  ],
  google_compute_instance_group_manager: ["target_size"],
  google_compute_region_instance_group_manager: ["target_size"],
  google_compute_autoscaler: ["autoscaling_policy.0.max_replicas"],
  google_compute_region_autoscaler: ["autoscaling_policy.0.max_replicas"],
  google_cloud_run_v2_service: ["scaling.0.max_instance_count", "template.0.scaling.0.max_instance_count"],
  azurerm_kubernetes_cluster_node_pool: ["node_count", "max_count"],
  azurerm_kubernetes_cluster: ["default_node_pool.0.node_count"],
  azurerm_linux_virtual_machine_scale_set: ["instances"],
  azurerm_windows_virtual_machine_scale_set: ["instances"],
  azurerm_orchestrated_virtual_machine_scale_set: ["instances"],
  azurerm_virtual_machine_scale_set: ["sku.0.capacity"],
  azurerm_service_plan: ["worker_count"],
  azurerm_container_app: ["template.0.max_replicas"],
  kubernetes_deployment: ["spec.0.replicas"],
  kubernetes_deployment_v1: ["spec.0.replicas"],
  kubernetes_stateful_set: ["spec.0.replicas"],
  kubernetes_stateful_set_v1: ["spec.0.replicas"],
  kubernetes_replication_controller: ["spec.0.replicas"],
  kubernetes_replication_controller_v1: ["spec.0.replicas"],
  kubernetes_manifest: ["manifest.spec.replicas"],
};

/** Switches that stop a running service (AWS). */
export const AWS_SERVICE_SWITCHES: readonly Transition[] = [
  turnedOff("aws_cloudfront_distribution", "enabled", "high", "the distribution stops serving traffic"),
  turnedOff("aws_globalaccelerator_accelerator", "enabled", "high", "the accelerator stops serving traffic"),
  turnedOff(
    "aws_lambda_event_source_mapping",
    "enabled",
    "medium",
    "the function stops consuming its source",
  ),
  {
    kind: "decrease",
    type: "aws_lambda_function",
    path: "reserved_concurrent_executions",
    zeroMeans: "off",
    severity: "high",
    partialSeverity: "info",
    effect: "reserved concurrency 0 throttles every invocation",
  },
  changedTo("aws_ec2_instance_state", "state", ["running"], ["stopped"], "high", "the instance is stopped"),
  changedTo(
    "aws_cloudwatch_event_rule",
    "state",
    ["ENABLED"],
    ["DISABLED"],
    "medium",
    "the rule stops triggering",
  ),
  turnedOff("aws_cloudwatch_event_rule", "is_enabled", "medium", "the rule stops triggering"),
  turnedOn("aws_route53_health_check", "disabled", "medium", "DNS failover no longer sees failures"),
];

/** Switches that stop a running service (Google Cloud). */
export const GOOGLE_SERVICE_SWITCHES: readonly Transition[] = [
  changedTo(
    "google_compute_instance",
    "desired_status",
    ["RUNNING"],
    ["TERMINATED", "SUSPENDED"],
    "high",
    "the VM is stopped",
  ),
  changedTo(
    "google_sql_database_instance",
    "settings.0.activation_policy",
    ["ALWAYS", "ON_DEMAND"],
    ["NEVER"],
    "high",
    "the database instance is stopped",
  ),
  turnedOn("google_cloud_scheduler_job", "paused", "medium", "scheduled jobs stop running"),
  changedTo(
    "google_dataflow_job",
    "on_delete",
    ["drain"],
    ["cancel"],
    "low",
    "in-flight data is dropped when the job stops",
  ),
  turnedOn("google_compute_firewall", "disabled", "medium", "the firewall rule stops allowing its traffic"),
];

/** Switches that stop a running service (Azure). */
export const AZURE_SERVICE_SWITCHES: readonly Transition[] = [
  ...[
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_app_service",
    "azurerm_function_app",
    "azurerm_logic_app_workflow",
    "azurerm_logic_app_standard",
    "azurerm_cdn_frontdoor_endpoint",
    "azurerm_cdn_frontdoor_origin",
    "azurerm_cdn_frontdoor_route",
  ].map((t) => turnedOff(t, "enabled", "high", "the service stops serving")),
  changedTo(
    "azurerm_traffic_manager_profile",
    "profile_status",
    ["Enabled"],
    ["Disabled"],
    "high",
    "the profile stops answering DNS queries",
  ),
  changedTo(
    "azurerm_traffic_manager_azure_endpoint",
    "enabled",
    [true],
    [false],
    "medium",
    "the endpoint stops receiving traffic",
  ),
];

/** Switches that stop workloads (Terraform kubernetes provider). */
export const KUBERNETES_SERVICE_SWITCHES: readonly Transition[] = [
  ...["kubernetes_cron_job", "kubernetes_cron_job_v1"].map((t) =>
    turnedOn(t, "spec.0.suspend", "medium", "scheduled jobs stop running"),
  ),
  ...["kubernetes_deployment", "kubernetes_deployment_v1"].map((t) =>
    turnedOn(t, "spec.0.paused", "medium", "rollouts are paused"),
  ),
];

/** Redundancy reduced: multi-AZ, regional, zone-redundant, automatic failover. */
export const REDUNDANCY: readonly Transition[] = [
  turnedOff("aws_db_instance", "multi_az", "medium", "the database runs in one availability zone"),
  turnedOff(
    "aws_elasticache_replication_group",
    "automatic_failover_enabled",
    "medium",
    "the cache no longer fails over",
  ),
  turnedOff("aws_elasticache_replication_group", "multi_az_enabled", "medium", "the cache runs in one zone"),
  changedTo(
    "aws_mq_broker",
    "deployment_mode",
    ["ACTIVE_STANDBY_MULTI_AZ", "CLUSTER_MULTI_AZ"],
    ["SINGLE_INSTANCE"],
    "medium",
    "the broker runs as a single instance",
  ),
  changedTo(
    "google_sql_database_instance",
    "settings.0.availability_type",
    ["REGIONAL"],
    ["ZONAL"],
    "medium",
    "the database runs in one zone without failover",
  ),
  changedTo(
    "google_redis_instance",
    "tier",
    ["STANDARD_HA"],
    ["BASIC"],
    "medium",
    "the cache has no replica",
  ),
  changedTo(
    "azurerm_postgresql_flexible_server",
    "high_availability.0.mode",
    ["ZoneRedundant", "SameZone"],
    ["Disabled"],
    "medium",
    "the server has no standby",
  ),
  {
    kind: "switch",
    type: "azurerm_postgresql_flexible_server",
    path: "high_availability",
    safe: { present: true },
    risky: { absent: true },
    severity: "medium",
    effect: "the server has no standby",
  },
  {
    kind: "switch",
    type: "azurerm_mysql_flexible_server",
    path: "high_availability",
    safe: { present: true },
    risky: { absent: true },
    severity: "medium",
    effect: "the server has no standby",
  },
  turnedOff("azurerm_mssql_database", "zone_redundant", "medium", "the database is no longer zone redundant"),
  turnedOff("azurerm_service_plan", "zone_balancing_enabled", "medium", "apps no longer spread over zones"),
];
