// JSON read straight from bytes, one part at a time, for inputs too large to parse as one document cheaply
// (a 50,000-change plan is 70 MB): a structural scanner finds where each value ends, `forEachMember` and
// `forEachElement` walk the objects and arrays a reader descends into, and every value the reader takes is
// parsed on its own with JSON.parse. Every byte is still checked: the structure between values by this
// module, each value by JSON.parse, so a document is accepted exactly when JSON.parse would accept it.
// Errors are one line with the file, line and column, and never quote the input (it may hold secrets).
import { InputError } from "../model/types.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** A JSON document held as UTF-8 bytes (already checked to be valid UTF-8 by the caller). */
export class JsonBytes {
  constructor(
    readonly buf: Buffer,
    /** File name used in error messages. */
    readonly path: string,
  ) {}

  /** `file:line:col: not valid JSON (why)` for a byte offset. */
  error(offset: number, why: string): InputError {
    const { line, col } = lineColumn(this.buf, offset);
    return new InputError(`${this.path}:${line}:${col}: not valid JSON (${why})`, this.path);
  }

  /** Offset of the first non-whitespace byte at or after `pos`. */
  skipWs(pos: number): number {
    const b = this.buf;
    const n = b.length;
    while (pos < n && isWs(b[pos])) pos++;
    return pos;
  }

  /** The byte at `pos`, or -1 at the end. */
  at(pos: number): number {
    return pos < this.buf.length ? this.buf[pos] : -1;
  }

