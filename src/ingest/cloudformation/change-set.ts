// Entry for change sets: `airlock analyze change-set.json` (no YAML parser, no resource specification).
import type { ChangeSet } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { normalizeChangeSets } from "./change-set-normalize.js";
import { readChangeSetText } from "./change-set-reader.js";
import { looksLikeChangeSet, looksLikeKubernetesJson } from "./detect.js";

/** A change set from text already read; null when the text is not DescribeChangeSet output. */
export function changeSetFromText(head: string, text: string, path: string): ChangeSet | null {
  if (!looksLikeChangeSet(text)) {
    if (looksLikeKubernetesJson(head))
      throw new InputError(
        `${path}: this is a Kubernetes manifest; compare manifests with --before OLD --after NEW`,
        path,
      );
    return null;
  }
  return normalizeChangeSets(readChangeSetText(text, path), path);
}
