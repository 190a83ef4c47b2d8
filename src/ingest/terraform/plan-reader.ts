// Turns bytes into a validated PlanJson: JSON plans directly, binary plan files through `terraform show -json`.
// Anything that is not a complete plan is an InputError (exit 2): never "no changes".
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../../model/types.js";
import { decodeTextOrFail, isZip, parseJsonText, readInputBytes } from "../read-input.js";
import type { PlanJson, ResourceChangeJson } from "./plan-types.js";

export interface ReadPlanOptions {
  /** Binary used for binary plan files: `terraform` (default) or `tofu`. */
  terraformBin?: string;
  /** Working directory for `terraform show` (default: the plan's folder if initialized, else cwd). */
  cwd?: string;
}

export interface ReadPlanResult {
  plan: PlanJson;
  convertedFromBinary: boolean;
  /** Size of the JSON text read. */
  bytes: number;
}

const ACTION_WORDS = new Set(["no-op", "create", "read", "update", "delete", "forget"]);

export function readPlanFile(path: string, opts: ReadPlanOptions = {}): ReadPlanResult {
  const bytes = readInputBytes(path);
  if (bytes.length === 0) throw new InputError(`${path}: file is empty`, path);
  if (isZip(bytes)) {
    const json = showBinaryPlan(path, opts);
    return {
      plan: validatePlan(parseJsonText(json, path), path),
      convertedFromBinary: true,
      bytes: json.length,
    };
  }
  const text = decodeTextOrFail(bytes, path);
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") {
    throw new InputError(
      `${path}: not a Terraform plan: neither JSON (\`terraform show -json\`) nor a binary plan file`,
      path,
    );
  }
  return {
    plan: validatePlan(parseJsonText(text, path), path),
    convertedFromBinary: false,
    bytes: bytes.length,
  };
}

/** Parses JSON text already read (used when the caller sniffed the format). */
export function planFromText(text: string, path: string): PlanJson {
  return validatePlan(parseJsonText(text, path), path);
}

