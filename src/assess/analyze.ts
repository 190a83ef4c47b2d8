// The library entry point: read a change artifact, build the graph, run the rules, return the Assessment.
import { type AnalyzeInput, loadChangeSet } from "../ingest/index.js";
import type { Assessment } from "../model/assessment.js";
import { type ChangeSet, InputError } from "../model/types.js";
import { rulesFor } from "../rules/catalog/by-framework.js";
import type { Rule } from "../rules/types.js";
import { assessChangeSet } from "./assess.js";

export type { AnalyzeInput };

export interface AnalyzeOptions {
  rules?: readonly Rule[];
  attributes?: boolean;
}

export async function analyzeInput(input: AnalyzeInput, opts: AnalyzeOptions = {}): Promise<Assessment> {
  return (await analyzeWithChangeSet(input, opts)).assessment;
}

/** The assessment and the change set it was made from (for reports that read the changes themselves). */
export async function analyzeWithChangeSet(
  input: AnalyzeInput,
  opts: AnalyzeOptions = {},
): Promise<{ assessment: Assessment; changeSet: ChangeSet }> {
  try {
    const changeSet = await loadChangeSet(input);
    const assessment = assessChangeSet(
      changeSet,
      opts.rules ?? (await rulesFor(changeSet.source.framework)),
      { attributes: opts.attributes },
    );
    return { assessment, changeSet };
  } catch (err) {
    const file = input.plan ?? input.after ?? input.before;
    if (err instanceof RangeError && /call stack/i.test(err.message))
      throw new InputError(`${file}: input is nested too deeply to analyze`, file);
    if (err instanceof InputError && !err.file && file) throw new InputError(`${file}: ${err.message}`, file);
    throw err;
  }
}
