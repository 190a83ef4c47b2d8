// Intrinsic functions in template values: which logical ids a value references (Ref, Fn::GetAtt, Fn::Sub
// `${X}` / `${X.Attr}`), and which values are intrinsics rather than literals.

/** Pseudo parameters (`AWS::Region`…) are never resources. */
export function isPseudoParameter(name: string): boolean {
  return name.startsWith("AWS::");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{ "Ref": … }`, `{ "Fn::X": … }` or `{ "Condition": … }` with a single key. */
export function intrinsicName(v: unknown): string | null {
  if (!isObject(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const k = keys[0];
  return k === "Ref" || k === "Condition" || k.startsWith("Fn::") ? k : null;
}

const SUB_VAR = /\$\{([^}!][^}]*)\}/g;

/** Names referenced by a Fn::Sub template string (`${X}`, `${X.Attr}`; `${!Literal}` is not a reference). */
export function subReferences(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(SUB_VAR)) {
    const name = m[1].trim();
    out.push(name.split(".")[0]);
  }
  return out;
}

export interface Reference {
  /** Logical id or parameter name referenced. */
  target: string;
  /** Path of the referencing value inside the walked value. */
  path: (string | number)[];
}

/** Every Ref/GetAtt/Sub reference inside a value, with where it is. Iterative. */
export function collectReferences(value: unknown, base: (string | number)[] = []): Reference[] {
  const out: Reference[] = [];
  const stack: [unknown, (string | number)[]][] = [[value, base]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], [...path, i]]);
      continue;
    }
    const fn = intrinsicName(v);
    const arg = fn ? (v as Record<string, unknown>)[fn] : undefined;
    if (fn === "Ref") {
      if (typeof arg === "string") out.push({ target: arg, path });
      continue;
    }
    if (fn === "Fn::GetAtt") {
      const target = Array.isArray(arg) ? arg[0] : typeof arg === "string" ? arg.split(".")[0] : undefined;
      if (typeof target === "string") out.push({ target, path });
      else stack.push([arg, path]);
      continue;
    }
    if (fn === "Fn::Sub") {
      let tpl: unknown = arg;
      let vars: Set<string> | null = null;
      if (Array.isArray(arg)) {
        tpl = arg[0];
        if (isObject(arg[1])) {
          vars = new Set(Object.keys(arg[1]));
          stack.push([arg[1], path]);
        }
      }
      if (typeof tpl === "string")
        for (const name of subReferences(tpl)) if (!vars?.has(name)) out.push({ target: name, path });
      continue;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) stack.push([x, [...path, k]]);
  }
  return out;
}
