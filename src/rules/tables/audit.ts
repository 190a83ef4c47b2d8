// Audit and monitoring: trails, flow logs, threat detection, configuration recording, alarms, log sinks,
// diagnostic settings — what deleting them costs and which attribute switches them off.
import {
  changedTo,
  type DestroyImpact,
  decreased,
  impact,
  removed,
  type Transition,
  turnedOff,
  turnedOn,
} from "./common.js";

/** A group of audit controls: deleting one of `impacts`, or one of `transitions` happening. */
export interface ControlSet {
  impacts: readonly DestroyImpact[];
  transitions: readonly Transition[];
}

export const AWS_CLOUDTRAIL: ControlSet = {
  impacts: [
    impact(
      "aws_cloudtrail",
      "CloudTrail trail",
      "critical",
      "high",
      "low",
      "API activity is no longer recorded while it is gone",
    ),
  ],
  transitions: [
    turnedOff("aws_cloudtrail", "enable_logging", "critical", "the trail stops recording API activity"),
    turnedOff(
      "aws_cloudtrail",
      "is_multi_region_trail",
      "medium",
      "activity in other regions is no longer recorded",
    ),
    turnedOff(
      "aws_cloudtrail",
      "include_global_service_events",
      "medium",
      "IAM, STS and other global service events are no longer recorded",
    ),
    turnedOff("aws_cloudtrail", "is_organization_trail", "high", "member accounts are no longer recorded"),
    turnedOff(
      "aws_cloudtrail",
      "enable_log_file_validation",
      "medium",
      "tampering with delivered log files can no longer be detected",
    ),
    removed(
      "aws_cloudtrail",
      "cloud_watch_logs_group_arn",
      "low",
      "trail events no longer reach CloudWatch alarms",
    ),
  ],
};

export const AWS_FLOW_LOGS: ControlSet = {
  impacts: [
    impact("aws_flow_log", "VPC flow log", "high", "medium", null, "network traffic is no longer recorded"),
  ],
  transitions: [],
};

export const AWS_THREAT_DETECTION: ControlSet = {
  impacts: [
    impact(
      "aws_guardduty_detector",
      "GuardDuty detector",
      "critical",
      "high",
      null,
      "threat detection stops",
    ),
    impact("aws_securityhub_account", "Security Hub", "high", "medium", null),
    impact("aws_securityhub_standards_subscription", "Security Hub standard", "medium", null, null),
    impact("aws_macie2_account", "Macie", "medium", null, null),
    impact("aws_inspector2_enabler", "Inspector", "medium", null, null),
    impact("aws_detective_graph", "Detective graph", "medium", null, null),
    impact("aws_accessanalyzer_analyzer", "IAM Access Analyzer", "medium", null, null),
    impact(
      "aws_guardduty_organization_configuration",
      "GuardDuty organization configuration",
      "high",
      null,
      null,
    ),
  ],
  transitions: [
    turnedOff("aws_guardduty_detector", "enable", "critical", "GuardDuty stops analysing activity"),
    changedTo("aws_macie2_account", "status", ["ENABLED"], ["PAUSED"], "medium", "Macie stops scanning"),
    changedTo(
      "aws_guardduty_organization_configuration",
      "auto_enable_organization_members",
      ["ALL", "NEW"],
      ["NONE"],
      "high",
      "new member accounts are no longer protected",
    ),
    turnedOff(
      "aws_guardduty_organization_configuration",
      "auto_enable",
      "high",
      "new member accounts are no longer protected",
    ),
  ],
};

