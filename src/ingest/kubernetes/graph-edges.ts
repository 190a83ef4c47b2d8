// Dependency edges between manifest objects (`from` is affected when `to` changes). Node ids are addresses.
//   contains        every namespaced object → its Namespace
//   owner           object → its ownerReferences
//   selects         Service → workloads whose pod labels match its selector
//   backend         Ingress → Service (and its TLS Secrets, IngressClass)
//   uses            workload → ConfigMaps, Secrets, PVCs, ServiceAccount, PriorityClass it references
//   binds           RoleBinding → Role/ClusterRole; subject ServiceAccount → RoleBinding
//   policy          workload → NetworkPolicy / PodDisruptionBudget selecting its pods
//   scales          HorizontalPodAutoscaler → its target
//   storage         PVC → PV / StorageClass, PV → StorageClass
//   definition      custom object → its CustomResourceDefinition
import type { DependencyEdge } from "../../model/types.js";
import type { ManifestObject } from "./manifest-types.js";
import { podLabelsOf, podSpecOf, selectorMatches, selectsAll } from "./pod-spec.js";
import { getIn } from "./values.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

interface Index {
  /** kind\0namespace\0name → address (namespace "" for cluster-scoped). */
  byName: Map<string, string>;
  /** namespace → objects running pods, with their pod labels. */
  podsByNs: Map<string, { address: string; labels: Record<string, string> }[]>;
  /** namespace\0label\0value → objects running pods with that label. */
  podsByLabel: Map<string, { address: string; labels: Record<string, string> }[]>;
  /** group/kind → CRD address. */
  crds: Map<string, string>;
}

type PodEntry = { address: string; labels: Record<string, string> };

/** Candidates for a selector: narrowed by its first required label when it has one. */
function candidates(idx: Index, ns: string, required: Record<string, unknown> | undefined): PodEntry[] {
  const first = required ? Object.entries(required)[0] : undefined;
  if (first) return idx.podsByLabel.get(`${ns}\u0000${first[0]}\u0000${String(first[1])}`) ?? [];
  return idx.podsByNs.get(ns) ?? [];
}

function buildIndex(objects: readonly ManifestObject[]): Index {
  const byName = new Map<string, string>();
  const podsByNs = new Map<string, PodEntry[]>();
  const podsByLabel = new Map<string, PodEntry[]>();
  const crds = new Map<string, string>();
  for (const o of objects) {
    const id = o.identity;
    const k = `${id.kind}\u0000${id.namespace}\u0000${id.name}`;
    if (!byName.has(k)) byName.set(k, o.address);
    const labels = podLabelsOf(o.object);
    if (labels && id.namespace) {
      const list = podsByNs.get(id.namespace);
      const entry = { address: o.address, labels };
      if (list) list.push(entry);
      else podsByNs.set(id.namespace, [entry]);
      for (const [lk, lv] of Object.entries(labels)) {
        const key = `${id.namespace}\u0000${lk}\u0000${String(lv)}`;
        const l = podsByLabel.get(key);
        if (l) l.push(entry);
        else podsByLabel.set(key, [entry]);
      }
    }
    if (id.kind === "CustomResourceDefinition") {
      const group = str(getIn(o.object, ["spec", "group"]));
      const kind = str(getIn(o.object, ["spec", "names", "kind"]));
      if (group && kind) crds.set(`${group}/${kind}`, o.address);
    }
  }
  return { byName, podsByNs, podsByLabel, crds };
}

