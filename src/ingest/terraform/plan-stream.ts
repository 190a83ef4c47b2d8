// Reads a Terraform plan JSON straight from its bytes, one part at a time, into the same ChangeSet that
// `normalizePlan(validatePlan(JSON.parse(text)))` gives (tested on every fixture, generated plans and the
// corpus). Each resource change is parsed on its own and reduced to what the analysis keeps; the state trees
// are reduced to addresses and depends_on one resource at a time. The whole document is never one string or
// one object tree. Nothing is skipped: every member is parsed, so a syntax error anywhere is an error, and
// the checks of validatePlan run on every part.

import { MAX_ATTRIBUTE_DEPTH } from "../../model/attribute-diff.js";
import type { ChangeSet } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { JsonBytes } from "../json-bytes.js";
import { ChangeScanner, scanChange } from "./change-scan.js";
import {
  type ConfigCallLite,
  type ConfigModuleLite,
  configList,
  entriesOf,
  liteCallHead,
  liteConfiguration,
  liteModule,
  liteOutput,
  liteResource,
} from "./graph-edges.js";
import { PlanBuilder, type PlanHeader } from "./normalize.js";
import {
  checkDeferredChange,
  checkOutputChanges,
  checkResourceChange,
  validatePlanHeader,
} from "./plan-reader.js";
import type {
  ChangeJson,
  ConfigurationJson,
  DeferredChangeJson,
  ResourceChangeJson,
  ValuesModule,
  ValuesResource,
} from "./plan-types.js";
import { lightList, lightModule, lightResource, rootOf } from "./state-tree.js";

const OPEN_BRACE = 0x7b;

/**
 * Deepest nesting of a resource change element: the element and its `change` take two levels, and the
 * attribute diff walks MAX_ATTRIBUTE_DEPTH levels below a value (`before`, `after`…). Deeper input is
 * rejected here, while reading, never halfway through writing a report.
 */
const CHANGE_MAX_DEPTH = MAX_ATTRIBUTE_DEPTH + 2;
const OPEN_BRACKET = 0x5b;

/**
 * Members read part by part when they have their usual JSON type (the first byte given here); every other
 * member, and these with any other type, is parsed whole and judged exactly as on the whole document.
 */
const STREAMED = new Map([
  ["resource_changes", OPEN_BRACKET],
  ["resource_drift", OPEN_BRACKET],
  ["deferred_changes", OPEN_BRACKET],
  ["configuration", OPEN_BRACE],
  ["prior_state", OPEN_BRACE],
  ["planned_values", OPEN_BRACE],
]);

/** The order errors are reported in: as validatePlan, then normalizePlan, would meet them. */
enum Phase {
  CheckChanges = 0,
  CheckDrift = 1,
  CheckDeferred = 2,
  CheckOutputs = 3,
  Changes = 4,
  Drift = 5,
  Deferred = 6,
  Outputs = 7,
}