function showBinaryPlan(path: string, opts: ReadPlanOptions): string {
  const bin = opts.terraformBin ?? process.env.AIRLOCK_TERRAFORM_BIN ?? "terraform";
  const abs = resolve(path);
  const cwd = opts.cwd ?? (existsSync(resolve(dirname(abs), ".terraform")) ? dirname(abs) : process.cwd());
  const res = spawnSync(bin, ["show", "-json", "-no-color", abs], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, TF_IN_AUTOMATION: "1" },
  });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new InputError(
        `${path}: binary plan file, but \`${bin}\` was not found to read it (set --terraform-bin)`,
        path,
      );
    }
    throw new InputError(`${path}: \`${bin} show -json\` failed: ${res.error.message}`, path);
  }
  if (res.status !== 0) {
    const why = (res.stderr || res.stdout || "")
      .replace(/\x1b\[[0-9;]*m/g, "")
      .trim()
      .split("\n")
      .filter(Boolean);
    const line = why.find((l) => /error/i.test(l) && l.replace(/[│╷╵\sError:]/g, "") !== "") ?? why[0] ?? "";
    throw new InputError(
      `${path}: \`${bin} show -json\` failed (exit ${res.status}): ${line.replace(/^[│╷╵\s]+/, "").slice(0, 300)}`,
      path,
    );
  }
  return res.stdout;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks that a parsed value is a complete Terraform plan; names the first problem found. */
export function validatePlan(doc: unknown, path: string): PlanJson {
  const fail = (why: string): never => {
    throw new InputError(`${path}: ${why}`, path);
  };
  if (!isObject(doc)) return fail("not a Terraform plan: the JSON is not an object");
  if (typeof doc.format_version !== "string") {
    if ("version" in doc && "resources" in doc && "lineage" in doc)
      return fail(
        "this is a Terraform state file, not a plan (run `terraform plan -out tfplan` and `terraform show -json tfplan`)",
      );
    if ("AWSTemplateFormatVersion" in doc || "Resources" in doc)
      return fail("this is a CloudFormation template; use `--before/--after` for template pairs");
    if ("Changes" in doc && "ChangeSetName" in doc)
      return fail("this is a CloudFormation change set, not a Terraform plan");
    return fail("not a Terraform plan: no format_version");
  }
  if (!/^(0\.\d+|1\.\d+)$/.test(doc.format_version))
    return fail(
      `unsupported plan format_version ${JSON.stringify(doc.format_version)} (supported: 0.1 to 1.x)`,
    );
  const isPlan =
    "resource_changes" in doc || "planned_values" in doc || "configuration" in doc || "output_changes" in doc;
  if (!isPlan) {
    if ("values" in doc)
      return fail("this is Terraform state JSON (`terraform show -json` of a state), not a plan");
    return fail("not a Terraform plan: no resource_changes, planned_values or configuration");
  }
  if (doc.errored === true)
    return fail("the plan errored: Terraform could not finish planning, so the change is incomplete");
  if (doc.resource_changes !== undefined && !Array.isArray(doc.resource_changes))
    return fail("resource_changes is not an array");
  if (doc.resource_drift !== undefined && !Array.isArray(doc.resource_drift))
    return fail("resource_drift is not an array");
  if (doc.deferred_changes !== undefined && !Array.isArray(doc.deferred_changes))
    return fail("deferred_changes is not an array");
  if (doc.output_changes !== undefined && !isObject(doc.output_changes))
    return fail("output_changes is not an object");
  const rcs = (doc.resource_changes ?? []) as unknown[];
  for (let i = 0; i < rcs.length; i++) validateResourceChange(rcs[i], `resource_changes[${i}]`, fail);
  const drift = (doc.resource_drift ?? []) as unknown[];
  for (let i = 0; i < drift.length; i++) validateResourceChange(drift[i], `resource_drift[${i}]`, fail);
  const deferred = (doc.deferred_changes ?? []) as unknown[];
  for (let i = 0; i < deferred.length; i++) {
    const d = deferred[i];
    if (!isObject(d)) return fail(`deferred_changes[${i}] is not an object`);
    validateResourceChange(d.resource_change, `deferred_changes[${i}].resource_change`, fail);
  }
  for (const [name, oc] of Object.entries((doc.output_changes ?? {}) as Record<string, unknown>)) {
    if (!isObject(oc) || !Array.isArray(oc.actions)) return fail(`output_changes.${name} has no actions`);
    for (const a of oc.actions)
      if (typeof a !== "string" || !ACTION_WORDS.has(a))
        return fail(`output_changes.${name}: unknown action ${JSON.stringify(a)}`);
  }
  return doc as unknown as PlanJson;
}

function validateResourceChange(rc: unknown, where: string, fail: (why: string) => never): void {
  if (!isObject(rc)) fail(`${where} is not an object`);
  const r = rc as Record<string, unknown>;
  if (
    (typeof r.address !== "string" || r.address === "") &&
    typeof r.type === "string" &&
    typeof r.name === "string"
  ) {
    // Older or hand-edited plans may omit the address; it is fully determined by module, mode, type, name, index.
    r.address = synthesizeAddress(r);
  }
  if (typeof r.address !== "string" || r.address === "") fail(`${where} has no address`);
  const addr = r.address as string;
  if (typeof r.type !== "string") fail(`${addr}: resource change has no type`);
  if (r.mode !== undefined && r.mode !== "managed" && r.mode !== "data")
    fail(`${addr}: unknown mode ${JSON.stringify(r.mode)}`);
  if (!isObject(r.change)) fail(`${addr}: resource change has no change object`);
  const change = r.change as Record<string, unknown>;
  if (!Array.isArray(change.actions) || change.actions.length === 0) fail(`${addr}: change has no actions`);
  for (const a of change.actions as unknown[]) {
    if (typeof a !== "string" || !ACTION_WORDS.has(a)) fail(`${addr}: unknown action ${JSON.stringify(a)}`);
  }
}

function synthesizeAddress(r: Record<string, unknown>): string {
  const mod = typeof r.module_address === "string" && r.module_address ? `${r.module_address}.` : "";
  const data = r.mode === "data" ? "data." : "";
  const idx =
    typeof r.index === "number"
      ? `[${r.index}]`
      : typeof r.index === "string"
        ? `[${JSON.stringify(r.index)}]`
        : "";
  return `${mod}${data}${r.type}.${r.name}${idx}`;
}

export type { ResourceChangeJson };
