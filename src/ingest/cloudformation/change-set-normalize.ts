// DescribeChangeSet (one or more change sets, nested ones included) → ChangeSet. Addresses are logical ids;
// resources of nested stacks are `Parent/Child`. Edges come from what CloudFormation says caused each change.
import type { DigestMaterial } from "../../model/digest.js";
import type {
  Action,
  Change,
  ChangeSet,
  DeferredEntry,
  DependencyEdge,
  ReplaceOrder,
  SensitivityMarks,
  UnknownMarks,
} from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { canonicalJsonOfParsed } from "../../util/canonical-json.js";
import { contextOf } from "./change-set-reader.js";
import {
  type ChangeSetDoc,
  KNOWN_AFTER_APPLY_MARKER,
  NO_ECHO_MASK,
  type PolicyAction,
  type ResourceChange,
  type ResourceChangeDetail,
} from "./change-set-types.js";
import type { CfnChangeMeta, PolicyChange } from "./meta.js";
import { namedSecretPaths } from "./named-secrets.js";

const NESTED_STACK = "AWS::CloudFormation::Stack";

interface Mapped {
  action: Action;
  replaceOrder?: ReplaceOrder;
}

function mapAction(rc: ResourceChange): Mapped {
  switch (rc.Action) {
    case "Add":
      return { action: "create" };
    case "Remove":
      return { action: "delete" };
    case "Import":
      return { action: "import" };
    case "SyncWithActual":
      return { action: "no-op" };
    case "Dynamic":
      return { action: "update" };
    case "Modify":
      return rc.Replacement === "True"
        ? { action: "replace", replaceOrder: "create-before-destroy" }
        : { action: "update" };
    default:
      throw new InputError(`unknown Action ${JSON.stringify(rc.Action)}`);
  }
}

