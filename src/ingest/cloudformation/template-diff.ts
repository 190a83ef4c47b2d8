// Two templates → ChangeSet. Resources are matched by logical id; the action of a modified resource is
// predicted from the CloudFormation resource specification's per-property update behaviour, and a resource
// whose referenced resource is replaced is updated (or replaced) in turn. The graph comes from Ref,
// Fn::GetAtt, Fn::Sub, DependsOn and Outputs.
import type { DigestMaterial } from "../../model/digest.js";
import type {
  Action,
  Change,
  ChangeSet,
  DependencyEdge,
  OutputChange,
  SensitivityMarks,
  UnknownMarks,
} from "../../model/types.js";
import { compareText } from "../../util/compare-text.js";
import { deepEqual } from "../kubernetes/values.js";
import type { PolicyAction, Replacement } from "./change-set-types.js";
import { collectReferences, intrinsicName, isPseudoParameter } from "./intrinsics.js";
import type { CfnChangeMeta, PolicyChange } from "./meta.js";
import { namedSecretPaths } from "./named-secrets.js";
import type { ReplacementBehaviour, ReplacementSpec } from "./resource-spec.js";
import type { Template, TemplateResource } from "./template-types.js";

type Path = (string | number)[];

const FOR_EACH = "Fn::ForEach::";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Custom resources call their provider on update; the specification does not describe them. */
function isCustomType(type: string): boolean {
  return type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";
}

/**
 * CloudFormation's default DeletionPolicy: Snapshot for AWS::RDS::DBCluster and for AWS::RDS::DBInstance
 * without DBClusterIdentifier, Delete otherwise (AWS CloudFormation User Guide, DeletionPolicy attribute).
 * UpdateReplacePolicy is assumed to default to Delete everywhere (fail closed).
 */
function effectivePolicy(r: TemplateResource, attr: "DeletionPolicy" | "UpdateReplacePolicy"): string {
  const v = r[attr];
  if (typeof v === "string") return v;
  if (v !== undefined) return "Unknown";
  if (attr === "DeletionPolicy") {
    if (r.Type === "AWS::RDS::DBCluster") return "Snapshot";
    if (
      r.Type === "AWS::RDS::DBInstance" &&
      !(isObject(r.Properties) && "DBClusterIdentifier" in r.Properties)
    )
      return "Snapshot";
  }
  return "Delete";
}

function removalPolicy(r: TemplateResource): PolicyAction {
  const p = effectivePolicy(r, "DeletionPolicy");
  return p === "Retain" || p === "RetainExceptOnCreate" ? "Retain" : p === "Snapshot" ? "Snapshot" : "Delete";
}

function replacePolicy(r: TemplateResource): PolicyAction {
  const p = effectivePolicy(r, "UpdateReplacePolicy");
  return p === "Retain" ? "ReplaceAndRetain" : p === "Snapshot" ? "ReplaceAndSnapshot" : "ReplaceAndDelete";
}

/**
 * Template value equality as CloudFormation sees it: scalars compare by their string form (`"443"` and
 * `443`, `"true"` and `true` are the same value to CloudFormation), key order does not matter.
 */
export function cfnEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    const xs = x === null || typeof x !== "object";
    const ys = y === null || typeof y !== "object";
    if (xs || ys) {
      if (!(xs && ys) || x === null || y === null || x === undefined || y === undefined) return false;
      if (String(x) !== String(y)) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xk = Object.keys(xo);
    if (xk.length !== Object.keys(yo).length) return false;
    for (const k of xk) {
      if (!Object.hasOwn(yo, k)) return false;
      stack.push([xo[k], yo[k]]);
    }
  }
  return true;
}

/** Leaf paths where two property values differ; intrinsic functions and reshaped lists are leaves. */
function changedPaths(b: unknown, a: unknown, path: Path, out: Path[], limit = 500): void {
  if (out.length >= limit || cfnEqual(b, a)) return;
  if (isObject(b) && isObject(a) && !intrinsicName(b) && !intrinsicName(a)) {
    const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
    for (const k of [...keys].sort()) changedPaths(b[k], a[k], [...path, k], out, limit);
    return;
  }
  if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
    for (let i = 0; i < b.length; i++) changedPaths(b[i], a[i], [...path, i], out, limit);
    return;
  }
  out.push(path);
}

