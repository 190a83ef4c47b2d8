// Dependency edges from a plan's `configuration` (expression references, depends_on, module inputs and
// outputs) and from `prior_state` depends_on. Node ids are configuration addresses:
//   resources        module.db.aws_db_instance.this, data.aws_ami.x
//   variables        module.db.var.name            outputs   module.db.output.endpoint
//   locals           local.name                     a module  module.db.__call (its count/for_each/depends_on)
//   whole module     module.db.__outputs (a reference to `module.db` itself)
import { splitAddress, stripKey, withoutSimpleKey } from "../../model/address.js";
import { EdgeTableBuilder, type EdgeTableData } from "../../model/edge-table.js";
import type { DependencyEdge } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { MAX_MODULE_DEPTH, moduleDepthError } from "./module-depth.js";
import type { ExpressionJson, ValuesModule, ValuesResource } from "./plan-types.js";

const IGNORED_ROOTS = new Set(["each", "count", "path", "terraform", "self"]);

/** Resolves a reference string as written in module `prefix` (`""` or `module.a.`) to a node id. */
export function resolveReference(ref: string, prefix: string): string | null {
  const parts = ref.includes("[") || ref.includes('"') ? splitAddress(ref).map(stripKey) : ref.split(".", 3);
  const root = parts[0];
  if (!root || IGNORED_ROOTS.has(root)) return null;
  switch (root) {
    case "var":
    case "local":
      return parts[1] ? `${prefix}${root}.${parts[1]}` : null;
    case "module":
      if (!parts[1]) return null;
      return parts[2]
        ? `${prefix}module.${parts[1]}.output.${parts[2]}`
        : `${prefix}module.${parts[1]}.__outputs`;
    case "data":
      return parts[1] && parts[2] ? `${prefix}data.${parts[1]}.${parts[2]}` : null;
    default:
      return parts[1] ? `${prefix}${root}.${parts[1]}` : null;
  }
}

/** Resolves an absolute `depends_on` entry from state (`module.db.aws_db_instance.this`). */
function resolveAbsolute(dep: string): string {
  return withoutSimpleKey(dep) ?? splitAddress(dep).map(stripKey).join(".");
}

function isExpression(v: unknown): v is ExpressionJson {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && ("references" in v || "constant_value" in v)
  );
}

/** All reference strings inside an expressions map (nested blocks included). Iterative: deep configs are safe. */
function collectRefs(expressions: unknown, out: string[]): void {
  const stack: unknown[] = [expressions];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (isExpression(v)) {
      if (Array.isArray(v.references)) for (const r of v.references) if (typeof r === "string") out.push(r);
      continue;
    }
    for (const x of Object.values(v)) stack.push(x);
  }
}

/**
 * What reading a configuration yields: its dependency edges, and the parts of it that are applied with the
 * plan but appear nowhere else in the plan JSON, for the digest: each resource's provisioners (commands
 * run at create or destroy) and aliased provider configuration, and the provider configurations.
 */
export class ConfigSink extends EdgeTableBuilder {
  /** By resource configuration address (`module.a.aws_instance.web`). */
  applied = new Map<string, AppliedConfig>();
  /** `configuration.provider_config` as written, or undefined. */
  providerConfig: unknown;

  /** Everything read so far, as data another thread can be sent (plan-side-thread.ts). */
  toData(): ConfigSinkData {
    return { edges: this.save(), applied: this.applied, providerConfig: this.providerConfig };
  }

  /** A sink holding what `toData` gave, as the sink that gave it held it. */
  static fromData(d: ConfigSinkData): ConfigSink {
    const sink = new ConfigSink();
    sink.load(d.edges);
    sink.applied = d.applied;
    sink.providerConfig = d.providerConfig;
    return sink;
  }
}

/** What `ConfigSink.toData` gives. */
export interface ConfigSinkData {
  edges: EdgeTableData;
  applied: Map<string, AppliedConfig>;
  providerConfig: unknown;
}

/**
 * The applied parts of one configuration resource, or module call, that only the configuration shows:
 * a resource's provisioners and aliased provider; a call's input expressions (a module's provisioners and
 * provider configurations are evaluated with them, and their values appear nowhere else).
 */
export interface AppliedConfig {
  provisioners?: unknown;
  provider_config_key?: string;
  expressions?: unknown;
}

type EdgeSink = ConfigSink;

/**
 * Is a provider_config_key one of an aliased provider (`aws.west`, `db:aws.replica`)? Which configuration a
 * resource without an alias uses follows from its module and provider, which the digest already holds.
 */
function isAliasKey(key: string): boolean {
  return key.indexOf(".", key.lastIndexOf(":") + 1) !== -1;
}

