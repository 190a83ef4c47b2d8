// How deep a plan's modules may nest: module calls in the configuration, child_modules in the state trees.
// The readers of both are recursive, one level of recursion per module, and a thread's stack decides how deep
// a recursion can go (a worker's is larger than the main thread's): an explicit limit, far below either,
// makes the answer the same on every thread. Real configurations nest a handful of levels.
import { InputError } from "../../model/types.js";

export const MAX_MODULE_DEPTH = 100;

export const MODULE_DEPTH_WHY = `modules nested more than ${MAX_MODULE_DEPTH} levels deep`;

/** The error for a parsed module tree deeper than MAX_MODULE_DEPTH (`what`: configuration or state tree). */
export function moduleDepthError(path: string, what: string): InputError {
  return new InputError(`${path}: ${what}: ${MODULE_DEPTH_WHY}`, path);
}