const RANK: Record<ReplacementBehaviour, number> = { no: 0, maybe: 1, yes: 2 };

interface Assessed {
  action: Action;
  replacement?: Replacement;
  replacedBy: string[];
  replacePaths: Path[];
  changedAttributes: string[];
  unknownType?: boolean;
  typeChanged?: { before: string; after: string };
  reason?: string;
}

function assessModify(id: string, b: TemplateResource, a: TemplateResource, spec: ReplacementSpec): Assessed {
  const changedAttributes: string[] = [];
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  for (const k of [...keys].sort())
    if (k !== "Properties" && !cfnEqual(b[k], a[k])) changedAttributes.push(k);
  if (b.Type !== a.Type)
    return {
      action: "replace",
      replacement: "True",
      replacedBy: ["Type"],
      replacePaths: [["Type"]],
      changedAttributes,
      typeChanged: { before: b.Type, after: a.Type },
      reason: `${id} changes type from ${b.Type} to ${a.Type}: CloudFormation does not update a resource's type in place (the update fails, or the resource must be removed and added again)`,
    };
  const paths: Path[] = [];
  changedPaths(b.Properties ?? {}, a.Properties ?? {}, [], paths);
  for (const p of paths) changedAttributes.push(`Properties${p.length ? "." : ""}${p.join(".")}`);
  return { ...behaviourOf(a.Type, paths, spec), changedAttributes };
}

function behaviourOf(
  type: string,
  paths: Path[],
  spec: ReplacementSpec,
): Omit<Assessed, "changedAttributes"> {
  const replacedBy: string[] = [];
  const replacePaths: Path[] = [];
  let worst: ReplacementBehaviour = "no";
  let unknownType = false;
  if (!isCustomType(type) && !type.startsWith(FOR_EACH) && !spec.known(type)) unknownType = true;
  if (!unknownType && !isCustomType(type)) {
    for (const p of paths) {
      const b = spec.replacementAt(type, p) ?? "no";
      if (b === "no") continue;
      const label = `${p.length ? p.join(".") : "Properties"} (${b === "yes" ? "Always" : "Conditionally"})`;
      if (!replacedBy.includes(label)) replacedBy.push(label);
      if (b === "yes") replacePaths.push(["Properties", ...p]);
      if (RANK[b] > RANK[worst]) worst = b;
    }
  }
  const base = { replacedBy, replacePaths, ...(unknownType ? { unknownType } : {}) };
  if (worst === "yes") return { action: "replace", replacement: "True", ...base };
  if (worst === "maybe") return { action: "update", replacement: "Conditional", ...base };
  return { action: "update", replacement: "False", ...base };
}

function setMark(marks: Record<string, SensitivityMarks>, path: Path): void {
  let cur: Record<string, SensitivityMarks> = marks;
  for (let i = 0; i < path.length - 1; i++) {
    const k = String(path[i]);
    const next = cur[k];
    if (next === true) return;
    if (!isObject(next)) cur[k] = {};
    cur = cur[k] as Record<string, SensitivityMarks>;
  }
  cur[String(path[path.length - 1])] = true;
}

/** Values that come from NoEcho parameters are sensitive. */
function noEchoMarks(r: TemplateResource | undefined, noEcho: Set<string>): SensitivityMarks {
  if (!r) return false;
  const marks: Record<string, SensitivityMarks> = {};
  if (noEcho.size)
    for (const ref of collectReferences(r.Properties, ["Properties"]))
      if (noEcho.has(ref.target)) setMark(marks, ref.path);
  for (const p of namedSecretPaths({ Properties: r.Properties }, String(r.Type))) setMark(marks, p);
  return Object.keys(marks).length ? marks : false;
}

function parameterDefaults(t: Template): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(t.doc.Parameters ?? {}))
    if (!t.noEcho.has(name) && isObject(p) && p.Default !== undefined) out[name] = p.Default;
  return out;
}