function add(sink: EdgeSink, from: string, to: string | null, via: DependencyEdge["via"]): void {
  if (!to || from === to) return;
  sink.add(from, to, via);
}

/**
 * What the graph needs of one configuration module: per resource, output and module call the references and
 * depends_on entries, already collected. The whole-document reader and the streaming reader both reduce
 * the configuration to this form (the streaming one a resource at a time), and the edges come from it alone.
 */
export interface ConfigModuleLite {
  resources: { id: string; refs: string[]; dependsOn: string[]; applied: AppliedConfig | undefined }[];
  outputs: { name: string; refs: string[]; dependsOn: string[] }[];
  calls: ConfigCallLite[];
}

export interface ConfigCallLite {
  name: string;
  /** Module input name → references of its argument expression. */
  args: { name: string; refs: string[] }[];
  /** count / for_each references. */
  callRefs: string[];
  dependsOn: string[];
  /** The called module, as a tree (whole-document reader) … */
  module?: ConfigModuleLite;
  /** … or only its output names, its edges already emitted (streaming reader). */
  outputNames?: string[];
  /** Its input expressions, for the digest (see AppliedConfig). */
  applied: AppliedConfig | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Object entries in the order V8 keeps an object's keys (array indices first), as JSON.parse would give. */
export function entriesOf(v: unknown): [string, unknown][] {
  return typeof v === "object" && v !== null ? Object.entries(v) : [];
}

function configShapeError(path: string, why: string): InputError {
  return new InputError(`${path}: ${why}`, path);
}

/** One `resources[i]` of a configuration module. */
export function liteResource(r: unknown, where: string, path: string): ConfigModuleLite["resources"][number] {
  if (!isRecord(r)) throw configShapeError(path, `${where} is not an object`);
  const refs: string[] = [];
  collectRefs(r.expressions, refs);
  collectRefs(r.count_expression, refs);
  collectRefs(r.for_each_expression, refs);
  if (Array.isArray(r.provisioners))
    for (const p of r.provisioners) if (isRecord(p)) collectRefs(p.expressions, refs);
  const id = r.mode === "data" ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
  let applied: AppliedConfig | undefined;
  if (r.provisioners !== undefined && r.provisioners !== null) applied = { provisioners: r.provisioners };
  const key = r.provider_config_key;
  if (typeof key === "string" && isAliasKey(key)) {
    applied ??= {};
    applied.provider_config_key = key;
  }
  return { id, refs, dependsOn: strings(r.depends_on), applied };
}

/** One `outputs.NAME` of a configuration module. */
export function liteOutput(name: string, out: unknown): ConfigModuleLite["outputs"][number] {
  const o = isRecord(out) ? out : {};
  const refs: string[] = [];
  collectRefs(o.expression, refs);
  return { name, refs, dependsOn: strings(o.depends_on) };
}

/** One `module_calls.NAME` without its `module` (which the caller reduces on its own). */
export function liteCallHead(name: string, call: unknown): ConfigCallLite {
  const c = isRecord(call) ? call : {};
  const args = entriesOf(c.expressions).map(([arg, expr]) => {
    const refs: string[] = [];
    collectRefs(expr, refs);
    return { name: arg, refs };
  });
  const callRefs: string[] = [];
  collectRefs(c.count_expression, callRefs);
  collectRefs(c.for_each_expression, callRefs);
  const applied =
    c.expressions !== undefined && c.expressions !== null ? { expressions: c.expressions } : undefined;
  return { name, args, callRefs, dependsOn: strings(c.depends_on), applied };
}

/** `resources` of a module: absent or null is none; anything but an array is an input error. */
export function configList(v: unknown, where: string, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw configShapeError(path, `${where} is not an array`);
  return v;
}

/** A parsed configuration module → its light form. */
export function liteModule(mod: unknown, where: string, path: string, depth = 0): ConfigModuleLite {
  if (depth > MAX_MODULE_DEPTH) throw moduleDepthError(path, "configuration");
  const m = isRecord(mod) ? mod : {};
  return {
    resources: configList(m.resources, `${where}.resources`, path).map((r, i) =>
      liteResource(r, `${where}.resources[${i}]`, path),
    ),
    outputs: entriesOf(m.outputs).map(([name, out]) => liteOutput(name, out)),
    calls: entriesOf(m.module_calls).map(([name, call]) => {
      const head = liteCallHead(name, call);
      const child = isRecord(call) ? call.module : undefined;
      if (child) head.module = liteModule(child, `${where}.module_calls.${name}.module`, path, depth + 1);
      return head;
    }),
  };
}

/**
 * Edges of a configuration module tree, children first: each call's module is walked before the module's own
 * resources, outputs and calls (so the streaming reader can emit a module's edges when its object closes).
 */
export function walkModule(
  mod: ConfigModuleLite,
  prefix: string,
  callNode: string | null,
  sink: EdgeSink,
): void {
  for (const call of mod.calls)
    if (call.module)
      walkModule(call.module, `${prefix}module.${call.name}.`, `${prefix}module.${call.name}.__call`, sink);
  emitModule(mod, prefix, callNode, sink);
}

/**
 * The edges of one module's own resources, outputs and module calls (not of the called modules: each call
 * gives its module's output names only). `callNode` is the node of the call that made this module.
 */
export function emitModule(
  mod: ConfigModuleLite,
  prefix: string,
  callNode: string | null,
  sink: EdgeSink,
): void {
  const parent = callNode === null ? -1 : sink.id(callNode);
  // The same reference is written many times in one module (`var.tags` on every resource): resolve it to
  // a node id once. -1: resolves to nothing.
  const resolved = new Map<string, number>();
  const resolve = (ref: string): number => {
    let id = resolved.get(ref);
    if (id === undefined) {
      const node = resolveReference(ref, prefix);
      id = node ? sink.id(node) : -1;
      resolved.set(ref, id);
    }
    return id;
  };
  for (const r of mod.resources) {
    if (r.applied) sink.applied.set(`${prefix}${r.id}`, r.applied);
    const id = sink.idIn(prefix, r.id);
    for (const ref of r.refs) sink.addIds(id, resolve(ref), "reference");
    for (const dep of r.dependsOn) sink.addIds(id, resolve(dep), "depends_on");
    if (parent >= 0) sink.addIds(id, parent, "contains");
  }
  for (const out of mod.outputs) {
    const id = sink.idIn(prefix, `output.${out.name}`);
    for (const ref of out.refs) sink.addIds(id, resolve(ref), "reference");
    for (const dep of out.dependsOn) sink.addIds(id, resolve(dep), "depends_on");
  }
  for (const call of mod.calls) {
    if (call.applied) sink.applied.set(`${prefix}module.${call.name}`, call.applied);
    const childPrefix = `${prefix}module.${call.name}.`;
    const childCall = sink.idIn(childPrefix, "__call");
    // Module inputs: child var.X depends on what the call argument references in the parent.
    for (const arg of call.args) {
      const id = sink.idIn(childPrefix, `var.${arg.name}`);
      for (const ref of arg.refs) sink.addIds(id, resolve(ref), "module_input");
    }
    for (const ref of call.callRefs) sink.addIds(childCall, resolve(ref), "module_input");
    for (const dep of call.dependsOn) sink.addIds(childCall, resolve(dep), "depends_on");
    if (parent >= 0) sink.addIds(childCall, parent, "contains");
    // A reference to the whole module depends on all of its outputs.
    const outputs = call.module ? call.module.outputs.map((o) => o.name) : (call.outputNames ?? []);
    if (outputs.length) {
      const childOutputs = sink.idIn(childPrefix, "__outputs");
      for (const name of outputs)
        sink.addIds(childOutputs, sink.idIn(childPrefix, `output.${name}`), "module_output");
    }
  }
}

/** The configuration's edges in a builder that more edges (the state's) can still be added to. */
export function configurationEdgeBuilder(config: LiteConfiguration | undefined): ConfigSink {
  const sink = newSink();
  if (config?.root) walkModule(config.root, "", null, sink);
  sink.providerConfig = config?.providerConfig;
  return sink;
}

/** Adds the state's depends_on edges that the configuration does not already show. */
export function addStateEdges(sink: ConfigSink, root: ValuesModule | undefined): void {
  walkState(root, sink);
}

export interface LiteConfiguration {
  root: ConfigModuleLite | undefined;
  providerConfig: unknown;
}

/** A parsed `configuration` member: its root module in light form, and its provider configurations. */
export function liteConfiguration(configuration: unknown, path: string): LiteConfiguration {
  const c = isRecord(configuration) ? configuration : {};
  const root = c.root_module;
  return {
    root: root ? liteModule(root, "configuration.root_module", path) : undefined,
    providerConfig: c.provider_config,
  };
}

function walkState(mod: ValuesModule | undefined, sink: EdgeSink): void {
  if (!mod) return;
  const stack: ValuesModule[] = [mod];
  while (stack.length) {
    const m = stack.pop()!;
    for (const r of m.resources ?? []) stateResourceEdges(r, sink);
    for (const cm of m.child_modules ?? []) stack.push(cm);
  }
}

function stateResourceEdges(r: ValuesResource, sink: EdgeSink): void {
  if (!r.depends_on?.length) return;
  const from = resolveAbsolute(r.address);
  for (const dep of r.depends_on) add(sink, from, resolveAbsolute(dep), "prior_state");
}

function newSink(): EdgeSink {
  return new ConfigSink();
}
