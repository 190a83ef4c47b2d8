// CEL (Common Expression Language) for rule conditions, through @marcbachmann/cel-js. Three environments:
// whole-change rules, per-change rules (`change` bound) and per-finding rules (`finding` bound). Every
// variable is declared, so a typo (`enviroment.name`) or a misplaced `change` fails when the policy loads.
import { Environment, type ParseResult } from "@marcbachmann/cel-js";
import { SEVERITIES } from "../model/types.js";
import { matchGlob } from "./glob.js";
import { CRITICALITIES } from "./types.js";

export type CelScope = "global" | "change" | "finding";

export const GLOBAL_VARIABLES = [
  "assessment",
  "summary",
  "risk",
  "changes",
  "findings",
  "provenance",
  "environment",
  "evidence",
  "now",
] as const;

function severityRank(s: string): bigint {
  return BigInt(s === "none" ? -1 : SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]));
}

function criticalityRank(s: string): bigint {
  return BigInt(CRITICALITIES.indexOf(s as (typeof CRITICALITIES)[number]));
}

function checkedSeverity(s: string): string {
  if (s !== "none" && !(SEVERITIES as readonly string[]).includes(s))
    throw new Error(`unknown severity '${s}'`);
  return s;
}

function base(): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: false });
  for (const v of GLOBAL_VARIABLES) env.registerVariable(v, "dyn");
  env
    .registerFunction("severityRank(string): int", (s: string) => severityRank(checkedSeverity(s)))
    .registerFunction(
      "severityAtLeast(string, string): bool",
      (s: string, min: string) => severityRank(checkedSeverity(s)) >= severityRank(checkedSeverity(min)),
    )
    .registerFunction("criticalityRank(string): int", (s: string) => {
      const r = criticalityRank(s);
      if (r < 0n) throw new Error(`unknown criticality '${s}'`);
      return r;
    })
    .registerFunction("glob(string, string): bool", (value: string, pattern: string) =>
      matchGlob(value, pattern),
    );
  return env;
}

let envs: Record<CelScope, Environment> | undefined;

function environments(): Record<CelScope, Environment> {
  if (!envs) {
    const global = base();
    const change = base().registerVariable("change", "dyn");
    const finding = base().registerVariable("finding", "dyn");
    envs = { global, change, finding };
  }
  return envs;
}

export class CelCompileError extends Error {
  constructor(
    message: string,
    /** Offset in the expression text where the problem is. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface CompiledCel {
  source: string;
  scope: CelScope;
  program: ParseResult;
}

/** Parses and type-checks; throws CelCompileError with the offset of the problem. */
export function compileCel(source: string, scope: CelScope): CompiledCel {
  const env = environments()[scope];
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch (err) {
    throw toCompileError(err);
  }
  const checked = program.check();
  if (!checked.valid) throw toCompileError(checked.error);
  if (checked.type && checked.type !== "bool" && checked.type !== "dyn") {
    throw new CelCompileError(`condition must be a bool, not ${checked.type}`, 0);
  }
  return { source, scope, program };
}

function toCompileError(err: unknown): CelCompileError {
  const e = err as {
    summary?: string;
    message?: string;
    range?: { start: number };
    node?: { start?: number; pos?: number };
  };
  const message = e?.summary ?? String(e?.message ?? err).split("\n")[0];
  const offset = e?.range?.start ?? e?.node?.start ?? e?.node?.pos ?? 0;
  return new CelCompileError(message, offset);
}

export type CelOutcome = { ok: true; value: boolean } | { ok: false; error: string };

/** Evaluates a condition. Errors and non-bool results are reported, never thrown. */
export function evaluateCel(expr: CompiledCel, activation: Record<string, unknown>): CelOutcome {
  try {
    const v = expr.program(activation);
    if (typeof v === "boolean") return { ok: true, value: v };
    if (v && typeof (v as Promise<unknown>).then === "function")
      return { ok: false, error: "condition is asynchronous" };
    return { ok: false, error: `condition returned ${v === null ? "null" : typeof v}, not a bool` };
  } catch (err) {
    const e = err as { summary?: string; message?: string };
    return { ok: false, error: e?.summary ?? String(e?.message ?? err).split("\n")[0] };
  }
}
