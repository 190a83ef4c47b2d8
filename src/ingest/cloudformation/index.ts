// CloudFormation: change sets (`describe-change-set` JSON) and template pairs (`--before/--after`).
import type { ChangeSet } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { decodeText, readInputBytes } from "../read-input.js";
import { normalizeChangeSets } from "./change-set-normalize.js";
import { looksLikeChangeSet, readChangeSetText } from "./change-set-reader.js";
import { loadReplacementSpec } from "./resource-spec.js";
import { diffTemplates } from "./template-diff.js";
import { parseTemplate } from "./template-reader.js";
import type { Template } from "./template-types.js";

export { looksLikeChangeSet } from "./change-set-reader.js";
export { looksLikeTemplate, parseTemplate, readTemplate } from "./template-reader.js";

/** A change set from text already read; null when the text is not DescribeChangeSet output. */
export function changeSetFromText(head: string, text: string, path: string): ChangeSet | null {
  if (!looksLikeChangeSet(head)) {
    if (
      /^\s*\{\s*"(apiVersion|kind)"\s*:/.test(head) &&
      /"kind"\s*:/.test(head) &&
      !/"format_version"/.test(head)
    )
      throw new InputError(
        `${path}: this is a Kubernetes manifest; compare manifests with --before OLD --after NEW`,
        path,
      );
    return null;
  }
  return normalizeChangeSets(readChangeSetText(text, path), path);
}

/** A side that is an empty file stands for "no stack yet" (before) or "every resource removed" (after). */
function readSide(path: string): Template {
  const text = decodeText(readInputBytes(path));
  if (text.trim() === "") return { path, doc: { Resources: {} }, noEcho: new Set() };
  return parseTemplate(text, path);
}

export async function loadTemplatePair(beforePath: string, afterPath: string): Promise<ChangeSet> {
  const before = readSide(beforePath);
  const after = readSide(afterPath);
  const spec = await loadReplacementSpec();
  return diffTemplates(before, after, spec);
}
