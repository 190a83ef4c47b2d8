// Reads a Terraform plan JSON straight from its bytes, one part at a time, into the same ChangeSet that
// `normalizePlan(validatePlan(JSON.parse(text)))` gives (tested on every fixture, generated plans and the
// corpus). Each resource change is parsed on its own and reduced to what the analysis keeps; the state trees
// are reduced to addresses and depends_on one resource at a time. The whole document is never one string or
// one object tree. Nothing is skipped: every member is parsed, so a syntax error anywhere is an error, and
// the checks of validatePlan run on every part.

import { MAX_ATTRIBUTE_DEPTH } from "../../model/attribute-diff.js";
import type { ChangeSet } from "../../model/types.js";
import { InputError } from "../../model/types.js";
import { JsonBytes } from "../json-bytes.js";
import { ChangeScanner, checkNumbers, scanChange } from "./change-scan.js";
import { ConfigSink, liteConfiguration } from "./graph-edges.js";
import { PlanBuilder, type PlanHeader } from "./normalize.js";
import { readConfiguration, readRoot, STREAMED } from "./plan-members.js";
import {
  checkDeferredChange,
  checkOutputChanges,
  checkResourceChange,
  validatePlanHeader,
} from "./plan-reader.js";
import type { ChangeJson, DeferredChangeJson, ResourceChangeJson } from "./plan-types.js";
import { lightModule, rootOf } from "./state-tree.js";

const OPEN_BRACE = 0x7b;

/**
 * Deepest nesting of a resource change element: the element and its `change` take two levels, and the
 * attribute diff walks MAX_ATTRIBUTE_DEPTH levels below a value (`before`, `after`…). Deeper input is
 * rejected here, while reading, never halfway through writing a report.
 */
const CHANGE_MAX_DEPTH = MAX_ATTRIBUTE_DEPTH + 2;
const OPEN_BRACKET = 0x5b;

/** The order errors are reported in: as validatePlan, then normalizePlan, would meet them. */
enum Phase {
  CheckChanges = 0,
  CheckDrift = 1,
  CheckDeferred = 2,
  CheckOutputs = 3,
  Changes = 4,
  Drift = 5,
  Deferred = 6,
  Outputs = 7,
}

