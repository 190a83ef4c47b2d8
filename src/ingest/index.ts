// Reads any supported change artifact into the normalized ChangeSet. Format detection happens here, once.
import { statSync } from "node:fs";
import type { ChangeSet } from "../model/types.js";
import { InputError, UsageError } from "../model/types.js";
import { decodeText, isZip, readInputBytes } from "./read-input.js";
import { normalizePlan } from "./terraform/normalize.js";
import { planFromText, readPlanFile } from "./terraform/plan-reader.js";

export interface AnalyzeInput {
  /** A Terraform plan (JSON or binary) or a CloudFormation change set. */
  plan?: string;
  /** Template pair / manifest pair sides. */
  before?: string;
  after?: string;
  /** Binary for binary plan files (`terraform`, `tofu`). */
  terraformBin?: string;
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
  if (isDir(path))
    throw new InputError(
      `${path}: is a directory; for Kubernetes manifests use --before DIR --after DIR`,
      path,
    );
  const bytes = readInputBytes(path);
  if (bytes.length === 0) throw new InputError(`${path}: file is empty`, path);
  if (isZip(bytes)) {
    const { plan, convertedFromBinary } = readPlanFile(path, { terraformBin: input.terraformBin });
    const cs = normalizePlan(plan, path);
    cs.source.convertedFromBinary = convertedFromBinary;
    return cs;
  }
  const text = decodeText(bytes);
  if (text.trim() === "") throw new InputError(`${path}: file is empty`, path);
  const head = text.slice(0, 4096);
  const cfn = await detectCloudFormationChangeSet(head, text, path);
  if (cfn) return cfn;
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") {
    throw new InputError(
      `${path}: not a Terraform plan or CloudFormation change set (for templates or manifests use --before/--after)`,
      path,
    );
  }
  return normalizePlan(planFromText(text, path), path);
}

/** Hook for CloudFormation change sets (`describe-change-set` JSON). Returns null when not one. */
async function detectCloudFormationChangeSet(
  _head: string,
  _text: string,
  _path: string,
): Promise<ChangeSet | null> {
  return null;
}

async function loadPair(before: string, after: string): Promise<ChangeSet> {
  throw new UsageError(
    `--before/--after (${before}, ${after}): template and manifest pairs are not supported yet`,
  );
}
