// Availability rules: services scaled to zero or stopped, and serving infrastructure removed.
import { getPath } from "../../model/values.js";
import {
  AWS_SERVICE_SWITCHES,
  AZURE_SERVICE_SWITCHES,
  CAPACITY_PATHS,
  CERTIFICATES,
  CLUSTERS,
  COMPUTE,
  CRITICAL_RECORD_TYPES,
  DNS_RECORDS,
  DNS_ZONES,
  GOOGLE_SERVICE_SWITCHES,
  KUBERNETES_MANIFEST_WORKLOAD_KINDS,
  KUBERNETES_SERVICE_SWITCHES,
  KUBERNETES_WORKLOADS,
  LISTENERS,
  LOAD_BALANCERS,
  NETWORK_FOUNDATIONS,
  REDUNDANCY,
  SERVERLESS,
} from "../tables/availability.js";
import type { CloudProvider } from "../tables/common.js";
import type { Rule, RuleHit } from "../types.js";
import { changeRule, controlRule, transitionRule } from "./support/define.js";
import { describeImpact, matchImpact } from "./support/transitions.js";
import {
  afterAt,
  asBool,
  asNumber,
  beforeAt,
  destroyKind,
  destroyVerb,
  expandPath,
  isModification,
  manifestKind,
  parsePath,
  pathText,
  reveal,
  show,
} from "./support/values.js";

const CAT = "availability" as const;

function scaleToZeroRule(
  meta: { id: string; title: string; rationale: string; remediation: string },
  provider: CloudProvider,
  providerOf: (type: string) => CloudProvider | undefined,
): Rule {
  const entries = Object.entries(CAPACITY_PATHS).filter(([t]) => providerOf(t) === provider);
  const byType = new Map(entries.map(([t, ps]) => [t, ps.map(parsePath)]));
  return changeRule(
    { ...meta, category: CAT, severity: "high", provider, resourceTypes: [...byType.keys()] },
    (change) => {
      const paths = byType.get(change.type);
      if (!paths || !isModification(change)) return null;
      const hits: RuleHit[] = [];
      for (const pattern of paths) {
        for (const path of expandPath(pattern, change.before, change.after)) {
          const b = asNumber(beforeAt(change, path));
          const a = asNumber(afterAt(change, path));
          if (b === undefined || a === undefined || b <= 0 || a !== 0) continue;
          hits.push({
            message: `${change.address}: ${pathText(path)} ${show(change, "before", path)} → 0: it stops serving`,
          });
        }
      }
      // One finding per resource is enough (desired and max both going to 0 is one event).
      return hits.length ? [hits[0]] : null;
    },
  );
}

function providerOfType(type: string): CloudProvider | undefined {
  if (type.startsWith("aws_")) return "aws";
  if (type.startsWith("google_")) return "google";
  if (type.startsWith("azurerm_")) return "azure";
  if (type.startsWith("kubernetes_")) return "kubernetes";
  return undefined;
}

const AWS_ZERO = scaleToZeroRule(
  {
    id: "AL-TF-AVAIL-001",
    title: "AWS service scaled to zero",
    rationale:
      "desired_count, desired_capacity, max_size or a node group's size set to 0 stops every task or instance of " +
      "the service — an outage unless that is the intent.",
    remediation:
      "Scale down gradually and keep at least one instance unless the service is being retired on purpose.",
  },
  "aws",
  providerOfType,
);

const GOOGLE_ZERO = scaleToZeroRule(
  {
    id: "AL-TF-AVAIL-002",
    title: "Google Cloud service scaled to zero",
    rationale:
      "A node pool, managed instance group, autoscaler or Cloud Run maximum set to 0 stops every instance of the " +
      "service.",
    remediation: "Keep at least one instance unless the service is being retired on purpose.",
  },
  "google",
  providerOfType,
);

const AZURE_ZERO = scaleToZeroRule(
  {
    id: "AL-TF-AVAIL-003",
    title: "Azure service scaled to zero",
    rationale:
      "A node pool, scale set, App Service plan or Container App set to 0 instances stops the service.",
    remediation: "Keep at least one instance unless the service is being retired on purpose.",
  },
  "azure",
  providerOfType,
);

const K8S_ZERO = scaleToZeroRule(
  {
    id: "AL-TF-AVAIL-004",
    title: "Kubernetes workload scaled to zero replicas",
    rationale: "replicas = 0 on a Deployment or StatefulSet deletes all its pods.",
    remediation: "Keep at least one replica unless the workload is being retired on purpose.",
  },
  "kubernetes",
  providerOfType,
);

const AWS_STOPPED = transitionRule(
  {
    id: "AL-TF-AVAIL-005",
    title: "AWS service stopped or disabled",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "Disabling a CloudFront distribution or accelerator, stopping an instance, throttling a function to zero " +
      "concurrency or disabling event sources and rules stops the service without deleting anything.",
    remediation: "Confirm the service is meant to stop; schedule it with the owners.",
  },
  AWS_SERVICE_SWITCHES,
);

