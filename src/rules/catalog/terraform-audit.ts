// Audit rules: audit logging, threat detection, configuration recording and alerting turned off or deleted.
import { getPath } from "../../model/values.js";
import {
  AWS_ALARMS,
  AWS_CLOUDTRAIL,
  AWS_CONFIG,
  AWS_FLOW_LOGS,
  AWS_LOG_STORES,
  AWS_SERVICE_LOGGING,
  AWS_THREAT_DETECTION,
  AZURE_ALERTS,
  AZURE_DEFENDER,
  AZURE_DIAGNOSTICS,
  type ControlSet,
  GOOGLE_AUDIT_CONFIG,
  GOOGLE_LOG_EXCLUSION_TYPES,
  GOOGLE_LOG_SINKS,
  GOOGLE_MONITORING,
  KUBERNETES_AGENT_NAME,
  KUBERNETES_AGENT_TYPES,
  LOG_RETENTION,
} from "../tables/audit.js";
import type { Rule, RuleHit } from "../types.js";
import { changeRule, controlRule, type RuleMeta, transitionRule } from "./support/define.js";
import { describeImpact, matchImpact } from "./support/transitions.js";
import {
  asBool,
  destroyKind,
  destroyVerb,
  hiddenAt,
  isModification,
  list,
  manifestKind,
  one,
  reveal,
  strings,
  summarize,
} from "./support/values.js";

const CAT = "audit" as const;

function auditRule(meta: Omit<RuleMeta, "category" | "resourceTypes">, set: ControlSet): Rule {
  return controlRule({ ...meta, category: CAT }, set.impacts, set.transitions);
}

const CLOUDTRAIL = auditRule(
  {
    id: "AL-TF-AUDIT-001",
    title: "AWS CloudTrail stopped, deleted or narrowed",
    severity: "critical",
    provider: "aws",
    rationale:
      "CloudTrail is the record of who did what in the account. Deleting a trail or setting enable_logging = " +
      "false is the classic first step of an attacker — or leaves an agent's actions unrecorded; dropping " +
      "multi-region, global events or log file validation leaves gaps or allows tampering.",
    remediation:
      "Keep an organization-wide, multi-region trail with log file validation; protect it with an SCP.",
  },
  AWS_CLOUDTRAIL,
);

const FLOW_LOGS = auditRule(
  {
    id: "AL-TF-AUDIT-002",
    title: "AWS VPC flow log deleted",
    severity: "high",
    provider: "aws",
    rationale:
      "Flow logs are the record of network traffic needed to investigate an incident; deleting one leaves a gap.",
    remediation:
      "Keep flow logs on every VPC; replace with create_before_destroy if the destination changes.",
  },
  AWS_FLOW_LOGS,
);

const THREAT_DETECTION = auditRule(
  {
    id: "AL-TF-AUDIT-003",
    title: "AWS threat detection disabled or deleted",
    severity: "critical",
    provider: "aws",
    rationale:
      "GuardDuty, Security Hub, Macie, Inspector, Detective and Access Analyzer detect compromise and exposure; " +
      "disabling them blinds the security team.",
    remediation: "Keep them enabled organization-wide; protect them with service control policies.",
  },
  AWS_THREAT_DETECTION,
);

const CONFIG = auditRule(
  {
    id: "AL-TF-AUDIT-004",
    title: "AWS Config recording stopped or deleted",
    severity: "high",
    provider: "aws",
    rationale:
      "AWS Config records every resource configuration change; stopping the recorder or deleting the delivery " +
      "channel ends that history and the compliance rules that depend on it.",
    remediation: "Keep the recorder on for all supported resource types in every region.",
  },
  AWS_CONFIG,
);

const ALARMS = auditRule(
  {
    id: "AL-TF-AUDIT-005",
    title: "AWS CloudWatch alarm deleted or muted",
    severity: "medium",
    provider: "aws",
    rationale:
      "Deleting an alarm, switching off its actions or removing its alarm_actions means nobody is told when the " +
      "condition it watches happens.",
    remediation: "Keep alarms and their notifications; replace them in the same change when restructuring.",
  },
  AWS_ALARMS,
);

const LOG_GROUPS = auditRule(
  {
    id: "AL-TF-AUDIT-006",
    title: "AWS CloudWatch log group deleted or replaced",
    severity: "high",
    provider: "aws",
    rationale:
      "Destroying a log group deletes every log event stored in it — often the only evidence of what happened.",
    remediation: "Export the logs first or keep the group (lifecycle { prevent_destroy = true }).",
  },
  AWS_LOG_STORES,
);

