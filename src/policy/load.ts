// Loading airlock.yaml: YAML with positions, validation against schemas/policy.schema.json, then the checks a
// schema cannot express (rule ids unique, groups defined, CEL that parses and type-checks, freeze windows
// that make sense). Every error names the file, line and column.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Document, isScalar, LineCounter, parseDocument, type Scalar, visit } from "yaml";
import { InputError } from "../model/types.js";
import { CelCompileError, type CelScope, type CompiledCel, compileCel } from "./cel.js";
import { DEFAULT_POLICY_YAML } from "./default-policy.js";
import type { FreezeDef, PolicyFile, RuleDef } from "./types.js";
import { type JsonSchema, validateYaml } from "./validate.js";

export interface CompiledRule {
  def: RuleDef;
  when: CompiledCel;
  unless?: CompiledCel;
}

export interface CompiledFreeze {
  def: FreezeDef;
  startMs?: number;
  endMs?: number;
  unless?: CompiledCel;
}

export interface LoadedPolicy {
  policy: PolicyFile;
  /** File path, or `builtin`. */
  source: string;
  rules: CompiledRule[];
  freezes: CompiledFreeze[];
}

export const BUILTIN = "builtin";
const MAX_ALIASES = 100;

let schemaCache: JsonSchema | undefined;

/** The policy JSON Schema, found by walking up from this module to the package's `schemas/` folder. */
export function policySchema(): JsonSchema {
  if (schemaCache) return schemaCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = join(dir, "schemas", "policy.schema.json");
    if (existsSync(p)) {
      schemaCache = JSON.parse(readFileSync(p, "utf8")) as JsonSchema;
      return schemaCache;
    }
    dir = dirname(dir);
  }
  throw new Error("schemas/policy.schema.json not found beside the Airlock installation");
}

/** Loads a policy file, or the built-in default policy when `path` is undefined or `builtin`. */
export function loadPolicy(path?: string): LoadedPolicy {
  if (!path || path === BUILTIN) return parsePolicy(DEFAULT_POLICY_YAML, BUILTIN);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read policy (${code === "ENOENT" ? "no such file" : (code ?? "error")})`,
      path,
    );
  }
  return parsePolicy(text, path);
}

export function parsePolicy(text: string, name: string): LoadedPolicy {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const fail = (line: number, col: number, message: string): never => {
    throw new InputError(`${name}:${line}:${col}: ${message}`, name);
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    fail(pos.line, pos.col, e.message.split("\n")[0]);
  }
  if (doc.contents === null) fail(1, 1, "the policy is empty");
  // Anchors and aliases are allowed for reuse, but an alias flood (billion laughs) is refused before the
  // document is walked or expanded.
  let aliases = 0;
  visit(doc, {
    Alias(_key, node) {
      if (++aliases > MAX_ALIASES) {
        const p = lc.linePos(node.range?.[0] ?? 0);
        fail(p.line, p.col, `more than ${MAX_ALIASES} YAML aliases; expand them or simplify the policy`);
      }
    },
  });
  const errors = validateYaml(doc, policySchema(), lc);
  if (errors.length) {
    const e = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : "";
    fail(e.line, e.col, `${e.path}: ${e.message}${more}`);
  }
  let policy: PolicyFile;
  try {
    policy = doc.toJS({ maxAliasCount: MAX_ALIASES }) as PolicyFile;
  } catch (err) {
    return fail(1, 1, `cannot expand the YAML aliases (${(err as Error).message})`);
  }
  const where = (path: (string | number)[]) => nodePos(doc, lc, path);
  const failAt = (path: (string | number)[], message: string): never => {
    const p = where(path);
    return fail(p.line, p.col, `${path.join(".")}: ${message}`);
  };
  const compile = (source: string, scope: CelScope, path: (string | number)[]): CompiledCel => {
    try {
      return compileCel(source, scope);
    } catch (err) {
      if (!(err instanceof CelCompileError)) throw err;
      const p = celPos(doc, lc, text, path, err.offset);
      return fail(p.line, p.col, `${path.join(".")}: CEL: ${err.message}`);
    }
  };

  const groups = policy.groups ?? {};
  const envNames = new Set<string>();
  (policy.environments ?? []).forEach((e, i) => {
    if (envNames.has(e.name)) failAt(["environments", i, "name"], `duplicate environment '${e.name}'`);
    envNames.add(e.name);
    if (!Object.values(e.match ?? {}).some((l) => Array.isArray(l) && l.length)) {
      failAt(
        ["environments", i, "match"],
        "needs at least one of paths, workspaces, stacks, kubeContexts, namespaces",
      );
    }
  });

  const ids = new Set<string>();
  const rules: CompiledRule[] = (policy.rules ?? []).map((r, i) => {
    if (ids.has(r.id)) failAt(["rules", i, "id"], `duplicate rule id '${r.id}'`);
    ids.add(r.id);
    if (r.approval && r.effect !== "require-approval")
      failAt(["rules", i, "approval"], "only for effect require-approval");
    if (r.evidence && r.effect !== "require-evidence")
      failAt(["rules", i, "evidence"], "only for effect require-evidence");
    if (r.effect === "require-evidence" && !r.evidence)
      failAt(["rules", i], "effect require-evidence needs 'evidence' (junit, terraform-test or tests)");
    r.approval?.groups?.forEach((g, j) => {
      if (!groups[g])
        failAt(["rules", i, "approval", "groups", j], `group '${g}' is not defined under 'groups'`);
    });
    const scope: CelScope = r.forEach ?? "global";
    return {
      def: r,
      when: compile(r.when, scope, ["rules", i, "when"]),
      unless: r.unless ? compile(r.unless, scope, ["rules", i, "unless"]) : undefined,
    };
  });

  const freezes: CompiledFreeze[] = (policy.freezes ?? []).map((f, i) => {
    const hasWindow = f.start !== undefined || f.end !== undefined;
    if (!hasWindow && !f.weekly) failAt(["freezes", i], "needs start and end, or weekly");
    if (hasWindow && (f.start === undefined || f.end === undefined))
      failAt(["freezes", i], "needs both start and end");
    let startMs: number | undefined;
    let endMs: number | undefined;
    if (hasWindow) {
      startMs = parseTime(f.start as string);
      endMs = parseTime(f.end as string);
      if (Number.isNaN(startMs)) failAt(["freezes", i, "start"], "not a valid time");
      if (Number.isNaN(endMs)) failAt(["freezes", i, "end"], "not a valid time");
      if ((endMs as number) <= (startMs as number)) failAt(["freezes", i, "end"], "must be after start");
    }
    if (f.weekly) {
      // The days must follow one another (wrapping over the week's end): the days between the first and the
      // last are frozen all day, so a gap would silently freeze nothing there.
      const order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
      const days = f.weekly.days;
      if (days.length > 7) failAt(["freezes", i, "weekly", "days"], "at most 7 days");
      for (let j = 1; j < days.length; j++) {
        if (order.indexOf(days[j]) !== (order.indexOf(days[j - 1]) + 1) % 7)
          failAt(
            ["freezes", i, "weekly", "days"],
            `days must be consecutive (${days[j - 1]} is followed by ${days[j]}); use one freeze per window`,
          );
      }
      if (days.length === 1 && (f.weekly.from ?? "00:00") >= (f.weekly.to ?? "24:00"))
        failAt(
          ["freezes", i, "weekly"],
          `from ${f.weekly.from ?? "00:00"} is not before to ${f.weekly.to ?? "24:00"} on the single day ${days[0]}: the window would never be in force (list both days for an overnight window)`,
        );
    }
    if (f.weekly?.timezone) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: f.weekly.timezone });
      } catch {
        failAt(["freezes", i, "weekly", "timezone"], `unknown time zone '${f.weekly.timezone}'`);
      }
    }
    return {
      def: f,
      startMs,
      endMs,
      unless: f.unless ? compile(f.unless, "global", ["freezes", i, "unless"]) : undefined,
    };
  });

  return { policy, source: name, rules, freezes };
}

function parseTime(s: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s.replace(" ", "T");
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}Z`;
  return Date.parse(withZone);
}