const GOOGLE_STOPPED = transitionRule(
  {
    id: "AL-TF-AVAIL-006",
    title: "Google Cloud service stopped or disabled",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "desired_status TERMINATED, a Cloud SQL activation_policy of NEVER, paused scheduler jobs or disabled " +
      "firewall rules stop the service without deleting anything.",
    remediation: "Confirm the service is meant to stop; schedule it with the owners.",
  },
  GOOGLE_SERVICE_SWITCHES,
);

const AZURE_STOPPED = transitionRule(
  {
    id: "AL-TF-AVAIL-007",
    title: "Azure service stopped or disabled",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "enabled = false on web and function apps, Logic Apps, Front Door endpoints or Traffic Manager stops serving.",
    remediation: "Confirm the service is meant to stop; schedule it with the owners.",
  },
  AZURE_SERVICE_SWITCHES,
);

const K8S_SUSPENDED = transitionRule(
  {
    id: "AL-TF-AVAIL-008",
    title: "Kubernetes CronJob suspended or Deployment paused",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "A suspended CronJob stops its scheduled work (backups, reports); a paused Deployment stops rollouts.",
    remediation: "Confirm the pause is intended and time-boxed.",
  },
  KUBERNETES_SERVICE_SWITCHES,
);

const DNS_ZONE_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-010",
    title: "DNS zone deleted or replaced",
    category: CAT,
    severity: "critical",
    provider: "any",
    rationale:
      "Deleting a hosted zone stops every name in it from resolving; a replacement gets new name servers, so the " +
      "parent delegation points at nothing until it is updated — a full outage for the domain.",
    remediation: "Never replace a live zone; add lifecycle { prevent_destroy = true } to zones.",
  },
  DNS_ZONES,
);

const DNS_RECORD_BY_TYPE = new Map(DNS_RECORDS.map((i) => [i.type, i]));

const DNS_RECORD_DESTROYED = changeRule(
  {
    id: "AL-TF-AVAIL-011",
    title: "DNS record deleted or replaced",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Deleting a DNS record makes the name stop resolving; deleting NS or MX records breaks delegation or mail. " +
      "A replacement is a delete followed by a create, with a gap in between.",
    remediation: "Check nothing still uses the name; for changes, update the record in place where possible.",
    resourceTypes: [...DNS_RECORD_BY_TYPE.keys()],
  },
  (change) => {
    const imp = DNS_RECORD_BY_TYPE.get(change.type);
    if (!imp || change.deposed) return null;
    const m = matchImpact(change, imp);
    if (!m) return null;
    const rtype = String(
      getPath(change.before, ["type"]) ?? /_dns_(?:private_)?([a-z]+)_record$/.exec(change.type)?.[1] ?? "",
    ).toUpperCase();
    const name = getPath(change.before, ["name"]);
    const critical = CRITICAL_RECORD_TYPES.has(rtype);
    return {
      severity: critical && m.kind === "delete" ? "high" : m.severity,
      message: `${rtype ? `${reveal(change, rtype)} ` : ""}record ${typeof name === "string" ? `${reveal(change, name)} ` : ""}(${change.address}) is ${destroyVerb(m.kind)}${critical ? ": delegation or mail for the name breaks" : ": the name stops resolving"}${m.kind !== "delete" ? " until it is re-created" : ""}`,
    };
  },
);

const LB_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-012",
    title: "Load balancer, CDN or API gateway deleted or replaced",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      "The entry point of a service: deleting it stops all traffic; replacing it changes its DNS name or address, " +
      "breaking aliases, allow-lists and clients until they follow.",
    remediation:
      "Avoid changes that force replacement (name, scheme, type); move traffic before retiring it.",
  },
  LOAD_BALANCERS,
);

const LISTENER_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-013",
    title: "Listener, target group or backend removed",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Deleting a listener, stage, routing rule, target group or backend pool stops traffic from reaching the " +
      "service even though the load balancer stays. Create-before-destroy replacements are routine and stay quiet.",
    remediation:
      "Replace listeners and target groups with create_before_destroy; move traffic before deleting.",
  },
  LISTENERS,
);

const CLUSTER_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-014",
    title: "Kubernetes/ECS cluster or node pool deleted or replaced",
    category: CAT,
    severity: "critical",
    provider: "any",
    rationale:
      "Deleting or replacing an EKS, GKE, AKS or ECS cluster stops every workload on it; replacing a node pool " +
      "without create-before-destroy evicts all its pods at once.",
    remediation:
      "Avoid attribute changes that force cluster replacement; roll node pools with create_before_destroy or a " +
      "blue/green pool.",
  },
  CLUSTERS,
);

const NETWORK_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-015",
    title: "Network foundation deleted or replaced",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      "VPCs, virtual networks, gateways, NAT, VPN/interconnect, firewalls, subnets and routes carry all traffic " +
      "behind them; deleting or replacing one cuts connectivity for every workload that depends on it.",
    remediation:
      "Check the blast radius; migrate dependants first; avoid replacement-forcing changes (CIDR, region).",
  },
  NETWORK_FOUNDATIONS,
);

