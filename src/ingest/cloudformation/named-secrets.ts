// Values whose *sibling* names them as secrets: `{Name: DB_PASSWORD, Value: …}` pairs (ECS container
// Environment, CodeBuild EnvironmentVariables, Batch, App Runner…) and SSM parameters named like secrets. The
// shared name list only sees the key `Value`, so these are marked sensitive here, for both ingests.
import { isSecretName } from "../../model/values.js";

export type Path = (string | number)[];

/** Paths (under `base`) of values named as secrets by a sibling `Name`, in one resource definition. */
export function namedSecretPaths(root: unknown, type: string, base: Path = []): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path, depth: number): void => {
    if (v === null || typeof v !== "object" || depth > 256) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i], depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.Name === "string" && "Value" in o && isSecretName(o.Name)) out.push([...path, "Value"]);
    for (const [k, x] of Object.entries(o)) walk(x, [...path, k], depth + 1);
  };
  walk(root, base, 0);
  if (type === "AWS::SSM::Parameter" && root && typeof root === "object") {
    const props = (root as Record<string, unknown>).Properties;
    const name = props && typeof props === "object" ? (props as Record<string, unknown>).Name : undefined;
    if (typeof name === "string" && isSecretName(name)) out.push([...base, "Properties", "Value"]);
  }
  return out;
}
