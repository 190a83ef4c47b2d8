// Entry for template pairs: `airlock analyze --before old.yaml --after new.yaml`.
import type { ChangeSet } from "../../model/types.js";
import { readInputBytes } from "../read-input.js";
import { decodeTextStrict } from "../yaml.js";
import { loadReplacementSpec } from "./resource-spec.js";
import { diffTemplates } from "./template-diff.js";
import { parseTemplate } from "./template-reader.js";
import type { Template } from "./template-types.js";

/** A side that is an empty file stands for "no stack yet" (before) or "every resource removed" (after). */
function readSide(path: string): Template {
  const text = decodeTextStrict(readInputBytes(path), path);
  if (text.trim() === "") return { path, doc: { Resources: {} }, noEcho: new Set() };
  return parseTemplate(text, path);
}

export async function loadTemplatePair(beforePath: string, afterPath: string): Promise<ChangeSet> {
  const before = readSide(beforePath);
  const after = readSide(afterPath);
  const spec = await loadReplacementSpec();
  return diffTemplates(before, after, spec);
}
