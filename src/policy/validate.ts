// Validates a YAML document against a JSON Schema, walking the YAML syntax tree so that every error names
// the line and column it is about. Supports the keywords schemas/policy.schema.json uses: type,
// properties, required, additionalProperties, items, enum, const, pattern, minimum, maximum, minItems,
// minLength, anyOf, $ref (to #/$defs/…). Unknown keywords are ignored (description, $id, …).
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";

export interface JsonSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  description?: string;
}

export interface SchemaError {
  path: string;
  message: string;
  line: number;
  col: number;
}

export function validateYaml(doc: Document, schema: JsonSchema, lc: LineCounter): SchemaError[] {
  const errors: SchemaError[] = [];
  const root = schema;
  const at = (node: Node | null | undefined, fallback: number): { line: number; col: number } => {
    const off = node?.range?.[0] ?? fallback;
    const p = lc.linePos(off);
    return { line: p.line || 1, col: p.col || 1 };
  };

  const resolve = (s: JsonSchema): JsonSchema => {
    let cur = s;
    for (let guard = 0; cur.$ref && guard < 20; guard++) {
      const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref);
      const target = m ? root.$defs?.[m[1]] : undefined;
      if (!target) throw new Error(`schema: unresolvable $ref ${cur.$ref}`);
      const { $ref: _drop, ...rest } = cur;
      cur = { ...target, ...rest };
    }
    return cur;
  };

  const typeOf = (node: Node | null | undefined): string => {
    if (node === null || node === undefined) return "null";
    if (isMap(node)) return "object";
    if (isSeq(node)) return "array";
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || v === undefined) return "null";
      if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
      if (typeof v === "boolean") return "boolean";
      if (typeof v === "string") return "string";
      return typeof v;
    }
    return "unknown";
  };

  const describe = (t: string) =>
    t === "object" ? "a mapping" : t === "array" ? "a list" : t === "null" ? "empty" : `a ${t}`;

  const walk = (
    nodeIn: Node | null | undefined,
    sIn: JsonSchema,
    path: string,
    offset: number,
    out: SchemaError[],
  ) => {
    let node = nodeIn;
    if (node && isAlias(node)) node = node.resolve(doc) as Node | undefined;
    const s = resolve(sIn);
    const err = (message: string, n: Node | null | undefined = node) =>
      out.push({ path: path || "(top)", message, ...at(n, offset) });

    if (s.anyOf) {
      const branches = s.anyOf.map((b) => {
        const e: SchemaError[] = [];
        walk(node, b, path, offset, e);
        return e;
      });
      if (!branches.some((b) => b.length === 0)) {
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        out.push(...best);
      }
      return;
    }
    const t = typeOf(node);
    const value = node && isScalar(node) ? node.value : undefined;
    if ("const" in s && !(isScalar(node) && value === s.const)) {
      err(`must be ${JSON.stringify(s.const)}`);
      return;
    }
    if (s.enum) {
      if (!(isScalar(node) && s.enum.includes(value))) {
        err(
          `must be one of ${s.enum.map((v) => String(v)).join(", ")}${isScalar(node) ? ` (got ${JSON.stringify(value)})` : ""}`,
        );
      }
      return;
    }
    if (s.type) {
      const ok = s.type === t || (s.type === "number" && t === "integer");
      if (!ok) {
        err(`must be ${describe(s.type)}, not ${describe(t)}`);
        return;
      }
    }
    if (t === "string" && typeof value === "string") {
      if (s.minLength !== undefined && value.length < s.minLength)
        err(s.minLength === 1 ? "must not be empty" : `must have at least ${s.minLength} characters`);
      if (s.pattern && !new RegExp(s.pattern).test(value))
        err(`${JSON.stringify(value)} does not match ${s.pattern}`);
    }
    if ((t === "integer" || t === "number") && typeof value === "number") {
      if (s.minimum !== undefined && value < s.minimum) err(`must be at least ${s.minimum}`);
      if (s.maximum !== undefined && value > s.maximum) err(`must be at most ${s.maximum}`);
    }
    if (node && isSeq(node)) {
      if (s.minItems !== undefined && node.items.length < s.minItems)
        err(`must have at least ${s.minItems} item(s)`);
      if (s.items) {
        const items = s.items;
        const start = node.range?.[0] ?? offset;
        node.items.forEach((item, i) => {
          walk(item as Node, items, `${path}[${i}]`, start, out);
        });
      }
    }
    if (node && isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        seen.add(key);
        const childPath = path ? `${path}.${key}` : key;
        const propSchema = s.properties?.[key];
        const valueNode = pair.value as Node | null;
        const valueOffset = keyNode?.range?.[0] ?? offset;
        if (propSchema) walk(valueNode, propSchema, childPath, valueOffset, out);
        else if (s.additionalProperties === false) {
          const known = Object.keys(s.properties ?? {});
          const hint = suggest(key, known);
          out.push({
            path: childPath,
            message: `unknown key${hint ? ` (did you mean '${hint}'?)` : known.length ? ` (allowed: ${known.join(", ")})` : ""}`,
            ...at(keyNode, offset),
          });
        } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
          walk(valueNode, s.additionalProperties, childPath, valueOffset, out);
        }
      }
      for (const req of s.required ?? []) if (!seen.has(req)) err(`missing required key '${req}'`);
    }
  };

  walk(doc.contents as Node | null, schema, "", 0, errors);
  return errors;
}

function suggest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
