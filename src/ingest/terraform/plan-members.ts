// Readers for the large members of a plan, one part at a time from its bytes: the configuration reduced to
// the light form the graph needs (graph-edges.ts), the state trees to addresses and depends_on
// (state-tree.ts). Used by the streaming reader (plan-stream.ts) and by its helper thread (plan-side.ts).
import type { InputError } from "../../model/types.js";
import type { JsonBytes } from "../json-bytes.js";
import { MAX_DEPTH } from "../read-input.js";
import { checkNumbers } from "./change-scan.js";
import {
  type ConfigCallLite,
  type ConfigModuleLite,
  type ConfigSink,
  configList,
  emitModule,
  entriesOf,
  liteCallHead,
  liteModule,
  liteOutput,
  liteResource,
  walkModule,
} from "./graph-edges.js";
import { MAX_MODULE_DEPTH, MODULE_DEPTH_WHY } from "./module-depth.js";
import type { ValuesModule, ValuesResource } from "./plan-types.js";
import { lightList, lightModule, lightResource } from "./state-tree.js";

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Members read part by part when they have their usual JSON type, given here by its first byte. */
export const STREAMED = new Map([
  ["resource_changes", OPEN_BRACKET],
  ["resource_drift", OPEN_BRACKET],
  ["deferred_changes", OPEN_BRACKET],
  ["configuration", OPEN_BRACE],
  ["prior_state", OPEN_BRACE],
  ["planned_values", OPEN_BRACE],
]);

/** Members kept of a state resource, by name: `address`, and `depends_on` where edges are read. */
const KEPT = [Buffer.from("address")];
const KEPT_WITH_DEPS = [Buffer.from("address"), Buffer.from("depends_on")];

/**
 * Follows `route` (member names) from the object at `pos` to a state module, reads it as a light tree one
 * resource at a time and hands it to `found` (not called when the route leads nowhere, exactly where the
 * whole-document reader finds no module). Members off the route are parsed and dropped. Returns the end.
 */
export function readRoot(
  doc: JsonBytes,
  pos: number,
  route: readonly string[],
  where: string,
  withDeps: boolean,
  found: (root: ValuesModule | undefined) => void,
): number {
  let root: ValuesModule | undefined;
  const [step, ...rest] = route;
  const end = doc.forEachMember(pos, (key, vs) => {
    if (key !== step) return doc.check(vs);
    if (doc.at(vs) !== OPEN_BRACE) {
      // Not an object: parsed whole, so its shape is judged exactly as on the whole document.
      const { value, end } = doc.value(vs);
      let v: unknown = value;
      for (const r of rest)
        v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[r] : undefined;
      root = lightModule(v, where, doc.path, withDeps);
      return end;
    }
    if (rest.length) {
      root = undefined;
      return readRoot(doc, vs, rest, where, withDeps, (r) => {
        root = r;
      });
    }
    const r = readModule(doc, vs, where, withDeps);
    root = r.module;
    return r.end;
  });
  found(root);
  return end;
}

/** A state module object, read member by member: resources one at a time, child modules recursively. */
function readModule(
  doc: JsonBytes,
  pos: number,
  where: string,
  withDeps: boolean,
  depth = 0,
): { module: ValuesModule; end: number } {
  if (depth > MAX_MODULE_DEPTH) throw doc.refusal(pos, MODULE_DEPTH_WHY);
  const module: ValuesModule = {};
  const end = doc.forEachMember(pos, (key, vs) => {
    if (key !== "resources" && key !== "child_modules") return doc.check(vs);
    if (doc.at(vs) !== OPEN_BRACKET) {
      const { value, end } = doc.value(vs);
      lightList(value, `${where}.${key}`, doc.path);
      if (key === "resources") delete module.resources;
      else delete module.child_modules;
      return end;
    }
    if (key === "resources") {
      const list: ValuesResource[] = [];
      module.resources = list;
      return doc.forEachElement(vs, (s, i) => {
        const at = `${where}.resources[${i}]`;
        if (doc.at(s) !== OPEN_BRACE) {
          const { value, end } = doc.value(s);
          list.push(lightResource(value, at, doc.path, withDeps));
          return end;
        }
        // Only the address and depends_on are kept; the values (most of a state) are checked, not built.
        const kept: { address?: unknown; depends_on?: unknown } = {};
        const end = doc.forEachNamedMember(s, withDeps ? KEPT_WITH_DEPS : KEPT, (which, ms) => {
          if (which < 0) return doc.check(ms);
          const { value, end } = doc.value(ms);
          if (which === 0) kept.address = value;
          else kept.depends_on = value;
          return end;
        });
        list.push(lightResource(kept, at, doc.path, withDeps));
        return end;
      });
    }
    const list: ValuesModule[] = [];
    module.child_modules = list;
    return doc.forEachElement(vs, (s, i) => {
      const at = `${where}.child_modules[${i}]`;
      if (doc.at(s) !== OPEN_BRACE) {
        const { value, end } = doc.value(s);
        list.push(lightModule(value, at, doc.path, withDeps, depth + 1) ?? {});
        return end;
      }
      const r = readModule(doc, s, at, withDeps, depth + 1);
      list.push(r.module);
      return r.end;
    });
  });
  return { module, end };
}