const COMPUTE_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-016",
    title: "Virtual machine, instance group or service deleted or replaced",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Deleting or replacing a VM takes it (and its local disks) down; deleting an auto scaling group, managed " +
      "instance group, scale set or ECS service stops every instance of the service.",
    remediation: "Use create_before_destroy and rolling replacement; drain traffic first.",
  },
  COMPUTE,
);

const SERVERLESS_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-017",
    title: "Serverless function or platform app deleted or replaced",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Deleting a Lambda function, Cloud Run service, Cloud Function, App Service or Container App stops it; a " +
      "replacement changes its URL or ARN and drops triggers and permissions attached to the old one.",
    remediation: "Confirm nothing still calls it; update callers before the delete.",
  },
  SERVERLESS,
);

const K8S_WORKLOAD_BY_TYPE = new Map(KUBERNETES_WORKLOADS.map((i) => [i.type, i]));

const K8S_WORKLOAD_DESTROYED = changeRule(
  {
    id: "AL-TF-AVAIL-018",
    title: "Kubernetes workload or Service deleted or replaced",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "Deleting a Deployment, DaemonSet or StatefulSet deletes its pods; the kubernetes provider replaces " +
      "objects when an immutable field (selector, name) changes, deleting them first. Deleting a Service removes " +
      "the endpoint (and a LoadBalancer's address).",
    remediation: "Avoid changes to immutable fields; move traffic before deleting a Service.",
    resourceTypes: [...K8S_WORKLOAD_BY_TYPE.keys(), "kubernetes_manifest"],
  },
  (change) => {
    if (change.deposed) return null;
    let imp = K8S_WORKLOAD_BY_TYPE.get(change.type);
    if (!imp && change.type === "kubernetes_manifest") {
      const kind = manifestKind(change, "before");
      const what = kind ? KUBERNETES_MANIFEST_WORKLOAD_KINDS[kind] : undefined;
      if (what)
        imp = {
          type: change.type,
          what,
          onDelete: what === "StatefulSet" ? "high" : "medium",
          onReplace: what === "StatefulSet" ? "high" : "medium",
          onReplaceCreateFirst: null,
        };
    }
    if (!imp) return null;
    const m = matchImpact(change, imp);
    return m ? { severity: m.severity, message: describeImpact(change, m) } : null;
  },
);

const CERT_DESTROYED = controlRule(
  {
    id: "AL-TF-AVAIL-019",
    title: "TLS certificate deleted or replaced",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Deleting a certificate that a listener, distribution or app still serves breaks HTTPS for its clients; a " +
      "destroy-first replacement leaves a window without one.",
    remediation:
      "Use create_before_destroy for certificates and confirm no listener still references the old one.",
  },
  CERTIFICATES,
);

const REDUNDANCY_REDUCED = transitionRule(
  {
    id: "AL-TF-AVAIL-020",
    title: "High availability or redundancy reduced",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Turning off Multi-AZ, regional availability, zone redundancy, standby servers or automatic failover means " +
      "the next zone or instance failure is an outage.",
    remediation: "Keep production databases and caches multi-zone with automatic failover.",
  },
  REDUNDANCY,
);

const GOOGLE_API_DISABLED = changeRule(
  {
    id: "AL-TF-AVAIL-021",
    title: "Google Cloud API disabled on destroy",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "Destroying a google_project_service with disable_on_destroy = true disables the API for the whole project: " +
      "every resource that uses it (from any Terraform configuration or none) stops working, and with " +
      "disable_dependent_services dependent APIs go too.",
    remediation:
      "Set disable_on_destroy = false, or remove the resource with a removed { lifecycle { destroy = false } } block.",
    resourceTypes: ["google_project_service"],
  },
  (change) => {
    const kind = destroyKind(change);
    if (!kind || kind === "replace-create-first") return null;
    if (asBool(getPath(change.before, ["disable_on_destroy"])) === false) return null;
    const svc = getPath(change.before, ["service"]);
    const dependent = asBool(getPath(change.before, ["disable_dependent_services"])) === true;
    return {
      severity: dependent ? "critical" : "high",
      message: `${change.address} is ${destroyVerb(kind)} with disable_on_destroy: the ${typeof svc === "string" ? reveal(change, svc) : "API"} is disabled for the whole project${dependent ? ", with its dependent services" : ""}`,
    };
  },
);

export const TERRAFORM_AVAILABILITY_RULES: Rule[] = [
  AWS_ZERO,
  GOOGLE_ZERO,
  AZURE_ZERO,
  K8S_ZERO,
  AWS_STOPPED,
  GOOGLE_STOPPED,
  AZURE_STOPPED,
  K8S_SUSPENDED,
  DNS_ZONE_DESTROYED,
  DNS_RECORD_DESTROYED,
  LB_DESTROYED,
  LISTENER_DESTROYED,
  CLUSTER_DESTROYED,
  NETWORK_DESTROYED,
  COMPUTE_DESTROYED,
  SERVERLESS_DESTROYED,
  K8S_WORKLOAD_DESTROYED,
  CERT_DESTROYED,
  REDUNDANCY_REDUCED,
  GOOGLE_API_DISABLED,
];
