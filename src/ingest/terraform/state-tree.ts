// The parts of a plan's state trees (`prior_state.values.root_module`, `planned_values.root_module`) that the
// analysis uses: each resource instance's address and, in the prior state, its depends_on. Both readers (the
// whole-document one and the streaming one) reduce a tree to this light form through the same checks.
import { InputError } from "../../model/types.js";
import { MAX_MODULE_DEPTH, moduleDepthError } from "./module-depth.js";
import type { ValuesModule, ValuesResource } from "./plan-types.js";

function shapeError(path: string, why: string): InputError {
  return new InputError(`${path}: ${why}`, path);
}

/** One state resource reduced to its address (and depends_on when `withDeps`), its shape checked. */
export function lightResource(r: unknown, where: string, path: string, withDeps: boolean): ValuesResource {
  const res = r as ValuesResource | null;
  if (typeof res !== "object" || res === null || Array.isArray(res))
    throw shapeError(path, `${where} is not an object`);
  if (typeof res.address !== "string" || res.address === "")
    throw shapeError(path, `${where} has no address`);
  const light = { address: res.address } as ValuesResource;
  if (withDeps && res.depends_on !== undefined && res.depends_on !== null) {
    if (!Array.isArray(res.depends_on) || !res.depends_on.every((d) => typeof d === "string"))
      throw shapeError(path, `${res.address}: depends_on is not a list of addresses`);
    if (res.depends_on.length) light.depends_on = res.depends_on;
  }
  return light;
}

/** A parsed state module reduced to the light tree; `undefined`/`null` is an absent module. */
export function lightModule(
  mod: unknown,
  where: string,
  path: string,
  withDeps: boolean,
  depth = 0,
): ValuesModule | undefined {
  if (mod === undefined || mod === null) return undefined;
  if (depth > MAX_MODULE_DEPTH) throw moduleDepthError(path, where.split(".")[0]);
  if (typeof mod !== "object" || Array.isArray(mod)) throw shapeError(path, `${where} is not an object`);
  const m = mod as { resources?: unknown; child_modules?: unknown };
  const out: ValuesModule = {};
  const resources = lightList(m.resources, `${where}.resources`, path);
  if (resources)
    out.resources = resources.map((r, i) => lightResource(r, `${where}.resources[${i}]`, path, withDeps));
  const children = lightList(m.child_modules, `${where}.child_modules`, path);
  if (children)
    out.child_modules = children.map(
      (c, i) => lightModule(c, `${where}.child_modules[${i}]`, path, withDeps, depth + 1) ?? {},
    );
  return out;
}

/** An optional list member: absent or null is no list, anything but an array is an input error. */
export function lightList(v: unknown, where: string, path: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw shapeError(path, `${where} is not an array`);
  return v;
}

/** `prior_state` / `planned_values` → `values.root_module` / `root_module`, as parsed values. */
export function rootOf(member: unknown, kind: "prior_state" | "planned_values"): unknown {
  if (typeof member !== "object" || member === null) return undefined;
  if (kind === "planned_values") return (member as { root_module?: unknown }).root_module;
  const values = (member as { values?: unknown }).values;
  return typeof values === "object" && values !== null
    ? (values as { root_module?: unknown }).root_module
    : undefined;
}
