// AL-K8S rules: Kubernetes manifest pairs, in the seven shared categories. Rules see the normalized Change
// (type `group/Kind`, action with immutable-field replaces, the object on each side) and report only what
// this change introduces: a privileged container that was already privileged is not news.
import { podLabelsOf, selectsAll } from "../../ingest/kubernetes/pod-spec.js";
import type { Change, Severity } from "../../model/types.js";
import {
  ADMISSION_TYPES,
  AGENT_PATTERNS,
  CRITICAL_HOST_PATHS,
  DANGEROUS_CAPABILITIES,
  ESCALATION_VERBS,
  EVERYONE_GROUPS,
  EVERYONE_USERS,
  INTERNAL_LB_ANNOTATIONS,
  POWERFUL_CLUSTER_ROLES,
  SCALABLE_TYPES,
  SENSITIVE_RBAC_RESOURCES,
  SERVING_TYPES,
} from "../tables/kubernetes.js";
import type { Rule, RuleHit } from "../types.js";
import {
  containerLabel,
  containerPairs,
  get,
  isTrue,
  k8sChangeSetRule,
  k8sRule,
  kindOf,
  num,
  obj,
  podSpec,
  type Side,
} from "./kubernetes-support.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function destroyed(change: Change): boolean {
  return change.action === "delete" || change.action === "replace";
}

// ── data-loss ────────────────────────────────────────────────────────────────────────────────────────────

const namespaceDeleted = k8sRule(
  {
    id: "AL-K8S-DATA-001",
    title: "Namespace deleted",
    category: "data-loss",
    severity: "critical",
    resourceTypes: ["core/Namespace"],
    rationale:
      "Deleting a Namespace deletes every object in it: workloads, Secrets, ConfigMaps and PersistentVolumeClaims (and with them, dynamically provisioned volumes).",
    remediation:
      "Delete the objects you mean to delete explicitly; never delete a namespace that holds data.",
  },
  (change, ctx) => {
    if (change.action !== "delete") return null;
    const n = ctx.blastRadius(change.address).length;
    return {
      message: `${change.address} is deleted, and with it ${plural(n, "object")} in the manifests (and everything else in the namespace)`,
    };
  },
);

const statefulSetDestroyed = k8sRule(
  {
    id: "AL-K8S-DATA-002",
    title: "StatefulSet deleted or recreated",
    category: "data-loss",
    severity: "high",
    resourceTypes: ["apps/StatefulSet"],
    rationale:
      "A StatefulSet owns its pods' identities and volumes; deleting or recreating it takes the data service down and, with a Delete retention policy, its PersistentVolumeClaims.",
    remediation:
      "Scale down and back up data first; keep persistentVolumeClaimRetentionPolicy.whenDeleted: Retain.",
  },
  (change) => {
    if (!destroyed(change)) return null;
    const policy = get(obj(change, "before"), [
      "spec",
      "persistentVolumeClaimRetentionPolicy",
      "whenDeleted",
    ]);
    const claims = get(obj(change, "before"), ["spec", "volumeClaimTemplates"]);
    const hasClaims = Array.isArray(claims) && claims.length > 0;
    const verb = change.action === "delete" ? "deleted" : "deleted and recreated";
    if (policy === "Delete" && hasClaims && change.action === "delete")
      return {
        severity: "critical",
        message: `${change.address} is deleted with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete: its volumes are deleted too`,
      };
    return {
      message: `${change.address} is ${verb}${change.actionReason ? ` (${change.actionReason})` : ""}${hasClaims ? "; its PersistentVolumeClaims stay but the data service stops" : ""}`,
    };
  },
);

