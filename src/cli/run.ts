// Shared plumbing for CLI commands: exit codes, one-line errors, output files.
import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { InputError, UsageError } from "../model/types.js";
import { printable } from "../report/printable.js";

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;
export const EXIT_ERROR = 2;

export function isDebug(): boolean {
  return process.argv.includes("--debug") || process.env.AIRLOCK_DEBUG === "1";
}

/**
 * Prints one clear line for any error (a stack only with --debug) and returns exit code 2. Messages quote file
 * names, keys and values from the input: they are made printable, so they cannot rewrite the terminal.
 */
export function reportError(err: unknown): number {
  const debug = isDebug();
  if (err instanceof InputError) {
    const where = err.file && !err.message.includes(err.file) ? `${printable(err.file)}: ` : "";
    process.stderr.write(`airlock: ${where}${oneLine(err.message)}\n`);
  } else if (err instanceof UsageError) {
    process.stderr.write(`airlock: ${oneLine(err.message)}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`airlock: internal error: ${oneLine(err.message)}\n`);
  } else {
    process.stderr.write(`airlock: internal error: ${oneLine(String(err))}\n`);
  }
  // The stack keeps its own line breaks; everything else in it (the message) is made printable.
  if (debug && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack.split("\n").map(printable).join("\n")}\n`);
  return EXIT_ERROR;
}

function oneLine(s: string): string {
  const line = printable(s.replace(/\s*\n\s*/g, " ").trim());
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

/** Wraps a command action: sets process.exitCode from its result and turns errors into exit 2. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number> | number) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

/** Writes to --output FILE or stdout. */
export function emit(text: string, output?: string): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (output) {
    try {
      writeFileSync(output, body);
    } catch (err) {
      throw new UsageError(`cannot write ${output}: ${(err as Error).message}`);
    }
  } else process.stdout.write(body);
}

/**
 * Writes a report produced in chunks to --output FILE or stdout, never leaving half a report behind: a
 * regular file is written beside its destination and renamed into place when complete; stdout receives the
 * report only once it is complete. Devices and pipes given as --output (/dev/null, a FIFO) are written to
 * as the chunks come. `produce` is told whether each chunk is written out before `write` returns (to a
 * file: its buffer may be filled again) or kept (stdout: the chunks are held until the report is complete).
 */
export function emitChunks(
  produce: (write: (chunk: Buffer) => void, consumesChunks: boolean) => void,
  output?: string,
): void {
  if (!output) {
    const chunks: Buffer[] = [];
    produce((c) => chunks.push(c), false);
    chunks.push(Buffer.from("\n"));
    for (const c of chunks) process.stdout.write(c);
    return;
  }
  const fail = (err: unknown): never => {
    throw new UsageError(`cannot write ${output}: ${(err as Error).message}`);
  };
  let special = false;
  try {
    special = !statSync(output).isFile();
  } catch {
    special = false;
  }
  const target = special ? output : `${output}.airlock-${process.pid}.tmp`;
  let fd = -1;
  try {
    // A new file of our own ("wx"): never follows a link planted at the temporary name.
    fd = openSync(target, special ? "w" : "wx", 0o644);
  } catch (err) {
    fail(err);
  }
  let done = false;
  try {
    produce((c) => {
      try {
        for (let off = 0; off < c.length; ) off += writeSync(fd, c, off);
      } catch (err) {
        fail(err);
      }
    }, true);
    writeSync(fd, "\n");
    closeSync(fd);
    done = true;
    if (!special) renameSync(target, output);
  } catch (err) {
    if (!done) {
      try {
        closeSync(fd);
      } catch {}
    }
    if (!special) rmSync(target, { force: true });
    if (err instanceof UsageError || err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code) fail(err);
    throw err;
  }
}
