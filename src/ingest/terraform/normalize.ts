// PlanJson → ChangeSet: actions, instances, drift, deferred changes, outputs and the digest material.

import { configAddressOf, modulePathOf } from "../../model/address.js";
import type { DigestMaterial } from "../../model/digest.js";
import type {
  Action,
  Change,
  ChangeSet,
  DeferredEntry,
  DriftEntry,
  EdgeTable,
  OutputChange,
  ReplaceOrder,
} from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { NonFiniteNumberError } from "../../util/canonical-json.js";
import { compareText } from "../../util/compare-text.js";
import type { ChangeScan } from "./change-scan.js";
import {
  addStateEdges,
  ConfigSink,
  configurationEdgeBuilder,
  type LiteConfiguration,
  liteConfiguration,
} from "./graph-edges.js";
import { DigestAccumulator, digestItem } from "./plan-digest.js";
import type {
  ChangeJson,
  DeferredChangeJson,
  PlanJson,
  ResourceChangeJson,
  ValuesModule,
} from "./plan-types.js";
import { lightModule, rootOf } from "./state-tree.js";

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
    rawActions: c.actions,
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
  if (rc.previous_address) change.previousAddress = rc.previous_address;
  return change;
}

/** Resource instance addresses in a `values` module tree (prior_state or planned_values), in tree order. */
export function stateAddresses(mod: ValuesModule | undefined, into: string[]): void {
  if (!mod) return;
  const stack: ValuesModule[] = [mod];
  while (stack.length) {
    const m = stack.pop()!;
    for (const r of m.resources ?? []) into.push(r.address);
    for (const cm of m.child_modules ?? []) stack.push(cm);
  }
}

function addInstance(map: Map<string, string[]>, address: string, key = configAddressOf(address)): void {
  const list = map.get(key);
  if (!list) map.set(key, [address]);
  else if (!list.includes(address)) list.push(address);
}

/** The top-level facts of a plan that are not lists of changes. */
export interface PlanHeader {
  format_version: string;
  terraform_version?: string;
  errored?: boolean;
  complete?: boolean;
  applyable?: boolean;
  /** Present (possibly an empty stand-in) when the plan has the member. */
  resource_changes?: unknown;
  variables?: unknown;
}

/** Is a state address that of a data source (`data.x.y`, `module.m.data.x.y`)? */
function isDataAddress(address: string): boolean {
  const mod = modulePathOf(address);
  return address.startsWith("data.", mod ? mod.length + 1 : 0);
}

/**
 * Builds a ChangeSet from the parts of a plan, fed one at a time: `normalizePlan` feeds a parsed document,
 * the streaming reader (plan-stream.ts) feeds each resource change as it is parsed, so both produce the same
 * ChangeSet. Only what the analysis needs is kept; the raw plan can be dropped part by part.
 */
export class PlanBuilder {
  private readonly changes: Change[] = [];
  /** Each change's `change` object as parsed, for the digest material (built only when asked for). */
  private readonly elements: ResourceChangeJson[] = [];
  /** The digest from the input bytes (streaming reader, while every change came with its scan). */
  private digestSource: DigestAccumulator | undefined;
  private readonly drift: DriftEntry[] = [];
  private readonly deferred: DeferredEntry[] = [];
  private outputs: OutputChange[] = [];
  private outputMaterial: Record<string, unknown> = {};
  private readonly priorAddresses: string[] = [];
  private readonly plannedAddresses: string[] = [];
  private edges: ConfigSink | undefined;
  private stateRoot: ValuesModule | undefined;

  constructor(private readonly path: string) {}

  /** One validated resource change (`resource_changes[i]`). */
  /**
   * `raw`, from the streaming reader: the input bytes and the scan of this element, so the digest can hash
   * the canonical bytes of the change as they are in the input.
   */
  addResourceChange(rc: ResourceChangeJson, raw?: { bytes: Buffer; scan: ChangeScan }): void {
    this.changes.push(toChange(rc, this.path));
    this.elements.push(rc);
    if (raw) {
      if (this.changes.length === 1) this.digestSource = new DigestAccumulator(raw.bytes);
      this.digestSource?.add(rc, raw.scan);
    } else this.digestSource = undefined;
  }

