// The JSON report: the Assessment itself (versioned by schemaVersion, documented by schemas/assessment.schema.json).
import type { Assessment } from "../model/assessment.js";

/** Compact like `terraform show -json` (pipe through `jq` to read); indented when `pretty`. */
export function renderJson(a: Assessment, pretty = false): string {
  return pretty ? JSON.stringify(a, null, 2) : JSON.stringify(a);
}
