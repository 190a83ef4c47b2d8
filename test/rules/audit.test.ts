import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_CLOUDTRAIL,
  AWS_CLOUDWATCH_LOG_GROUP,
  AWS_FLOW_LOG,
  AWS_GUARDDUTY_DETECTOR,
  AWS_METRIC_ALARM,
  AZURE_DIAGNOSTIC_SETTING,
  GOOGLE_LOGGING_PROJECT_SINK,
  K8S_DEPLOYMENT,
  k8sMeta,
} from "./shapes.js";

describe("AL-TF-AUDIT-001 CloudTrail", () => {
  it("enable_logging = false is critical", () => {
    one(
      check(
        "AL-TF-AUDIT-001",
        tfChange({
          type: "aws_cloudtrail",
          action: "update",
          before: AWS_CLOUDTRAIL,
          after: patch(AWS_CLOUDTRAIL, { enable_logging: false }),
        }),
      ),
      "critical",
      "enable_logging true → false",
    );
  });
  it("deleting the trail is critical; a create-before-destroy replacement low", () => {
    one(
      check(
        "AL-TF-AUDIT-001",
        tfChange({ type: "aws_cloudtrail", action: "delete", before: AWS_CLOUDTRAIL }),
      ),
      "critical",
    );
    one(
      check(
        "AL-TF-AUDIT-001",
        tfChange({
          type: "aws_cloudtrail",
          action: "replace-create-first",
          before: AWS_CLOUDTRAIL,
          after: AWS_CLOUDTRAIL,
        }),
      ),
      "low",
    );
  });
  it("log file validation off is medium; a tag change nothing", () => {
    one(
      check(
        "AL-TF-AUDIT-001",
        tfChange({
          type: "aws_cloudtrail",
          action: "update",
          before: AWS_CLOUDTRAIL,
          after: patch(AWS_CLOUDTRAIL, { enable_log_file_validation: false }),
        }),
      ),
      "medium",
    );
    none(
      check(
        "AL-TF-AUDIT-001",
        tfChange({
          type: "aws_cloudtrail",
          action: "update",
          before: AWS_CLOUDTRAIL,
          after: patch(AWS_CLOUDTRAIL, { tags: { a: "b" } }),
        }),
      ),
    );
  });
});

describe("AWS detection and alerting", () => {
  it("AL-TF-AUDIT-002: deleting a flow log is high", () => {
    one(
      check("AL-TF-AUDIT-002", tfChange({ type: "aws_flow_log", action: "delete", before: AWS_FLOW_LOG })),
      "high",
    );
  });
  it("AL-TF-AUDIT-003: GuardDuty enable = false is critical", () => {
    one(
      check(
        "AL-TF-AUDIT-003",
        tfChange({
          type: "aws_guardduty_detector",
          action: "update",
          before: AWS_GUARDDUTY_DETECTOR,
          after: patch(AWS_GUARDDUTY_DETECTOR, { enable: false }),
        }),
      ),
      "critical",
    );
  });
  it("AL-TF-AUDIT-004: Config recorder status off is high", () => {
    const s = { id: "default", is_enabled: true, name: "default" };
    one(
      check(
        "AL-TF-AUDIT-004",
        tfChange({
          type: "aws_config_configuration_recorder_status",
          action: "update",
          before: s,
          after: { ...s, is_enabled: false },
        }),
      ),
      "high",
    );
  });
  it("AL-TF-AUDIT-005: deleting an alarm or muting it is medium; changing its threshold nothing", () => {
    one(
      check(
        "AL-TF-AUDIT-005",
        tfChange({ type: "aws_cloudwatch_metric_alarm", action: "delete", before: AWS_METRIC_ALARM }),
      ),
      "medium",
    );
    one(
      check(
        "AL-TF-AUDIT-005",
        tfChange({
          type: "aws_cloudwatch_metric_alarm",
          action: "update",
          before: AWS_METRIC_ALARM,
          after: { ...AWS_METRIC_ALARM, alarm_actions: [] },
        }),
      ),
      "medium",
      "alarm_actions",
    );
    none(
      check(
        "AL-TF-AUDIT-005",
        tfChange({
          type: "aws_cloudwatch_metric_alarm",
          action: "update",
          before: AWS_METRIC_ALARM,
          after: { ...AWS_METRIC_ALARM, threshold: 20 },
        }),
      ),
    );
  });
  it("AL-TF-AUDIT-006: deleting a log group is high", () => {
    one(
      check(
        "AL-TF-AUDIT-006",
        tfChange({ type: "aws_cloudwatch_log_group", action: "delete", before: AWS_CLOUDWATCH_LOG_GROUP }),
      ),
      "high",
      "stored logs are deleted",
    );
  });
});