const volumeDestroyed = k8sRule(
  {
    id: "AL-K8S-DATA-003",
    title: "PersistentVolumeClaim or PersistentVolume deleted or recreated",
    category: "data-loss",
    severity: "critical",
    resourceTypes: ["core/PersistentVolumeClaim", "core/PersistentVolume"],
    rationale:
      "Deleting a claim releases its volume; with the usual Delete reclaim policy the disk and its data are destroyed.",
    remediation:
      "Back up the volume and set persistentVolumeReclaimPolicy: Retain before removing the claim.",
  },
  (change) => {
    if (!destroyed(change)) return null;
    const verb = change.action === "delete" ? "deleted" : "deleted and recreated";
    if (change.type === "core/PersistentVolume") {
      const policy = get(obj(change, "before"), ["spec", "persistentVolumeReclaimPolicy"]);
      if (policy !== "Delete")
        return {
          severity: "medium",
          message: `${change.address} is ${verb}; reclaim policy ${policy ?? "Retain (default)"} keeps the underlying storage`,
        };
      return {
        message: `${change.address} is ${verb} with reclaim policy Delete: the underlying storage is destroyed`,
      };
    }
    return {
      message: `${change.address} is ${verb}${change.actionReason ? ` (${change.actionReason})` : ""}: its volume is released and, with a Delete reclaim policy, destroyed`,
    };
  },
);

const claimTemplatesChanged = k8sRule(
  {
    id: "AL-K8S-DATA-004",
    title: "StatefulSet volumeClaimTemplates changed",
    category: "data-loss",
    severity: "high",
    resourceTypes: ["apps/StatefulSet"],
    rationale:
      "volumeClaimTemplates cannot change in place; applying this means deleting the StatefulSet, and existing claims keep their old size and class.",
    remediation: "Resize claims directly (allowVolumeExpansion) or migrate data to a new StatefulSet.",
  },
  (change) => {
    if (change.action !== "replace" && change.action !== "update") return null;
    const b = get(obj(change, "before"), ["spec", "volumeClaimTemplates"]);
    const a = get(obj(change, "after"), ["spec", "volumeClaimTemplates"]);
    if (JSON.stringify(b ?? []) === JSON.stringify(a ?? [])) return null;
    return {
      message: `${change.address}: volumeClaimTemplates change; the StatefulSet must be deleted and recreated, existing claims are not changed`,
    };
  },
);

const crdDeleted = k8sRule(
  {
    id: "AL-K8S-DATA-005",
    title: "CustomResourceDefinition deleted",
    category: "data-loss",
    severity: "critical",
    resourceTypes: ["apiextensions.k8s.io/CustomResourceDefinition"],
    rationale: "Deleting a CRD deletes every custom object of that kind in every namespace.",
    remediation: "Remove the custom objects deliberately first, or keep the CRD.",
  },
  (change) => {
    if (change.action !== "delete") return null;
    const kind = get(obj(change, "before"), ["spec", "names", "kind"]);
    return {
      message: `${change.address} is deleted: every ${typeof kind === "string" ? kind : "custom"} object in the cluster is deleted with it`,
    };
  },
);

// ── availability ─────────────────────────────────────────────────────────────────────────────────────────

function replicas(change: Change, side: Side): number | undefined {
  const o = obj(change, side);
  if (!o) return undefined;
  const r = get(o, ["spec", "replicas"]);
  return r === undefined ? 1 : num(r);
}

const scaledToZero = k8sRule(
  {
    id: "AL-K8S-AVAIL-001",
    title: "Workload scaled to zero or CronJob suspended",
    category: "availability",
    severity: "high",
    resourceTypes: [...SCALABLE_TYPES, "batch/CronJob"],
    rationale:
      "replicas: 0 stops every pod of the workload; a suspended CronJob schedules no more Jobs (backups, rotations, cleanups stop silently).",
    remediation: "Confirm the workload is meant to stop; scale down gradually otherwise.",
  },
  (change) => {
    if (change.action !== "update" && change.action !== "replace") return null;
    if (change.type === "batch/CronJob") {
      if (!isTrue(get(obj(change, "after"), ["spec", "suspend"]))) return null;
      if (isTrue(get(obj(change, "before"), ["spec", "suspend"]))) return null;
      return {
        severity: "medium",
        message: `${change.address}: suspended; no new Jobs are scheduled until it is resumed`,
      };
    }
    const b = replicas(change, "before");
    const a = replicas(change, "after");
    if (a === 0 && b !== undefined && b > 0)
      return { message: `${change.address}: replicas go from ${b} to 0; every pod stops` };
    return null;
  },
);