export const AWS_CONFIG: ControlSet = {
  impacts: [
    impact("aws_config_configuration_recorder", "AWS Config recorder", "high", "medium", null),
    impact("aws_config_configuration_recorder_status", "AWS Config recorder status", "high", null, null),
    impact("aws_config_delivery_channel", "AWS Config delivery channel", "high", null, null),
    impact("aws_config_configuration_aggregator", "AWS Config aggregator", "medium", null, null),
    impact("aws_config_conformance_pack", "AWS Config conformance pack", "medium", null, null),
    impact("aws_config_organization_conformance_pack", "AWS Config conformance pack", "medium", null, null),
    impact("aws_config_config_rule", "AWS Config rule", "low", null, null),
  ],
  transitions: [
    turnedOff(
      "aws_config_configuration_recorder_status",
      "is_enabled",
      "high",
      "resource configuration changes stop being recorded",
    ),
    turnedOff(
      "aws_config_configuration_recorder",
      "recording_group.0.all_supported",
      "medium",
      "only some resource types are recorded",
    ),
  ],
};

export const AWS_ALARMS: ControlSet = {
  impacts: [
    impact(
      "aws_cloudwatch_metric_alarm",
      "CloudWatch alarm",
      "medium",
      null,
      null,
      "nobody is alerted on it",
    ),
    impact("aws_cloudwatch_composite_alarm", "composite alarm", "medium", null, null),
    impact("aws_cloudwatch_log_metric_filter", "log metric filter", "low", null, null),
    impact("aws_sns_topic_subscription", "alert subscription", "low", null, null),
  ],
  transitions: [
    ...["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"].flatMap((t) => [
      turnedOff(t, "actions_enabled", "medium", "the alarm no longer notifies anyone"),
      removed(t, "alarm_actions", "medium", "the alarm no longer notifies anyone"),
    ]),
  ],
};

export const AWS_LOG_STORES: ControlSet = {
  impacts: [
    impact(
      "aws_cloudwatch_log_group",
      "CloudWatch log group",
      "high",
      "high",
      "high",
      "its stored logs are deleted",
    ),
  ],
  transitions: [],
};

/** Per-service logging (S3 access logs, load balancer access logs, database and cluster logs). */
export const AWS_SERVICE_LOGGING: ControlSet = {
  impacts: [impact("aws_s3_bucket_logging", "S3 access logging", "medium", null, null)],
  transitions: [
    removed("aws_s3_bucket", "logging", "medium", "bucket access is no longer logged"),
    ...["aws_lb", "aws_alb"].map((t) =>
      turnedOff(t, "access_logs.0.enabled", "low", "requests are no longer logged"),
    ),
    turnedOff("aws_elb", "access_logs.0.enabled", "low", "requests are no longer logged"),
    removed("aws_cloudfront_distribution", "logging_config", "low", "viewer requests are no longer logged"),
    removed("aws_api_gateway_stage", "access_log_settings", "low", "API requests are no longer logged"),
    removed("aws_apigatewayv2_stage", "access_log_settings", "low", "API requests are no longer logged"),
    ...["aws_db_instance", "aws_rds_cluster"].map((t) =>
      removed(t, "enabled_cloudwatch_logs_exports", "low", "database logs are no longer exported"),
    ),
    removed(
      "aws_eks_cluster",
      "enabled_cluster_log_types",
      "medium",
      "control plane (audit) logs are no longer kept",
    ),
    turnedOff("aws_mq_broker", "logs.0.audit", "low", "broker audit logs are no longer kept"),
    turnedOff(
      "aws_opensearch_domain",
      "log_publishing_options.*.enabled",
      "low",
      "domain logs are no longer published",
    ),
  ],
};

export const GOOGLE_LOG_SINKS: ControlSet = {
  impacts: [
    ...[
      "google_logging_project_sink",
      "google_logging_folder_sink",
      "google_logging_organization_sink",
      "google_logging_billing_account_sink",
    ].map((t) => impact(t, "log sink", "high", "medium", null, "logs are no longer exported")),
    impact(
      "google_logging_project_bucket_config",
      "log bucket",
      "high",
      "high",
      null,
      "its stored logs are deleted",
    ),
  ],
  transitions: [
    ...[
      "google_logging_project_sink",
      "google_logging_folder_sink",
      "google_logging_organization_sink",
      "google_logging_billing_account_sink",
    ].flatMap((t) => [
      turnedOn(t, "disabled", "high", "the sink stops exporting logs"),
      {
        kind: "switch" as const,
        type: t,
        path: "exclusions",
        safe: { absent: true as const },
        risky: { present: true as const },
        severity: "medium" as const,
        effect: "some logs are no longer exported (exclusions added)",
      },
    ]),
  ],
};

