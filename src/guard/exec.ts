// `airlock exec -- <command…>`: runs the command only when the guard allows it. `ask` prompts on a terminal
// (y/N) and is denied without one. The child inherits standard streams; its exit code is returned.
// Messages quote the command: printable, so it cannot rewrite the terminal (or the question asked).
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { printable } from "../report/printable.js";
import { checkCommand } from "./check.js";
import { renderArgs } from "./classify.js";
import { recordVerdict } from "./record.js";
import type { GuardResult } from "./types.js";

export interface ExecOptions {
  /** Answers an `ask` verdict; default: prompt on the terminal when there is one. */
  confirm?: (result: GuardResult) => Promise<boolean>;
  noLedger?: boolean;
  cwd?: string;
}

export async function promptOnTty(result: GuardResult): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = await rl.question(
      `airlock: ${printable(result.reason)}\nRun \`${printable(result.command)}\`? [y/N] `,
    );
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
}

/** Returns the exit code to use. */
export async function execGuarded(argv: string[], opts: ExecOptions = {}): Promise<number> {
  const command = renderArgs(argv.map((text) => ({ text, literal: true, splits: false, glob: false })));
  const cwd = opts.cwd ?? process.cwd();
  const result = await checkCommand(command, { cwd, env: process.env });
  if (!opts.noLedger) await recordVerdict(result, { source: "exec" });
  if (result.verdict === "deny") {
    process.stderr.write(`airlock: denied: ${printable(result.reason)}\n`);
    return 1;
  }
  if (result.verdict === "ask") {
    const ok = await (opts.confirm ?? promptOnTty)(result);
    if (!ok) {
      process.stderr.write(
        `airlock: not confirmed (${process.stdin.isTTY ? "answered no" : "no terminal to ask"}): ${printable(result.reason)}\n`,
      );
      return 1;
    }
  }
  return await new Promise<number>((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", cwd });
    child.on("error", (err) => {
      process.stderr.write(`airlock: cannot run ${printable(argv[0])}: ${printable(err.message)}\n`);
      resolve(127);
    });
    child.on("close", (code, signal) => {
      if (signal) resolve(128 + ((constants.signals as Record<string, number>)[signal] ?? 1));
      else resolve(code ?? 1);
    });
  });
}