const selectorChanged = k8sRule(
  {
    id: "AL-K8S-AVAIL-002",
    title: "Selector changed",
    category: "availability",
    severity: "high",
    rationale:
      "Workload selectors are immutable (the object must be recreated, orphaning its pods); a Service selector change moves traffic to different pods.",
    remediation:
      "Create a new workload under a new name and move traffic; change Service selectors together with the pods' labels.",
  },
  (change) => {
    if (change.type === "core/Service") {
      if (change.action !== "update" && change.action !== "replace") return null;
      const b = get(obj(change, "before"), ["spec", "selector"]);
      const a = get(obj(change, "after"), ["spec", "selector"]);
      if (JSON.stringify(b ?? null) === JSON.stringify(a ?? null)) return null;
      return {
        severity: "medium",
        message: `${change.address}: the selector changes from ${JSON.stringify(b ?? {})} to ${JSON.stringify(a ?? {})}; traffic goes to different pods`,
      };
    }
    if (change.action !== "replace") return null;
    if (!change.replacePaths?.some((p) => p[0] === "spec" && p[1] === "selector")) return null;
    return {
      message: `${change.address}: spec.selector is immutable; applying means deleting and recreating the ${kindOf(change)}`,
    };
  },
);

const pdbRemoved = k8sRule(
  {
    id: "AL-K8S-AVAIL-003",
    title: "PodDisruptionBudget removed",
    category: "availability",
    severity: "medium",
    resourceTypes: ["policy/PodDisruptionBudget"],
    rationale: "Without a PodDisruptionBudget, node drains and upgrades may evict every replica at once.",
    remediation: "Keep a PodDisruptionBudget for every replicated workload.",
  },
  (change, ctx) => {
    if (change.action !== "delete") return null;
    const n = ctx.blastRadius(change.address).length;
    return {
      message: `${change.address} is deleted; the pods it covered lose disruption protection${n ? ` (${plural(n, "dependent")} in the blast radius)` : ""}`,
    };
  },
);

const recreated = k8sRule(
  {
    id: "AL-K8S-AVAIL-004",
    title: "Object must be deleted and recreated (immutable field changed)",
    category: "availability",
    severity: "medium",
    rationale:
      "`kubectl apply` refuses changes to immutable fields; the object has to be deleted and created again, with downtime in between.",
    remediation: "Create the new object under a new name and switch over, or schedule the recreation.",
  },
  (change) => {
    if (change.action !== "replace") return null;
    // Selector and volumeClaimTemplates changes have their own rules; PVC/PV recreation is data loss.
    const paths = (change.replacePaths ?? []).filter(
      (p) => !(p[0] === "spec" && (p[1] === "selector" || p[1] === "volumeClaimTemplates")),
    );
    if (!paths.length) return null;
    if (
      change.type === "core/PersistentVolumeClaim" ||
      change.type === "core/PersistentVolume" ||
      change.type === "apps/StatefulSet"
    )
      return null;
    const sev: Severity = change.type === "core/Service" ? "high" : "medium";
    return {
      severity: sev,
      message: `${change.address}: ${paths.map((p) => p.join(".")).join(", ")} cannot change in place; the ${kindOf(change)} must be deleted and recreated${change.type === "core/Service" ? " (its cluster IP changes)" : ""}`,
    };
  },
);

const servingDeleted = k8sRule(
  {
    id: "AL-K8S-AVAIL-005",
    title: "Workload, Service or Ingress deleted",
    category: "availability",
    severity: "medium",
    resourceTypes: [...SERVING_TYPES],
    rationale: "Deleting what serves traffic is an outage unless it moves elsewhere in the same change.",
    remediation: "Confirm the replacement exists before deleting.",
  },
  (change, ctx) => {
    if (change.action !== "delete") return null;
    const n = ctx.blastRadius(change.address).length;
    return {
      message: `${change.address} is deleted${n ? `; ${plural(n, "dependent")} in the blast radius` : ""}`,
    };
  },
);

// ── privilege ────────────────────────────────────────────────────────────────────────────────────────────

function subjectsOf(o: Record<string, unknown> | undefined): string[] {
  const s = get(o, ["subjects"]);
  if (!Array.isArray(s)) return [];
  return s.filter(isObject).map((x) => `${x.kind}:${x.namespace ? `${x.namespace}/` : ""}${x.name}`);
}