/** Log exclusions drop logs before they are stored; creating one is a change worth seeing. */
export const GOOGLE_LOG_EXCLUSION_TYPES: ReadonlySet<string> = new Set([
  "google_logging_project_exclusion",
  "google_logging_folder_exclusion",
  "google_logging_organization_exclusion",
  "google_logging_billing_account_exclusion",
]);

export const GOOGLE_AUDIT_CONFIG: ControlSet = {
  impacts: [
    impact("google_project_iam_audit_config", "Data Access audit log configuration", "high", null, null),
    impact("google_folder_iam_audit_config", "Data Access audit log configuration", "high", null, null),
    impact("google_organization_iam_audit_config", "Data Access audit log configuration", "high", null, null),
  ],
  transitions: [],
};

export const GOOGLE_MONITORING: ControlSet = {
  impacts: [
    impact("google_monitoring_alert_policy", "alert policy", "medium", null, null, "nobody is alerted on it"),
    impact("google_monitoring_notification_channel", "notification channel", "low", null, null),
    impact("google_logging_metric", "log-based metric", "low", null, null),
    impact("google_monitoring_uptime_check_config", "uptime check", "low", null, null),
  ],
  transitions: [
    turnedOff("google_monitoring_alert_policy", "enabled", "medium", "the alert policy stops alerting"),
    turnedOff(
      "google_monitoring_notification_channel",
      "enabled",
      "low",
      "alerts are no longer delivered there",
    ),
    removed("google_compute_subnetwork", "log_config", "medium", "VPC flow logs are turned off"),
    removed("google_compute_firewall", "log_config", "low", "firewall rule logging is turned off"),
    changedTo(
      "google_container_cluster",
      "logging_service",
      ["logging.googleapis.com/kubernetes", "logging.googleapis.com"],
      ["none"],
      "medium",
      "cluster logs are no longer collected",
    ),
    changedTo(
      "google_container_cluster",
      "monitoring_service",
      ["monitoring.googleapis.com/kubernetes", "monitoring.googleapis.com"],
      ["none"],
      "low",
      "cluster metrics are no longer collected",
    ),
    removed("google_storage_bucket", "logging", "low", "bucket access is no longer logged"),
  ],
};

export const AZURE_DIAGNOSTICS: ControlSet = {
  impacts: [
    impact(
      "azurerm_monitor_diagnostic_setting",
      "diagnostic setting",
      "high",
      "medium",
      null,
      "the resource's logs are no longer collected",
    ),
    impact("azurerm_network_watcher_flow_log", "NSG flow log", "high", "medium", null),
    impact(
      "azurerm_log_analytics_workspace",
      "Log Analytics workspace",
      "high",
      "high",
      "high",
      "its logs are deleted",
    ),
    impact("azurerm_monitor_aad_diagnostic_setting", "Entra ID diagnostic setting", "high", "medium", null),
    impact("azurerm_mssql_server_extended_auditing_policy", "SQL auditing policy", "medium", null, null),
    impact("azurerm_mssql_database_extended_auditing_policy", "SQL auditing policy", "medium", null, null),
  ],
  transitions: [
    removed("azurerm_monitor_diagnostic_setting", "enabled_log", "medium", "no log categories are collected"),
    removed("azurerm_monitor_diagnostic_setting", "log", "medium", "no log categories are collected"),
    turnedOff("azurerm_network_watcher_flow_log", "enabled", "high", "NSG flow logs stop"),
    turnedOff("azurerm_mssql_server_extended_auditing_policy", "enabled", "medium", "SQL auditing stops"),
    turnedOff("azurerm_mssql_database_extended_auditing_policy", "enabled", "medium", "SQL auditing stops"),
  ],
};