  addDrift(rc: ResourceChangeJson): void {
    this.drift.push({
      address: rc.address,
      type: rc.type,
      rawActions: [...rc.change.actions],
      action: safeMap(rc, this.path),
    });
  }

  addDeferred(d: DeferredChangeJson): void {
    this.deferred.push({
      address: d.resource_change.address,
      type: d.resource_change.type,
      reason: d.reason,
      action: safeMap(d.resource_change, this.path),
    });
  }

  setOutputChanges(outputChanges: Record<string, ChangeJson> | undefined): void {
    const entries = Object.entries(outputChanges ?? {});
    this.outputs = entries
      .map(([name, oc]) => ({
        name,
        action: mapActions(oc.actions, false, `output.${name}`).action,
        sensitive: oc.after_sensitive === true || oc.before_sensitive === true,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.outputMaterial = {};
    for (const [name, oc] of entries) {
      this.outputMaterial[name] = {
        actions: oc.actions,
        after: oc.after ?? null,
        after_unknown: oc.after_unknown ?? null,
        after_sensitive: oc.after_sensitive ?? null,
      };
    }
  }

  /** The configuration's root module in light form (graph-edges.ts). */
  setConfiguration(config: LiteConfiguration | undefined): void {
    this.edges = configurationEdgeBuilder(config);
  }

  /** The configuration's edges, added by a reader as it read them (plan-members.ts). */
  setConfigurationEdges(edges: ConfigSink): void {
    this.edges = edges;
  }

  /** The prior state's root module as a light tree (state-tree.ts): instance addresses and depends_on edges. */
  setPriorState(root: ValuesModule | undefined): void {
    stateAddresses(root, this.priorAddresses);
    this.stateRoot = root;
  }

  /** The planned values' root module as a light tree: instance addresses. */
  setPlannedValues(root: ValuesModule | undefined): void {
    stateAddresses(root, this.plannedAddresses);
  }

  /** Configuration edges, then the state's depends_on edges the configuration does not show. */
  private edgeTable(): EdgeTable {
    const edges = this.edges ?? new ConfigSink();
    addStateEdges(edges, this.stateRoot);
    return edges.table();
  }

  /**
   * A plan that says it is complete lists every managed object of the prior state in resource_changes (a
   * no-op at least; only `-target` leaves some out, and Terraform then writes `complete: false`). One that
   * does not is a plan JSON with changes taken out: reading it would report less than would be applied.
   * Likewise a plan that says it is applyable but holds nothing to apply has lost its resource_changes (a
   * refresh-only plan without drift is not applyable).
   */
  private checkCovered(header: PlanHeader, changed: Set<string>): void {
    if (header.resource_changes === undefined) {
      if (header.applyable === true && !this.drift.length && !this.outputs.length && !this.deferred.length)
        throw new InputError(
          `${this.path}: the plan says it is applyable but has no resource_changes, drift or output changes: the plan JSON is incomplete`,
          this.path,
        );
      return;
    }
    if (header.complete !== true) return;
    const moved = new Set<string>();
    for (const c of this.changes) if (c.previousAddress) moved.add(c.previousAddress);
    for (const a of this.priorAddresses) {
      if (changed.has(a) || moved.has(a) || isDataAddress(a)) continue;
      throw new InputError(
        `${this.path}: prior_state holds ${JSON.stringify(a.slice(0, 200))}, which no resource change covers, though the plan says it is complete: the plan JSON is missing changes`,
        this.path,
      );
    }
  }

  /** The digest material of the configuration's applied parts, in canonical (address) order. */
  private appliedConfiguration(): Record<string, unknown> {
    const sink = this.edges;
    const resources: Record<string, unknown> = {};
    if (sink) for (const k of [...sink.applied.keys()].sort(compareText)) resources[k] = sink.applied.get(k);
    return { provider_config: sink?.providerConfig ?? null, resources };
  }

  finish(header: PlanHeader): ChangeSet {
    const instances = new Map<string, string[]>();
    // Changes know their configuration address already. State addresses are almost all a change's own,
    // already listed: only the others are added (a set lookup instead of a configuration address each).
    const changed = new Set<string>();
    for (const c of this.changes) {
      changed.add(c.address);
      addInstance(instances, c.address, c.configAddress);
    }
    this.checkCovered(header, changed);
    for (const a of this.priorAddresses) if (!changed.has(a)) addInstance(instances, a);
    for (const a of this.plannedAddresses) if (!changed.has(a)) addInstance(instances, a);
    const changes = this.changes;
    const elements = this.elements;
    // Digest order: by address, then deposed key; changes with the same key keep their order in the plan.
    const keys = changes.map((c) => `${c.address}\u0000${c.deposed ?? ""}`);
    const order = keys
      .map((_, i) => i)
      .sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const extra = {
      // Applied with the plan, though shown only in the configuration: provisioners, aliased provider
      // configurations, the provider configurations themselves, and the variables they are evaluated with.
      configuration: this.appliedConfiguration(),
      variables: header.variables ?? null,
      outputs: this.outputMaterial,
      // In a stable order, as the changes are: the plan's order of deferred changes is not what is applied.
      deferred: this.deferred
        .map((d) => ({ address: d.address, action: d.action, reason: d.reason }))
        .sort(
          (a, b) =>
            compareText(a.address, b.address) ||
            compareText(a.action, b.action) ||
            compareText(a.reason, b.reason),
        ),
    };
    let items: unknown[] | undefined;
    // The material repeats what the changes hold; its items are made only if someone reads them.
    const digestMaterial = {
      framework: "terraform",
      get items(): unknown[] {
        items ??= order.map((i) => digestItem(elements[i]));
        return items;
      },
      extra,
    } as DigestMaterial;
    const source = this.digestSource;
    let digest: string | undefined;
    try {
      digest = source?.digest(extra, order);
    } catch (err) {
      // A number the reader did not check (a whole-parsed part) that canonical JSON cannot write.
      if (err instanceof NonFiniteNumberError)
        throw new InputError(
          `${this.path}: a number too large to be read exactly (beyond 1.8e308)`,
          this.path,
        );
      throw err;
    }
    return {
      source: {
        path: this.path,
        framework: "terraform",
        format: "terraform-plan-json",
        formatVersion: header.format_version,
        ...(header.terraform_version ? { toolVersion: header.terraform_version } : {}),
        ...(header.errored !== undefined ? { errored: header.errored } : {}),
        ...(header.complete !== undefined ? { complete: header.complete } : {}),
      },
      changes: this.changes,
      drift: this.drift,
      deferred: this.deferred,
      outputs: this.outputs,
      edges: [],
      edgeTable: this.edgeTable(),
      instances,
      digestMaterial,
      ...(digest ? { digest } : {}),
    };
  }
}

/** A validated, parsed plan → ChangeSet. */
export function normalizePlan(plan: PlanJson, path: string): ChangeSet {
  const b = new PlanBuilder(path);
  for (const rc of plan.resource_changes ?? []) b.addResourceChange(rc);
  b.setPriorState(
    lightModule(rootOf(plan.prior_state, "prior_state"), "prior_state.values.root_module", path, true),
  );
  b.setPlannedValues(
    lightModule(rootOf(plan.planned_values, "planned_values"), "planned_values.root_module", path, false),
  );
  for (const rc of plan.resource_drift ?? []) b.addDrift(rc);
  for (const d of plan.deferred_changes ?? []) b.addDeferred(d);
  b.setOutputChanges(plan.output_changes);
  b.setConfiguration(liteConfiguration(plan.configuration, path));
  return b.finish(plan);
}

function safeMap(rc: ResourceChangeJson, path: string): Action {
  try {
    return mapActions(rc.change.actions, !!rc.change.importing, rc.address).action;
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`, path);
  }
}