const powerfulBinding = k8sRule(
  {
    id: "AL-K8S-PRIV-001",
    title: "Binding to cluster-admin (or another powerful role, or to everyone)",
    category: "privilege",
    severity: "critical",
    resourceTypes: ["rbac.authorization.k8s.io/ClusterRoleBinding", "rbac.authorization.k8s.io/RoleBinding"],
    rationale:
      "cluster-admin is unrestricted control of the cluster; bindings to system:anonymous or system:authenticated grant to everyone.",
    remediation: "Bind a least-privilege Role; never bind to everyone.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const after = obj(change, "after");
    const before = obj(change, "before");
    const role = get(after, ["roleRef", "name"]);
    const roleKind = get(after, ["roleRef", "kind"]);
    const beforeRole = get(before, ["roleRef", "name"]);
    const beforeSubjects = new Set(subjectsOf(before));
    const fresh = subjectsOf(after).filter((s) => !beforeSubjects.has(s));
    const hits: RuleHit[] = [];
    if (
      roleKind === "ClusterRole" &&
      typeof role === "string" &&
      role in POWERFUL_CLUSTER_ROLES &&
      (role !== beforeRole || fresh.length)
    ) {
      const clusterWide = change.type.endsWith("ClusterRoleBinding");
      const base = POWERFUL_CLUSTER_ROLES[role];
      const severity: Severity = clusterWide
        ? base
        : base === "critical"
          ? "high"
          : base === "high"
            ? "medium"
            : "low";
      hits.push({
        severity,
        message: `${change.address} grants ClusterRole ${role} ${clusterWide ? "cluster-wide" : "in its namespace"} to ${(fresh.length ? fresh : subjectsOf(after)).join(", ") || "no subjects"}`,
      });
    }
    const everyone = get(after, ["subjects"]);
    if (Array.isArray(everyone))
      for (const s of everyone)
        if (
          isObject(s) &&
          (s.kind === "Group" || s.kind === "User") &&
          typeof s.name === "string" &&
          (s.kind === "Group" ? EVERYONE_GROUPS : EVERYONE_USERS).has(s.name) &&
          fresh.includes(`${s.kind}:${s.name}`)
        )
          hits.push({
            severity: "critical",
            message: `${change.address} grants ${roleKind} ${role} to the ${s.kind === "Group" ? "group" : "user"} ${s.name} (everyone)`,
          });
    return hits;
  },
);

function ruleKey(r: unknown): string {
  return JSON.stringify(r);
}

const wildcardRbac = k8sRule(
  {
    id: "AL-K8S-PRIV-002",
    title: "RBAC rule with wildcards or escalation verbs",
    category: "privilege",
    severity: "high",
    resourceTypes: ["rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/Role"],
    rationale:
      'Rules with "*" verbs or resources, reading Secrets, exec into pods, or the escalate/bind/impersonate verbs grant more than any workload needs and let the holder give itself more.',
    remediation: "List the verbs and resources the workload uses.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const before = new Set(
      (get(obj(change, "before"), ["rules"]) as unknown[] | undefined)?.map(ruleKey) ?? [],
    );
    const rules = get(obj(change, "after"), ["rules"]);
    if (!Array.isArray(rules)) return null;
    const cluster = change.type.endsWith("ClusterRole");
    const hits: RuleHit[] = [];
    for (const r of rules) {
      if (!isObject(r) || before.has(ruleKey(r))) continue;
      const verbs = (Array.isArray(r.verbs) ? r.verbs : []).map(String);
      const resources = (Array.isArray(r.resources) ? r.resources : []).map(String);
      const groups = (Array.isArray(r.apiGroups) ? r.apiGroups : []).map(String);
      const allVerbs = verbs.includes("*");
      const allResources = resources.includes("*");
      if (allVerbs && allResources)
        hits.push({
          severity: cluster ? "critical" : "high",
          message: `${change.address}: rule grants every verb on every resource${groups.includes("*") ? " in every API group" : ""} (${cluster ? "cluster-wide" : "in the namespace"})`,
        });
      else if (allVerbs || allResources)
        hits.push({
          severity: cluster ? "high" : "medium",
          message: `${change.address}: rule uses a wildcard: verbs [${verbs.join(", ")}] on resources [${resources.join(", ")}]`,
        });
      else if (groups.includes("") || groups.includes("*"))
        for (const res of resources) {
          const sensitive = Object.hasOwn(SENSITIVE_RBAC_RESOURCES, res)
            ? SENSITIVE_RBAC_RESOURCES[res]
            : undefined;
          if (!sensitive) continue;
          const granted = verbs.filter((v) => sensitive.verbs.includes(v));
          if (granted.length)
            hits.push({
              severity: cluster ? "high" : "medium",
              message: `${change.address}: rule grants ${granted.join(", ")} on ${res}: ${sensitive.what} (${cluster ? "cluster-wide" : "in the namespace"})`,
            });
        }
      const esc = verbs.filter((v) => ESCALATION_VERBS.has(v));
      if (esc.length)
        hits.push({ message: `${change.address}: rule grants ${esc.join(", ")} (privilege escalation)` });
    }
    return hits;
  },
);

