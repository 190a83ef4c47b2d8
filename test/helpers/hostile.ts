// Hostile strings for the terminal/markdown injection tests, and the check that none of their characters is
// printed raw.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
// Resolved here so the CLI can run from any working directory.
const TSX = import.meta.resolve("tsx");

/** Runs the CLI from source in `cwd` (no colours, not as an agent), capturing exit code and output. */
export function cli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd: opts.cwd,
    encoding: "utf8",
    input: opts.input,
    env: { ...process.env, NO_COLOR: "1", AIRLOCK_AGENT: "", ...opts.env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Erase the line (ESC [2K), return (CR), a line break (LF), C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE. */
export const EVIL = "\x1b[2K\r\n\u009b\u202e";
/** EVIL as `printable` shows it (text output, markdown code spans). */
export const EVIL_SHOWN = "\\x1b[2K\\r\\n\\x9b\\u202e";
/** EVIL as `mdText` shows it: the backslashes and `[` escaped, so the comment renders EVIL_SHOWN. */
export const EVIL_MD = "\\\\x1b\\[2K\\\\r\\\\n\\\\x9b\\\\u202e";
/** EVIL in a one-line error message: the line break (with the CR before it) collapsed to a space. */
export const EVIL_ONE_LINE = "\\x1b[2K \\x9b\\u202e";

// Every character that must never be printed raw (LF is allowed: it is the output's own line break).
const RAW =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const SGR = /\x1b\[[0-9;]*m/g;

/** Fails when `out` holds a control or bidirectional-control character (our own colour codes aside). */
export function assertNoRaw(out: string, what: string, opts: { colors?: boolean } = {}): void {
  const text = opts.colors ? out.replace(SGR, "") : out;
  const m = RAW.exec(text);
  assert.equal(
    m,
    null,
    `${what}: raw U+${m?.[0].codePointAt(0)?.toString(16).padStart(4, "0")} in ${JSON.stringify(out)}`,
  );
}

/** Fails unless `out` holds `shown` (the escaped form of the hostile string). */
export function assertShown(out: string, shown: string, what: string): void {
  assert.ok(out.includes(shown), `${what}: ${JSON.stringify(shown)} not in ${JSON.stringify(out)}`);
}
