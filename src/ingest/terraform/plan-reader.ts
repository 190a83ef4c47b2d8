// The checks of a complete plan (validatePlan and its parts, shared by both readers) and binary plan files
// read through `terraform show -json`. Anything that is not a complete plan is an InputError (exit 2).

import { isUtf8 } from "node:buffer";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../../model/types.js";
import { parseJsonText } from "../read-input.js";
import type { PlanJson, ResourceChangeJson } from "./plan-types.js";

export interface ReadPlanOptions {
  /** Binary used for binary plan files: `terraform` (default) or `tofu`. */
  terraformBin?: string;
  /** Working directory for `terraform show` (default: the plan's folder if initialized, else cwd). */
  cwd?: string;
}

const ACTION_WORDS = new Set(["no-op", "create", "read", "update", "delete", "forget"]);

/** Parses JSON text already read (used when the caller sniffed the format). */
export function planFromText(text: string, path: string): PlanJson {
  return validatePlan(parseJsonText(text, path), path);
}

/**
 * The JSON of a binary plan file, from `terraform show -json` (or `tofu`): UTF-8 bytes holding one object.
 * Anything else it prints is an input error naming the binary.
 */
export function showPlanJson(path: string, opts: ReadPlanOptions = {}): { json: Buffer } {
  const json = showBinaryPlan(path, opts);
  const bin = opts.terraformBin ?? process.env.AIRLOCK_TERRAFORM_BIN ?? "terraform";
  let i = 0;
  while (i < json.length && (json[i] === 0x20 || json[i] === 0x0a || json[i] === 0x0d || json[i] === 0x09))
    i++;
  if (json[i] !== 0x7b || !isUtf8(json))
    throw new InputError(`${path}: \`${bin} show -json\` did not print a JSON plan`, path);
  return { json };
}

/** A binary named by a path rather than a name to look up on PATH (`\\` is a separator on Windows only). */
const PATH_LIKE = process.platform === "win32" ? /[\\/]/ : /\//;

function showBinaryPlan(path: string, opts: ReadPlanOptions): Buffer {
  const bin = opts.terraformBin ?? process.env.AIRLOCK_TERRAFORM_BIN ?? "terraform";
  const abs = resolve(path);
  const cwd = opts.cwd ?? (existsSync(resolve(dirname(abs), ".terraform")) ? dirname(abs) : process.cwd());
  // A path (`./tf`, `bin/tofu`) is the user's, relative to where they are, not to the folder it runs in;
  // a bare name (`terraform`, `tofu`) is looked up on PATH.
  const exe = PATH_LIKE.test(bin) ? resolve(bin) : bin;
  const res = spawnSync(exe, ["show", "-json", "-no-color", abs], {
    cwd,
    encoding: "buffer",
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
    const why = (res.stderr.toString("utf8") || res.stdout.toString("utf8") || "")
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

function failer(path: string): (why: string) => never {
  return (why: string): never => {
    throw new InputError(`${path}: ${why}`, path);
  };
}

/** Checks that a parsed value is a complete Terraform plan; names the first problem found. */
export function validatePlan(doc: unknown, path: string): PlanJson {
  validatePlanHeader(doc, path);
  const plan = doc as Record<string, unknown>;
  const rcs = (plan.resource_changes ?? []) as unknown[];
  for (let i = 0; i < rcs.length; i++) checkResourceChange(rcs[i], `resource_changes[${i}]`, path);
  const drift = (plan.resource_drift ?? []) as unknown[];
  for (let i = 0; i < drift.length; i++) checkResourceChange(drift[i], `resource_drift[${i}]`, path);
  const deferred = (plan.deferred_changes ?? []) as unknown[];
  for (let i = 0; i < deferred.length; i++) checkDeferredChange(deferred[i], i, path);
  checkOutputChanges(plan.output_changes, path);
  return doc as unknown as PlanJson;
}

/**
 * The checks on the document itself (format, kind of file, errored, the type of each list), without those
 * on each change: a streaming reader runs them on a skeleton holding the small members and the type of
 * the large ones.
 */
export function validatePlanHeader(doc: unknown, path: string): void {
  const fail: (why: string) => never = failer(path);
  if (!isObject(doc)) fail("not a Terraform plan: the JSON is not an object");
  if (typeof doc.format_version !== "string") {
    if ("version" in doc && "resources" in doc && "lineage" in doc)
      fail(
        "this is a Terraform state file, not a plan (run `terraform plan -out tfplan` and `terraform show -json tfplan`)",
      );
    if ("AWSTemplateFormatVersion" in doc || "Resources" in doc)
      fail("this is a CloudFormation template; use `--before/--after` for template pairs");
    if ("Changes" in doc && "ChangeSetName" in doc)
      fail("this is a CloudFormation change set, not a Terraform plan");
    fail("not a Terraform plan: no format_version");
  }
  if (!/^(0\.\d+|1\.\d+)$/.test(doc.format_version))
    fail(`unsupported plan format_version ${JSON.stringify(doc.format_version)} (supported: 0.1 to 1.x)`);
  const isPlan =
    "resource_changes" in doc || "planned_values" in doc || "configuration" in doc || "output_changes" in doc;
  if (!isPlan) {
    if ("values" in doc) fail("this is Terraform state JSON (`terraform show -json` of a state), not a plan");
    fail("not a Terraform plan: no resource_changes, planned_values or configuration");
  }
  if (doc.errored === true)
    fail("the plan errored: Terraform could not finish planning, so the change is incomplete");
  if (doc.resource_changes !== undefined && !Array.isArray(doc.resource_changes))
    fail("resource_changes is not an array");
  if (doc.resource_drift !== undefined && !Array.isArray(doc.resource_drift))
    fail("resource_drift is not an array");
  if (doc.deferred_changes !== undefined && !Array.isArray(doc.deferred_changes))
    fail("deferred_changes is not an array");
  if (doc.output_changes !== undefined && !isObject(doc.output_changes))
    fail("output_changes is not an object");
}

/** `deferred_changes[i]`: an object whose resource_change is a valid resource change. */
export function checkDeferredChange(d: unknown, i: number, path: string): void {
  const fail: (why: string) => never = failer(path);
  if (!isObject(d)) fail(`deferred_changes[${i}] is not an object`);
  checkResourceChange(d.resource_change, `deferred_changes[${i}].resource_change`, path);
}

export function checkOutputChanges(outputChanges: unknown, path: string): void {
  const fail: (why: string) => never = failer(path);
  for (const [name, oc] of Object.entries((outputChanges ?? {}) as Record<string, unknown>)) {
    if (!isObject(oc) || !Array.isArray(oc.actions)) fail(`output_changes.${name} has no actions`);
    for (const a of oc.actions)
      if (typeof a !== "string" || !ACTION_WORDS.has(a))
        fail(`output_changes.${name}: unknown action ${JSON.stringify(a)}`);
  }
}

/** Checks one resource change (filling in a missing address); `where` names it in the error. */
export function checkResourceChange(rc: unknown, where: string, path: string): void {
  validateResourceChange(rc, where, failer(path));
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
