// Reading input files safely: size limits, clear errors naming the file, JSON with a depth limit.
import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { isatty } from "node:tty";
import { InputError } from "../model/types.js";

/** Largest input accepted (bytes). A V8 string cannot exceed ~512 MiB; say so clearly instead of crashing. */
export function maxInputBytes(): number {
  const env = Number(process.env.AIRLOCK_MAX_INPUT_BYTES);
  return Number.isFinite(env) && env > 0 ? env : 512 * 1024 * 1024;
}

/** The name `-` given for a file: standard input (`terraform show -json plan.tfplan | airlock analyze -`). */
export const STDIN = "-";

/** `-`, or a name of standard input's descriptor (`/dev/stdin`, `/dev/fd/0`, `/proc/self/fd/0`). */
export function isStdin(path: string): boolean {
  return path === STDIN || path === "/dev/stdin" || path === "/dev/fd/0" || path === "/proc/self/fd/0";
}

/** How a path is named in messages: standard input as `stdin`. */
export function inputName(path: string): string {
  return path === STDIN ? "stdin" : path;
}

/**
 * The file's bytes. `shared(size)` true: in a SharedArrayBuffer, which a helper thread can read without a
 * copy (plan-side-client.ts). `-` reads standard input. A pipe, standard input and any other file that is
 * not a regular file are read to their end, and refused as soon as they pass the input limit.
 */
export function readInputBytes(path: string, shared?: (size: number) => boolean): Buffer {
  const name = inputName(path);
  const limit = maxInputBytes();
  // `/dev/stdin` is read from the descriptor itself: a socket (as Node's child processes get) cannot be
  // opened by that name.
  if (isStdin(path)) {
    // A terminal would wait for a plan typed by hand: say what to do instead.
    if (isatty(0))
      throw new InputError(
        `${name}: is a terminal; pipe a plan in (\`terraform show -json PLAN | airlock analyze -\`)`,
        name,
      );
    return readStream(0, name, limit);
  }
  let size: number;
  let regular: boolean;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory, expected a file`, path);
    size = st.size;
    // Only a regular file is read at positions into shared memory; a pipe (`/dev/stdin`, `<(…)`) is read
    // as a stream.
    regular = st.isFile();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read (${code === "ENOENT" ? "no such file" : (code ?? "error")})`,
      path,
    );
  }
  if (size > limit) throw tooLarge(name, `file is ${size} bytes`, limit);
  if (!regular) {
    const fd = openOrFail(path);
    try {
      return readStream(fd, name, limit);
    } finally {
      closeSync(fd);
    }
  }
  try {
    return shared?.(size) ? readShared(path, size) : readFileSync(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
}

/** `what`: the size when it is known (a file); a stream is refused as it passes the limit. */
function tooLarge(name: string, what: string, limit: number): InputError {
  return new InputError(
    `${name}: ${what ? `${what}, ` : ""}over the input limit of ${limit} bytes (AIRLOCK_MAX_INPUT_BYTES)`,
    name,
  );
}

function cannotRead(path: string, err: unknown): InputError {
  return new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`, path);
}

function openOrFail(path: string): number {
  try {
    return openSync(path, "r");
  } catch (err) {
    throw cannotRead(path, err);
  }
}

/**
 * Everything a stream (a pipe, standard input) holds, refused once it passes `limit` bytes. Read into 1 MiB
 * chunks, each filled by as many reads as it takes (a pipe gives 64 KiB at a time), so that what is kept is
 * the input's size, not a chunk per read.
 */
function readStream(fd: number, name: string, limit: number): Buffer {
  const CHUNK = 1 << 20;
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, chunk, used, CHUNK - used, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A non-blocking standard input with nothing yet written: wait for it as a blocking read would.
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === "EOF") break;
      throw new InputError(`${name}: cannot read (${code ?? "error"})`, name);
    }
    if (got === 0) break;
    total += got;
    used += got;
    if (total > limit) throw tooLarge(name, "", limit);
    if (used === CHUNK) {
      chunks.push(chunk);
      chunk = Buffer.allocUnsafe(CHUNK);
      used = 0;
    }
  }
  if (used > 0) chunks.push(chunk.subarray(0, used));
  return Buffer.concat(chunks, total);
}

/** The whole file in shared memory; a file that changed size while it was read is read again. */
function readShared(path: string, size: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.from(new SharedArrayBuffer(size));
    let n = 0;
    while (n < size) {
      const got = readSync(fd, buf, n, size - n, n);
      if (got === 0) break;
      n += got;
    }
    // Shorter, or longer, than it was a moment ago: not one consistent file to share; read it plainly.
    if (n !== size || readSync(fd, Buffer.alloc(1), 0, 1, size) !== 0) return readFileSync(path);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * Decodes text the way editors and shells write it: UTF-8 (with or without a BOM) and UTF-16 with a BOM
 * (PowerShell's `terraform show -json > plan.json` writes UTF-16LE).
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return bytes.subarray(2).toString("utf16le");
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return bytes.subarray(3).toString("utf8");
  return bytes.toString("utf8");
}

/**
 * The input as UTF-8 bytes for the byte-level readers: UTF-8 (a BOM is skipped) is used as it is, UTF-16
 * with a BOM is converted; anything else that is not valid UTF-8 is an input error.
 */
export function utf8BytesOrFail(bytes: Buffer, path: string): { buf: Buffer; start: number } {
  const utf16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) return { buf: Buffer.from(decodeText(bytes), "utf8"), start: 0 };
  if (!isUtf8(bytes)) throw new InputError(`${path}: not UTF-8 text (save the file as UTF-8)`, path);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { buf: bytes, start: bom ? 3 : 0 };
}

export function isZip(bytes: Buffer): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/** Deepest nesting accepted in any structured input. */
export const MAX_DEPTH = 256;

/** Parses JSON text; errors become one line naming the file and position. */
export function parseJsonText(text: string, path: string): unknown {
  if (text.trim() === "") throw new InputError(`${path}: file is empty`, path);
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(`${path}: JSON is nested too deeply to read`, path);
    const msg = (err as Error).message.replace(/^Unexpected/, "unexpected");
    throw new InputError(`${path}: not valid JSON (${msg})`, path);
  }
}
