// Kubernetes provider knowledge for the AL-K8S rules: workload kinds, dangerous capabilities and host paths,
// internal load balancer annotations, audit and monitoring agents, admission control kinds. Data only.
import type { Severity } from "../../model/types.js";

/** Workloads that run pods continuously and carry a replica count. */
export const SCALABLE_TYPES: readonly string[] = [
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/ReplicaSet",
  "core/ReplicationController",
  "apps.openshift.io/DeploymentConfig",
  "argoproj.io/Rollout",
];

/** Objects that serve traffic or run work; deleting one is an outage unless it is replaced elsewhere. */
export const SERVING_TYPES: readonly string[] = [
  "apps/Deployment",
  "apps/DaemonSet",
  "apps/ReplicaSet",
  "core/ReplicationController",
  "batch/CronJob",
  "core/Service",
  "networking.k8s.io/Ingress",
  "apps.openshift.io/DeploymentConfig",
  "argoproj.io/Rollout",
  "gateway.networking.k8s.io/Gateway",
  "gateway.networking.k8s.io/HTTPRoute",
];

/** Linux capabilities that amount to root on the node (or close to it). */
export const DANGEROUS_CAPABILITIES: Readonly<Record<string, Severity>> = {
  ALL: "critical",
  SYS_ADMIN: "critical",
  SYS_MODULE: "critical",
  SYS_PTRACE: "high",
  SYS_RAWIO: "high",
  SYS_BOOT: "high",
  SYS_TIME: "medium",
  NET_ADMIN: "high",
  NET_RAW: "medium",
  DAC_OVERRIDE: "high",
  DAC_READ_SEARCH: "high",
  BPF: "high",
  PERFMON: "medium",
  MAC_ADMIN: "high",
  MAC_OVERRIDE: "high",
  SETUID: "medium",
  SETGID: "medium",
  CHOWN: "medium",
  FOWNER: "medium",
};

/** Host paths whose mount gives control of the node or its container runtime. */
export const CRITICAL_HOST_PATHS: readonly string[] = [
  "/",
  "/etc",
  "/root",
  "/proc",
  "/sys",
  "/dev",
  "/boot",
  "/var/run",
  "/run",
  "/var/run/docker.sock",
  "/run/containerd",
  "/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/var/lib/kubelet",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/etc/kubernetes",
];

/** Annotations/values that keep a LoadBalancer Service off the internet. */
export const INTERNAL_LB_ANNOTATIONS: readonly { key: string; values?: string[] }[] = [
  { key: "service.beta.kubernetes.io/aws-load-balancer-internal", values: ["true", "0.0.0.0/0"] },
  { key: "service.beta.kubernetes.io/aws-load-balancer-scheme", values: ["internal"] },
  { key: "networking.gke.io/load-balancer-type", values: ["Internal"] },
  { key: "cloud.google.com/load-balancer-type", values: ["Internal", "internal"] },
  { key: "service.beta.kubernetes.io/azure-load-balancer-internal", values: ["true"] },
  { key: "service.beta.kubernetes.io/oci-load-balancer-internal", values: ["true"] },
  { key: "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", values: ["private"] },
];

/** Names or images of audit, security and monitoring agents (matched as whole words, case-insensitive). */
export const AGENT_PATTERNS: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /falco/i, what: "Falco runtime security" },
  { pattern: /fluent-?bit|fluentd/i, what: "log shipping (Fluent)" },
  { pattern: /datadog/i, what: "Datadog agent" },
  { pattern: /node-exporter/i, what: "Prometheus node exporter" },
  { pattern: /prometheus|alertmanager/i, what: "Prometheus monitoring" },
  { pattern: /\b(otel|opentelemetry)[-_]?collector|otel-agent/i, what: "OpenTelemetry collector" },
  { pattern: /splunk/i, what: "Splunk forwarder" },
  { pattern: /new-?relic|newrelic/i, what: "New Relic agent" },
  { pattern: /sysdig/i, what: "Sysdig agent" },
  { pattern: /filebeat|auditbeat|metricbeat|elastic-agent/i, what: "Elastic agent" },
  { pattern: /promtail|grafana-agent|\balloy\b/i, what: "Grafana log/metrics agent" },
  { pattern: /cloudwatch-agent|aws-for-fluent-bit/i, what: "CloudWatch agent" },
  { pattern: /vector-agent|\bvector\b/i, what: "Vector log agent" },
  { pattern: /tetragon|tracee|kube-bench|kube-hunter/i, what: "runtime security agent" },
  {
    pattern: /crowdstrike|falcon-sensor|wazuh|aqua|twistlock|prisma-cloud|defender/i,
    what: "security agent",
  },
  { pattern: /kube-state-metrics|metrics-server/i, what: "cluster metrics" },
  { pattern: /audit/i, what: "audit agent" },
];

/** Admission control objects: removing them removes guardrails. */
export const ADMISSION_TYPES: readonly string[] = [
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "kyverno.io/ClusterPolicy",
  "kyverno.io/Policy",
  "templates.gatekeeper.sh/ConstraintTemplate",
];

/** Groups that mean "everyone" in RBAC subjects. */
export const EVERYONE_GROUPS: ReadonlySet<string> = new Set([
  "system:anonymous",
  "system:unauthenticated",
  "system:authenticated",
]);

/** Users that mean "everyone": the API server's name for unauthenticated requests. */
export const EVERYONE_USERS: ReadonlySet<string> = new Set(["system:anonymous"]);

/**
 * Core-group subresources whose grant is a privilege escalation on its own (kube-linter's access-to-secrets,
 * access-to-create-pods checks): the verbs that matter and what they give.
 */
export const SENSITIVE_RBAC_RESOURCES: Readonly<Record<string, { verbs: readonly string[]; what: string }>> =
  {
    secrets: { verbs: ["get", "list", "watch"], what: "reads Secrets (tokens, passwords, keys)" },
    "pods/exec": {
      verbs: ["create", "get"],
      what: "runs commands inside pods (and reads their mounted secrets)",
    },
    "pods/attach": { verbs: ["create", "get"], what: "attaches to running containers" },
    "nodes/proxy": {
      verbs: ["get", "create"],
      what: "reaches the kubelet API (exec into any pod on the node)",
    },
    "serviceaccounts/token": { verbs: ["create"], what: "mints tokens for service accounts" },
  };

/** RBAC verbs that allow privilege escalation on their own. */
export const ESCALATION_VERBS: ReadonlySet<string> = new Set(["escalate", "bind", "impersonate"]);

/** Built-in ClusterRoles with broad power, by severity when bound. */
export const POWERFUL_CLUSTER_ROLES: Readonly<Record<string, Severity>> = {
  "cluster-admin": "critical",
  admin: "high",
  edit: "medium",
};
