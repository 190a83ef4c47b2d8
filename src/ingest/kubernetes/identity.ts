// Object identity: group/kind/namespace/name. Which kinds are cluster-scoped, which legacy API groups serve
// the same objects as their successors, and how identities become addresses.
import type { KubeObject, ObjectIdentity } from "./manifest-types.js";

export const DEFAULT_NAMESPACE = "default";

/** Built-in and common add-on kinds that are cluster-scoped (no namespace). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "VolumeAttributesClass",
  "PriorityClass",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "APIService",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
  "PodSecurityPolicy",
  "ComponentStatus",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "IPAddress",
  "ServiceCIDR",
  "DeviceClass",
  "GatewayClass",
  // Common add-ons
  "ClusterIssuer",
  "ClusterPolicy",
  "ClusterPolicyReport",
  "ClusterSecretStore",
  "ClusterServingRuntime",
  "ClusterTask",
  "ClusterTriggerBinding",
  "Constraint",
  "ConstraintTemplate",
]);

/**
 * Legacy groups that served the same stored objects as their successors: `extensions/v1beta1` Deployments
 * are the `apps` Deployments, so moving a manifest to the new group is an update, not delete + create.
 */
const LEGACY_GROUP: Record<string, Record<string, string>> = {
  extensions: {
    Deployment: "apps",
    DaemonSet: "apps",
    ReplicaSet: "apps",
    NetworkPolicy: "networking.k8s.io",
    Ingress: "networking.k8s.io",
    PodSecurityPolicy: "policy",
  },
};

/** `apps/v1` → `apps`; `v1` → "" (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

export function canonicalGroup(group: string, kind: string): string {
  return LEGACY_GROUP[group]?.[kind] ?? group;
}

/** `apps/Deployment`, `core/Service`: the Change type used by rules. */
export function typeOf(group: string, kind: string): string {
  return `${group || "core"}/${kind}`;
}

/** Kinds declared cluster-scoped by CustomResourceDefinitions in the same manifests (`group/kind`). */
export type ScopeOverrides = Map<string, "Cluster" | "Namespaced">;

export function isClusterScoped(group: string, kind: string, crdScopes?: ScopeOverrides): boolean {
  const declared = crdScopes?.get(`${group}/${kind}`);
  if (declared) return declared === "Cluster";
  return CLUSTER_SCOPED_KINDS.has(kind);
}

export function identityOf(obj: KubeObject, crdScopes?: ScopeOverrides): ObjectIdentity {
  const group = canonicalGroup(groupOf(obj.apiVersion), obj.kind);
  const cluster = isClusterScoped(group, obj.kind, crdScopes);
  const ns = obj.metadata?.namespace;
  return {
    group,
    kind: obj.kind,
    namespace: cluster ? "" : typeof ns === "string" && ns !== "" ? ns : DEFAULT_NAMESPACE,
    name: obj.metadata?.name ?? "",
  };
}

export function identityKey(id: ObjectIdentity): string {
  return `${id.group}/${id.kind}/${id.namespace}/${id.name}`;
}

/** `Kind/namespace/name` (or `Kind/name`); `qualified` adds the group: `Kind.group/…`. */
export function addressOf(id: ObjectIdentity, qualified = false): string {
  const kind = qualified && id.group ? `${id.kind}.${id.group}` : id.kind;
  return id.namespace ? `${kind}/${id.namespace}/${id.name}` : `${kind}/${id.name}`;
}

/** Address of a namespaced object of a core/known kind in `namespace` (for graph edges by reference). */
export function refAddress(kind: string, namespace: string, name: string): string {
  return CLUSTER_SCOPED_KINDS.has(kind) ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}