/**
 * `configuration`: its module tree read one resource, output and call at a time, each module's dependency
 * edges added to `sink` when its object closes (called modules first, as walkModule does). Returns the end.
 */
export function readConfiguration(doc: JsonBytes, pos: number, sink: ConfigSink): number {
  let seenRoot = false;
  let seenProviders = false;
  return doc.forEachMember(pos, (key, vs) => {
    if (key === "provider_config") {
      // Small (one entry per provider configuration), and in the digest: kept as written.
      if (seenProviders) throw repeated(doc, vs, key);
      seenProviders = true;
      const { value, end } = doc.value(vs);
      refuseInexact(doc, vs, end);
      sink.providerConfig = value;
      return end;
    }
    if (key !== "root_module") return doc.check(vs);
    if (seenRoot) throw repeated(doc, vs, key);
    seenRoot = true;
    if (doc.at(vs) !== OPEN_BRACE) {
      const { value, end } = doc.value(vs);
      if (value) walkModule(liteModule(value, "configuration.root_module", doc.path), "", null, sink);
      return end;
    }
    return readConfigModule(doc, vs, "configuration.root_module", "", null, sink).end;
  });
}

/**
 * The parts of the configuration that the digest holds (provider configurations, provisioners, module
 * inputs) are refused, like changes, when a number in them would be read rounded, or when an object in them
 * repeats a key (JSON.parse would keep the last copy: `"command":"curl … | sh","command":"true"` would be
 * digested, and shown, as `true`).
 */
export function refuseInexact(doc: JsonBytes, start: number, end: number): void {
  checkNumbers(doc.buf, start, end, (at, why) => doc.refusal(at, why));
  refuseRepeatedKeys(doc, start);
}

/**
 * Walks the value at `pos` (already parsed, so valid JSON) and refuses an object with a key twice with two
 * different values (compared as written). An exact copy is tolerated: JSON.parse reads it the same either
 * way, and real plans have them (a test plan of terraform-validator repeats `uniform_bucket_level_access`).
 */
export function refuseRepeatedKeys(doc: JsonBytes, pos: number, depth = 0): number {
  const first = doc.at(pos);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return doc.valueEnd(pos);
  if (depth >= MAX_DEPTH) throw doc.refusal(pos, `nested more than ${MAX_DEPTH} levels deep`);
  if (first === OPEN_BRACKET) return doc.forEachElement(pos, (s) => refuseRepeatedKeys(doc, s, depth + 1));
  const seen = new Map<string, number>();
  const buf = doc.buf;
  return doc.forEachMember(pos, (key, vs) => {
    const end = refuseRepeatedKeys(doc, vs, depth + 1);
    const before = seen.get(key);
    if (before === undefined) seen.set(key, vs);
    else if (buf.compare(buf, before, before + (end - vs), vs, end) !== 0 || !sameEnd(doc, before, end - vs))
      throw doc.refusal(
        vs,
        `the member "${key.slice(0, 64)}" appears twice in an object, with different values`,
      );
    return end;
  });
}

/** Whether the value at `start` is exactly `length` bytes long (so equal bytes mean an equal value). */
function sameEnd(doc: JsonBytes, start: number, length: number): boolean {
  return doc.valueEnd(start) === start + length;
}

/**
 * Reading part by part cannot take back the edges an earlier copy of a member added, so a member repeated
 * in the configuration (which Terraform never writes) is refused rather than read differently.
 */
function repeated(doc: JsonBytes, at: number, key: string): InputError {
  return doc.error(at, `the member "${key.slice(0, 64)}" appears twice`);
}

/**
 * Property names in the order V8 keeps them on an object made by JSON.parse: array-index names first in
 * numeric order, then the others in order of first appearance.
 */
function inObjectOrder<T>(map: Map<string, T>): [string, T][] {
  const entries = [...map];
  if (!entries.some(([k]) => isArrayIndex(k))) return entries;
  const indices = entries.filter(([k]) => isArrayIndex(k)).sort((a, b) => Number(a[0]) - Number(b[0]));
  return [...indices, ...entries.filter(([k]) => !isArrayIndex(k))];
}

function isArrayIndex(k: string): boolean {
  return /^(0|[1-9][0-9]{0,9})$/.test(k) && Number(k) < 4294967295;
}

/**
 * One configuration module at `prefix` (called through `callNode`): its called modules are read (and their
 * edges emitted) as they come, its own edges when it closes. Returns its output names and its end.
 */
