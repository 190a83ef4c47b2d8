// The JSON report written in pieces: the same text as renderJson on an Assessment with attribute diffs
// (tested byte for byte), but each change's diff is produced as JSON text straight from the change and
// handed to the sink, so the report of a 50,000-change plan is never one string or 400,000 small objects.
import type { AssessedChange, Assessment } from "../model/assessment.js";
import { attributeDiffJson, quoteJson } from "../model/attribute-diff.js";
import { secretScrubberOf } from "../model/secrets.js";
import type { ChangeSet } from "../model/types.js";

const CHUNK = 1 << 20;

/**
 * Collects text as UTF-8 in a fixed buffer and hands it on when full. Each piece is encoded as it comes,
 * so no long string is ever built (concatenating a report's worth of small strings keeps all of them alive
 * until the end, which costs more in garbage collection than the writing itself).
 */
class ByteSink {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(
    private readonly out: (chunk: Buffer) => void,
    /** The sink is done with each chunk when it returns, so the one buffer is filled again. */
    private readonly reuse: boolean,
  ) {}

  write(s: string): void {
    if (s.length * 3 > this.buf.length - this.used) {
      this.flush();
      if (s.length * 3 > this.buf.length) {
        this.out(Buffer.from(s, "utf8"));
        return;
      }
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }

  flush(): void {
    if (this.used === 0) return;
    this.out(this.buf.subarray(0, this.used));
    // Unless the sink is done with it, the chunk handed on is the caller's now: continue in a fresh buffer.
    // Reused, no fresh memory is touched for each megabyte of the report (40 of them at 50,000 changes).
    if (!this.reuse) this.buf = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }
}

/** The members of an AssessedChange in the order assess.ts creates them (the order JSON.stringify writes). */
const HEAD_KEYS = [
  "address",
  "type",
  "name",
  "mode",
  "provider",
  "module",
  "action",
  "rawActions",
  "attributes",
];
const TAIL_KEYS = [
  "blastRadius",
  "risk",
  "replaceOrder",
  "actionReason",
  "importing",
  "deposed",
  "previousAddress",
  "sourceFiles",
];

/**
 * `JSON.stringify(ac)` up to the attributes' value, written member by member (cheaper than writing the whole
 * change and cutting it); undefined when the change has members in another order, which the caller then
 * handles the general way.
 */
function changeHead(ac: AssessedChange): string | undefined {
  const keys = Object.keys(ac);
  for (let i = 0; i < HEAD_KEYS.length; i++) if (keys[i] !== HEAD_KEYS[i]) return undefined;
  let t = HEAD_KEYS.length;
  for (let i = HEAD_KEYS.length; i < keys.length; i++) {
    while (t < HEAD_KEYS.length + TAIL_KEYS.length && TAIL_KEYS[t - HEAD_KEYS.length] !== keys[i]) t++;
    if (t === HEAD_KEYS.length + TAIL_KEYS.length) return undefined;
  }
  return `{"address":${quoteJson(ac.address)},"type":${quoteJson(ac.type)},"name":${quoteJson(ac.name)},"mode":${quoteJson(ac.mode)},"provider":${quoteJson(ac.provider)},"module":${quoteJson(ac.module)},"action":${quoteJson(ac.action)},"rawActions":${JSON.stringify(ac.rawActions)},"attributes":`;
}

/** The members after the attributes, as JSON.stringify writes them, and the closing brace. */
function changeTail(ac: AssessedChange): string {
  let t = `,"blastRadius":${JSON.stringify(ac.blastRadius)},"risk":${quoteJson(ac.risk)}`;
  if (ac.replaceOrder !== undefined) t += `,"replaceOrder":${quoteJson(ac.replaceOrder)}`;
  if (ac.actionReason !== undefined) t += `,"actionReason":${JSON.stringify(ac.actionReason)}`;
  if (ac.importing !== undefined) t += `,"importing":${JSON.stringify(ac.importing)}`;
  if (ac.deposed !== undefined) t += `,"deposed":${JSON.stringify(ac.deposed)}`;
  if (ac.previousAddress !== undefined) t += `,"previousAddress":${quoteJson(ac.previousAddress)}`;
  if (ac.sourceFiles !== undefined) t += `,"sourceFiles":${JSON.stringify(ac.sourceFiles)}`;
  return `${t}}`;
}

/** Splits `text` around the first `marker`, which must occur exactly once. */
function around(text: string, marker: string): [string, string] | null {
  const i = text.indexOf(marker);
  if (i === -1 || text.indexOf(marker, i + 1) !== -1) return null;
  return [text.slice(0, i), text.slice(i + marker.length)];
}

/**
 * Writes `JSON.stringify(a)` with every change's attribute diff filled in from `cs` (the change set `a` was
 * assessed from, without attributes: `a.changes[i]` is `cs.changes[i]`). `write` receives UTF-8 chunks of
 * up to about 1 MiB, each its own (never reused) unless `consumesChunks`; their concatenation is the report.
 */
export function writeJsonReport(
  a: Assessment,
  cs: ChangeSet,
  write: (chunk: Buffer) => void,
  /** true when `write` is done with each chunk when it returns (writes it out): its buffer is reused. */
  consumesChunks = false,
): void {
  if (a.changes.length !== cs.changes.length) throw new Error("assessment and change set differ");
  const shell = around(JSON.stringify({ ...a, changes: [] }), ',"changes":[],');
  if (!shell) throw new Error("unexpected report shape");
  const out = new ByteSink(write, consumesChunks);
  // Values equal to a secret elsewhere in the plan are shown as "(sensitive)" too (as in renderJson).
  const scrubber = secretScrubberOf(cs);
  out.write(`${shell[0]},"changes":[`);
  for (let i = 0; i < a.changes.length; i++) {
    const ac = a.changes[i];
    const c = cs.changes[i];
    if (ac.address !== c.address) throw new Error("assessment and change set differ");
    const sep = i > 0 ? "," : "";
    if (c.action === "no-op" || ac.attributes.length) {
      out.write(sep + JSON.stringify(ac));
      continue;
    }
    const head = changeHead(ac);
    if (head !== undefined) {
      out.write(`${sep}${head}${attributeDiffJson(c, undefined, scrubber)}${changeTail(ac)}`);
      continue;
    }
    const parts = around(JSON.stringify(ac), ',"attributes":[],');
    if (!parts) throw new Error("unexpected change shape");
    out.write(`${sep}${parts[0]},"attributes":${attributeDiffJson(c, undefined, scrubber)},${parts[1]}`);
  }
  out.write(`],${shell[1]}`);
  out.flush();
}
