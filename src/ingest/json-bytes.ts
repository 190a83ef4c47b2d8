// JSON read straight from bytes, one part at a time, for inputs too large to parse as one document cheaply
// (a 50,000-change plan is 70 MB): a structural scanner finds where each value ends, `forEachMember` and
// `forEachElement` walk the objects and arrays a reader descends into, and every value the reader takes is
// parsed on its own with JSON.parse. Every byte is still checked: the structure between values by this
// module, each value by JSON.parse, so a document is accepted exactly when JSON.parse would accept it.
// Errors are one line with the file, line and column, and never quote the input (it may hold secrets).
import { InputError } from "../model/types.js";

/** The bytes of JSON's structure (also used by the readers built on this module). */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

const utf8Slice = (Buffer.prototype as { utf8Slice?: (start: number, end: number) => string }).utf8Slice;

const TRUE = new Uint8Array([0x74, 0x72, 0x75, 0x65]);
const FALSE = new Uint8Array([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c]);

/**
 * Bytes inside a string that the validating scanner must look at: the quote, the backslash and control
 * characters. The rest are PLAIN (0); past the end of the buffer the lookup is undefined, which stops too.
 */
const PLAIN = 0;
const STRING_BYTE = new Uint8Array(256);
STRING_BYTE[QUOTE] = 1;
STRING_BYTE[BACKSLASH] = 1;
STRING_BYTE.fill(1, 0, 0x20);

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isWs(c: number): boolean {
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

  /** `file:line:col: why`, for valid JSON that Airlock still cannot read completely. */
  refusal(offset: number, why: string): InputError {
    const { line, col } = lineColumn(this.buf, offset);
    return new InputError(`${this.path}:${line}:${col}: ${why}`, this.path);
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
    // Buffer#utf8Slice is what toString("utf8", …) calls after checking its arguments; called directly
    // it saves that work on each of the ~100,000 values a large plan is read as.
    return utf8Slice ? utf8Slice.call(this.buf, start, end) : this.buf.toString("utf8", start, end);
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
   * `forEachMember` for readers that want only a few members by name: `member(which, valueStart)` gets the
   * index of the key in `names` (-1 for any other key), and no string is made for a key without escapes.
   * For objects with many members, most of them skipped (a state resource: ten members, two wanted).
   */
  forEachNamedMember(
    pos: number,
    names: readonly Uint8Array[],
    member: (which: number, valueStart: number) => number,
  ): number {
    const b = this.buf;
    return this.walkMembers(
      pos,
      (i) => {
        const end = this.stringEnd(i);
        let which = -1;
        let plain = true;
        for (let k = i + 1; k < end - 1; k++)
          if (b[k] === BACKSLASH || b[k] < 0x20) {
            plain = false;
            break;
          }
        if (plain) {
          const n = end - i - 2;
          for (let w = 0; w < names.length && which < 0; w++) {
            const name = names[w];
            if (name.length !== n) continue;
            let same = true;
            for (let k = 0; k < n; k++)
              if (b[i + 1 + k] !== name[k]) {
                same = false;
                break;
              }
            if (same) which = w;
          }
        } else {
          // Escapes decoded (and control characters refused) by JSON.parse, then compared as text.
          const key = this.parse(i, end) as string;
          which = names.findIndex((name) => Buffer.from(name).toString("utf8") === key);
        }
        this.keyEnd = end;
        return which;
      },
      member,
    );
  }

  /** End of the key the last `walkMembers` key reader read. */
  private keyEnd = 0;

  /** The member loop shared by the walkers: `readKey(at)` reads the key at `at` and sets keyEnd. */
  private walkMembers<K>(
    pos: number,
    readKey: (at: number) => K,
    member: (key: K, valueStart: number) => number,
  ): number {
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
      const key = readKey(i);
      i = this.skipWs(this.keyEnd);
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
   * Walks the object that starts at `pos`: `member(key, valueStart)` is called for each member and returns
   * the end of that member's value (after parsing or descending into it). Returns the end of the object.
   */
  forEachMember(pos: number, member: (key: string, valueStart: number) => number): number {
    return this.walkMembers(
      pos,
      (i) => {
        const { key, end } = this.key(i);
        this.keyEnd = end;
        return key;
      },
      member,
    );
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

  /**
   * Checks that the value at `pos` is valid JSON (RFC 8259, exactly what JSON.parse accepts; the bytes are
   * already known to be UTF-8) without building it, and returns its end. For the parts of a document that
   * are read only to be sure they are well formed (state values, constant expressions).
   */
  check(pos: number): number {
    const b = this.buf;
    const n = b.length;
    // Open containers: 1 object, 2 array. A typed stack that grows, so any depth is checked iteratively.
    let stack = this.stack;
    let depth = 0;
    let i = pos;
    // What may come next: a value, or (inside a container) a separator or the close.
    for (;;) {
      // ---- a value at i
      i = this.skipWs(i);
      let c = b[i];
      if (c === QUOTE) i = this.checkString(i);
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === stack.length) {
          const grown = new Uint8Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
          this.stack = grown;
        }
        const isObj = c === OPEN_BRACE;
        stack[depth++] = isObj ? 1 : 2;
        i = this.skipWs(i + 1);
        c = b[i];
        if (c === (isObj ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
        } else if (isObj) {
          if (c !== QUOTE)
            throw this.error(i, i >= n ? "unexpected end of input: truncated?" : "expected a property name");
          i = this.skipWs(this.checkString(i));
          if (b[i] !== COLON) throw this.error(i, "expected ':' after a property name");
          i++;
          continue;
        } else continue;
      } else if (c === 0x74) i = this.literal(i, TRUE);
      else if (c === 0x66) i = this.literal(i, FALSE);
      else if (c === 0x6e) i = this.literal(i, NULL);
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = this.checkNumber(i);
      else throw this.error(i, i >= n ? "unexpected end of input: truncated?" : "expected a value");
      // ---- after a value: close containers, or a separator before the next member or element
      for (;;) {
        if (depth === 0) return i;
        i = this.skipWs(i);
        c = b[i];
        const top = stack[depth - 1];
        if (c === COMMA) {
          i = this.skipWs(i + 1);
          if (top === 1) {
            if (b[i] !== QUOTE)
              throw this.error(
                i,
                i >= n ? "unexpected end of input: truncated?" : "expected a property name",
              );
            i = this.skipWs(this.checkString(i));
            if (b[i] !== COLON) throw this.error(i, "expected ':' after a property name");
            i++;
          }
          break;
        }
        if (c === (top === 1 ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
          continue;
        }
        if (i >= n)
          throw this.error(
            i,
            top === 1 ? "object never closes: truncated?" : "array never closes: truncated?",
          );
        throw this.error(
          i,
          top === 1
            ? "expected ',' or '}' after a property value"
            : "expected ',' or ']' after an array element",
        );
      }
    }
  }

  private stack = new Uint8Array(64);

  /** A string at `pos` (its opening quote): escapes and control characters checked. Returns its end. */
  private checkString(pos: number): number {
    const b = this.buf;
    const n = b.length;
    let i = pos + 1;
    for (;;) {
      while (STRING_BYTE[b[i]] === PLAIN) i++;
      if (i >= n) throw this.error(pos, "string never closes: truncated?");
      const c = b[i];
      if (c === QUOTE) return i + 1;
      if (c < 0x20) throw this.error(i, "bad control character in string literal");
      if (c === BACKSLASH) {
        const e = b[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = b[i + k];
            if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66)))
              throw this.error(i, "bad Unicode escape");
          }
          i += 6;
          continue;
        }
        if (
          e !== QUOTE &&
          e !== BACKSLASH &&
          e !== 0x2f &&
          e !== 0x62 &&
          e !== 0x66 &&
          e !== 0x6e &&
          e !== 0x72 &&
          e !== 0x74
        )
          throw this.error(i, "bad escaped character");
        i += 2;
        continue;
      }
      i++;
    }
  }

  private literal(pos: number, word: Uint8Array): number {
    const b = this.buf;
    for (let k = 0; k < word.length; k++)
      if (b[pos + k] !== word[k]) throw this.error(pos, "expected a value");
    return pos + word.length;
  }

  /** A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private checkNumber(pos: number): number {
    const b = this.buf;
    let i = pos;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else {
      const s = i;
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === s) throw this.error(i, "no number after minus sign");
    }
    if (b[i] === 0x2e) {
      const s = ++i;
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === s) throw this.error(i, "unterminated fractional number");
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      const s = i;
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === s) throw this.error(i, "exponent part is missing a number");
    }
    return i;
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
