// Fast entry for the Claude Code hook (bin/airlock-guard-hook.js): the same as
// `airlock guard hook claude-code`, without loading the command-line parser and every command's module.
import { printable } from "../report/printable.js";
import { readStdin, runClaudeCodeHook } from "./hook.js";

export async function main(argv: string[]): Promise<number> {
  let text: string;
  try {
    text = await readStdin();
  } catch (err) {
    process.stderr.write(
      `airlock guard: cannot read the hook input: ${printable((err as Error).message)}; denying\n`,
    );
    return 2;
  }
  const r = await runClaudeCodeHook(text, {
    emitAllow: argv.includes("--emit-allow"),
    noLedger: argv.includes("--no-ledger"),
  });
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  return r.exitCode;
}
