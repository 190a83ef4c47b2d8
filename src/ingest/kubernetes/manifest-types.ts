// Types for Kubernetes manifests as Airlock reads them (plain manifests, `helm template` and `kustomize build`
// output, `List` kinds). Only the parts Airlock reads are typed; every object keeps all of its fields.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Who an object is: the same identity on both sides is the same object, whatever the document order. */
export interface ObjectIdentity {
  /** API group without version; "" for the core group. Legacy groups are folded into their successors. */
  group: string;
  kind: string;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  name: string;
}

/** One object read from a manifest, with where it came from. */
export interface ManifestObject {
  identity: ObjectIdentity;
  /** `Kind/namespace/name` or `Kind/name`; `Kind.group/…` only when two groups share a kind and name. */
  address: string;
  /** Identity key: `group/kind/namespace/name`. */
  key: string;
  object: KubeObject;
  file: string;
  line: number;
}

/** Every object of one side (`--before` or `--after`). */
export interface ManifestSide {
  path: string;
  files: string[];
  objects: ManifestObject[];
}
