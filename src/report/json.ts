// The JSON report: the Assessment itself (versioned by schemaVersion, documented by schemas/assessment.schema.json).
import type { Assessment } from "../model/assessment.js";

export function renderJson(a: Assessment): string {
  return JSON.stringify(a, null, 2);
}