function hostPathOf(v: unknown): string | undefined {
  const p = get(v, ["hostPath", "path"]);
  return typeof p === "string" ? p : undefined;
}

function hostPathSeverity(p: string): Severity {
  const norm = p.replace(/\/+$/, "") || "/";
  return CRITICAL_HOST_PATHS.includes(norm) || norm.endsWith(".sock") ? "critical" : "high";
}

const privilegedPod = k8sRule(
  {
    id: "AL-K8S-PRIV-003",
    title: "Privileged container, host namespaces or hostPath volume",
    category: "privilege",
    severity: "high",
    rationale:
      "privileged, hostPID, hostNetwork, hostIPC and hostPath mounts break the container boundary: a compromise of the pod is a compromise of the node.",
    remediation: "Drop privileged and host namespaces; use a CSI driver or an emptyDir instead of hostPath.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const after = podSpec(change, "after");
    if (!after) return null;
    const before = podSpec(change, "before");
    const hits: RuleHit[] = [];
    for (const [field, sev] of [
      ["hostPID", "high"],
      ["hostNetwork", "high"],
      ["hostIPC", "high"],
    ] as const)
      if (isTrue(after[field]) && !isTrue(before?.[field]))
        hits.push({
          severity: sev,
          message: `${change.address}: ${field}: true shares the node's ${field === "hostPID" ? "process" : field === "hostNetwork" ? "network" : "IPC"} namespace with the pod`,
        });
    for (const { after: c, before: b } of containerPairs(change)) {
      if (
        isTrue(c.container.securityContext?.privileged) &&
        !isTrue(b?.container.securityContext?.privileged)
      )
        hits.push({
          severity: "critical",
          message: `${change.address}: ${containerLabel(c)} runs privileged (full access to the node)`,
        });
    }
    const beforePaths = new Set(
      (Array.isArray(before?.volumes) ? before.volumes : []).map(hostPathOf).filter(Boolean),
    );
    for (const v of Array.isArray(after.volumes) ? after.volumes : []) {
      const p = hostPathOf(v);
      if (p && !beforePaths.has(p))
        hits.push({
          severity: hostPathSeverity(p),
          message: `${change.address}: mounts host path ${p} (volume ${String(get(v, ["name"]) ?? "?")})`,
        });
    }
    return hits;
  },
);

const addedCapabilities = k8sRule(
  {
    id: "AL-K8S-PRIV-004",
    title: "Linux capabilities added to a container",
    category: "privilege",
    severity: "high",
    rationale:
      "Capabilities such as SYS_ADMIN, NET_ADMIN or ALL give a container root-like power over the node.",
    remediation: "Drop ALL and add back only what the process needs (often nothing, or NET_BIND_SERVICE).",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const hits: RuleHit[] = [];
    for (const { after: c, before: b } of containerPairs(change)) {
      const add = c.container.securityContext?.capabilities?.add;
      if (!Array.isArray(add)) continue;
      const had = new Set(
        (b?.container.securityContext?.capabilities?.add ?? []).map((x) => String(x).toUpperCase()),
      );
      const fresh = add
        .map((x) => String(x).toUpperCase().replace(/^CAP_/, ""))
        .filter((x) => !had.has(x) && !had.has(`CAP_${x}`));
      if (!fresh.length) continue;
      let sev: Severity = "low";
      const order: Severity[] = ["info", "low", "medium", "high", "critical"];
      for (const cap of fresh) {
        const s = DANGEROUS_CAPABILITIES[cap];
        if (s && order.indexOf(s) > order.indexOf(sev)) sev = s;
      }
      hits.push({
        severity: sev,
        message: `${change.address}: ${containerLabel(c)} adds capabilities ${fresh.join(", ")}`,
      });
    }
    return hits;
  },
);

