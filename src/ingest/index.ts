// Reads any supported change artifact into the normalized ChangeSet. Format detection happens here, once.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { ChangeSet } from "../model/types.js";
import { InputError, UsageError } from "../model/types.js";
import { decodeText, inputName, isStdin, isZip, readInputBytes, utf8BytesOrFail } from "./read-input.js";
import { normalizePlan } from "./terraform/normalize.js";
import { planFromText, showPlanJson } from "./terraform/plan-reader.js";
import { SideThread, sideThreadWanted } from "./terraform/plan-side-client.js";
import { readPlanBytes } from "./terraform/plan-stream.js";

export interface AnalyzeInput {
  /** A Terraform plan (JSON or binary) or a CloudFormation change set. */
  plan?: string;
  /** Template pair / manifest pair sides. */
  before?: string;
  after?: string;
  /** Binary for binary plan files (`terraform`, `tofu`). */
  terraformBin?: string;
}

/** The file's size, or 0 when it cannot be read (reading it will say why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function loadChangeSet(input: AnalyzeInput): Promise<ChangeSet> {
  if (input.plan && (input.before || input.after))
    throw new UsageError("give either a plan/change set file or --before/--after, not both");
  if (input.before || input.after) {
    if (!input.before || !input.after) throw new UsageError("--before and --after must be given together");
    return loadPair(input.before, input.after);
  }
  if (!input.plan) throw new UsageError("no input: give a plan file, a change set, or --before/--after");
  const path = input.plan;
  // Standard input is read on one thread, whatever a file named `-` in this folder is.
  if (isStdin(path)) return loadFile(path, input.terraformBin, undefined);
  if (isDir(path))
    throw new InputError(
      `${path}: is a directory; for Kubernetes manifests use --before DIR --after DIR`,
      path,
    );
  // A large plan's state trees and configuration are read by a helper thread while this one reads its
  // changes (plan-side-client.ts). Started before the file is read, so that it is ready when the plan is.
  const side = sideThreadWanted(fileSize(path)) ? SideThread.start() : undefined;
  try {
    return await loadFile(path, input.terraformBin, side);
  } finally {
    side?.close();
  }
}

/** A plan or change set file: its format found from its bytes. */
async function loadFile(
  path: string,
  terraformBin: string | undefined,
  side: SideThread | undefined,
): Promise<ChangeSet> {
  const bytes = readInputBytes(path, () => side !== undefined);
  // Standard input is named `stdin` in messages and in the report's source.
  const name = inputName(path);
  if (bytes.length === 0) throw new InputError(`${name}: file is empty`, name);
  if (isZip(bytes)) {
    if (isStdin(path))
      throw new InputError(
        `${name}: a binary plan file cannot be read from standard input; give its path, or pipe \`terraform show -json PLAN\` instead`,
        name,
      );
    const { json } = showPlanJson(path, { terraformBin });
    const cs = readPlanBytes(json, name);
    cs.source.convertedFromBinary = true;
    return cs;
  }
  const { buf, start } = utf8BytesOrFail(bytes, name);
  let first = start;
  while (
    first < buf.length &&
    (buf[first] === 0x20 || buf[first] === 0x0a || buf[first] === 0x0d || buf[first] === 0x09)
  )
    first++;
  if (first === buf.length) throw new InputError(`${name}: file is empty`, name);
  const head = buf.toString("utf8", start, Math.min(buf.length, start + 16384)).slice(0, 4096);
  const cfn = await detectCloudFormationChangeSet(
    head,
    buf.subarray(first),
    () => buf.toString("utf8", start),
    name,
  );
  if (cfn) return cfn;
  if (buf[first] === 0x7b) return readPlanBytes(buf, name, first, side);
  if (buf[first] !== 0x5b) {
    throw new InputError(
      `${name}: not a Terraform plan or CloudFormation change set (for templates or manifests use --before/--after)`,
      name,
    );
  }
  // A JSON array is never a plan; parsed whole so that a syntax error is reported as such.
  return normalizePlan(planFromText(buf.toString("utf8", start), name), name);
}

/** Hook for CloudFormation change sets (`describe-change-set` JSON). Returns null when not one. */
async function detectCloudFormationChangeSet(
  head: string,
  doc: Uint8Array,
  text: () => string,
  path: string,
): Promise<ChangeSet | null> {
  const detect = await import("./cloudformation/detect.js");
  if (!detect.looksLikeChangeSet(doc) && !detect.looksLikeKubernetesJson(head)) return null;
  const cfn = await import("./cloudformation/change-set.js");
  return cfn.changeSetFromText(head, text(), path);
}

type SideKind = "template" | "manifests" | "empty" | "change-set";

/** What one `--before`/`--after` side holds, from its first bytes (folders are always manifests). */
function sideKind(path: string, detect: typeof import("./cloudformation/detect.js")): SideKind {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read (${code === "ENOENT" ? "no such file or folder" : code})`,
      path,
    );
  }
  if (st.isDirectory()) return "manifests";
  let head: string;
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(Math.min(st.size, 65536));
      const n = readSync(fd, buf, 0, buf.length, 0);
      head = decodeText(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`, path);
  }
  if (head.trim() === "" && st.size <= head.length) return "empty";
  if (detect.looksLikeChangeSet(head)) return "change-set";
  return detect.looksLikeTemplate(head) ? "template" : "manifests";
}

async function loadPair(before: string, after: string): Promise<ChangeSet> {
  const detect = await import("./cloudformation/detect.js");
  const kb = sideKind(before, detect);
  const ka = sideKind(after, detect);
  for (const [p, k] of [
    [before, kb],
    [after, ka],
  ] as const)
    if (k === "change-set")
      throw new InputError(
        `${p}: this is a CloudFormation change set; analyze it on its own (\`airlock analyze ${p}\`), not with --before/--after`,
        p,
      );
  const kinds = new Set([kb, ka]);
  kinds.delete("empty");
  if (kinds.size > 1)
    throw new InputError(
      `--before ${before} is ${kb === "template" ? "a CloudFormation template" : "Kubernetes manifests"} but --after ${after} is ${ka === "template" ? "a CloudFormation template" : "Kubernetes manifests"}; both sides must be the same kind`,
      after,
    );
  if (kinds.has("template")) {
    const cfn = await import("./cloudformation/template-pair.js");
    return cfn.loadTemplatePair(before, after);
  }
  const k8s = await import("./kubernetes/index.js");
  return k8s.loadManifestPair(before, after);
}
