// PlanJson → ChangeSet: actions, instances, drift, deferred changes, outputs and the digest material.

import { createHash } from "node:crypto";
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
import { canonicalJsonOfParsed } from "../../util/canonical-json.js";
import { type ChangeScan, DIGEST_FIELDS, type DigestField } from "./change-scan.js";
import {
  type ConfigModuleLite,
  liteConfiguration,
  liteConfigurationEdges,
  mergeEdges,
  stateEdges,
} from "./graph-edges.js";
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

const EMPTY_EDGES: EdgeTable = {
  names: [],
  from: new Int32Array(0),
  to: new Int32Array(0),
  via: [],
  count: 0,
};

/** The top-level facts of a plan that are not lists of changes. */
export interface PlanHeader {
  format_version: string;
  terraform_version?: string;
  errored?: boolean;
  complete?: boolean;
}

/**
 * Builds a ChangeSet from the parts of a plan, fed one at a time: `normalizePlan` feeds a parsed document,
 * the streaming reader (plan-stream.ts) feeds each resource change as it is parsed, so both produce the same
 * ChangeSet. Only what the analysis needs is kept; the raw plan can be dropped part by part.
 */
export class PlanBuilder {
  private readonly changes: Change[] = [];
  private readonly changeAddresses: string[] = [];
  private readonly items: { key: string; item: unknown; segments?: DigestSegments }[] = [];
  /** The input bytes the digest segments point into (streaming reader only). */
  private digestBytes: Buffer | undefined;
  private allSegments = true;
  private readonly drift: DriftEntry[] = [];
  private readonly deferred: DeferredEntry[] = [];
  private outputs: OutputChange[] = [];
  private outputMaterial: Record<string, unknown> = {};
  private readonly priorAddresses: string[] = [];
  private readonly plannedAddresses: string[] = [];
  private configEdges: EdgeTable = EMPTY_EDGES;
  private stateEdges: EdgeTable = EMPTY_EDGES;

  constructor(private readonly path: string) {}