/** Parameters added, removed, or whose Default changes. */
function changedParameters(before: Template, after: Template): Set<string> {
  const b = before.doc.Parameters ?? {};
  const a = after.doc.Parameters ?? {};
  const out = new Set<string>();
  for (const name of new Set([...Object.keys(b), ...Object.keys(a)]))
    if (!cfnEqual(b[name]?.Default, a[name]?.Default)) out.add(name);
  return out;
}

function withoutResources(t: Template): Record<string, unknown> {
  const { Resources: _r, ...rest } = t.doc;
  return rest;
}

function resourceType(id: string, r: TemplateResource | unknown[]): string {
  return id.startsWith(FOR_EACH) ? "Fn::ForEach" : (r as TemplateResource).Type;
}

export interface TemplateDiffOptions {
  sourcePath?: string;
}

export function diffTemplates(
  before: Template,
  after: Template,
  spec: ReplacementSpec,
  opts: TemplateDiffOptions = {},
): ChangeSet {
  const bRes = before.doc.Resources;
  const aRes = after.doc.Resources;
  const ids = [...new Set([...Object.keys(bRes), ...Object.keys(aRes)])].sort(compareText);
  const allIds = new Set(ids);
  const assessed = new Map<string, Assessed>();

  for (const id of ids) {
    const b = bRes[id];
    const a = aRes[id];
    if (b && !a)
      assessed.set(id, { action: "delete", replacedBy: [], replacePaths: [], changedAttributes: [] });
    else if (!b && a)
      assessed.set(id, { action: "create", replacedBy: [], replacePaths: [], changedAttributes: [] });
    else if (cfnEqual(b, a))
      assessed.set(id, { action: "no-op", replacedBy: [], replacePaths: [], changedAttributes: [] });
    else if (id.startsWith(FOR_EACH))
      assessed.set(id, {
        action: "update",
        replacedBy: [],
        replacePaths: [],
        changedAttributes: ["Fn::ForEach"],
      });
    else assessed.set(id, assessModify(id, b, a, spec));
  }

  // A parameter whose Default changes changes every value that references it (for stacks deployed with
  // defaults): those resources are updated, or replaced when the referencing property forces it.
  const changedParams = changedParameters(before, after);
  if (changedParams.size) {
    for (const id of ids) {
      const a = aRes[id];
      const cur = assessed.get(id)!;
      if (!a || id.startsWith(FOR_EACH) || (cur.action !== "update" && cur.action !== "no-op")) continue;
      const hits = collectReferences(a.Properties, []).filter((r) => changedParams.has(r.target));
      if (!hits.length) continue;
      const extra = behaviourOf(
        a.Type,
        hits.map((h) => h.path),
        spec,
      );
      const params = [...new Set(hits.map((h) => h.target))];
      const rank = (x?: Replacement) => (x === "True" ? 2 : x === "Conditional" ? 1 : 0);
      const replacement =
        rank(extra.replacement) > rank(cur.replacement) ? extra.replacement : (cur.replacement ?? "False");
      assessed.set(id, {
        ...cur,
        action: replacement === "True" ? "replace" : "update",
        replacement,
        replacedBy: [...cur.replacedBy, ...extra.replacedBy.filter((x) => !cur.replacedBy.includes(x))],
        replacePaths: [...cur.replacePaths, ...extra.replacePaths],
        changedAttributes: [
          ...cur.changedAttributes,
          ...hits
            .map((h) => `Properties.${h.path.join(".")}`)
            .filter((p) => !cur.changedAttributes.includes(p)),
        ],
        reason: `${cur.reason ? `${cur.reason}; ` : ""}the default of parameter${params.length > 1 ? "s" : ""} ${params.join(", ")} changes`,
      });
    }
  }

  // A replaced resource gets a new physical id: every property that references it changes, which may in
  // turn replace the referencing resource. Iterate to a fixpoint.
  const refsByResource = new Map<string, { target: string; path: Path }[]>();
  for (const id of ids) {
    const a = aRes[id];
    if (!a || id.startsWith(FOR_EACH)) continue;
    refsByResource.set(
      id,
      collectReferences(a.Properties, []).filter((r) => allIds.has(r.target) && r.target !== id),
    );
  }
  const unknownAfter = new Map<string, Path[]>();
  let changed = true;
  for (let round = 0; changed && round < ids.length + 1; round++) {
    changed = false;
    for (const [id, refs] of refsByResource) {
      const cur = assessed.get(id)!;
      if (cur.action !== "update" && cur.action !== "no-op") continue;
      const hit = refs.filter((r) => assessed.get(r.target)?.action === "replace");
      if (!hit.length) continue;
      const seen = unknownAfter.get(id) ?? [];
      const fresh = hit.filter((h) => !seen.some((p) => deepEqual(p, h.path)));
      if (!fresh.length) continue;
      unknownAfter.set(id, [...seen, ...fresh.map((h) => h.path)]);
      const type = aRes[id].Type;
      const extra = behaviourOf(
        type,
        fresh.map((h) => h.path),
        spec,
      );
      const causes = [...new Set(fresh.map((h) => h.target))];
      const next: Assessed = {
        ...cur,
        changedAttributes: [
          ...cur.changedAttributes,
          ...fresh
            .map((h) => `Properties.${h.path.join(".")}`)
            .filter((p) => !cur.changedAttributes.includes(p)),
        ],
        replacedBy: [...cur.replacedBy, ...extra.replacedBy.filter((x) => !cur.replacedBy.includes(x))],
        replacePaths: [...cur.replacePaths, ...extra.replacePaths],
      };
      const rank = (x?: Replacement) => (x === "True" ? 2 : x === "Conditional" ? 1 : 0);
      if (rank(extra.replacement) > rank(cur.replacement)) next.replacement = extra.replacement;
      if (next.replacement === undefined) next.replacement = "False";
      next.action = next.replacement === "True" ? "replace" : "update";
      next.reason = `${next.reason ? `${next.reason}; ` : ""}references ${causes.join(", ")}, which ${causes.length > 1 ? "are" : "is"} replaced`;
      assessed.set(id, next);
      changed = true;
    }
  }

  const paramsBefore = parameterDefaults(before);
  const paramsAfter = parameterDefaults(after);
  const changes: Change[] = [];
  const items: unknown[] = [];
  for (const id of ids) {
    const b = bRes[id] as TemplateResource | undefined;
    const a = aRes[id] as TemplateResource | undefined;
    const as = assessed.get(id)!;
    const type = resourceType(id, (a ?? b)!);
    const policyChanges: PolicyChange[] = [];
    if (b && a && !id.startsWith(FOR_EACH))
      for (const attr of ["DeletionPolicy", "UpdateReplacePolicy"] as const) {
        const pb = effectivePolicy(b, attr);
        const pa = effectivePolicy(a, attr);
        if (pb !== pa) policyChanges.push({ attribute: attr, before: pb, after: pa });
      }
    let policyAction: PolicyAction | undefined;
    if (!id.startsWith(FOR_EACH)) {
      if (as.action === "delete" && b) policyAction = removalPolicy(b);
      else if ((as.action === "replace" || as.replacement === "Conditional") && a)
        policyAction = replacePolicy(a);
    }
    const meta: CfnChangeMeta = {
      source: "template-pair",
      ...(policyAction ? { policyAction } : {}),
      ...(as.replacement ? { replacement: as.replacement } : {}),
      ...(as.replacedBy.length ? { replacedBy: as.replacedBy } : {}),
      ...(as.changedAttributes.length ? { changedAttributes: as.changedAttributes } : {}),
      ...(policyChanges.length ? { policyChanges } : {}),
      parameterDefaults: a ? paramsAfter : paramsBefore,
      parameterDefaultsBefore: paramsBefore,
      ...(as.typeChanged ? { typeChanged: as.typeChanged } : {}),
      ...(as.unknownType ? { unknownType: true } : {}),
    };
    const rawActions =
      as.action === "create"
        ? ["Add"]
        : as.action === "delete"
          ? ["Remove"]
          : as.action === "no-op"
            ? ["no-op"]
            : ["Modify", `Replacement=${as.replacement ?? "False"}`];
    const afterUnknown: Record<string, UnknownMarks> = {};
    for (const p of unknownAfter.get(id) ?? [])
      setMark(afterUnknown as Record<string, SensitivityMarks>, ["Properties", ...p]);
    const change: Change = {
      address: id,
      configAddress: id,
      type,
      name: id,
      mode: "managed",
      provider: "aws",
      module: "",
      action: as.action,
      rawActions,
      before: b ?? null,
      after: a ?? null,
      beforeSensitive: noEchoMarks(b, before.noEcho),
      afterSensitive: noEchoMarks(a, after.noEcho),
      afterUnknown: Object.keys(afterUnknown).length ? afterUnknown : false,
      sourceFiles: [a ? after.path : before.path],
      meta: meta as unknown as Record<string, unknown>,
    };
    if (as.action === "replace") {
      change.replaceOrder = "create-before-destroy";
      if (as.replacePaths.length) change.replacePaths = as.replacePaths;
      change.actionReason =
        as.reason ??
        `the resource specification says these changes replace it: ${as.replacedBy.filter((x) => x.endsWith("(Always)")).join(", ")}`;
    } else if (as.replacement === "Conditional")
      change.actionReason = `may be replaced (Conditional): ${as.replacedBy.join(", ")}${as.reason ? `; ${as.reason}` : ""}`;
    else if (as.reason) change.actionReason = as.reason;
    changes.push(change);
    items.push({ address: id, action: as.action, type, before: b ?? null, after: a ?? null });
  }

  const edges = templateEdges(before, after, allIds);
  const outputs = outputChanges(before, after);
  const digestMaterial: DigestMaterial = {
    framework: "cloudformation",
    items,
    extra: { format: "template-pair", before: withoutResources(before), after: withoutResources(after) },
  };
  return {
    source: {
      path: opts.sourcePath ?? `${before.path} → ${after.path}`,
      framework: "cloudformation",
      format: "cloudformation-template-pair",
      ...(typeof after.doc.AWSTemplateFormatVersion === "string"
        ? { formatVersion: after.doc.AWSTemplateFormatVersion }
        : {}),
    },
    changes,
    drift: [],
    deferred: [],
    outputs,
    edges,
    instances: new Map(),
    digestMaterial,
  };
}

