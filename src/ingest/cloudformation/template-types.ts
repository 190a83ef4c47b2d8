// Types for CloudFormation templates (JSON, or YAML with short-form intrinsics already read as long form).
// Reference: AWS CloudFormation User Guide, "Template anatomy" and "Resource attribute reference".

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: unknown;
  UpdateReplacePolicy?: unknown;
  UpdatePolicy?: unknown;
  CreationPolicy?: unknown;
  Metadata?: unknown;
  [key: string]: unknown;
}

export interface TemplateParameter {
  Type?: string;
  Default?: unknown;
  NoEcho?: boolean | string;
  [key: string]: unknown;
}

export interface TemplateOutput {
  Value?: unknown;
  Export?: { Name?: unknown };
  Condition?: string;
  Description?: string;
  [key: string]: unknown;
}

export interface TemplateJson {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Transform?: unknown;
  Parameters?: Record<string, TemplateParameter>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
  [key: string]: unknown;
}

/** A read and validated template. */
export interface Template {
  path: string;
  doc: TemplateJson;
  /** Names of NoEcho parameters. */
  noEcho: Set<string>;
}