const SERVICE_LOGGING = auditRule(
  {
    id: "AL-TF-AUDIT-007",
    title: "AWS service access logging removed",
    severity: "medium",
    provider: "aws",
    rationale:
      "S3 server access logs, load balancer and CloudFront access logs, API Gateway access logs, database log " +
      "exports and EKS control-plane (audit) logs record who accessed what.",
    remediation: "Keep access and audit logging on for production services.",
  },
  AWS_SERVICE_LOGGING,
);

const GOOGLE_SINKS = auditRule(
  {
    id: "AL-TF-AUDIT-010",
    title: "Google Cloud log sink deleted, disabled or narrowed",
    severity: "high",
    provider: "google",
    rationale:
      "Log sinks export audit logs to long-term storage or a SIEM; deleting or disabling one (or adding " +
      "exclusions) silently stops that export.",
    remediation: "Keep organization-level sinks for audit logs; protect them with IAM and org policies.",
  },
  GOOGLE_LOG_SINKS,
);

const GOOGLE_EXCLUSIONS = changeRule(
  {
    id: "AL-TF-AUDIT-011",
    title: "Google Cloud log exclusion added or enabled",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "A log exclusion drops matching log entries before they are stored; a broad filter can discard audit " +
      "evidence.",
    remediation: "Exclude only high-volume, low-value logs; never exclude audit logs (logName:cloudaudit).",
    resourceTypes: [...GOOGLE_LOG_EXCLUSION_TYPES],
  },
  (change) => {
    const audit = (v: unknown) =>
      /cloudaudit|activity|data_access/i.test(String(getPath(v, ["filter"]) ?? ""));
    if (change.action === "create" && asBool(getPath(change.after, ["disabled"])) !== true) {
      const hidden = hiddenAt(change, "after", ["filter"]);
      return {
        severity: audit(change.after) ? "high" : "medium",
        message: `${change.address} adds a log exclusion${audit(change.after) && !hidden ? " that matches audit logs" : ""}: matching entries are discarded`,
      };
    }
    if (
      isModification(change) &&
      asBool(getPath(change.before, ["disabled"])) === true &&
      asBool(getPath(change.after, ["disabled"])) === false
    )
      return {
        severity: audit(change.after) ? "high" : "medium",
        message: `${change.address}: disabled true → false: the log exclusion starts discarding entries`,
      };
    return null;
  },
);

function auditLogTypes(v: unknown): { types: Set<string>; exempt: Set<string> } {
  const types = new Set<string>();
  const exempt = new Set<string>();
  for (const c of list(getPath(v, ["audit_log_config"]))) {
    const cc = one(c);
    if (!cc || typeof cc.log_type !== "string") continue;
    types.add(cc.log_type);
    for (const m of strings(cc.exempted_members)) exempt.add(`${cc.log_type}:${m}`);
  }
  return { types, exempt };
}

const AUDIT_CONFIG_TYPES = GOOGLE_AUDIT_CONFIG.impacts.map((i) => i.type);

const GOOGLE_AUDIT = changeRule(
  {
    id: "AL-TF-AUDIT-012",
    title: "Google Cloud Data Access audit logging removed or narrowed",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "google_*_iam_audit_config turns on Data Access audit logs; deleting it, dropping log types or exempting " +
      "members means reads and writes of data are no longer recorded.",
    remediation: "Keep DATA_READ/DATA_WRITE/ADMIN_READ audit logs for sensitive services; avoid exemptions.",
    resourceTypes: AUDIT_CONFIG_TYPES,
  },
  (change) => {
    const imp = GOOGLE_AUDIT_CONFIG.impacts.find((i) => i.type === change.type);
    if (imp) {
      const m = matchImpact(change, imp);
      if (m && !change.deposed) return { severity: m.severity, message: describeImpact(change, m) };
    }
    if (!isModification(change)) return null;
    const b = auditLogTypes(change.before);
    const a = auditLogTypes(change.after);
    const hits: RuleHit[] = [];
    const dropped = [...b.types].filter((t) => !a.types.has(t));
    if (dropped.length)
      hits.push({
        severity: "medium",
        message: `${change.address}: audit log types ${reveal(change, summarize(dropped))} no longer recorded`,
      });
    const exempted = [...a.exempt].filter((e) => !b.exempt.has(e));
    if (exempted.length)
      hits.push({
        severity: "medium",
        message: `${change.address}: ${exempted.length} member exemption(s) added: their access is not audited`,
      });
    return hits;
  },
);

