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
import { ChangeScanner, scanChange } from "./change-scan.js";
import { ConfigSink, liteConfiguration } from "./graph-edges.js";
import { PlanBuilder, type PlanHeader } from "./normalize.js";
import { refuseInexact, refuseRepeatedKeys, STREAMED } from "./plan-members.js";
import {
  checkDeferredChange,
  checkOutputChanges,
  checkResourceChange,
  validatePlanHeader,
} from "./plan-reader.js";
import { guessMembers, readSideMember, SIDE_KEYS } from "./plan-side.js";
import type { SideJob, SideThread } from "./plan-side-client.js";
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

/**
 * Reads the plan whose JSON object starts at `bytes[start]` (valid UTF-8, any BOM already skipped). With
 * `side`, the helper thread reads the side members (plan-side.ts) while this thread reads the resource
 * changes; the result is the same ChangeSet, or the same error, as without it.
 */
export function readPlanBytes(bytes: Buffer, path: string, start = 0, side?: SideThread): ChangeSet {
  const doc = new JsonBytes(bytes, path);
  const pos = doc.skipWs(start);
  if (bytes[pos] !== OPEN_BRACE) throw doc.error(pos, "expected an object");
  if (side) {
    const read = readAhead(doc, pos, side);
    if (read) return read;
  }
  return readInOrder(doc, pos, new Reading(path), {});
}

/**
 * The plan read with the helper thread: the side members handed to it at their guessed positions, then
 * `resource_changes` read here at its guessed position, then the document walked in order, taking those
 * parts wherever the walk meets them at exactly the guessed position. Undefined when the guesses do not
 * hold (or the early read of the changes fails): the caller then reads the plan in order, from the start,
 * which also raises any error where the document order puts it.
 */
function readAhead(doc: JsonBytes, pos: number, side: SideThread): ChangeSet | undefined {
  const guess = guessMembers(doc.buf, pos);
  const tasks = SIDE_KEYS.flatMap((key) => (guess[key] === undefined ? [] : [{ key, vs: guess[key] }]));
  const job = side.submit(doc.buf, doc.path, tasks);
  if (!job) return undefined;
  try {
    const reading = new Reading(doc.path);
    let changes: ReadAhead["changes"];
    if (guess.resource_changes !== undefined) {
      try {
        changes = { vs: guess.resource_changes, end: readChanges(doc, guess.resource_changes, reading) };
      } catch {
        return undefined;
      }
    }
    try {
      return readInOrder(doc, pos, reading, { job, changes });
    } catch (err) {
      if (err !== MISGUESSED) throw err;
      return undefined;
    }
  } finally {
    job.finish();
  }
}

/** What was read ahead of the walk: the side members (by the helper), the changes (by this thread). */
interface ReadAhead {
  job?: SideJob;
  /** `resource_changes`, already read from the array at `vs` to `end`. */
  changes?: { vs: number; end: number };
}

/** Thrown by the walk when the changes were read ahead from a position that is not the plan's. */
const MISGUESSED = new Error("resource_changes read ahead at a wrong position");

/** The ChangeSet being built, and the errors met, kept by phase to be raised in the order of the checks. */
class Reading {
  readonly builder: PlanBuilder;
  readonly errors: (InputError | undefined)[] = [];

  constructor(readonly path: string) {
    this.builder = new PlanBuilder(path);
  }

  record(phase: Phase, err: unknown): void {
    if (!(err instanceof InputError)) throw err;
    if (!this.errors[phase]) this.errors[phase] = err;
  }
}

/** `resource_changes`, the array at `vs`, into `reading`; returns its end. */
function readChanges(doc: JsonBytes, vs: number, reading: Reading): number {
  const bytes = doc.buf;
  const { builder, errors, path } = reading;
  const scanner = new ChangeScanner(CHANGE_MAX_DEPTH);
  return doc.forEachElement(vs, (s, i) => {
    // An object is scanned for its end and the digest's byte ranges, and parsed; anything else is only
    // parsed (the check below rejects it).
    const scan =
      bytes[s] === OPEN_BRACE ? scanChange(scanner, bytes, s, (at, why) => doc.error(at, why)) : null;
    const e = scan ? scan.end : doc.valueEnd(s);
    const v = doc.parse(s, e);
    if (scan && scan.refusedAt >= 0) throw doc.refusal(scan.refusedAt, scan.refusedWhy);
    // Keys out of order somewhere inside: a repeat need not be next to its copy, so look for one.
    if (scan?.unordered) refuseRepeatedKeys(doc, s);
    if (errors[Phase.CheckChanges]) return e;
    try {
      checkResourceChange(v, `resource_changes[${i}]`, path);
    } catch (err) {
      reading.record(Phase.CheckChanges, err);
      return e;
    }
    try {
      builder.addResourceChange(v as ResourceChangeJson, scan ? { bytes, scan } : undefined);
    } catch (err) {
      reading.record(Phase.Changes, err);
    }
    return e;
  });
}

/** Walks the plan object at `pos` member by member, in order, using what was read ahead where it fits. */
function readInOrder(doc: JsonBytes, pos: number, reading: Reading, ahead: ReadAhead): ChangeSet {
  const bytes = doc.buf;
  const { builder, path } = reading;
  const record = reading.record.bind(reading);
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
    const isStreamed = STREAMED.get(key) === bytes[vs];
    // Changes read ahead from anywhere but this member's own array are not the plan's.
    if (key === "resource_changes" && ahead.changes && (!isStreamed || ahead.changes.vs !== vs))
      throw MISGUESSED;
    if (!isStreamed) {
      const { value, end } = doc.value(vs);
      // Output changes are reported and digested from this parse: no number may be rounded in them, and
      // no key repeated (only the last copy would count). So are the variables (the digest holds them).
      if (key === "output_changes" || key === "variables") refuseInexact(doc, vs, end);
      skeleton[key] = value;
      return end;
    }
    skeleton[key] = bytes[vs] === OPEN_BRACKET ? [] : {};
    streamed.add(key);
    switch (key) {
      case "configuration":
      case "prior_state":
      case "planned_values": {
        const read = ahead.job?.take(key, vs) ?? readSideMember(doc, key, vs);
        if (key === "configuration") builder.setConfigurationEdges(read.sink ?? new ConfigSink());
        else if (key === "prior_state") builder.setPriorState(read.root);
        else builder.setPlannedValues(read.root);
        return read.end;
      }
      case "resource_changes":
        return ahead.changes ? ahead.changes.end : readChanges(doc, vs, reading);
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
      default: // deferred_changes: in the digest, so read exactly like the configuration's applied parts
        return doc.forEachElement(vs, (s, i) => {
          const e = doc.valueEnd(s);
          const v = doc.parse(s, e);
          refuseInexact(doc, s, e);
          try {
            checkDeferredChange(v, i, path);
          } catch (err) {
            record(Phase.CheckDeferred, err);
            return e;
          }
          try {
            builder.addDeferred(v as DeferredChangeJson);
          } catch (err) {
            record(Phase.Deferred, err);
          }
          return e;
        });
    }
  });
  doc.expectEnd(end);
  // Changes read ahead from inside another member: the plan's own were never met.
  if (ahead.changes && !seen.has("resource_changes")) throw MISGUESSED;

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
  for (const err of reading.errors) if (err) throw err;
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