export const AZURE_ALERTS: ControlSet = {
  impacts: [
    impact("azurerm_monitor_activity_log_alert", "activity log alert", "medium", null, null),
    impact("azurerm_monitor_metric_alert", "metric alert", "medium", null, null),
    impact("azurerm_monitor_scheduled_query_rules_alert", "log alert", "medium", null, null),
    impact("azurerm_monitor_scheduled_query_rules_alert_v2", "log alert", "medium", null, null),
    impact(
      "azurerm_monitor_action_group",
      "action group",
      "medium",
      null,
      null,
      "alerts are no longer delivered",
    ),
    impact("azurerm_sentinel_alert_rule_scheduled", "Sentinel rule", "medium", null, null),
  ],
  transitions: [
    ...[
      "azurerm_monitor_activity_log_alert",
      "azurerm_monitor_metric_alert",
      "azurerm_monitor_scheduled_query_rules_alert",
      "azurerm_monitor_scheduled_query_rules_alert_v2",
      "azurerm_monitor_action_group",
      "azurerm_sentinel_alert_rule_scheduled",
    ].map((t) => turnedOff(t, "enabled", "medium", "it stops alerting")),
  ],
};

export const AZURE_DEFENDER: ControlSet = {
  impacts: [
    impact("azurerm_security_center_subscription_pricing", "Defender for Cloud plan", "high", null, null),
    impact("azurerm_sentinel_log_analytics_workspace_onboarding", "Microsoft Sentinel", "high", null, null),
    impact("azurerm_security_center_contact", "security contact", "low", null, null),
    impact("azurerm_advanced_threat_protection", "Advanced Threat Protection", "medium", null, null),
  ],
  transitions: [
    changedTo(
      "azurerm_security_center_subscription_pricing",
      "tier",
      ["Standard"],
      ["Free"],
      "high",
      "Defender threat protection is turned off for this resource type",
    ),
    turnedOff("azurerm_advanced_threat_protection", "enabled", "medium", "threat protection is turned off"),
  ],
};

/** Log retention shortened (0 = kept forever where noted). */
export const LOG_RETENTION: readonly Transition[] = [
  decreased(
    "aws_cloudwatch_log_group",
    "retention_in_days",
    "unlimited",
    "medium",
    "medium",
    "logs are deleted sooner",
  ),
  decreased(
    "google_logging_project_bucket_config",
    "retention_days",
    "off",
    "medium",
    "medium",
    "logs are deleted sooner",
  ),
  decreased(
    "azurerm_log_analytics_workspace",
    "retention_in_days",
    "off",
    "medium",
    "medium",
    "logs are deleted sooner",
  ),
  decreased(
    "azurerm_network_watcher_flow_log",
    "retention_policy.0.days",
    "unlimited",
    "low",
    "low",
    "flow logs are deleted sooner",
  ),
  decreased(
    "azurerm_mssql_server_extended_auditing_policy",
    "retention_in_days",
    "unlimited",
    "low",
    "low",
    "audit records are deleted sooner",
  ),
  decreased(
    "azurerm_storage_account",
    "queue_properties.0.logging.0.retention_policy_days",
    "unlimited",
    "low",
    "low",
    "storage logs are deleted sooner",
  ),
];

/** Names of logging, monitoring and security agents run as Kubernetes workloads. */
export const KUBERNETES_AGENT_NAME =
  /(fluent-?bit|fluentd|falco|datadog|dd-agent|newrelic|splunk|filebeat|metricbeat|auditbeat|elastic-agent|otel|opentelemetry|grafana-agent|alloy|promtail|vector|node-exporter|prometheus|logstash|sysdig|aqua|twistlock|wazuh|crowdstrike|falcon|cloudwatch-agent|aws-for-fluent-bit|azure-monitor|ama-logs|omsagent|stackdriver|gke-metrics|audit)/i;

export const KUBERNETES_AGENT_TYPES: ReadonlySet<string> = new Set([
  "kubernetes_daemonset",
  "kubernetes_daemon_set_v1",
  "kubernetes_deployment",
  "kubernetes_deployment_v1",
]);