describe("AL-TF-AUDIT-031 retention shortened", () => {
  const lg = (d: number, a: number) =>
    check(
      "AL-TF-AUDIT-031",
      tfChange({
        type: "aws_cloudwatch_log_group",
        action: "update",
        before: patch(AWS_CLOUDWATCH_LOG_GROUP, { retention_in_days: d }),
        after: patch(AWS_CLOUDWATCH_LOG_GROUP, { retention_in_days: a }),
      }),
    );
  it("90 → 7 days is medium; 0 (forever) → 30 is a decrease too", () => {
    one(lg(90, 7), "medium", "retention_in_days 90 → 7");
    one(lg(0, 30), "medium");
  });
  it("7 → 90 and 30 → 0 (forever) are increases", () => {
    none(lg(7, 90));
    none(lg(30, 0));
  });
});

describe("Google Cloud audit", () => {
  it("AL-TF-AUDIT-010: disabling the audit sink is high", () => {
    one(
      check(
        "AL-TF-AUDIT-010",
        tfChange({
          type: "google_logging_project_sink",
          action: "update",
          before: GOOGLE_LOGGING_PROJECT_SINK,
          after: { ...GOOGLE_LOGGING_PROJECT_SINK, disabled: true },
        }),
      ),
      "high",
    );
  });
  it("AL-TF-AUDIT-011: a new exclusion that matches audit logs is high, others medium", () => {
    const ex = (filter: string) => ({
      description: "",
      disabled: false,
      filter,
      id: "x",
      name: "drop",
      project: "acme-prod",
    });
    one(
      check(
        "AL-TF-AUDIT-011",
        tfChange({
          type: "google_logging_project_exclusion",
          action: "create",
          after: ex('logName:"cloudaudit.googleapis.com%2Fdata_access"'),
        }),
      ),
      "high",
    );
    one(
      check(
        "AL-TF-AUDIT-011",
        tfChange({
          type: "google_logging_project_exclusion",
          action: "create",
          after: ex('resource.type="k8s_container" severity<WARNING'),
        }),
      ),
      "medium",
    );
  });
  it("AL-TF-AUDIT-012: deleting the audit config is high; exempting members medium", () => {
    const cfg = (exempt: string[]) => ({
      audit_log_config: [
        { exempted_members: exempt, log_type: "DATA_READ" },
        { exempted_members: [], log_type: "DATA_WRITE" },
      ],
      etag: "x",
      id: "x",
      project: "acme-prod",
      service: "allServices",
    });
    one(
      check(
        "AL-TF-AUDIT-012",
        tfChange({ type: "google_project_iam_audit_config", action: "delete", before: cfg([]) }),
      ),
      "high",
    );
    one(
      check(
        "AL-TF-AUDIT-012",
        tfChange({
          type: "google_project_iam_audit_config",
          action: "update",
          before: cfg([]),
          after: cfg(["user:ops@example.com"]),
        }),
      ),
      "medium",
    );
  });
});

describe("Azure audit", () => {
  it("AL-TF-AUDIT-020: deleting a diagnostic setting is high", () => {
    one(
      check(
        "AL-TF-AUDIT-020",
        tfChange({
          type: "azurerm_monitor_diagnostic_setting",
          action: "delete",
          before: AZURE_DIAGNOSTIC_SETTING,
        }),
      ),
      "high",
    );
  });
  it("AL-TF-AUDIT-022: Defender plan Standard → Free is high", () => {
    const p = { extension: [], id: "x", resource_type: "VirtualMachines", subplan: "", tier: "Standard" };
    one(
      check(
        "AL-TF-AUDIT-022",
        tfChange({
          type: "azurerm_security_center_subscription_pricing",
          action: "update",
          before: p,
          after: { ...p, tier: "Free" },
        }),
      ),
      "high",
    );
  });
});

describe("AL-TF-AUDIT-030 Kubernetes agents", () => {
  it("deleting the fluent-bit DaemonSet is medium; an app DaemonSet nothing", () => {
    const ds = (name: string) => ({ ...K8S_DEPLOYMENT, metadata: k8sMeta(name, "logging") });
    one(
      check(
        "AL-TF-AUDIT-030",
        tfChange({ type: "kubernetes_daemon_set_v1", action: "delete", before: ds("fluent-bit") }),
      ),
      "medium",
      "fluent-bit",
    );
    none(
      check(
        "AL-TF-AUDIT-030",
        tfChange({ type: "kubernetes_daemon_set_v1", action: "delete", before: ds("web-cache") }),
      ),
    );
  });
});
