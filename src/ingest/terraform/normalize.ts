// PlanJson → ChangeSet: actions, instances, drift, deferred changes, outputs and the digest material.

import { configAddressOf, modulePathOf } from "../../model/address.js";
import type { DigestMaterial } from "../../model/digest.js";
import type {
  Action,
  Change,
  ChangeSet,
  DeferredEntry,
  DriftEntry,
  OutputChange,
  ReplaceOrder,
} from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { buildTerraformEdges } from "./graph-edges.js";
import type { ChangeJson, PlanJson, ResourceChangeJson, ValuesModule } from "./plan-types.js";

export interface MappedAction {
  action: Action;
  replaceOrder?: ReplaceOrder;
}

/** Maps Terraform's action list (plus importing) to one Airlock action. */
export function mapActions(actions: readonly string[], importing: boolean, address: string): MappedAction {
  const key = actions.join(",");
  switch (key) {
    case "no-op":
      return { action: importing ? "import" : "no-op" };
    case "create":
      return { action: "create" };
    case "read":
      return { action: "read" };
    case "update":
      return { action: "update" };
    case "delete":
      return { action: "delete" };
    case "forget":
      return { action: "forget" };
    case "delete,create":
      return { action: "replace", replaceOrder: "delete-before-create" };
    case "create,delete":
      return { action: "replace", replaceOrder: "create-before-destroy" };
    case "create,forget":
    case "forget,create":
      // The old object leaves state untouched and a new one is created.
      return { action: "create" };
    default:
      throw new InputError(`${address}: unsupported combination of actions [${actions.join(", ")}]`);
  }
}

function providerShort(providerName: string | undefined): string {
  if (!providerName) return "unknown";
  return providerName;
}

function toChange(rc: ResourceChangeJson, path: string): Change {
  const c: ChangeJson = rc.change;
  const importing = c.importing !== undefined && c.importing !== null;
  let mapped: MappedAction;
  try {
    mapped = mapActions(c.actions, importing, rc.address);
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`, path);
  }
  const change: Change = {
    address: rc.address,
    configAddress: configAddressOf(rc.address),
    type: rc.type,
    name: rc.name,
    mode: rc.mode === "data" ? "data" : "managed",
    provider: providerShort(rc.provider_name),
    module: rc.module_address ?? modulePathOf(rc.address),
    action: mapped.action,
    rawActions: [...c.actions],
    before: c.before ?? null,
    after: c.after ?? null,
    beforeSensitive: (c.before_sensitive ?? false) as Change["beforeSensitive"],
    afterSensitive: (c.after_sensitive ?? false) as Change["afterSensitive"],
    afterUnknown: (c.after_unknown ?? false) as Change["afterUnknown"],
  };
  if (mapped.replaceOrder) change.replaceOrder = mapped.replaceOrder;
  if (rc.action_reason) change.actionReason = rc.action_reason;
  if (c.replace_paths?.length) change.replacePaths = c.replace_paths;
  if (importing) change.importing = true;
  if (rc.deposed) change.deposed = rc.deposed;
  if (rc.previous_address) change.meta = { previousAddress: rc.previous_address };
  return change;
}

function collectStateAddresses(mod: ValuesModule | undefined, into: Map<string, string[]>): void {
  if (!mod) return;
  const stack: ValuesModule[] = [mod];
  while (stack.length) {
    const m = stack.pop()!;
    for (const r of m.resources ?? []) addInstance(into, r.address);
    for (const cm of m.child_modules ?? []) stack.push(cm);
  }
}

function addInstance(map: Map<string, string[]>, address: string): void {
  const key = configAddressOf(address);
  const list = map.get(key);
  if (!list) map.set(key, [address]);
  else if (!list.includes(address)) list.push(address);
}

/** The part of a resource change that is applied, for the digest. */
function digestItem(rc: ResourceChangeJson): unknown {
  const c = rc.change;
  // Keys inserted in sorted order, so the canonical serializer's fast path applies.
  const item: Record<string, unknown> = {
    actions: c.actions,
    address: rc.address,
    after: c.after ?? null,
    after_sensitive: c.after_sensitive ?? null,
    after_unknown: c.after_unknown ?? null,
    before: c.before ?? null,
    before_sensitive: c.before_sensitive ?? null,
  };
  if (rc.deposed) item.deposed = rc.deposed;
  if (c.importing) item.importing = c.importing;
  if (rc.previous_address) item.previous_address = rc.previous_address;
  if (c.replace_paths) item.replace_paths = c.replace_paths;
  return item;
}

function sortKey(rc: ResourceChangeJson): string {
  return `${rc.address}\u0000${rc.deposed ?? ""}`;
}

export function normalizePlan(plan: PlanJson, path: string): ChangeSet {
  const rcs = plan.resource_changes ?? [];
  const changes: Change[] = new Array(rcs.length);
  const instances = new Map<string, string[]>();
  for (let i = 0; i < rcs.length; i++) {
    changes[i] = toChange(rcs[i], path);
    addInstance(instances, rcs[i].address);
  }
  collectStateAddresses(plan.prior_state?.values?.root_module, instances);
  collectStateAddresses(plan.planned_values?.root_module, instances);

  const drift: DriftEntry[] = (plan.resource_drift ?? []).map((rc) => ({
    address: rc.address,
    type: rc.type,
    rawActions: [...rc.change.actions],
    action: safeMap(rc, path),
  }));
  const deferred: DeferredEntry[] = (plan.deferred_changes ?? []).map((d) => ({
    address: d.resource_change.address,
    type: d.resource_change.type,
    reason: d.reason,
    action: safeMap(d.resource_change, path),
  }));
  const outputs: OutputChange[] = Object.entries(plan.output_changes ?? {})
    .map(([name, oc]) => ({
      name,
      action: mapActions(oc.actions, false, `output.${name}`).action,
      sensitive: oc.after_sensitive === true || oc.before_sensitive === true,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const sorted = [...rcs].sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const outputMaterial: Record<string, unknown> = {};
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    outputMaterial[name] = {
      actions: oc.actions,
      after: oc.after ?? null,
      after_unknown: oc.after_unknown ?? null,
      after_sensitive: oc.after_sensitive ?? null,
    };
  }
  const digestMaterial: DigestMaterial = {
    framework: "terraform",
    items: sorted.map(digestItem),
    extra: {
      outputs: outputMaterial,
      deferred: deferred.map((d) => ({ address: d.address, action: d.action, reason: d.reason })),
    },
  };

  return {
    source: {
      path,
      framework: "terraform",
      format: "terraform-plan-json",
      formatVersion: plan.format_version,
      ...(plan.terraform_version ? { toolVersion: plan.terraform_version } : {}),
      ...(plan.errored !== undefined ? { errored: plan.errored } : {}),
      ...(plan.complete !== undefined ? { complete: plan.complete } : {}),
    },
    changes,
    drift,
    deferred,
    outputs,
    edges: buildTerraformEdges(plan),
    instances,
    digestMaterial,
  };
}

function safeMap(rc: ResourceChangeJson, path: string): Action {
  try {
    return mapActions(rc.change.actions, !!rc.change.importing, rc.address).action;
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`, path);
  }
}