// ── exposure ─────────────────────────────────────────────────────────────────────────────────────────────

function isInternalLb(o: Record<string, unknown> | undefined): boolean {
  const ann = get(o, ["metadata", "annotations"]);
  if (!isObject(ann)) return false;
  return INTERNAL_LB_ANNOTATIONS.some(
    (a) => a.key in ann && (!a.values || a.values.includes(String(ann[a.key]))),
  );
}

const exposedService = k8sRule(
  {
    id: "AL-K8S-EXP-001",
    title: "Service exposed as LoadBalancer or NodePort",
    category: "exposure",
    severity: "high",
    resourceTypes: ["core/Service"],
    rationale:
      "LoadBalancer Services get an address reachable from outside the cluster (the internet, unless made internal); NodePort opens a port on every node.",
    remediation:
      "Use ClusterIP behind an Ingress; for LoadBalancers set loadBalancerSourceRanges or the provider's internal annotation.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const after = serviceExposure(obj(change, "after"));
    const before = change.action === "create" ? NOT_EXPOSED : serviceExposure(obj(change, "before"));
    if (after.rank <= before.rank) return null;
    const was = before.type === after.type && before.type === "LoadBalancer";
    if (after.rank === 3)
      return {
        message: was
          ? `${change.address}: the LoadBalancer ${before.why === "internal" ? "is no longer internal" : "is no longer limited to its source ranges"} and becomes reachable from the internet (${after.why})`
          : `${change.address} becomes a LoadBalancer reachable from the internet (${after.why})`,
      };
    if (after.type === "NodePort")
      return {
        severity: "medium",
        message: `${change.address} becomes a NodePort: the port opens on every node`,
      };
    return { severity: "low", message: `${change.address} becomes a LoadBalancer (${after.why})` };
  },
);

interface Exposure {
  /** 0 inside the cluster, 1 internal or source-restricted LoadBalancer, 2 NodePort, 3 internet LoadBalancer. */
  rank: number;
  type: string;
  why: string;
}

const NOT_EXPOSED: Exposure = { rank: 0, type: "ClusterIP", why: "" };

function serviceExposure(o: Record<string, unknown> | undefined): Exposure {
  const type = get(o, ["spec", "type"]);
  if (type === "NodePort") return { rank: 2, type, why: "node port" };
  if (type !== "LoadBalancer") return NOT_EXPOSED;
  if (isInternalLb(o)) return { rank: 1, type, why: "internal" };
  const ranges = get(o, ["spec", "loadBalancerSourceRanges"]);
  const list = Array.isArray(ranges) ? ranges.map(String) : [];
  const open = list.filter((r) => r === "0.0.0.0/0" || r === "::/0");
  if (list.length && !open.length) return { rank: 1, type, why: "source ranges restricted" };
  return {
    rank: 3,
    type,
    why: open.length ? `source ranges include ${open.join(", ")}` : "not internal, no source ranges",
  };
}

const externalIPs = k8sRule(
  {
    id: "AL-K8S-EXP-002",
    title: "Service externalIPs added",
    category: "exposure",
    severity: "high",
    resourceTypes: ["core/Service"],
    rationale:
      "externalIPs route traffic for arbitrary addresses to the Service and can intercept other traffic (CVE-2020-8554).",
    remediation: "Use a LoadBalancer or Ingress; block externalIPs with admission control.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const a = get(obj(change, "after"), ["spec", "externalIPs"]);
    if (!Array.isArray(a) || !a.length) return null;
    const b = new Set((get(obj(change, "before"), ["spec", "externalIPs"]) as unknown[] | undefined) ?? []);
    const fresh = a.filter((x) => !b.has(x));
    if (!fresh.length) return null;
    return { message: `${change.address}: externalIPs ${fresh.join(", ")}` };
  },
);