export function buildKubernetesEdges(objects: readonly ManifestObject[]): DependencyEdge[] {
  const idx = buildIndex(objects);
  const edges: DependencyEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string | undefined, via: string): void => {
    if (!to || from === to) return;
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, via });
  };
  const find = (kind: string, ns: string, name: unknown): string | undefined => {
    const n = str(name);
    if (!n) return undefined;
    return idx.byName.get(`${kind}\u0000${ns}\u0000${n}`) ?? idx.byName.get(`${kind}\u0000\u0000${n}`);
  };

  for (const o of objects) {
    const { kind, namespace: ns } = o.identity;
    const obj = o.object as Record<string, unknown>;
    const from = o.address;
    if (ns) add(from, find("Namespace", "", ns), "contains");
    const owners = getIn(obj, ["metadata", "ownerReferences"]);
    if (Array.isArray(owners))
      for (const ref of owners) if (isObject(ref)) add(from, find(String(ref.kind), ns, ref.name), "owner");
    const crd = idx.crds.get(`${o.identity.group}/${kind}`);
    if (crd) add(from, crd, "definition");

    const spec = podSpecOf(obj);
    if (spec) {
      for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
        if (!isObject(v)) continue;
        add(from, find("ConfigMap", ns, getIn(v, ["configMap", "name"])), "uses");
        add(from, find("Secret", ns, getIn(v, ["secret", "secretName"])), "uses");
        add(
          from,
          find("PersistentVolumeClaim", ns, getIn(v, ["persistentVolumeClaim", "claimName"])),
          "uses",
        );
        const sources = getIn(v, ["projected", "sources"]);
        if (Array.isArray(sources))
          for (const s of sources) {
            add(from, find("ConfigMap", ns, getIn(s, ["configMap", "name"])), "uses");
            add(from, find("Secret", ns, getIn(s, ["secret", "name"])), "uses");
          }
      }
      for (const list of ["initContainers", "containers", "ephemeralContainers"] as const) {
        const cs = spec[list];
        if (!Array.isArray(cs)) continue;
        for (const c of cs) {
          if (!isObject(c)) continue;
          if (Array.isArray(c.env))
            for (const e of c.env) {
              add(from, find("ConfigMap", ns, getIn(e, ["valueFrom", "configMapKeyRef", "name"])), "uses");
              add(from, find("Secret", ns, getIn(e, ["valueFrom", "secretKeyRef", "name"])), "uses");
            }
          if (Array.isArray(c.envFrom))
            for (const e of c.envFrom) {
              add(from, find("ConfigMap", ns, getIn(e, ["configMapRef", "name"])), "uses");
              add(from, find("Secret", ns, getIn(e, ["secretRef", "name"])), "uses");
            }
        }
      }
      if (Array.isArray(spec.imagePullSecrets))
        for (const s of spec.imagePullSecrets) add(from, find("Secret", ns, s?.name), "uses");
      add(from, find("ServiceAccount", ns, spec.serviceAccountName ?? spec.serviceAccount), "uses");
      add(from, find("PriorityClass", "", spec.priorityClassName), "uses");
      add(from, find("RuntimeClass", "", spec.runtimeClassName), "uses");
      const vcts = getIn(obj, ["spec", "volumeClaimTemplates"]);
      if (Array.isArray(vcts))
        for (const t of vcts)
          add(from, find("StorageClass", "", getIn(t, ["spec", "storageClassName"])), "storage");
    }

    switch (kind) {
      case "Service": {
        const sel = getIn(obj, ["spec", "selector"]);
        if (isObject(sel) && Object.keys(sel).length)
          for (const p of candidates(idx, ns, sel))
            if (selectorMatches(sel as Record<string, string>, p.labels, true))
              add(from, p.address, "selects");
        break;
      }
      case "Ingress": {
        const backends: unknown[] = [getIn(obj, ["spec", "defaultBackend"]), getIn(obj, ["spec", "backend"])];
        const rules = getIn(obj, ["spec", "rules"]);
        if (Array.isArray(rules))
          for (const r of rules) {
            const paths = getIn(r, ["http", "paths"]);
            if (Array.isArray(paths)) for (const p of paths) backends.push(getIn(p, ["backend"]));
          }
        for (const b of backends) {
          add(
            from,
            find("Service", ns, getIn(b, ["service", "name"]) ?? getIn(b, ["serviceName"])),
            "backend",
          );
        }
        const tls = getIn(obj, ["spec", "tls"]);
        if (Array.isArray(tls))
          for (const t of tls) add(from, find("Secret", ns, getIn(t, ["secretName"])), "backend");
        add(from, find("IngressClass", "", getIn(obj, ["spec", "ingressClassName"])), "backend");
        break;
      }
      case "RoleBinding":
      case "ClusterRoleBinding": {
        const roleRef = getIn(obj, ["roleRef"]);
        if (isObject(roleRef)) {
          const rk = String(roleRef.kind);
          add(from, find(rk, rk === "ClusterRole" ? "" : ns, roleRef.name), "binds");
        }
        const subjects = getIn(obj, ["subjects"]);
        if (Array.isArray(subjects))
          for (const s of subjects) {
            if (!isObject(s) || s.kind !== "ServiceAccount") continue;
            const sa = find("ServiceAccount", str(s.namespace) ?? ns, s.name);
            if (sa) add(sa, from, "binds");
          }
        break;
      }
      case "NetworkPolicy":
      case "PodDisruptionBudget": {
        const sel = getIn(obj, kind === "NetworkPolicy" ? ["spec", "podSelector"] : ["spec", "selector"]);
        if (isObject(sel)) {
          const all = kind === "NetworkPolicy" && selectsAll(sel);
          const ml = getIn(sel, ["matchLabels"]);
          for (const p of all
            ? (idx.podsByNs.get(ns) ?? [])
            : candidates(idx, ns, isObject(ml) ? ml : undefined))
            if (all || selectorMatches(sel, p.labels)) add(p.address, from, "policy");
        }
        break;
      }
      case "HorizontalPodAutoscaler": {
        const t = getIn(obj, ["spec", "scaleTargetRef"]);
        if (isObject(t)) add(from, find(String(t.kind), ns, t.name), "scales");
        break;
      }
      case "PersistentVolumeClaim":
        add(from, find("PersistentVolume", "", getIn(obj, ["spec", "volumeName"])), "storage");
        add(from, find("StorageClass", "", getIn(obj, ["spec", "storageClassName"])), "storage");
        break;
      case "PersistentVolume":
        add(from, find("StorageClass", "", getIn(obj, ["spec", "storageClassName"])), "storage");
        break;
      case "ServiceAccount": {
        for (const field of ["secrets", "imagePullSecrets"]) {
          const list = getIn(obj, [field]);
          if (Array.isArray(list))
            for (const s of list) add(from, find("Secret", ns, getIn(s, ["name"])), "uses");
        }
        break;
      }
      case "MutatingWebhookConfiguration":
      case "ValidatingWebhookConfiguration": {
        const hooks = getIn(obj, ["webhooks"]);
        if (Array.isArray(hooks))
          for (const h of hooks) {
            const svc = getIn(h, ["clientConfig", "service"]);
            if (isObject(svc))
              add(from, find("Service", str(svc.namespace) ?? "default", svc.name), "backend");
          }
        break;
      }
      default:
        break;
    }
  }
  return edges;
}
