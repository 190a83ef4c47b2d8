// The guard's tool catalog is data: one entry per tool, each a list of rules matched against the tool's
// action words (subcommands) and flags. Classification functions exist only where the payload itself must
// be read (SQL text, Mongo shell code, Redis commands, file paths); they live beside their entry.
import type { Category } from "../../model/types.js";
import type { Effect, Operation } from "../types.js";

/** One word of a command after the shell has parsed it. */
export interface Arg {
  /** The word's value when `literal`; otherwise a readable rendering of its source (`$X`, `$(…)`). */
  text: string;
  /** Fully known statically (no expansion, no glob). */
  literal: boolean;
  /** An unquoted expansion that may split into several words (and so inject flags). */
  splits: boolean;
  /** Unquoted pathname-expansion characters. */
  glob: boolean;
}

/** Where a command's standard input comes from, as far as the command line shows. */
export type StdinSource =
  | { kind: "none" }
  | { kind: "text"; text: string; from: string }
  | { kind: "file"; path: string; from: string }
  | { kind: "unknown"; from: string };

/** A tool invocation handed to the catalog. */
export interface Invocation {
  /** Program name as written (`/usr/local/bin/terraform`). */
  program: string;
  /** Basename used for lookup (`terraform`). */
  name: string;
  args: Arg[];
  /** Environment assignments visible on the command line (`TF_CLI_ARGS=…`). */
  env: Record<string, Arg>;
  stdin: StdinSource;
  via: string[];
  cwd?: string;
}

export interface FlagCondition {
  /** Any of these flags is present (names without leading dashes; `=value` forms count). */
  flag?: string[];
  /** Any of these flags is present without a value (`--dry-run` alone). */
  flagBare?: string[];
  /** A flag's value matches (case-insensitive regular expression source). */
  flagValue?: { names: string[]; pattern: string };
  /** Any argument (positional or value) matches (case-insensitive regular expression source). */
  argMatches?: string;
}

export interface Rule {
  /**
   * Action words to match, space separated: `destroy`, `state rm`, `s3 rb`. `*` matches any one word; a
   * trailing `*` on a word matches by prefix (`delete-*`). Matching is on the leading positional words.
   */
  action: string;
  effect: Effect;
  category?: Category | "protection";
  reason: string;
  /** The rule applies only when all of these hold. */
  when?: FlagCondition;
  /** The rule does not apply when any of these hold. */
  unless?: FlagCondition;
  /** Positional index (after the action words) of a saved plan / manifest this action applies. */
  applies?: { kind: NonNullable<Operation["applies"]>["kind"]; from: "positional" | "flag-f" };
}

export interface DangerousFlag {
  /** Flag names (without dashes). */
  names: string[];
  /** Value pattern (case-insensitive); absent: the flag's presence is enough. */
  value?: string;
  category: Category | "protection";
  reason: string;
}

export interface ToolEntry {
  /** Catalog id, reported as `tool`. */
  id: string;
  /** Program names that invoke it. */
  programs: string[];
  /** One line for the catalog document. */
  summary: string;
  /** Options (without dashes) that take a separate value, so their values are not read as action words. */
  valueOptions?: string[];
  /**
   * Every `--long` option takes the next word as its value unless listed as boolean (or `--no-…`): the cloud
   * CLIs, whose options are almost all valued.
   */
  longOptionsTakeValues?: { booleans: string[] };
  /** Flags that make every invocation read-only (help, dry runs). */
  readOnly?: FlagCondition[];
  /** Flags that make any non-read-only invocation destructive (opening to the internet, removing protection). */
  dangerous?: DangerousFlag[];
  /** First matching rule wins. */
  rules: Rule[];
  /**
   * For CLIs shaped `<group…> <verb> <resource…>` (gcloud, az): when no rule matches, the first positional
   * word after the top-level group that matches one of these one-word rules is the verb.
   */
  verbRules?: Rule[];
  /** For actions no rule matches. */
  fallback: { effect: Effect; reason: string };
  /** Rewrites the arguments before matching (Terragrunt's `run-all`, Terraform's `TF_CLI_ARGS`). */
  prepareArgs?: (inv: Invocation) => Arg[] | { unresolved: string };
  /** For payload tools: replaces rule matching. */
  classify?: (inv: Invocation, helpers: ClassifyHelpers) => Classified[];
  /** Extra notes for the catalog document. */
  notes?: string[];
}

/** What a classify function returns: operations (without the common fields) or unresolved parts. */
export type Classified =
  | {
      kind: "op";
      action: string;
      effect: Effect;
      reason: string;
      target?: string;
      category?: Operation["category"];
    }
  | { kind: "unresolved"; reason: string };

export interface ClassifyHelpers {
  /** Reads a small text file relative to the invocation's cwd; undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Classifies a nested shell command line (psql `\!`, kubectl exec … -- cmd). */
  classifyShell(text: string, via: string): void;
}
