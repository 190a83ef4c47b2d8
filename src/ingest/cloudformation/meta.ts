// What CloudFormation changes carry in `Change.meta` for the rules: the fate of the old physical resource
// (PolicyAction, given by the change set or predicted from DeletionPolicy/UpdateReplacePolicy), replacement
// certainty, retention-policy changes and parameter defaults. Written by both CloudFormation ingests.
import type { Change } from "../../model/types.js";
import type { PolicyAction, Replacement } from "./change-set-types.js";

export type RetentionPolicy = "Delete" | "Retain" | "RetainExceptOnCreate" | "Snapshot";

export interface PolicyChange {
  attribute: "DeletionPolicy" | "UpdateReplacePolicy";
  before?: string;
  after?: string;
}

export interface CfnChangeMeta {
  source: "change-set" | "template-pair";
  /** What happens to the old physical resource when it is removed or replaced. */
  policyAction?: PolicyAction;
  /** The change set gave no PolicyAction: Delete is assumed (fail closed). */
  policyAssumed?: boolean;
  /** CloudFormation's Replacement (change sets) or the prediction from the resource specification. */
  replacement?: Replacement;
  /** Properties that force (or may force) the replacement. */
  replacedBy?: string[];
  /** Change set Action Dynamic: CloudFormation decides only while executing. */
  dynamic?: boolean;
  physicalResourceId?: string;
  /** Attributes that change: `Properties.TopicName`, `Metadata`, `DeletionPolicy`, `Tags`… */
  changedAttributes?: string[];
  policyChanges?: PolicyChange[];
  /** Template pairs: Default of each parameter that is not NoEcho (for reading `Ref`s in rules). */
  parameterDefaults?: Record<string, unknown>;
  /** Template pairs: the same for the before template. */
  parameterDefaultsBefore?: Record<string, unknown>;
  /** Template pairs: the resource's Type changed under the same logical id. */
  typeChanged?: { before: string; after: string };
  /** Template pairs: the type is not in the CloudFormation resource specification. */
  unknownType?: boolean;
  /** Change sets: the nested change set of an AWS::CloudFormation::Stack resource. */
  nestedChangeSetId?: string;
}

export function cfnMeta(c: Change): CfnChangeMeta {
  return (c.meta ?? { source: "change-set" }) as unknown as CfnChangeMeta;
}

/** Does the old physical resource survive (retained or snapshotted)? */
export function survives(policy: PolicyAction | undefined): boolean {
  return (
    policy === "Retain" ||
    policy === "Snapshot" ||
    policy === "ReplaceAndRetain" ||
    policy === "ReplaceAndSnapshot"
  );
}

export function isRetaining(p: unknown): boolean {
  return p === "Retain" || p === "RetainExceptOnCreate" || p === "Snapshot";
}
