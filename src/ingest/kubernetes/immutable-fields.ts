// Which fields the API server refuses to change in place. An update that touches one of them cannot be
// applied: `kubectl apply` fails and the object has to be deleted and recreated (`replace --force`, or a
// tool that does that for you). Provider knowledge as a table: type → immutable paths or mutable allow-list.
import { deepEqual, getIn } from "./values.js";

type Path = string[];

interface ImmutableSpec {
  /** Paths that may not change. */
  immutable?: Path[];
  /** Under `root`, only these children may change; any other child is immutable. */
  onlyMutable?: { root: Path; allowed: string[] };
  /** Only applies when the before object satisfies this (e.g. ConfigMap `immutable: true`). */
  when?: (before: Record<string, unknown>) => boolean;
  /** Compare these derived values instead of the raw path (selectors defaulted from template labels). */
  derived?: { path: Path; value: (obj: Record<string, unknown>) => unknown };
}

/** Deployment/ReplicaSet/DaemonSet: the selector; old API versions defaulted it to the template labels. */
function effectiveSelector(obj: Record<string, unknown>): unknown {
  const sel = getIn(obj, ["spec", "selector"]);
  if (sel !== undefined && sel !== null) {
    const s = sel as Record<string, unknown>;
    const ml = s.matchLabels;
    const me = s.matchExpressions;
    return { matchLabels: ml ?? {}, matchExpressions: Array.isArray(me) && me.length ? me : [] };
  }
  return { matchLabels: getIn(obj, ["spec", "template", "metadata", "labels"]) ?? {}, matchExpressions: [] };
}

const isImmutableFlag = (before: Record<string, unknown>) => before.immutable === true;

export const IMMUTABLE_FIELDS: Record<string, ImmutableSpec[]> = {
  "apps/Deployment": [{ derived: { path: ["spec", "selector"], value: effectiveSelector } }],
  "apps/ReplicaSet": [{ derived: { path: ["spec", "selector"], value: effectiveSelector } }],
  "apps/DaemonSet": [{ derived: { path: ["spec", "selector"], value: effectiveSelector } }],
  "apps/StatefulSet": [
    {
      onlyMutable: {
        root: ["spec"],
        allowed: [
          "replicas",
          "ordinals",
          "template",
          "updateStrategy",
          "persistentVolumeClaimRetentionPolicy",
          "minReadySeconds",
          "revisionHistoryLimit",
        ],
      },
    },
  ],
  "batch/Job": [
    {
      immutable: [
        ["spec", "selector"],
        ["spec", "template"],
        ["spec", "completionMode"],
      ],
    },
  ],
  "core/Service": [
    {
      immutable: [
        ["spec", "clusterIP"],
        ["spec", "clusterIPs"],
      ],
    },
  ],
  "core/PersistentVolumeClaim": [
    {
      immutable: [
        ["spec", "storageClassName"],
        ["spec", "accessModes"],
        ["spec", "volumeName"],
        ["spec", "volumeMode"],
        ["spec", "selector"],
        ["spec", "dataSource"],
        ["spec", "dataSourceRef"],
      ],
    },
  ],
  "core/PersistentVolume": [
    {
      onlyMutable: {
        root: ["spec"],
        allowed: [
          "capacity",
          "claimRef",
          "persistentVolumeReclaimPolicy",
          "mountOptions",
          "storageClassName",
          "accessModes",
          "volumeAttributesClassName",
        ],
      },
    },
  ],
  "core/Pod": [
    {
      onlyMutable: {
        root: ["spec"],
        // Container images are mutable too; handled by comparing containers without their images.
        allowed: ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates"],
      },
    },
  ],
  "core/ConfigMap": [{ when: isImmutableFlag, immutable: [["data"], ["binaryData"], ["immutable"]] }],
  "core/Secret": [
    { immutable: [["type"]] },
    { when: isImmutableFlag, immutable: [["data"], ["stringData"], ["immutable"]] },
  ],
  "rbac.authorization.k8s.io/RoleBinding": [{ immutable: [["roleRef"]] }],
  "rbac.authorization.k8s.io/ClusterRoleBinding": [{ immutable: [["roleRef"]] }],
  "storage.k8s.io/StorageClass": [
    { immutable: [["provisioner"], ["parameters"], ["reclaimPolicy"], ["volumeBindingMode"]] },
  ],
  "storage.k8s.io/CSIDriver": [
    {
      immutable: [
        ["spec", "attachRequired"],
        ["spec", "podInfoOnMount"],
      ],
    },
  ],
};

/** Pod containers compared without `image` (the one container field that may change in place). */
function withoutImages(spec: unknown): unknown {
  if (spec === null || typeof spec !== "object") return spec;
  const s = { ...(spec as Record<string, unknown>) };
  for (const list of ["containers", "initContainers"]) {
    const cs = s[list];
    if (Array.isArray(cs))
      s[list] = cs.map((c) => {
        if (c === null || typeof c !== "object") return c;
        const { image: _i, ...rest } = c as Record<string, unknown>;
        return rest;
      });
  }
  return s;
}

/**
 * Immutable paths that differ between two versions of the same object (empty when the update can be applied
 * in place). `type` is `group/Kind` (`apps/StatefulSet`).
 */
export function immutableChanges(
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[][] {
  const specs = IMMUTABLE_FIELDS[type];
  if (!specs) return [];
  const out: string[][] = [];
  for (const spec of specs) {
    if (spec.when && !spec.when(before)) continue;
    for (const p of spec.immutable ?? []) if (!deepEqual(getIn(before, p), getIn(after, p))) out.push(p);
    if (spec.derived && !deepEqual(spec.derived.value(before), spec.derived.value(after)))
      out.push(spec.derived.path);
    if (spec.onlyMutable) {
      const { root, allowed } = spec.onlyMutable;
      let b = getIn(before, root);
      let a = getIn(after, root);
      if (type === "core/Pod") {
        b = withoutImages(b);
        a = withoutImages(a);
      }
      const bo = (b && typeof b === "object" ? b : {}) as Record<string, unknown>;
      const ao = (a && typeof a === "object" ? a : {}) as Record<string, unknown>;
      const keys = new Set([...Object.keys(bo), ...Object.keys(ao)]);
      for (const k of [...keys].sort()) {
        if (allowed.includes(k)) continue;
        if (!deepEqual(bo[k], ao[k])) out.push([...root, k]);
      }
    }
  }
  return out;
}
