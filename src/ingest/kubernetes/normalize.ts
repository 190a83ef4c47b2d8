// Two sides of manifests → ChangeSet. Objects are matched by identity (group/kind/namespace/name), never by
// document order; an update that touches an immutable field is a replace.
import type { DigestMaterial } from "../../model/digest.js";
import type { Action, Change, ChangeSet } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { compareText } from "../../util/compare-text.js";
import { buildKubernetesEdges } from "./graph-edges.js";
import { addressOf, identityKey, identityOf, type ScopeOverrides, typeOf } from "./identity.js";
import { immutableChanges } from "./immutable-fields.js";
import type { RawManifestObject, RawManifestSide } from "./manifest-reader.js";
import type { KubeObject, ManifestObject } from "./manifest-types.js";
import { sensitiveMarks } from "./sensitivity.js";
import { appliedPart, deepEqual, getIn } from "./values.js";

/** Scopes declared by CustomResourceDefinitions on either side. */
function crdScopes(sides: readonly RawManifestSide[]): ScopeOverrides {
  const out: ScopeOverrides = new Map();
  for (const side of sides)
    for (const o of side.objects) {
      if (o.object.kind !== "CustomResourceDefinition") continue;
      const group = getIn(o.object, ["spec", "group"]);
      const kind = getIn(o.object, ["spec", "names", "kind"]);
      const scope = getIn(o.object, ["spec", "scope"]);
      if (
        typeof group === "string" &&
        typeof kind === "string" &&
        (scope === "Cluster" || scope === "Namespaced")
      )
        out.set(`${group}/${kind}`, scope);
    }
  return out;
}

interface Keyed {
  key: string;
  raw: RawManifestObject;
  applied: KubeObject;
  identity: ReturnType<typeof identityOf>;
}

function keyed(side: RawManifestSide, scopes: ScopeOverrides): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const raw of side.objects) {
    const identity = identityOf(raw.object, scopes);
    const key = identityKey(identity);
    const prev = out.get(key);
    if (prev)
      throw new InputError(
        `${raw.file}:${raw.line}: ${addressOf(identity)} is defined twice (also at ${prev.raw.file}:${prev.raw.line})`,
        raw.file,
      );
    out.set(key, { key, raw, identity, applied: appliedPart(raw.object) });
  }
  return out;
}

export interface ManifestDiffOptions {
  /** Shown as the source path (default `before → after`). */
  sourcePath?: string;
}

/** Diffs two read sides into the shared ChangeSet model. */
export function diffManifests(
  before: RawManifestSide,
  after: RawManifestSide,
  opts: ManifestDiffOptions = {},
): ChangeSet {
  const scopes = crdScopes([before, after]);
  const b = keyed(before, scopes);
  const a = keyed(after, scopes);
  const keys = new Set([...b.keys(), ...a.keys()]);

  // Addresses: Kind/ns/name, qualified with the group only where two groups share one.
  const byPlain = new Map<string, Set<string>>();
  for (const k of keys) {
    const id = (a.get(k) ?? b.get(k))!.identity;
    const plain = addressOf(id);
    const set = byPlain.get(plain);
    if (set) set.add(k);
    else byPlain.set(plain, new Set([k]));
  }
  const addressFor = (k: string): string => {
    const id = (a.get(k) ?? b.get(k))!.identity;
    const plain = addressOf(id);
    return (byPlain.get(plain)?.size ?? 1) > 1 ? addressOf(id, true) : plain;
  };

  const entries = [...keys].map((k) => ({ k, address: addressFor(k) }));
  entries.sort((x, y) => compareText(x.address, y.address) || compareText(x.k, y.k));

  const changes: Change[] = [];
  const graphObjects: ManifestObject[] = [];
  const items: unknown[] = [];
  for (const { k, address } of entries) {
    const bo = b.get(k);
    const ao = a.get(k);
    const id = (ao ?? bo)!.identity;
    const type = typeOf(id.group, id.kind);
    let action: Action;
    let rawActions: string[];
    let replacePaths: string[][] = [];
    if (bo && !ao) {
      action = "delete";
      rawActions = ["delete"];
    } else if (!bo && ao) {
      action = "create";
      rawActions = ["create"];
    } else if (deepEqual(bo!.applied, ao!.applied)) {
      action = "no-op";
      rawActions = ["no-op"];
    } else {
      replacePaths = immutableChanges(type, bo!.applied, ao!.applied);
      action = replacePaths.length ? "replace" : "update";
      rawActions = replacePaths.length ? ["delete", "create"] : ["update"];
    }
    const beforeValue = bo ? bo.applied : null;
    const afterValue = ao ? ao.applied : null;
    const change: Change = {
      address,
      configAddress: address,
      type,
      name: id.name,
      mode: "managed",
      provider: "kubernetes",
      module: "",
      action,
      rawActions,
      before: beforeValue,
      after: afterValue,
      beforeSensitive: sensitiveMarks(beforeValue, type),
      afterSensitive: sensitiveMarks(afterValue, type),
      afterUnknown: false,
      sourceFiles: [(ao ?? bo)!.raw.file],
      meta: {
        group: id.group,
        kind: id.kind,
        namespace: id.namespace,
        ...(bo ? { beforeApiVersion: bo.applied.apiVersion } : {}),
        ...(ao ? { afterApiVersion: ao.applied.apiVersion } : {}),
      },
    };
    if (action === "replace") {
      change.replaceOrder = "delete-before-create";
      change.replacePaths = replacePaths;
      change.actionReason = `immutable field${replacePaths.length > 1 ? "s" : ""} changed: ${replacePaths
        .map((p) => p.join("."))
        .join(", ")}`;
    }
    changes.push(change);
    for (const side of [bo, ao]) {
      if (side)
        graphObjects.push({
          identity: id,
          address,
          key: k,
          object: side.applied,
          file: side.raw.file,
          line: side.raw.line,
        });
    }
    items.push({ address, key: k, action, before: beforeValue, after: afterValue });
  }

  const digestMaterial: DigestMaterial = { framework: "kubernetes", items, extra: {} };
  return {
    source: {
      path: opts.sourcePath ?? `${before.path} → ${after.path}`,
      framework: "kubernetes",
      format: "kubernetes-manifests",
    },
    changes,
    drift: [],
    deferred: [],
    outputs: [],
    edges: buildKubernetesEdges(graphObjects),
    instances: new Map(),
    digestMaterial,
  };
}