/** `Outputs.Name` graph node of a template output. */
export function outputNode(name: string): string {
  return `Outputs.${name}`;
}

function templateEdges(before: Template, after: Template, ids: Set<string>): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, via: string) => {
    if (from === to || !ids.has(to) || isPseudoParameter(to)) return;
    const k = `${from}\u0000${to}`;
    if (seen.has(k)) return;
    seen.add(k);
    edges.push({ from, to, via });
  };
  for (const t of [after, before]) {
    for (const [id, r] of Object.entries(t.doc.Resources)) {
      if (id.startsWith(FOR_EACH)) {
        for (const ref of collectReferences(r)) add(id, ref.target, "reference");
        continue;
      }
      for (const ref of collectReferences(r.Properties)) add(id, ref.target, "reference");
      for (const ref of collectReferences(r.Metadata)) add(id, ref.target, "reference");
      const deps =
        typeof r.DependsOn === "string" ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn : [];
      for (const d of deps) add(id, d, "depends_on");
    }
    for (const [name, o] of Object.entries(t.doc.Outputs ?? {})) {
      const node = outputNode(name);
      for (const ref of collectReferences(o.Value)) add(node, ref.target, o.Export ? "export" : "output");
    }
  }
  return edges;
}

function outputChanges(before: Template, after: Template): OutputChange[] {
  const b = before.doc.Outputs ?? {};
  const a = after.doc.Outputs ?? {};
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort(compareText);
  return names.map((name) => {
    const action: Action = !(name in a)
      ? "delete"
      : !(name in b)
        ? "create"
        : cfnEqual(b[name], a[name])
          ? "no-op"
          : "update";
    return { name, action, sensitive: false };
  });
}