/** Marks values matching a predicate: a marker tree in the Terraform `*_sensitive` / `after_unknown` shape. */
function marksWhere(value: unknown, pred: (v: unknown) => boolean): SensitivityMarks {
  if (pred(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const out: Record<string, SensitivityMarks> = {};
  let any = false;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const m = marksWhere(v, pred);
    if (m !== false) {
      out[k] = m;
      any = true;
    }
  }
  return any ? out : false;
}

/** Adds `true` markers at the given paths (values that come from NoEcho parameters). */
function markPaths(marks: SensitivityMarks, paths: (string | number)[][]): SensitivityMarks {
  if (!paths.length || marks === true) return marks;
  const root: Record<string, SensitivityMarks> =
    marks === false ? {} : { ...(marks as Record<string, SensitivityMarks>) };
  for (const p of paths) {
    if (!p.length) return true;
    let cur: Record<string, SensitivityMarks> | null = root;
    for (let i = 0; i < p.length - 1 && cur; i++) {
      const k = String(p[i]);
      const next: SensitivityMarks | undefined = cur[k];
      if (next === true) cur = null;
      else {
        const copy: Record<string, SensitivityMarks> =
          next && typeof next === "object" ? { ...(next as Record<string, SensitivityMarks>) } : {};
        cur[k] = copy;
        cur = copy;
      }
    }
    if (cur) cur[String(p[p.length - 1])] = true;
  }
  return root;
}

const isMasked = (v: unknown) => v === NO_ECHO_MASK;
const isKnownAfterApply = (v: unknown) => typeof v === "string" && v.includes(KNOWN_AFTER_APPLY_MARKER);

function propertyPath(t: NonNullable<ResourceChangeDetail["Target"]>): string {
  if (typeof t.Path === "string" && t.Path.startsWith("/"))
    return t.Path.slice(1).split("/").filter(Boolean).join(".");
  const attr = t.Attribute ?? "Properties";
  return t.Name ? `${attr}.${t.Name}` : attr;
}

function pathSegments(t: NonNullable<ResourceChangeDetail["Target"]>): (string | number)[] {
  if (typeof t.Path === "string" && t.Path.startsWith("/"))
    return t.Path.slice(1)
      .split("/")
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return [t.Attribute ?? "Properties", ...(t.Name ? [t.Name] : [])];
}

/** Canonical copy of a resource change for the digest: contexts decoded, details in a stable order. */
function digestItem(address: string, rc: ResourceChange): unknown {
  const item: Record<string, unknown> = { ...rc, address };
  if (rc.BeforeContext !== undefined) item.BeforeContext = contextOf(rc.BeforeContext);
  if (rc.AfterContext !== undefined) item.AfterContext = contextOf(rc.AfterContext);
  if (Array.isArray(rc.Details))
    // Sorted by canonical text, so that the order of keys inside each detail does not change the digest.
    item.Details = rc.Details.map((d) => ({ d, k: canonicalJsonOfParsed(d) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((x) => x.d);
  return item;
}

/** Parts of a change set page that are executed (not timestamps, status or paging). */
function changeSetMaterial(doc: ChangeSetDoc): Record<string, unknown> {
  const p = doc.first;
  const sortBy = <T>(list: T[] | undefined, key: (x: T) => string): T[] =>
    [...(list ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    ChangeSetId: p.ChangeSetId ?? null,
    ChangeSetName: p.ChangeSetName ?? null,
    StackId: p.StackId ?? null,
    StackName: p.StackName ?? null,
    Description: p.Description ?? null,
    Parameters: sortBy(p.Parameters, (x) => x.ParameterKey ?? ""),
    Capabilities: sortBy(p.Capabilities, (x) => x),
    Tags: sortBy(p.Tags, (x) => x.Key ?? ""),
    NotificationARNs: sortBy(p.NotificationARNs, (x) => x),
    RollbackConfiguration: p.RollbackConfiguration ?? null,
    IncludeNestedStacks: p.IncludeNestedStacks ?? null,
    ImportExistingResources: p.ImportExistingResources ?? null,
    OnStackFailure: p.OnStackFailure ?? null,
    DeploymentMode: p.DeploymentMode ?? null,
  };
}

interface Placed {
  doc: ChangeSetDoc;
  prefix: string;
}

/** Root change set first, then nested ones under the stack resource that points at them. */
function placeDocs(docs: ChangeSetDoc[], path: string): { placed: Placed[]; missing: DeferredEntry[] } {
  const byId = new Map(docs.map((d) => [d.key, d]));
  const referenced = new Set<string>();
  for (const d of docs)
    for (const rc of d.changes) if (typeof rc.ChangeSetId === "string") referenced.add(rc.ChangeSetId);
  const roots = docs.filter((d) => !referenced.has(d.key));
  if (roots.length !== 1) {
    const names = roots.map((d) => d.first.ChangeSetName ?? d.key).join(", ");
    throw new InputError(
      roots.length === 0
        ? `${path}: the change sets reference each other in a cycle; no root change set`
        : `${path}: holds ${roots.length} unrelated change sets (${names}); give one change set (with its nested change sets) per file`,
      path,
    );
  }
  const placed: Placed[] = [];
  const missing: DeferredEntry[] = [];
  const queue: Placed[] = [{ doc: roots[0], prefix: "" }];
  const done = new Set<string>();
  while (queue.length) {
    const p = queue.shift()!;
    if (done.has(p.doc.key)) continue;
    done.add(p.doc.key);
    placed.push(p);
    for (const rc of p.doc.changes) {
      if (rc.ResourceType !== NESTED_STACK || rc.Action === "Remove") continue;
      const address = `${p.prefix}${rc.LogicalResourceId}`;
      const nested = typeof rc.ChangeSetId === "string" ? byId.get(rc.ChangeSetId) : undefined;
      if (nested) queue.push({ doc: nested, prefix: `${address}/` });
      else if (rc.Action === "Modify" || rc.Action === "Add" || rc.Action === "Dynamic")
        missing.push({
          address,
          type: NESTED_STACK,
          action: rc.Action === "Add" ? "create" : "update",
          reason:
            typeof rc.ChangeSetId === "string"
              ? `nested change set ${rc.ChangeSetId} is not in the input (describe it and append its JSON)`
              : "nested stack changes were not computed (create the change set with --include-nested-stacks)",
        });
    }
  }
  return { placed, missing };
}

export function normalizeChangeSets(docs: ChangeSetDoc[], path: string): ChangeSet {
  const { placed, missing } = placeDocs(docs, path);
  const changes: Change[] = [];
  const edges: DependencyEdge[] = [];
  const seenEdge = new Set<string>();
  const addEdge = (from: string, to: string, via: string) => {
    const k = `${from}\u0000${to}`;
    if (from === to || seenEdge.has(k)) return;
    seenEdge.add(k);
    edges.push({ from, to, via });
  };
  const items: { address: string; item: unknown }[] = [];
  const stacks: Record<string, unknown> = {};

  for (const { doc, prefix } of placed) {
    stacks[prefix === "" ? "(root)" : prefix.slice(0, -1)] = changeSetMaterial(doc);
    const masked = new Set(
      (doc.first.Parameters ?? [])
        .filter((p) => p.ParameterValue === NO_ECHO_MASK && p.ParameterKey)
        .map((p) => p.ParameterKey as string),
    );
    for (const rc of doc.changes) {
      const address = `${prefix}${rc.LogicalResourceId}`;
      let mapped: Mapped;
      try {
        mapped = mapAction(rc);
      } catch (err) {
        throw new InputError(`${path}: ${address}: ${(err as Error).message}`, path);
      }
      const before = contextOf(rc.BeforeContext);
      const after = contextOf(rc.AfterContext);
      const details = rc.Details ?? [];
      const changedAttributes: string[] = [];
      const replacedBy: string[] = [];
      const replacePaths: (string | number)[][] = [];
      const policyChanges: PolicyChange[] = [];
      const fromSecretParam: (string | number)[][] = [];
      for (const d of details) {
        const t = d.Target;
        if (t) {
          const p = propertyPath(t);
          if (!changedAttributes.includes(p)) changedAttributes.push(p);
          if (t.RequiresRecreation === "Always" || t.RequiresRecreation === "Conditionally") {
            const label = `${t.Name ?? p} (${t.RequiresRecreation})`;
            if (!replacedBy.includes(label)) replacedBy.push(label);
            replacePaths.push(pathSegments(t));
          }
          if (t.Attribute === "DeletionPolicy" || t.Attribute === "UpdateReplacePolicy")
            policyChanges.push({
              attribute: t.Attribute,
              ...(t.BeforeValue !== undefined ? { before: t.BeforeValue } : {}),
              ...(t.AfterValue !== undefined ? { after: t.AfterValue } : {}),
            });
        }
        if (d.ChangeSource === "ParameterReference" && d.CausingEntity && masked.has(d.CausingEntity) && t)
          fromSecretParam.push(pathSegments(t));
        if (
          (d.ChangeSource === "ResourceReference" || d.ChangeSource === "ResourceAttribute") &&
          typeof d.CausingEntity === "string" &&
          d.CausingEntity
        ) {
          const target = d.CausingEntity.split(".")[0];
          addEdge(address, `${prefix}${target}`, "reference");
        }
      }
      if (prefix) addEdge(address, prefix.slice(0, -1), "contains");

      const policyAction: PolicyAction | undefined = rc.PolicyAction;
      const meta: CfnChangeMeta = {
        source: "change-set",
        ...(policyAction ? { policyAction } : {}),
        ...(!policyAction && (rc.Action === "Remove" || rc.Replacement === "True")
          ? { policyAction: rc.Action === "Remove" ? "Delete" : "ReplaceAndDelete", policyAssumed: true }
          : {}),
        ...(rc.Replacement ? { replacement: rc.Replacement } : {}),
        ...(replacedBy.length ? { replacedBy } : {}),
        ...(rc.Action === "Dynamic" ? { dynamic: true } : {}),
        ...(rc.PhysicalResourceId ? { physicalResourceId: rc.PhysicalResourceId } : {}),
        ...(changedAttributes.length ? { changedAttributes } : {}),
        ...(policyChanges.length ? { policyChanges } : {}),
        ...(typeof rc.ChangeSetId === "string" ? { nestedChangeSetId: rc.ChangeSetId } : {}),
      };
      const beforeSensitive = markPaths(marksWhere(before, isMasked), [
        ...fromSecretParam,
        ...namedSecretPaths(before, rc.ResourceType),
      ]);
      const afterSensitive = markPaths(marksWhere(after, isMasked), [
        ...fromSecretParam,
        ...namedSecretPaths(after, rc.ResourceType),
      ]);
      const change: Change = {
        address,
        configAddress: address,
        type: rc.ResourceType,
        name: rc.LogicalResourceId,
        mode: "managed",
        provider: "aws",
        module: prefix ? prefix.slice(0, -1) : "",
        action: mapped.action,
        rawActions: [
          rc.Action,
          ...(rc.Replacement ? [`Replacement=${rc.Replacement}`] : []),
          ...(rc.PolicyAction ? [`PolicyAction=${rc.PolicyAction}`] : []),
        ],
        before,
        after,
        beforeSensitive,
        afterSensitive,
        afterUnknown: marksWhere(after, isKnownAfterApply) as UnknownMarks,
        sourceFiles: [path],
        meta: meta as unknown as Record<string, unknown>,
      };
      if (mapped.replaceOrder) change.replaceOrder = mapped.replaceOrder;
      if (replacePaths.length && mapped.action === "replace") change.replacePaths = replacePaths;
      if (rc.Replacement === "True")
        change.actionReason = `CloudFormation replaces the resource${replacedBy.length ? ` (${replacedBy.join(", ")})` : ""}`;
      else if (rc.Replacement === "Conditional")
        change.actionReason = `CloudFormation may replace the resource (Replacement: Conditional${replacedBy.length ? `; ${replacedBy.join(", ")}` : ""})`;
      else if (rc.Action === "Dynamic")
        change.actionReason = "CloudFormation decides the action only when the change set executes (Dynamic)";
      changes.push(change);
      items.push({ address, item: digestItem(address, rc) });
    }
  }

  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  items.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const digestMaterial: DigestMaterial = {
    framework: "cloudformation",
    items: items.map((i) => i.item),
    extra: { format: "change-set", stacks },
  };
  const root = placed[0].doc.first;
  return {
    source: {
      path,
      framework: "cloudformation",
      format: "cloudformation-change-set",
      ...(missing.length ? { complete: false } : {}),
    },
    changes,
    drift: [],
    deferred: missing,
    outputs: [],
    edges,
    instances: new Map(),
    digestMaterial: { ...digestMaterial, extra: { ...digestMaterial.extra, root: root.ChangeSetId ?? null } },
  };
}
