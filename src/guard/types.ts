// What the guard reports about a command line. `guard check --format json`, the MCP `guard_check` tool and
// the ledger entries all use this shape (schemaVersion 1).
import type { Category } from "../model/types.js";

export type Effect = "destructive" | "mutating" | "read-only";
export type Verdict = "allow" | "ask" | "deny";

/** One operation the command would perform with a catalogued tool. */
export interface Operation {
  /** Catalog entry id (`terraform`, `kubectl`, `aws`, `psql`, `state-files`, …). */
  tool: string;
  /** The program as named on the command line (`tofu`, `/usr/local/bin/terraform`). */
  program: string;
  /** What it does, in the tool's own words (`destroy`, `state rm`, `s3 rb`, `DROP TABLE`). */
  action: string;
  /** What it acts on, where the command names it (`ns/prod`, `s3://bucket`, `users`). */
  target?: string;
  effect: Effect;
  /** Risk category for destructive operations (data-loss, availability, exposure, privilege, audit, …). */
  category?: Category | "protection";
  /** Why this effect: the catalog rule that matched. */
  reason: string;
  /** The command as reconstructed from the syntax tree. */
  command: string;
  /** How it is reached: wrappers and nesting (`sudo`, `bash -c`, `$(…)`, `xargs`). */
  via?: string[];
  /** Saved plan / manifest / change set this operation applies (for approval lookup). */
  applies?: { kind: "terraform-plan" | "kubernetes-manifest" | "cloudformation-change-set"; path: string };
}

/** Something the guard could not resolve statically that could hide a destructive operation. */
export interface Unresolved {
  reason: string;
  command?: string;
  via?: string[];
}

export interface ApprovalCheck {
  path: string;
  digest?: string;
  approved: boolean;
  /** The plan deletes or replaces something (an unapproved apply of it is denied, not asked). */
  destroys?: boolean;
  requestId?: string;
  reason: string;
}

export interface GuardResult {
  schemaVersion: 1;
  command: string;
  verdict: Verdict;
  reason: string;
  operations: Operation[];
  unresolved: Unresolved[];
  /** Approval lookups made for operations that apply a saved plan. */
  approvals?: ApprovalCheck[];
}

export interface GuardOptions {
  /** Working directory the command would run in (script files, SQL files, state directories). */
  cwd?: string;
  /** Environment the command would run in (TF_CLI_ARGS…); defaults to none. */
  env?: Record<string, string | undefined>;
  /** AIRLOCK_HOME for the approval store. */
  home?: string;
  /** Do not look up approvals (verdicts for saved plans stay ask/deny). */
  skipApprovals?: boolean;
  /** Terraform binary for reading binary plans. */
  terraformBin?: string;
}