const GOOGLE_MONITORING_OFF = auditRule(
  {
    id: "AL-TF-AUDIT-013",
    title: "Google Cloud alerting, flow logs or cluster logging turned off",
    severity: "medium",
    provider: "google",
    rationale:
      "Deleting or disabling alert policies and notification channels, removing VPC flow logs or firewall logging, " +
      "or setting GKE logging_service to none removes signals needed to notice and investigate incidents.",
    remediation: "Keep alerting and logging on for production projects.",
  },
  GOOGLE_MONITORING,
);

const AZURE_DIAG = auditRule(
  {
    id: "AL-TF-AUDIT-020",
    title: "Azure diagnostic logging, flow logs or SQL auditing turned off",
    severity: "high",
    provider: "azure",
    rationale:
      "Diagnostic settings send resource and activity logs to Log Analytics or storage; deleting them, emptying " +
      "their log categories, turning off NSG flow logs or SQL auditing, or deleting the workspace ends the record.",
    remediation:
      "Keep diagnostic settings and auditing on for production resources, enforced by Azure Policy.",
  },
  AZURE_DIAGNOSTICS,
);

const AZURE_ALERTS_OFF = auditRule(
  {
    id: "AL-TF-AUDIT-021",
    title: "Azure alert or action group deleted or disabled",
    severity: "medium",
    provider: "azure",
    rationale:
      "Deleting or disabling an activity log, metric or log alert (or its action group) means nobody is told.",
    remediation: "Keep alerts and action groups; replace them in the same change when restructuring.",
  },
  AZURE_ALERTS,
);

const AZURE_DEFENDER_OFF = auditRule(
  {
    id: "AL-TF-AUDIT-022",
    title: "Microsoft Defender for Cloud or Sentinel turned off",
    severity: "high",
    provider: "azure",
    rationale:
      "Setting a Defender plan's tier to Free, deleting it, or removing Sentinel onboarding turns off threat " +
      "detection for those resources.",
    remediation: "Keep Defender plans on Standard for production subscriptions.",
  },
  AZURE_DEFENDER,
);

const K8S_AGENT_REMOVED = changeRule(
  {
    id: "AL-TF-AUDIT-030",
    title: "Kubernetes logging, monitoring or security agent removed",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "Deleting the DaemonSet or Deployment of a log shipper (Fluent Bit, Vector…), monitoring agent " +
      "(Prometheus, Datadog…) or runtime security agent (Falco…) stops collecting evidence from the cluster.",
    remediation: "Replace the agent in the same change, or confirm that collection moved elsewhere.",
    resourceTypes: [...KUBERNETES_AGENT_TYPES, "kubernetes_manifest"],
  },
  (change) => {
    const kind = destroyKind(change);
    if (kind !== "delete" && kind !== "replace") return null;
    let name: unknown = getPath(change.before, ["metadata", 0, "name"]);
    if (change.type === "kubernetes_manifest") {
      const k = manifestKind(change, "before");
      if (k !== "DaemonSet" && k !== "Deployment") return null;
      name = getPath(change.before, ["manifest", "metadata", "name"]);
    }
    if (typeof name !== "string" || !KUBERNETES_AGENT_NAME.test(name)) return null;
    return {
      severity: kind === "replace" ? "low" : "medium",
      message: `${reveal(change, name)} (${change.address}) is ${destroyVerb(kind)}: the cluster stops shipping its logs, metrics or security events${kind === "replace" ? " until it is back" : ""}`,
    };
  },
);

const RETENTION = transitionRule(
  {
    id: "AL-TF-AUDIT-031",
    title: "Log retention shortened",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Shorter retention on CloudWatch log groups, Cloud Logging buckets or Log Analytics workspaces deletes " +
      "existing logs older than the new limit at once, and leaves less history for investigations.",
    remediation: "Keep retention at least as long as your incident-response and compliance requirements.",
  },
  LOG_RETENTION,
);

export const TERRAFORM_AUDIT_RULES: Rule[] = [
  CLOUDTRAIL,
  FLOW_LOGS,
  THREAT_DETECTION,
  CONFIG,
  ALARMS,
  LOG_GROUPS,
  SERVICE_LOGGING,
  GOOGLE_SINKS,
  GOOGLE_EXCLUSIONS,
  GOOGLE_AUDIT,
  GOOGLE_MONITORING_OFF,
  AZURE_DIAG,
  AZURE_ALERTS_OFF,
  AZURE_DEFENDER_OFF,
  K8S_AGENT_REMOVED,
  RETENTION,
];