function readConfigModule(
  doc: JsonBytes,
  pos: number,
  where: string,
  prefix: string,
  callNode: string | null,
  sink: ConfigSink,
  depth = 0,
): { outputNames: string[]; end: number } {
  if (depth > MAX_MODULE_DEPTH) throw doc.refusal(pos, MODULE_DEPTH_WHY);
  let resources: ConfigModuleLite["resources"] = [];
  let outputs = new Map<string, ConfigModuleLite["outputs"][number]>();
  let calls = new Map<string, ConfigCallLite>();
  const seen = new Set<string>();
  const end = doc.forEachMember(pos, (key, vs) => {
    const first = doc.at(vs);
    if (key === "resources" || key === "outputs" || key === "module_calls") {
      if (seen.has(key)) throw repeated(doc, vs, key);
      seen.add(key);
    }
    if (key === "resources") {
      if (first !== OPEN_BRACKET) {
        const { value, end } = doc.value(vs);
        resources = configList(value, `${where}.resources`, doc.path).map((r, i) =>
          liteResource(r, `${where}.resources[${i}]`, doc.path),
        );
        return end;
      }
      const list: ConfigModuleLite["resources"] = [];
      resources = list;
      return doc.forEachElement(vs, (s, i) => {
        const { value, end } = doc.value(s);
        const r = liteResource(value, `${where}.resources[${i}]`, doc.path);
        // The digest holds a resource's provisioners and aliased provider: read exactly wherever they are,
        // and wherever provisioners are named at all (a copy written `null` after the real ones would
        // otherwise hide them). Most resources have neither, and are not walked again.
        if (r.applied || Object.hasOwn(value as object, "provisioners")) refuseInexact(doc, s, end);
        list.push(r);
        return end;
      });
    }
    if (key === "outputs") {
      const map = new Map<string, ConfigModuleLite["outputs"][number]>();
      outputs = map;
      if (first !== OPEN_BRACE) {
        const { value, end } = doc.value(vs);
        for (const [name, out] of entriesOf(value)) map.set(name, liteOutput(name, out));
        return end;
      }
      return doc.forEachMember(vs, (name, os) => {
        const { value, end } = doc.value(os);
        map.set(name, liteOutput(name, value));
        return end;
      });
    }
    if (key === "module_calls") {
      const map = new Map<string, ConfigCallLite>();
      calls = map;
      const whole = (name: string, value: unknown): void => {
        // A call parsed whole: its module tree is walked now, like a module read part by part.
        for (const c of liteModule({ module_calls: { [name]: value } }, where, doc.path, depth).calls) {
          if (c.module) {
            walkModule(c.module, `${prefix}module.${c.name}.`, `${prefix}module.${c.name}.__call`, sink);
            c.outputNames = c.module.outputs.map((o) => o.name);
            c.module = undefined;
          }
          map.set(c.name, c);
        }
      };
      if (first !== OPEN_BRACE) {
        const { value, end } = doc.value(vs);
        for (const [name, call] of entriesOf(value)) whole(name, call);
        return end;
      }
      return doc.forEachMember(vs, (name, cs) => {
        if (map.has(name)) throw repeated(doc, cs, name);
        if (doc.at(cs) !== OPEN_BRACE) {
          const { value, end } = doc.value(cs);
          whole(name, value);
          return end;
        }
        const r = readConfigCall(doc, cs, name, `${where}.module_calls.${name}`, prefix, sink, depth);
        map.set(name, r.call);
        return r.end;
      });
    }
    return doc.check(vs);
  });
  const outputList = inObjectOrder(outputs).map(([, o]) => o);
  emitModule(
    { resources, outputs: outputList, calls: inObjectOrder(calls).map(([, c]) => c) },
    prefix,
    callNode,
    sink,
  );
  return { outputNames: outputList.map((o) => o.name), end };
}

function readConfigCall(
  doc: JsonBytes,
  pos: number,
  name: string,
  where: string,
  prefix: string,
  sink: ConfigSink,
  depth: number,
): { call: ConfigCallLite; end: number } {
  // Everything but `module` is small: kept parsed (in a map, so any name is safe) and reduced at the end.
  const head = new Map<string, unknown>();
  let outputNames: string[] | undefined;
  const childPrefix = `${prefix}module.${name}.`;
  const childCall = `${prefix}module.${name}.__call`;
  const end = doc.forEachMember(pos, (key, vs) => {
    if (key !== "module") {
      if (head.has(key)) throw repeated(doc, vs, key);
      const { value, end } = doc.value(vs);
      if (key === "expressions") refuseInexact(doc, vs, end);
      head.set(key, value);
      return end;
    }
    if (outputNames) throw repeated(doc, vs, key);
    if (doc.at(vs) !== OPEN_BRACE) {
      const { value, end } = doc.value(vs);
      outputNames = [];
      if (value) {
        const mod = liteModule(value, `${where}.module`, doc.path, depth + 1);
        walkModule(mod, childPrefix, childCall, sink);
        outputNames = mod.outputs.map((o) => o.name);
      }
      return end;
    }
    const r = readConfigModule(doc, vs, `${where}.module`, childPrefix, childCall, sink, depth + 1);
    outputNames = r.outputNames;
    return r.end;
  });
  const call = liteCallHead(name, Object.fromEntries(inObjectOrder(head)));
  if (outputNames) call.outputNames = outputNames;
  return { call, end };
}