/** Reads the plan whose JSON object starts at `bytes[start]` (valid UTF-8, any BOM already skipped). */
export function readPlanBytes(bytes: Buffer, path: string, start = 0): ChangeSet {
  const doc = new JsonBytes(bytes, path);
  const pos = doc.skipWs(start);
  if (bytes[pos] !== OPEN_BRACE) throw doc.error(pos, "expected an object");

  const errors: (InputError | undefined)[] = [];
  const record = (phase: Phase, err: unknown): void => {
    if (!(err instanceof InputError)) throw err;
    if (!errors[phase]) errors[phase] = err;
  };
  const builder = new PlanBuilder(path);
  // The skeleton holds the small members and, for each streamed one, an empty stand-in of the same JSON
  // type, so the document-level checks see what they would see on the whole document.
  const skeleton: Record<string, unknown> = {};
  const seen = new Set<string>();
  const streamed = new Set<string>();

  const end = doc.forEachMember(pos, (key, vs) => {
    // JSON.parse would keep the last of two members with one name; a plan never repeats one, and reading
    // part by part cannot take back what an earlier copy added, so a repeat is refused.
    if (seen.has(key)) throw doc.error(vs, `the member "${key.slice(0, 64)}" appears twice`);
    seen.add(key);
    if (key === "__proto__") return doc.check(vs);
    if (STREAMED.get(key) !== bytes[vs]) {
      const { value, end } = doc.value(vs);
      skeleton[key] = value;
      return end;
    }
    skeleton[key] = bytes[vs] === OPEN_BRACKET ? [] : {};
    streamed.add(key);
    switch (key) {
      case "configuration":
        return readConfiguration(doc, vs, builder);
      case "prior_state":
        return readRoot(doc, vs, ["values", "root_module"], "prior_state.values.root_module", true, (root) =>
          builder.setPriorState(root),
        );
      case "planned_values":
        return readRoot(doc, vs, ["root_module"], "planned_values.root_module", false, (root) =>
          builder.setPlannedValues(root),
        );
      case "resource_changes": {
        const scanner = new ChangeScanner(CHANGE_MAX_DEPTH);
        return doc.forEachElement(vs, (s, i) => {
          // An object is scanned for its end and the digest's byte ranges, and parsed; anything else is only
          // parsed (the check below rejects it).
          const scan =
            bytes[s] === OPEN_BRACE ? scanChange(scanner, bytes, s, (at, why) => doc.error(at, why)) : null;
          const e = scan ? scan.end : doc.valueEnd(s);
          const v = doc.parse(s, e);
          if (errors[Phase.CheckChanges]) return e;
          try {
            checkResourceChange(v, `resource_changes[${i}]`, path);
          } catch (err) {
            record(Phase.CheckChanges, err);
            return e;
          }
          try {
            builder.addResourceChange(v as ResourceChangeJson, scan ? { bytes, scan } : undefined);
          } catch (err) {
            record(Phase.Changes, err);
          }
          return e;
        });
      }
      case "resource_drift":
        return eachElement(doc, vs, (v, i) => {
          try {
            checkResourceChange(v, `resource_drift[${i}]`, path);
          } catch (err) {
            record(Phase.CheckDrift, err);
            return;
          }
          try {
            builder.addDrift(v as ResourceChangeJson);
          } catch (err) {
            record(Phase.Drift, err);
          }
        });
      default: // deferred_changes
        return eachElement(doc, vs, (v, i) => {
          try {
            checkDeferredChange(v, i, path);
          } catch (err) {
            record(Phase.CheckDeferred, err);
            return;
          }
          try {
            builder.addDeferred(v as DeferredChangeJson);
          } catch (err) {
            record(Phase.Deferred, err);
          }
        });
    }
  });
  doc.expectEnd(end);

  // Members that were present with an unusual type were parsed whole: judge them as the whole-document
  // reader would.
  if (!streamed.has("configuration"))
    builder.setConfiguration(liteConfiguration(skeleton.configuration, path));
  if (!streamed.has("prior_state"))
    builder.setPriorState(
      lightModule(rootOf(skeleton.prior_state, "prior_state"), "prior_state.values.root_module", path, true),
    );
  if (!streamed.has("planned_values"))
    builder.setPlannedValues(
      lightModule(
        rootOf(skeleton.planned_values, "planned_values"),
        "planned_values.root_module",
        path,
        false,
      ),
    );
  const outputs = skeleton.output_changes;
  try {
    checkOutputChanges(outputs, path);
    try {
      builder.setOutputChanges(outputs as Record<string, ChangeJson> | undefined);
    } catch (err) {
      record(Phase.Outputs, err);
    }
  } catch (err) {
    record(Phase.CheckOutputs, err);
  }

  validatePlanHeader(skeleton, path);
  for (const err of errors) if (err) throw err;
  return builder.finish(skeleton as unknown as PlanHeader);
}

/** Calls `each` with every element of the array at `pos`, parsed one at a time; returns the array's end. */
function eachElement(doc: JsonBytes, pos: number, each: (value: unknown, index: number) => void): number {
  return doc.forEachElement(pos, (s, i) => {
    const e = doc.valueEnd(s);
    each(doc.parse(s, e), i);
    return e;
  });
}

