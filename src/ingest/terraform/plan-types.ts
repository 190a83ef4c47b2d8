// Types for Terraform's JSON plan representation (`terraform show -json PLANFILE`), format_version 0.1–1.x,
// OpenTofu included. Only the parts Airlock reads are typed; everything is optional because old formats and
// OpenTofu omit fields. Reference: Terraform "JSON Output Format" documentation.

export type PlanActionWord = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  /** RFC 3339 timestamp (1.5+). Not part of what is applied. */
  timestamp?: string;
  applyable?: boolean;
  complete?: boolean;
  errored?: boolean;
  variables?: Record<string, { value?: unknown }>;
  planned_values?: PlanValues;
  resource_drift?: ResourceChangeJson[];
  resource_changes?: ResourceChangeJson[];
  deferred_changes?: DeferredChangeJson[];
  output_changes?: Record<string, ChangeJson>;
  prior_state?: StateJson;
  configuration?: ConfigurationJson;
  relevant_attributes?: { resource: string; attribute: (string | number)[] }[];
  checks?: unknown[];
}

export interface PlanValues {
  outputs?: Record<string, { sensitive?: boolean; value?: unknown }>;
  root_module?: ValuesModule;
}

export interface StateJson {
  format_version?: string;
  terraform_version?: string;
  values?: PlanValues;
}

export interface ValuesModule {
  address?: string;
  resources?: ValuesResource[];
  child_modules?: ValuesModule[];
}

export interface ValuesResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  provider_name?: string;
  schema_version?: number;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
  depends_on?: string[];
  deposed_key?: string;
}

export interface ChangeJson {
  actions: PlanActionWord[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
  replace_paths?: (string | number)[][];
  importing?: { id?: string; identity?: unknown; unknown?: boolean };
  generated_config?: string;
}

export interface ResourceChangeJson {
  address: string;
  previous_address?: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  deposed?: string;
  provider_name?: string;
  change: ChangeJson;
  action_reason?: string;
}

export interface DeferredChangeJson {
  reason: string;
  resource_change: ResourceChangeJson;
}

export interface ExpressionJson {
  constant_value?: unknown;
  references?: string[];
}

/** An expression map: attribute → expression, or nested blocks (arrays of expression maps). */
export interface ExpressionsJson {
  [key: string]: ExpressionJson | ExpressionsJson[] | ExpressionsJson;
}

export interface ConfigResourceJson {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: ExpressionsJson;
  schema_version?: number;
  count_expression?: ExpressionJson;
  for_each_expression?: ExpressionJson;
  depends_on?: string[];
  provisioners?: { type: string; expressions?: ExpressionsJson }[];
}

export interface ConfigOutputJson {
  expression?: ExpressionJson;
  sensitive?: boolean;
  depends_on?: string[];
  description?: string;
}

export interface ConfigModuleCallJson {
  source?: string;
  expressions?: ExpressionsJson;
  count_expression?: ExpressionJson;
  for_each_expression?: ExpressionJson;
  module?: ConfigModuleJson;
  version_constraint?: string;
  depends_on?: string[];
}

export interface ConfigModuleJson {
  outputs?: Record<string, ConfigOutputJson>;
  resources?: ConfigResourceJson[];
  module_calls?: Record<string, ConfigModuleCallJson>;
  variables?: Record<string, { default?: unknown; description?: string; sensitive?: boolean }>;
}

export interface ConfigurationJson {
  provider_config?: Record<string, { name?: string; full_name?: string; module_address?: string }>;
  root_module?: ConfigModuleJson;
}
