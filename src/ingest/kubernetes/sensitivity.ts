// Which parts of a manifest are secret: Secret data/stringData, env values whose names mark them as secret,
// command-line arguments that pass a secret-named flag a value,
// and the last-applied-configuration annotation (a copy of the whole object, secrets included). Expressed as
// sensitivity markers so the shared redaction (reports) and scrubbing (messages) handle them.

import { isSecretFlag } from "../../model/secret-commands.js";
import type { SensitivityMarks } from "../../model/types.js";
import { isSecretName } from "../../model/values.js";
import { CONTAINER_LISTS, podSpecPath } from "./pod-spec.js";
import { getIn } from "./values.js";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Marks = { [key: string]: SensitivityMarks };

function setIn(root: Marks, path: readonly (string | number)[]): void {
  let cur: Marks = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = String(path[i]);
    const next = cur[k];
    if (next === undefined || typeof next !== "object" || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Marks;
  }
  cur[String(path[path.length - 1])] = true;
}

/** `--db-password=x`, `PASSWORD=x`, `token: x` inside an argument (also inside an `sh -c` script). */
const ASSIGNED = /(?:^|[\s'"])-{0,2}([A-Za-z][A-Za-z0-9_.-]*)[=:]\S/g;

/** Indexes of container command/args entries that hold a secret given on the command line. */
function secretArguments(argv: readonly unknown[]): number[] {
  const out: number[] = [];
  argv.forEach((a, i) => {
    if (typeof a !== "string") return;
    for (const m of a.matchAll(ASSIGNED))
      if (isSecretName(m[1])) {
        out.push(i);
        return;
      }
    if (isSecretFlag(a) && typeof argv[i + 1] === "string") out.push(i + 1);
  });
  return out;
}

/** Sensitivity markers for one object (`false` when nothing in it is secret). */
export function sensitiveMarks(obj: Record<string, unknown> | null, type: string): SensitivityMarks {
  if (!obj) return false;
  const marks: Marks = {};
  const annotations = getIn(obj, ["metadata", "annotations"]);
  if (annotations && typeof annotations === "object" && LAST_APPLIED in annotations)
    setIn(marks, ["metadata", "annotations", LAST_APPLIED]);
  if (type === "core/Secret") {
    setIn(marks, ["data"]);
    setIn(marks, ["stringData"]);
  }
  const specPath = podSpecPath(obj);
  if (specPath) {
    const spec = getIn(obj, specPath);
    if (spec && typeof spec === "object") {
      for (const list of CONTAINER_LISTS) {
        const cs = (spec as Record<string, unknown>)[list];
        if (!Array.isArray(cs)) continue;
        cs.forEach((c, ci) => {
          if (c && typeof c === "object")
            for (const field of ["command", "args"] as const) {
              const argv = (c as Record<string, unknown>)[field];
              if (Array.isArray(argv))
                for (const i of secretArguments(argv)) setIn(marks, [...specPath, list, ci, field, i]);
            }
          const env = c && typeof c === "object" ? (c as Record<string, unknown>).env : undefined;
          if (!Array.isArray(env)) return;
          env.forEach((e, ei) => {
            if (e && typeof e === "object") {
              const name = (e as Record<string, unknown>).name;
              if (typeof name === "string" && isSecretName(name) && "value" in e)
                setIn(marks, [...specPath, list, ci, "env", ei, "value"]);
            }
          });
        });
      }
    }
  }
  return Object.keys(marks).length ? marks : false;
}