/**
 * Follows `route` (member names) from the object at `pos` to a state module, reads it as a light tree one
 * resource at a time and hands it to `found` (not called when the route leads nowhere, exactly where the
 * whole-document reader finds no module). Members off the route are parsed and dropped. Returns the end.
 */
function readRoot(
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
): { module: ValuesModule; end: number } {
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
        const end = doc.forEachMember(s, (k, ms) => {
          if (k === "address" || (withDeps && k === "depends_on")) {
            const { value, end } = doc.value(ms);
            kept[k] = value;
            return end;
          }
          return doc.check(ms);
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
        list.push(lightModule(value, at, doc.path, withDeps) ?? {});
        return end;
      }
      const r = readModule(doc, s, at, withDeps);
      list.push(r.module);
      return r.end;
    });
  });
  return { module, end };
}

/** `configuration`: its root module reduced to the light form one resource, output and call at a time. */
function readConfiguration(doc: JsonBytes, pos: number, builder: PlanBuilder): number {
  let root: ConfigModuleLite | undefined;
  const end = doc.forEachMember(pos, (key, vs) => {
    if (key !== "root_module") return doc.check(vs);
    if (doc.at(vs) !== OPEN_BRACE) {
      const { value, end } = doc.value(vs);
      root = value ? liteModule(value, "configuration.root_module", doc.path) : undefined;
      return end;
    }
    const r = readConfigModule(doc, vs, "configuration.root_module");
    root = r.module;
    return r.end;
  });
  builder.setConfiguration(root);
  return end;
}

/**
 * Property names in the order V8 keeps them on an object made by JSON.parse: array-index names first in
 * numeric order, then the others in order of first appearance (a repeated name keeps its first place and its
 * last value, which a Map gives).
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

function readConfigModule(
  doc: JsonBytes,
  pos: number,
  where: string,
): { module: ConfigModuleLite; end: number } {
  let resources: ConfigModuleLite["resources"] = [];
  let outputs = new Map<string, ConfigModuleLite["outputs"][number]>();
  let calls = new Map<string, ConfigCallLite>();
  const end = doc.forEachMember(pos, (key, vs) => {
    const first = doc.at(vs);
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
        list.push(liteResource(value, `${where}.resources[${i}]`, doc.path));
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
      if (first !== OPEN_BRACE) {
        const { value, end } = doc.value(vs);
        for (const c of liteModule({ module_calls: value }, where, doc.path).calls) map.set(c.name, c);
        return end;
      }
      return doc.forEachMember(vs, (name, cs) => {
        if (doc.at(cs) !== OPEN_BRACE) {
          const { value, end } = doc.value(cs);
          const [c] = liteModule({ module_calls: { [name]: value } }, where, doc.path).calls;
          map.set(name, c);
          return end;
        }
        const r = readConfigCall(doc, cs, name, `${where}.module_calls.${name}`);
        map.set(name, r.call);
        return r.end;
      });
    }
    return doc.check(vs);
  });
  return {
    module: {
      resources,
      outputs: inObjectOrder(outputs).map(([, o]) => o),
      calls: inObjectOrder(calls).map(([, c]) => c),
    },
    end,
  };
}

function readConfigCall(
  doc: JsonBytes,
  pos: number,
  name: string,
  where: string,
): { call: ConfigCallLite; end: number } {
  // Everything but `module` is small: kept parsed (in a map, so any name is safe) and reduced at the end.
  const head = new Map<string, unknown>();
  let module: ConfigModuleLite | undefined;
  let hasModule = false;
  const end = doc.forEachMember(pos, (key, vs) => {
    if (key !== "module") {
      const { value, end } = doc.value(vs);
      head.set(key, value);
      return end;
    }
    hasModule = true;
    if (doc.at(vs) !== OPEN_BRACE) {
      const { value, end } = doc.value(vs);
      module = value ? liteModule(value, `${where}.module`, doc.path) : undefined;
      return end;
    }
    const r = readConfigModule(doc, vs, `${where}.module`);
    module = r.module;
    return r.end;
  });
  const call = liteCallHead(name, Object.fromEntries(inObjectOrder(head)));
  if (hasModule && module) call.module = module;
  return { call, end };
}