function nodePos(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const p = lc.linePos(node.range[0]);
      return { line: p.line || 1, col: p.col || 1 };
    }
  }
  return { line: 1, col: 1 };
}

/** Position of `offset` inside the CEL text of a scalar, for plain, quoted and block scalars. */
function celPos(
  doc: Document,
  lc: LineCounter,
  text: string,
  path: (string | number)[],
  offset: number,
): { line: number; col: number } {
  const node = doc.getIn(path, true) as Scalar | undefined;
  if (!node || !isScalar(node) || !node.range) return nodePos(doc, lc, path);
  const start = node.range[0];
  const value = String(node.value);
  const before = value.slice(0, Math.max(0, Math.min(offset, value.length)));
  const lineIdx = before.split("\n").length - 1;
  const colInLine = before.length - (before.lastIndexOf("\n") + 1);
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
    // Content starts on the line after the header; literal keeps line breaks, folded turns them into
    // spaces — either way one character per break, so walk the raw lines.
    const header = lc.linePos(start);
    const endLine = lc.linePos(node.range[1]).line;
    const rawLines = text.split("\n");
    let remaining = Math.max(0, offset);
    for (let ln = header.line; ln < Math.max(endLine, header.line + 1) && ln < rawLines.length; ln++) {
      const raw = rawLines[ln];
      const indent = raw.length - raw.trimStart().length;
      const content = raw.slice(indent);
      if (remaining <= content.length) return { line: ln + 1, col: indent + remaining + 1 };
      remaining -= content.length + 1;
    }
    return { line: header.line + 1, col: 1 };
  }
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0;
  if (lineIdx === 0) {
    const p = lc.linePos(start + quoted + colInLine);
    return { line: p.line, col: p.col };
  }
  const p = lc.linePos(start);
  return { line: p.line + lineIdx, col: colInLine + 1 };
}
