// The JSON report written in pieces: the same text as renderJson on an Assessment with attribute diffs
// (tested byte for byte), but each change's diff is produced as JSON text straight from the change and
// handed to the sink, so the report of a 50,000-change plan is never one string or 400,000 small objects.

import type { Assessment } from "../model/assessment.js";
import { attributeDiffJson } from "../model/attribute-diff.js";
import type { ChangeSet } from "../model/types.js";

const CHUNK = 1 << 20;

/** Splits `text` around the first `marker`, which must occur exactly once. */
function around(text: string, marker: string): [string, string] | null {
  const i = text.indexOf(marker);
  if (i === -1 || text.indexOf(marker, i + 1) !== -1) return null;
  return [text.slice(0, i), text.slice(i + marker.length)];
}

/**
 * Writes `JSON.stringify(a)` with every change's attribute diff filled in from `cs` (the change set `a` was
 * assessed from, without attributes: `a.changes[i]` is `cs.changes[i]`). `write` receives chunks of about
 * 1 MiB; their concatenation is the report.
 */
export function writeJsonReport(a: Assessment, cs: ChangeSet, write: (chunk: string) => void): void {
  if (a.changes.length !== cs.changes.length) throw new Error("assessment and change set differ");
  const shell = around(JSON.stringify({ ...a, changes: [] }), ',"changes":[],');
  if (!shell) throw new Error("unexpected report shape");
  let buf = `${shell[0]},"changes":[`;
  for (let i = 0; i < a.changes.length; i++) {
    const ac = a.changes[i];
    const c = cs.changes[i];
    if (ac.address !== c.address) throw new Error("assessment and change set differ");
    const text = JSON.stringify(ac);
    if (i > 0) buf += ",";
    if (c.action === "no-op" || ac.attributes.length) buf += text;
    else {
      const parts = around(text, ',"attributes":[],');
      if (!parts) throw new Error("unexpected change shape");
      buf += `${parts[0]},"attributes":${attributeDiffJson(c)},${parts[1]}`;
    }
    if (buf.length >= CHUNK) {
      write(buf);
      buf = "";
    }
  }
  write(`${buf}],${shell[1]}`);
}
