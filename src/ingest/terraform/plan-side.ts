// The three large members of a plan that do not depend on its resource changes — `planned_values`,
// `prior_state` and `configuration` (together about 60 % of what `terraform show -json` writes) — read on
// their own, so that a second thread can read them while the main thread reads `resource_changes`
// (plan-side-thread.ts, plan-side-client.ts). This module is what both threads share: where the members
// probably start, and how one is read.
//
// Where they start is guessed by searching the bytes for their names, since finding it for certain means
// reading everything before them. A guess is only ever a guess: the main thread still walks the document's
// members in order, and takes what was read at a guessed position only when its own walk arrives at that
// very position (plan-stream.ts). Read from the right position, a member reads the same on either thread.

import {
  CLOSE_BRACE,
  COLON,
  COMMA,
  isWs,
  type JsonBytes,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from "../json-bytes.js";
import { ConfigSink } from "./graph-edges.js";
import { readConfiguration, readRoot } from "./plan-members.js";
import type { ValuesModule } from "./plan-types.js";

export const SIDE_KEYS = ["planned_values", "prior_state", "configuration"] as const;
export type SideKey = (typeof SIDE_KEYS)[number];

/** A side member as read: its end, and the light state tree or the configuration's edges. */
export interface SideRead {
  end: number;
  root?: ValuesModule;
  sink?: ConfigSink;
}

/** Reads the side member `key` whose value (an object) starts at `vs`. */
export function readSideMember(doc: JsonBytes, key: SideKey, vs: number): SideRead {
  switch (key) {
    case "configuration": {
      const sink = new ConfigSink();
      return { end: readConfiguration(doc, vs, sink), sink };
    }
    case "prior_state": {
      let root: ValuesModule | undefined;
      const end = readRoot(
        doc,
        vs,
        ["values", "root_module"],
        "prior_state.values.root_module",
        true,
        (r) => {
          root = r;
        },
      );
      return { end, root };
    }
    default: {
      let root: ValuesModule | undefined;
      const end = readRoot(doc, vs, ["root_module"], "planned_values.root_module", false, (r) => {
        root = r;
      });
      return { end, root };
    }
  }
}

/** The members whose start is guessed: the side members, and `resource_changes` (the main thread's part). */
export type GuessedKey = SideKey | "resource_changes";

/**
 * The names Terraform writes first inside each member's object (`{}` is accepted too): a candidate whose
 * value starts otherwise is a member of that name deeper in the document (a `configuration` block in a
 * resource's values), not the plan's.
 */
const FIRST_MEMBERS: Record<SideKey, readonly string[]> = {
  planned_values: ["outputs", "root_module"],
  prior_state: ["format_version", "terraform_version", "values"],
  configuration: ["provider_config", "root_module"],
};

/** Candidates looked at per name before giving up (a guess that is not found only costs the speed-up). */
const MAX_CANDIDATES = 64;

/**
 * Where the values of the plan's `resource_changes` and side members probably start, for the plan object at
 * `start` (absent: not found). In the order Terraform writes them: planned_values and resource_changes
 * searched forward from the start (they come early), configuration and prior_state backward from the end
 * (they come late), so that no search crosses the whole document.
 */
export function guessMembers(bytes: Buffer, start: number): Partial<Record<GuessedKey, number>> {
  const out: Partial<Record<GuessedKey, number>> = {};
  const planned = find(bytes, "planned_values", start, bytes.length, true);
  if (planned !== undefined) out.planned_values = planned;
  const changes = find(bytes, "resource_changes", planned ?? start, bytes.length, true);
  if (changes !== undefined) out.resource_changes = changes;
  const from = changes ?? planned ?? start;
  const configuration = find(bytes, "configuration", from, bytes.length, false);
  if (configuration !== undefined) out.configuration = configuration;
  const prior = find(bytes, "prior_state", from, configuration ?? bytes.length, false);
  if (prior !== undefined) out.prior_state = prior;
  return out;
}

/**
 * The value start of the first (forward) or last (backward) member named `name` between `from` and `to`
 * that looks like the plan's own: `"name"` after `{` or `,`, then `:`, then the member's JSON type and,
 * for a side member, one of the names it starts with.
 */
function find(
  bytes: Buffer,
  name: GuessedKey,
  from: number,
  to: number,
  forward: boolean,
): number | undefined {
  const needle = Buffer.from(`"${name}"`);
  let at = forward ? from : to - needle.length;
  for (let n = 0; n < MAX_CANDIDATES; n++) {
    const hit = forward ? bytes.indexOf(needle, at) : bytes.lastIndexOf(needle, at);
    if (hit < from || hit + needle.length > to) return undefined;
    const vs = valueAfterKey(bytes, hit, needle.length);
    if (vs !== undefined && startsLike(bytes, vs, name)) return vs;
    at = forward ? hit + 1 : hit - 1;
    if (at < 0) return undefined;
  }
  return undefined;
}

/** The value start after the key at `hit` when it is a member name (after `{` or `,`, before `:`). */
function valueAfterKey(bytes: Buffer, hit: number, length: number): number | undefined {
  let b = hit - 1;
  while (b >= 0 && isWs(bytes[b])) b--;
  if (b < 0 || (bytes[b] !== OPEN_BRACE && bytes[b] !== COMMA)) return undefined;
  let i = hit + length;
  while (i < bytes.length && isWs(bytes[i])) i++;
  if (bytes[i] !== COLON) return undefined;
  i++;
  while (i < bytes.length && isWs(bytes[i])) i++;
  return i;
}

function startsLike(bytes: Buffer, vs: number, name: GuessedKey): boolean {
  if (name === "resource_changes") return bytes[vs] === OPEN_BRACKET;
  if (bytes[vs] !== OPEN_BRACE) return false;
  let i = vs + 1;
  while (i < bytes.length && isWs(bytes[i])) i++;
  if (bytes[i] === CLOSE_BRACE) return true;
  if (bytes[i] !== QUOTE) return false;
  return FIRST_MEMBERS[name].some((m) => bytes.toString("latin1", i, i + m.length + 2) === `"${m}"`);
}
