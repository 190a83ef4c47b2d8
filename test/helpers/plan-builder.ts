// Builds plan JSON in the exact `terraform show -json` shape for hand-written fixtures.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RcInput {
  address: string;
  type?: string;
  name?: string;
  mode?: "managed" | "data";
  module?: string;
  actions: string[];
  before?: unknown;
  after?: unknown;
  afterUnknown?: unknown;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  deposed?: string;
  provider?: string;
  importing?: unknown;
  replacePaths?: unknown[][];
}

export function rc(i: RcInput): Record<string, unknown> {
  const parts = i.address.replace(/\[[^\]]*\]$/, "").split(".");
  const name = i.name ?? parts[parts.length - 1];
  const type = i.type ?? parts[parts.length - 2];
  const change: Record<string, unknown> = {
    actions: i.actions,
    before: i.before ?? null,
    after: i.after ?? null,
    after_unknown: i.afterUnknown ?? {},
    before_sensitive: i.beforeSensitive ?? (i.before ? {} : false),
    after_sensitive: i.afterSensitive ?? (i.after ? {} : false),
  };
  if (i.importing) change.importing = i.importing;
  if (i.replacePaths) change.replace_paths = i.replacePaths;
  const out: Record<string, unknown> = {
    address: i.address,
    mode: i.mode ?? "managed",
    type,
    name,
    provider_name: i.provider ?? "registry.terraform.io/hashicorp/aws",
    change,
  };
  if (i.module) out.module_address = i.module;
  if (i.deposed) out.deposed = i.deposed;
  return out;
}

export function plan(
  resourceChanges: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: resourceChanges,
    configuration: { root_module: {} },
    timestamp: "2026-11-24T10:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
    ...extra,
  };
}

let dir: string | undefined;
export function writeTemp(name: string, content: string | Buffer | object): string {
  dir ??= mkdtempSync(join(tmpdir(), "airlock-test-"));
  const p = join(dir, name);
  writeFileSync(
    p,
    typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content),
  );
  return p;
}