/** A NetworkPolicy that selects every pod and allows nothing in (or out) for its policy types. */
function defaultDeny(o: Record<string, unknown> | undefined): string[] {
  if (!o) return [];
  const spec = get(o, ["spec"]);
  if (!isObject(spec) || !selectsAll(spec.podSelector)) return [];
  const types = Array.isArray(spec.policyTypes)
    ? spec.policyTypes.map(String)
    : ["Ingress", ...(spec.egress !== undefined ? ["Egress"] : [])];
  const out: string[] = [];
  for (const t of types) {
    const rules = spec[t === "Ingress" ? "ingress" : "egress"];
    if (rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0)) out.push(t);
  }
  return out;
}

const denyRemoved = k8sRule(
  {
    id: "AL-K8S-EXP-003",
    title: "Default-deny NetworkPolicy removed or opened",
    category: "exposure",
    severity: "high",
    resourceTypes: ["networking.k8s.io/NetworkPolicy"],
    rationale:
      "A default-deny policy is the baseline that makes every other NetworkPolicy an allow-list; without it every pod in the namespace accepts traffic from anywhere.",
    remediation: "Keep the default-deny policy; add narrow allow policies instead.",
  },
  (change, ctx) => {
    const before = defaultDeny(obj(change, "before"));
    if (!before.length) return null;
    const after = defaultDeny(obj(change, "after"));
    const lost = before.filter((t) => !after.includes(t));
    if (!lost.length) return null;
    const n = ctx.blastRadius(change.address).length;
    return {
      severity: lost.includes("Ingress") ? "high" : "medium",
      message: `${change.address}: default-deny ${lost.join(" and ")} ${change.action === "delete" ? "is deleted" : "no longer denies"}; the pods it selected accept traffic from anywhere${n ? ` (${plural(n, "dependent")} in the blast radius)` : ""}`,
    };
  },
);

function tlsHosts(o: Record<string, unknown> | undefined): string[] {
  const tls = get(o, ["spec", "tls"]);
  if (!Array.isArray(tls)) return [];
  const out: string[] = [];
  for (const t of tls) {
    const hosts = get(t, ["hosts"]);
    if (Array.isArray(hosts)) for (const h of hosts) out.push(String(h));
    else out.push("(default host)");
  }
  return out;
}

const ingressTlsDropped = k8sRule(
  {
    id: "AL-K8S-EXP-004",
    title: "Ingress TLS removed",
    category: "exposure",
    severity: "high",
    resourceTypes: ["networking.k8s.io/Ingress"],
    rationale:
      "Without TLS, traffic (credentials and session cookies included) crosses the network in clear text.",
    remediation: "Keep spec.tls for every host the Ingress serves.",
  },
  (change) => {
    if (change.action !== "update" && change.action !== "replace") return null;
    const b = tlsHosts(obj(change, "before"));
    if (!b.length) return null;
    const a = new Set(tlsHosts(obj(change, "after")));
    const dropped = b.filter((h) => !a.has(h));
    if (!dropped.length) return null;
    return {
      severity: a.size === 0 ? "high" : "medium",
      message: `${change.address}: TLS is ${a.size === 0 ? "removed" : "dropped"} for ${dropped.join(", ")}; that traffic is served in clear text`,
    };
  },
);

const hostPorts = k8sRule(
  {
    id: "AL-K8S-EXP-005",
    title: "Container hostPort opened",
    category: "exposure",
    severity: "medium",
    rationale:
      "A hostPort binds the container to the node's address, bypassing Services and most network policies.",
    remediation: "Expose through a Service instead.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const hits: RuleHit[] = [];
    for (const { after: c, before: b } of containerPairs(change)) {
      const ports = Array.isArray(c.container.ports) ? (c.container.ports as unknown[]) : [];
      const beforePorts = b && Array.isArray(b.container.ports) ? (b.container.ports as unknown[]) : [];
      const had = new Set(beforePorts.map((p) => get(p, ["hostPort"])));
      for (const p of ports) {
        const hp = get(p, ["hostPort"]);
        if (hp !== undefined && hp !== null && hp !== 0 && !had.has(hp))
          hits.push({ message: `${change.address}: ${containerLabel(c)} binds host port ${String(hp)}` });
      }
    }
    return hits;
  },
);

// ── audit ────────────────────────────────────────────────────────────────────────────────────────────────

