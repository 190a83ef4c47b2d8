// Thresholds for plan-wide rules, and the containers whose deletion takes a whole environment with it.
import { type DestroyImpact, impact } from "./common.js";

export const MASS_THRESHOLDS = {
  /** Destructive changes (deletes and replaces) in one plan: high at this many… */
  destructiveHigh: 10,
  /** …critical at this many. */
  destructiveCritical: 50,
  /** Share of the plan's existing managed resources that are destroyed. */
  destroyedShare: 0.5,
  /** …counted only with at least this many destroyed. */
  destroyedShareMin: 4,
  /** Environment recreation: at least this many destroyed and re-created. */
  recreateMin: 5,
  /** Stateful resources: at least this many destroyed… */
  statefulMin: 2,
  /** …and at least this share of the plan's existing stateful resources. */
  statefulShare: 0.5,
  /** A module counts as removed when at least this many of its resources are all deleted. */
  moduleMin: 3,
  /** Destroy-only plan: at least this many deletes and nothing else. */
  destroyOnlyMin: 3,
  /** Replacements forced by the same attribute. */
  sameCauseReplaceMin: 5,
  /** Resources removed from state (forget). */
  forgetMin: 10,
  /** Access grants removed in one plan. */
  grantRemovalMin: 10,
} as const;

/** Accounts, projects, folders and resource groups: deleting one deletes everything in it. */
export const AWS_CONTAINERS: readonly DestroyImpact[] = [
  impact(
    "aws_organizations_account",
    "AWS account",
    "critical",
    "critical",
    "critical",
    "the account is closed",
  ),
  impact("aws_organizations_organizational_unit", "organizational unit", "high", "high", "medium"),
  impact("aws_organizations_organization", "AWS organization", "critical", "critical", "critical"),
];

export const GOOGLE_CONTAINERS: readonly DestroyImpact[] = [
  impact(
    "google_project",
    "Google Cloud project",
    "critical",
    "critical",
    "critical",
    "every resource in the project is deleted",
  ),
  impact("google_folder", "folder", "high", "high", "medium"),
];

export const AZURE_CONTAINERS: readonly DestroyImpact[] = [
  impact(
    "azurerm_resource_group",
    "resource group",
    "critical",
    "critical",
    "critical",
    "every resource in the group is deleted with it",
  ),
  impact(
    "azurerm_subscription",
    "subscription",
    "critical",
    "critical",
    "critical",
    "the subscription is cancelled",
  ),
  impact("azurerm_management_group", "management group", "high", "high", "medium"),
];
