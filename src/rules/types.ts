// A rule is data (id, title, category, severity, rationale, remediation) plus a pure function over the model.
import type { Category, Change, ChangeSet, Framework, Severity } from "../model/types.js";

export interface RuleHit {
  /** Defaults to the change's address. */
  address?: string;
  /** One line, never containing a sensitive value. */
  message: string;
  /** Overrides the rule's default severity when the change makes it more or less serious. */
  severity?: Severity;
}

export interface RuleContext {
  changeSet: ChangeSet;
  /** Blast radius of a change's address (instance addresses). */
  blastRadius(address: string): string[];
}

interface RuleBase {
  /** Stable id, e.g. `AIRLOCK-TF-DATA-001`. Never reused, never renumbered. */
  id: string;
  title: string;
  category: Category;
  /** Default severity. */
  severity: Severity;
  rationale: string;
  remediation: string;
  frameworks: Framework[];
  /** Cloud/provider the rule covers, for the catalog: aws, google, azure, kubernetes, any. */
  provider: "aws" | "google" | "azure" | "kubernetes" | "any";
  /** Resource types the rule looks at (documentation only; the check decides). */
  resourceTypes?: string[];
}

/** Judges one change at a time. */
export interface ChangeRule extends RuleBase {
  scope: "change";
  check(change: Change, ctx: RuleContext): RuleHit[] | RuleHit | null | undefined;
}

/** Judges the change set as a whole (mass change, environment recreation). */
export interface ChangeSetRule extends RuleBase {
  scope: "changeset";
  check(changeSet: ChangeSet, ctx: RuleContext): RuleHit[] | RuleHit | null | undefined;
}

export type Rule = ChangeRule | ChangeSetRule;