function agentOf(change: Change): string | undefined {
  const o = obj(change, "before");
  if (!o) return undefined;
  const texts: string[] = [change.name];
  const labels = {
    ...(get(o, ["metadata", "labels"]) as Record<string, unknown> | undefined),
    ...podLabelsOf(o),
  };
  for (const [k, v] of Object.entries(labels)) if (/name|app|component/i.test(k)) texts.push(String(v));
  const spec = podSpec(change, "before");
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])])
    if (typeof c?.image === "string") texts.push(c.image);
  for (const a of AGENT_PATTERNS) if (texts.some((t) => a.pattern.test(t))) return a.what;
  return undefined;
}

const agentRemoved = k8sRule(
  {
    id: "AL-K8S-AUDIT-001",
    title: "Audit, security or monitoring agent removed",
    category: "audit",
    severity: "high",
    resourceTypes: ["apps/DaemonSet", "apps/Deployment", "apps/StatefulSet"],
    rationale:
      "Log shippers, runtime security and monitoring agents are how incidents are noticed; removing them blinds the cluster.",
    remediation: "Keep the agent running; replace it in the same change if it is being swapped.",
  },
  (change) => {
    const what = agentOf(change);
    if (!what) return null;
    if (change.action === "delete") return { message: `${change.address} (${what}) is deleted` };
    if ((change.action === "update" || change.action === "replace") && change.type !== "apps/DaemonSet") {
      const b = replicas(change, "before");
      const a = replicas(change, "after");
      if (a === 0 && b !== undefined && b > 0)
        return { message: `${change.address} (${what}) is scaled to zero` };
    }
    return null;
  },
);

const admissionRemoved = k8sRule(
  {
    id: "AL-K8S-AUDIT-002",
    title: "Admission control removed or set to fail open",
    category: "audit",
    severity: "medium",
    resourceTypes: [...ADMISSION_TYPES],
    rationale:
      "Admission webhooks and policies enforce the cluster's guardrails; deleting them or switching failurePolicy to Ignore silently lets everything through.",
    remediation: "Keep admission control; change policies through their own reviewed change.",
  },
  (change) => {
    if (change.action === "delete")
      return { message: `${change.address} is deleted: the admission checks it enforced stop` };
    if (change.action !== "update" && change.action !== "replace") return null;
    const hooks = (side: Side) => {
      const h = get(obj(change, side), ["webhooks"]);
      return Array.isArray(h) ? h.filter(isObject) : [];
    };
    const before = new Map(hooks("before").map((h) => [String(h.name), h.failurePolicy ?? "Fail"]));
    const hits: RuleHit[] = [];
    for (const h of hooks("after"))
      if (before.get(String(h.name)) === "Fail" && h.failurePolicy === "Ignore")
        hits.push({
          message: `${change.address}: webhook ${String(h.name)} now fails open (failurePolicy: Ignore)`,
        });
    return hits;
  },
);

// ── mass change ──────────────────────────────────────────────────────────────────────────────────────────

const massDelete = k8sChangeSetRule(
  {
    id: "AL-K8S-MASS-001",
    title: "Most objects deleted or recreated",
    category: "mass-change",
    severity: "high",
    rationale:
      "Deleting or recreating most of what is deployed at once is how environments disappear by mistake.",
    remediation: "Split the change; confirm the environment is meant to be torn down.",
  },
  (cs) => {
    const destroyedCount = cs.changes.filter(destroyed).length;
    const existing = cs.changes.filter((c) => c.action !== "create").length;
    if (destroyedCount >= 10 && existing > 0 && destroyedCount / existing >= 0.5)
      return {
        severity: "critical",
        message: `${destroyedCount} of ${existing} existing objects are deleted or recreated (${Math.round((100 * destroyedCount) / existing)}%)`,
      };
    if (destroyedCount >= 25) return { message: `${destroyedCount} objects are deleted or recreated` };
    return null;
  },
);

export const KUBERNETES_RULES: Rule[] = [
  namespaceDeleted,
  statefulSetDestroyed,
  volumeDestroyed,
  claimTemplatesChanged,
  crdDeleted,
  scaledToZero,
  selectorChanged,
  pdbRemoved,
  recreated,
  servingDeleted,
  powerfulBinding,
  wildcardRbac,
  privilegedPod,
  addedCapabilities,
  exposedService,
  externalIPs,
  denyRemoved,
  ingressTlsDropped,
  hostPorts,
  agentRemoved,
  admissionRemoved,
  massDelete,
];
