// Several JSON values one after another in one file (pages of paginated CLI output concatenated with `>>` or
// `cat`): split at top-level value boundaries and parse each, with errors naming line and column.
import { InputError } from "../../model/types.js";
import { MAX_DEPTH } from "../read-input.js";

function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `${line}:${offset - last}`;
}

/** Returns the end offset (exclusive) of the JSON container starting at `start`, or -1 when it never closes. */
function containerEnd(text: string, start: number, path: string): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > MAX_DEPTH)
        throw new InputError(`${path}:${lineCol(text, i)}: JSON nests deeper than ${MAX_DEPTH} levels`, path);
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Parses a stream of JSON objects/arrays. */
export function parseJsonStream(text: string, path: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 123 && c !== 91)
      throw new InputError(
        `${path}:${lineCol(text, i)}: not valid JSON (expected an object or an array)`,
        path,
      );
    const end = containerEnd(text, i, path);
    if (end === -1)
      throw new InputError(
        `${path}:${lineCol(text, i)}: not valid JSON (value never closes: truncated?)`,
        path,
      );
    const chunk = text.slice(i, end);
    try {
      out.push(JSON.parse(chunk));
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const at = m ? lineCol(text, i + Number(m[1])) : lineCol(text, i);
      const why = (err as Error).message
        .replace(/ in JSON at position \d+.*$/, "")
        .replace(/^Unexpected/, "unexpected");
      throw new InputError(`${path}:${at}: not valid JSON (${why})`, path);
    }
    i = end;
  }
  if (out.length === 0) throw new InputError(`${path}: file is empty`, path);
  return out;
}
