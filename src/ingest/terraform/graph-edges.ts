// Dependency edges from a plan's `configuration` (expression references, depends_on, module inputs and
// outputs) and from `prior_state` depends_on. Node ids are configuration addresses:
//   resources        module.db.aws_db_instance.this, data.aws_ami.x
//   variables        module.db.var.name            outputs   module.db.output.endpoint
//   locals           local.name                     a module  module.db.__call (its count/for_each/depends_on)
//   whole module     module.db.__outputs (a reference to `module.db` itself)
import { splitAddress, stripKey } from "../../model/address.js";
import type { DependencyEdge } from "../../model/types.js";
import type {
  ConfigModuleJson,
  ExpressionJson,
  ExpressionsJson,
  PlanJson,
  ValuesModule,
} from "./plan-types.js";

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
  return splitAddress(dep).map(stripKey).join(".");
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

interface EdgeSink {
  edges: DependencyEdge[];
  seen: Map<string, Set<string>>;
}

function add(sink: EdgeSink, from: string, to: string | null, via: DependencyEdge["via"]): void {
  if (!to || from === to) return;
  let targets = sink.seen.get(from);
  if (!targets) {
    targets = new Set();
    sink.seen.set(from, targets);
  } else if (targets.has(to)) return;
  targets.add(to);
  sink.edges.push({ from, to, via });
}

function resourceId(prefix: string, r: { mode: string; type: string; name: string }): string {
  return r.mode === "data" ? `${prefix}data.${r.type}.${r.name}` : `${prefix}${r.type}.${r.name}`;
}

function walkModule(mod: ConfigModuleJson, prefix: string, callNode: string | null, sink: EdgeSink): void {
  for (const r of mod.resources ?? []) {
    const id = resourceId(prefix, r);
    const refs: string[] = [];
    collectRefs(r.expressions, refs);
    collectRefs(r.count_expression, refs);
    collectRefs(r.for_each_expression, refs);
    for (const p of r.provisioners ?? []) collectRefs(p.expressions, refs);
    for (const ref of refs) add(sink, id, resolveReference(ref, prefix), "reference");
    for (const dep of r.depends_on ?? []) add(sink, id, resolveReference(dep, prefix), "depends_on");
    if (callNode) add(sink, id, callNode, "contains");
  }
  for (const [name, out] of Object.entries(mod.outputs ?? {})) {
    const id = `${prefix}output.${name}`;
    const refs: string[] = [];
    collectRefs(out.expression, refs);
    for (const ref of refs) add(sink, id, resolveReference(ref, prefix), "reference");
    for (const dep of out.depends_on ?? []) add(sink, id, resolveReference(dep, prefix), "depends_on");
  }
  for (const [name, call] of Object.entries(mod.module_calls ?? {})) {
    const childPrefix = `${prefix}module.${name}.`;
    const childCall = `${prefix}module.${name}.__call`;
    const childOutputs = `${prefix}module.${name}.__outputs`;
    // Module inputs: child var.X depends on what the call argument references in the parent.
    for (const [arg, expr] of Object.entries(call.expressions ?? {})) {
      const refs: string[] = [];
      collectRefs(expr as ExpressionsJson, refs);
      for (const ref of refs)
        add(sink, `${childPrefix}var.${arg}`, resolveReference(ref, prefix), "module_input");
    }
    const callRefs: string[] = [];
    collectRefs(call.count_expression, callRefs);
    collectRefs(call.for_each_expression, callRefs);
    for (const ref of callRefs) add(sink, childCall, resolveReference(ref, prefix), "module_input");
    for (const dep of call.depends_on ?? [])
      add(sink, childCall, resolveReference(dep, prefix), "depends_on");
    if (callNode) add(sink, childCall, callNode, "contains");
    // A reference to the whole module depends on all of its outputs.
    for (const outName of Object.keys(call.module?.outputs ?? {}))
      add(sink, childOutputs, `${childPrefix}output.${outName}`, "module_output");
    if (call.module) walkModule(call.module, childPrefix, childCall, sink);
  }
}

function walkState(mod: ValuesModule | undefined, sink: EdgeSink): void {
  if (!mod) return;
  const stack: ValuesModule[] = [mod];
  while (stack.length) {
    const m = stack.pop()!;
    for (const r of m.resources ?? []) {
      if (!r.depends_on?.length) continue;
      const from = resolveAbsolute(r.address);
      for (const dep of r.depends_on) add(sink, from, resolveAbsolute(dep), "prior_state");
    }
    for (const cm of m.child_modules ?? []) stack.push(cm);
  }
}

export function buildTerraformEdges(plan: PlanJson): DependencyEdge[] {
  const sink: EdgeSink = { edges: [], seen: new Map() };
  if (plan.configuration?.root_module) walkModule(plan.configuration.root_module, "", null, sink);
  walkState(plan.prior_state?.values?.root_module, sink);
  return sink.edges;
}