  /**
   * End (exclusive) of the value that starts at `pos` (a non-whitespace byte). Brackets are matched and
   * strings skipped; what lies between is left to JSON.parse. Throws when the value never ends.
   */
  valueEnd(pos: number): number {
    const b = this.buf;
    const n = b.length;
    const c = b[pos];
    if (c === QUOTE) return this.stringEnd(pos);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (let i = pos; i < n; i++) {
        const d = b[i];
        if (d === QUOTE) {
          // Skip the string body: a backslash escapes the next byte.
          i++;
          while (i < n) {
            const e = b[i];
            if (e === QUOTE) break;
            if (e === BACKSLASH) i++;
            i++;
          }
          if (i >= n) break;
        } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
      throw this.error(
        pos,
        c === OPEN_BRACE ? "object never closes: truncated?" : "array never closes: truncated?",
      );
    }
    if (c === undefined || c === COMMA || c === COLON || c === CLOSE_BRACE || c === CLOSE_BRACKET)
      throw this.error(pos, pos >= n ? "unexpected end of input: truncated?" : "expected a value");
    // A number or literal: up to the next delimiter; JSON.parse judges it.
    let i = pos;
    while (i < n) {
      const d = b[i];
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === COLON || d === QUOTE || isWs(d))
        break;
      i++;
    }
    return i;
  }

  private stringEnd(pos: number): number {
    const b = this.buf;
    const n = b.length;
    for (let i = pos + 1; i < n; i++) {
      const e = b[i];
      if (e === QUOTE) return i + 1;
      if (e === BACKSLASH) i++;
    }
    throw this.error(pos, "string never closes: truncated?");
  }

  /** Text of a byte range. */
  text(start: number, end: number): string {
    return this.buf.toString("utf8", start, end);
  }

  /** JSON.parse of one value's bytes; a syntax error names the line and column in the whole file. */
  parse(start: number, end: number): unknown {
    const text = this.text(start, end);
    try {
      return JSON.parse(text);
    } catch (err) {
      if (err instanceof RangeError)
        throw new InputError(`${this.path}: JSON is nested too deeply to read`, this.path);
      const msg = (err as Error).message;
      const m = / at position (\d+)/.exec(msg);
      const offset = m ? start + Buffer.byteLength(text.slice(0, Number(m[1]))) : start;
      throw this.error(offset, describeSyntaxError(msg));
    }
  }

  /** A key string at `pos` (which holds the opening quote) and the offset after it. */
  key(pos: number): { key: string; end: number } {
    const end = this.stringEnd(pos);
    const b = this.buf;
    let plain = true;
    for (let i = pos + 1; i < end - 1; i++) {
      const c = b[i];
      if (c === BACKSLASH || c < 0x20) {
        plain = false;
        break;
      }
    }
    const key = plain ? this.text(pos + 1, end - 1) : (this.parse(pos, end) as string);
    return { key, end };
  }

  /**
   * Walks the object that starts at `pos`: `member(key, valueStart)` is called for each member and returns
   * the end of that member's value (after parsing or descending into it). Returns the end of the object.
   */
  forEachMember(pos: number, member: (key: string, valueStart: number) => number): number {
    const b = this.buf;
    if (b[pos] !== OPEN_BRACE) throw this.error(pos, "expected an object");
    let i = this.skipWs(pos + 1);
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE)
        throw this.error(
          i,
          i >= b.length ? "unexpected end of input: truncated?" : "expected a property name",
        );
      const { key, end } = this.key(i);
      i = this.skipWs(end);
      if (b[i] !== COLON) throw this.error(i, "expected ':' after a property name");
      i = this.skipWs(i + 1);
      if (i >= b.length) throw this.error(i, "unexpected end of input: truncated?");
      i = this.skipWs(member(key, i));
      const c = b[i];
      if (c === CLOSE_BRACE) return i + 1;
      if (c !== COMMA)
        throw this.error(
          i,
          i >= b.length ? "object never closes: truncated?" : "expected ',' or '}' after a property value",
        );
      i = this.skipWs(i + 1);
    }
  }

  /**
   * Walks the array that starts at `pos`: `element(valueStart, index)` returns the end of each element.
   * Returns the end of the array.
   */
  forEachElement(pos: number, element: (valueStart: number, index: number) => number): number {
    const b = this.buf;
    if (b[pos] !== OPEN_BRACKET) throw this.error(pos, "expected an array");
    let i = this.skipWs(pos + 1);
    if (b[i] === CLOSE_BRACKET) return i + 1;
    for (let index = 0; ; index++) {
      if (i >= b.length) throw this.error(i, "unexpected end of input: truncated?");
      i = this.skipWs(element(i, index));
      const c = b[i];
      if (c === CLOSE_BRACKET) return i + 1;
      if (c !== COMMA)
        throw this.error(
          i,
          i >= b.length ? "array never closes: truncated?" : "expected ',' or ']' after an array element",
        );
      i = this.skipWs(i + 1);
    }
  }

  /** Parses the value at `pos` whole; returns it and its end. */
  value(pos: number): { value: unknown; end: number } {
    const end = this.valueEnd(pos);
    return { value: this.parse(pos, end), end };
  }

  /** Checks the value at `pos` (parsing it, keeping nothing) and returns its end. */
  check(pos: number): number {
    const end = this.valueEnd(pos);
    this.parse(pos, end);
    return end;
  }

  /** Checks that nothing but whitespace follows `pos`. */
  expectEnd(pos: number): void {
    const i = this.skipWs(pos);
    if (i < this.buf.length) throw this.error(i, "unexpected data after the end of the document");
  }
}

/** V8's message without the excerpt of the input it sometimes quotes (which could be a secret). */
export function describeSyntaxError(msg: string): string {
  let why = msg;
  const excerpt = why.indexOf(', "');
  if (excerpt !== -1) why = why.slice(0, excerpt);
  why = why.replace(/ (in JSON )?at position \d+.*$/s, "").replace(/ in JSON$/, "");
  if (why.includes('"') || why.length > 80) why = "syntax error";
  return why.charAt(0).toLowerCase() + why.slice(1);
}

/** 1-based line and column (in bytes) of an offset. */
export function lineColumn(buf: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, buf.length);
  for (let i = 0; i < end; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}