/** Reads the plan whose JSON object starts at `bytes[start]` (valid UTF-8, any BOM already skipped). */
export function readPlanBytes(bytes: Buffer, path: string, start = 0): ChangeSet {
  const doc = new JsonBytes(bytes, path);
  const pos = doc.skipWs(start);
  if (bytes[pos] !== OPEN_BRACE) throw doc.error(pos, "expected an object");

  const errors: (InputError | undefined)[] = [];
  const record = (phase: Phase, err: unknown): void => {
    if (!(err instanceof InputError)) throw err;
    if (!errors[phase]) errors[phase] = err;
  };
  const builder = new PlanBuilder(path);
  // The skeleton holds the small members and, for each streamed one, an empty stand-in of the same JSON
  // type, so the document-level checks see what they would see on the whole document.
  const skeleton: Record<string, unknown> = {};
  const seen = new Set<string>();
  const streamed = new Set<string>();

  const end = doc.forEachMember(pos, (key, vs) => {
    // JSON.parse would keep the last of two members with one name; a plan never repeats one, and reading
    // part by part cannot take back what an earlier copy added, so a repeat is refused.
    if (seen.has(key)) throw doc.error(vs, `the member "${key.slice(0, 64)}" appears twice`);
    seen.add(key);
    if (key === "__proto__") return doc.check(vs);
    if (STREAMED.get(key) !== bytes[vs]) {
      const { value, end } = doc.value(vs);
      // Output changes are reported and digested from this parse: no number may be rounded in them.
      // So are the variables (the digest holds them).
      if (key === "output_changes" || key === "variables")
        checkNumbers(bytes, vs, end, (at, why) => doc.refusal(at, why));
      skeleton[key] = value;
      return end;
    }
    skeleton[key] = bytes[vs] === OPEN_BRACKET ? [] : {};
    streamed.add(key);
    switch (key) {
      case "configuration": {
        const edges = new ConfigSink();
        builder.setConfigurationEdges(edges);
        return readConfiguration(doc, vs, edges);
      }
      case "prior_state":
        return readRoot(doc, vs, ["values", "root_module"], "prior_state.values.root_module", true, (root) =>
          builder.setPriorState(root),
        );
      case "planned_values":
        return readRoot(doc, vs, ["root_module"], "planned_values.root_module", false, (root) =>
          builder.setPlannedValues(root),
        );
      case "resource_changes": {
        const scanner = new ChangeScanner(CHANGE_MAX_DEPTH);
        return doc.forEachElement(vs, (s, i) => {
          // An object is scanned for its end and the digest's byte ranges, and parsed; anything else is only
          // parsed (the check below rejects it).
          const scan =
            bytes[s] === OPEN_BRACE ? scanChange(scanner, bytes, s, (at, why) => doc.error(at, why)) : null;
          const e = scan ? scan.end : doc.valueEnd(s);
          const v = doc.parse(s, e);
          if (scan && scan.refusedAt >= 0) throw doc.refusal(scan.refusedAt, scan.refusedWhy);
          if (errors[Phase.CheckChanges]) return e;
          try {
            checkResourceChange(v, `resource_changes[${i}]`, path);
          } catch (err) {
            record(Phase.CheckChanges, err);
            return e;
          }
          try {
            builder.addResourceChange(v as ResourceChangeJson, scan ? { bytes, scan } : undefined);
          } catch (err) {
            record(Phase.Changes, err);
          }
          return e;
        });
      }
      case "resource_drift":
        return eachElement(doc, vs, (v, i) => {
          try {
            checkResourceChange(v, `resource_drift[${i}]`, path);
          } catch (err) {
            record(Phase.CheckDrift, err);
            return;
          }
          try {
            builder.addDrift(v as ResourceChangeJson);
          } catch (err) {
            record(Phase.Drift, err);
          }
        });
      default: // deferred_changes
        return eachElement(doc, vs, (v, i) => {
          try {
            checkDeferredChange(v, i, path);
          } catch (err) {
            record(Phase.CheckDeferred, err);
            return;
          }
          try {
            builder.addDeferred(v as DeferredChangeJson);
          } catch (err) {
            record(Phase.Deferred, err);
          }
        });
    }
  });
  doc.expectEnd(end);

  // Members that were present with an unusual type were parsed whole: judge them as the whole-document
  // reader would.
  if (!streamed.has("configuration"))
    builder.setConfiguration(liteConfiguration(skeleton.configuration, path));
  if (!streamed.has("prior_state"))
    builder.setPriorState(
      lightModule(rootOf(skeleton.prior_state, "prior_state"), "prior_state.values.root_module", path, true),
    );
  if (!streamed.has("planned_values"))
    builder.setPlannedValues(
      lightModule(
        rootOf(skeleton.planned_values, "planned_values"),
        "planned_values.root_module",
        path,
        false,
      ),
    );
  const outputs = skeleton.output_changes;
  try {
    checkOutputChanges(outputs, path);
    try {
      builder.setOutputChanges(outputs as Record<string, ChangeJson> | undefined);
    } catch (err) {
      record(Phase.Outputs, err);
    }
  } catch (err) {
    record(Phase.CheckOutputs, err);
  }

  validatePlanHeader(skeleton, path);
  for (const err of errors) if (err) throw err;
  return builder.finish(skeleton as unknown as PlanHeader);
}

/** Calls `each` with every element of the array at `pos`, parsed one at a time; returns the array's end. */
function eachElement(doc: JsonBytes, pos: number, each: (value: unknown, index: number) => void): number {
  return doc.forEachElement(pos, (s, i) => {
    const e = doc.valueEnd(s);
    each(doc.parse(s, e), i);
    return e;
  });
}