  /** One validated resource change (`resource_changes[i]`). */
  /**
   * `raw`, from the streaming reader: the input bytes and the scan of this element, so the digest can hash
   * the canonical bytes of the change as they are in the input.
   */
  addResourceChange(rc: ResourceChangeJson, raw?: { bytes: Buffer; scan: ChangeScan }): void {
    this.changes.push(toChange(rc, this.path));
    this.changeAddresses.push(rc.address);
    const item = digestItem(rc);
    if (raw) {
      this.digestBytes = raw.bytes;
      this.items.push({ key: sortKey(rc), item, segments: digestSegments(rc, raw.scan) });
    } else {
      this.allSegments = false;
      this.items.push({ key: sortKey(rc), item });
    }
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
  setConfiguration(root: ConfigModuleLite | undefined): void {
    this.configEdges = liteConfigurationEdges(root);
  }

  /** The prior state's root module as a light tree (state-tree.ts): instance addresses and depends_on edges. */
  setPriorState(root: ValuesModule | undefined): void {
    stateAddresses(root, this.priorAddresses);
    this.stateEdges = stateEdges(root);
  }

  /** The planned values' root module as a light tree: instance addresses. */
  setPlannedValues(root: ValuesModule | undefined): void {
    stateAddresses(root, this.plannedAddresses);
  }

  finish(header: PlanHeader): ChangeSet {
    const instances = new Map<string, string[]>();
    for (const a of this.changeAddresses) addInstance(instances, a);
    for (const a of this.priorAddresses) addInstance(instances, a);
    for (const a of this.plannedAddresses) addInstance(instances, a);
    // Stable sort: changes with the same key keep their order in the plan.
    const sorted = [...this.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const digestMaterial: DigestMaterial = {
      framework: "terraform",
      items: sorted.map((s) => s.item),
      extra: {
        outputs: this.outputMaterial,
        deferred: this.deferred.map((d) => ({ address: d.address, action: d.action, reason: d.reason })),
      },
    };
    const digest =
      this.allSegments && this.digestBytes
        ? digestOfSegments(digestMaterial, this.digestBytes, sorted as { segments: DigestSegments }[])
        : undefined;
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
      edgeTable: mergeEdges(this.configEdges, this.stateEdges),
      instances,
      digestMaterial,
      ...(digest ? { digest } : {}),
    };
  }
}

/**
 * One digest item's canonical JSON (what `canonicalJsonOfParsed(digestItem(rc))` writes) as pieces: text, or
 * a pair of numbers, a byte range of the input holding a value already in canonical form (change-scan.ts).
 */
export type DigestSegments = (string | number)[];

function digestSegments(rc: ResourceChangeJson, scan: ChangeScan): DigestSegments {
  const c = rc.change;
  const out: DigestSegments = [];
  let text = `{"actions":${canonicalJsonOfParsed(c.actions)},"address":${canonicalJsonOfParsed(rc.address)}`;
  const field = (name: string, f: number, value: unknown): void => {
    text += `,"${name}":`;
    if (value === null || value === undefined) text += "null";
    else if (scan.start[f] >= 0 && scan.canonical[f]) {
      out.push(text, scan.start[f], scan.stop[f]);
      text = "";
    } else text += canonicalJsonOfParsed(value);
  };
  field("after", FIELD.after, c.after);
  field("after_sensitive", FIELD.after_sensitive, c.after_sensitive);
  field("after_unknown", FIELD.after_unknown, c.after_unknown);
  field("before", FIELD.before, c.before);
  field("before_sensitive", FIELD.before_sensitive, c.before_sensitive);
  if (rc.deposed) text += `,"deposed":${canonicalJsonOfParsed(rc.deposed)}`;
  if (c.importing) field("importing", FIELD.importing, c.importing);
  if (rc.previous_address) text += `,"previous_address":${canonicalJsonOfParsed(rc.previous_address)}`;
  if (c.replace_paths) field("replace_paths", FIELD.replace_paths, c.replace_paths);
  out.push(`${text}}`);
  return out;
}

const FIELD = Object.fromEntries(DIGEST_FIELDS.map((f, i) => [f, i])) as Record<DigestField, number>;

/** computeDigest(material) for the Terraform material, hashing each item from its segments. */
function digestOfSegments(
  material: DigestMaterial,
  bytes: Buffer,
  sorted: { segments: DigestSegments }[],
): string {
  const h = createHash("sha256");
  // Pieces are small (a key, a value): gathered in a buffer and hashed a megabyte at a time.
  const STAGE = 1 << 20;
  let stage = Buffer.allocUnsafe(STAGE);
  let used = 0;
  const text = (s: string): void => {
    if (s.length * 3 > STAGE - used) {
      h.update(stage.subarray(0, used));
      used = 0;
      if (s.length * 3 > STAGE) {
        h.update(s);
        return;
      }
    }
    // Short ASCII text is copied here; a native call per piece would cost more than the copy.
    const n = s.length;
    if (n <= 256) {
      let k = 0;
      for (; k < n; k++) {
        const c = s.charCodeAt(k);
        if (c > 0x7f) break;
        stage[used + k] = c;
      }
      if (k === n) {
        used += n;
        return;
      }
    }
    used += stage.write(s, used, "utf8");
  };
  const range = (from: number, to: number): void => {
    const n = to - from;
    if (n > STAGE - used) {
      h.update(stage.subarray(0, used));
      used = 0;
      if (n > STAGE) {
        h.update(bytes.subarray(from, to));
        return;
      }
    }
    if (n <= 256) {
      for (let k = 0; k < n; k++) stage[used + k] = bytes[from + k];
      used += n;
    } else used += bytes.copy(stage, used, from, to);
  };
  text(
    `{"extra":${canonicalJsonOfParsed(material.extra)},"framework":${canonicalJsonOfParsed(material.framework)},"items":[`,
  );
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) text(",");
    const segs = sorted[i].segments;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j];
      if (typeof s === "string") {
        if (s) text(s);
      } else {
        range(s, segs[j + 1] as number);
        j++;
      }
    }
  }
  text("]}");
  h.update(stage.subarray(0, used));
  stage = Buffer.alloc(0);
  return `sha256:${h.digest("hex")}`;
}

function sortKey(rc: ResourceChangeJson): string {
  return `${rc.address}\u0000${rc.deposed ?? ""}`;
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
