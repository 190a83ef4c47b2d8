// Types for the JSON of `aws cloudformation describe-change-set` (DescribeChangeSet API response), with and
// without `--include-property-values`. Reference: AWS CloudFormation API Reference, DescribeChangeSet,
// Change, ResourceChange, ResourceChangeDetail, ResourceTargetDefinition. Only what Airlock reads is typed;
// unknown fields are kept (they are part of the digest).

export const CHANGE_ACTIONS = ["Add", "Modify", "Remove", "Import", "Dynamic", "SyncWithActual"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const REPLACEMENTS = ["True", "False", "Conditional"] as const;
export type Replacement = (typeof REPLACEMENTS)[number];

export const POLICY_ACTIONS = [
  "Delete",
  "Retain",
  "Snapshot",
  "ReplaceAndDelete",
  "ReplaceAndRetain",
  "ReplaceAndSnapshot",
] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const REQUIRES_RECREATION = ["Never", "Conditionally", "Always"] as const;
export type RequiresRecreation = (typeof REQUIRES_RECREATION)[number];

/** Marker CloudFormation puts where a value is only known when the change set runs. */
export const KNOWN_AFTER_APPLY_MARKER = "{{changeSet:KNOWN_AFTER_APPLY}}";
/** How CloudFormation shows NoEcho parameter values. */
export const NO_ECHO_MASK = "****";

export interface ResourceTargetDefinition {
  /** Properties | Metadata | CreationPolicy | UpdatePolicy | DeletionPolicy | UpdateReplacePolicy | Tags */
  Attribute?: string;
  Name?: string;
  RequiresRecreation?: RequiresRecreation;
  /** `/Properties/DisplayName` (with property values). */
  Path?: string;
  BeforeValue?: string;
  AfterValue?: string;
  /** Add | Remove | Modify (with property values). */
  AttributeChangeType?: string;
}

export interface ResourceChangeDetail {
  Target?: ResourceTargetDefinition;
  /** Static | Dynamic */
  Evaluation?: string;
  /** ResourceReference | ParameterReference | ResourceAttribute | DirectModification | Automatic */
  ChangeSource?: string;
  /** Logical id (`Topic1`), `Topic1.Attr`, or a parameter name. */
  CausingEntity?: string;
}

export interface ResourceChange {
  Action: ChangeAction;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: Replacement;
  PolicyAction?: PolicyAction;
  Scope?: string[];
  Details?: ResourceChangeDetail[];
  /** The nested stack's change set (resource type AWS::CloudFormation::Stack). */
  ChangeSetId?: string;
  ModuleInfo?: { TypeHierarchy?: string; LogicalIdHierarchy?: string };
  /** Encoded JSON string from the API/CLI; some tools print it decoded. */
  BeforeContext?: string | Record<string, unknown>;
  AfterContext?: string | Record<string, unknown>;
  [key: string]: unknown;
}

export interface ChangeJson {
  Type?: string;
  HookInvocationCount?: number;
  ResourceChange?: ResourceChange;
}

export interface ChangeSetParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
  ResolvedValue?: string;
}

/** One page of DescribeChangeSet output. */
export interface DescribeChangeSetPage {
  ChangeSetName?: string;
  ChangeSetId?: string;
  StackId?: string;
  StackName?: string;
  Description?: string;
  Parameters?: ChangeSetParameter[];
  CreationTime?: string;
  ExecutionStatus?: string;
  Status?: string;
  StatusReason?: string;
  NotificationARNs?: string[];
  RollbackConfiguration?: unknown;
  Capabilities?: string[];
  Tags?: { Key?: string; Value?: string }[];
  Changes: ChangeJson[];
  NextToken?: string;
  IncludeNestedStacks?: boolean;
  ParentChangeSetId?: string;
  RootChangeSetId?: string;
  OnStackFailure?: string;
  ImportExistingResources?: boolean;
  [key: string]: unknown;
}

/** All pages of one change set, merged. */
export interface ChangeSetDoc {
  /** ChangeSetId, or StackName/ChangeSetName when the id is missing. */
  key: string;
  first: DescribeChangeSetPage;
  changes: ResourceChange[];
  pages: number;
}
