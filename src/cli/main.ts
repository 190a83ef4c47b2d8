// The `airlock` command line: a thin shell over the library. Each command lives in commands/ and loads its
// implementation lazily so that fast paths (the guard hook) do not pay for what they do not use.
import { Command, CommanderError } from "commander";
import { printable } from "../report/printable.js";
import { registerAnalyzeCommands } from "./commands/analyze.js";
import { registerApprovalsCommands } from "./commands/approvals.js";
import { registerGuardCommands } from "./commands/guard.js";
import { registerLedgerCommands } from "./commands/ledger.js";
import { registerPolicyCommands } from "./commands/policy.js";
import { EXIT_ERROR } from "./run.js";
import { VERSION } from "./version.js";

// A reader that stops early (`airlock analyze … | head`) closes the pipe: stop writing, keep the exit status
// the command decided, and print no stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });

const program = new Command();
program
  .name("airlock")
  .description(
    "Governs changes to production infrastructure: analysis, blast radius, risk, policy, approvals, ledger, guard.",
  )
  .version(VERSION)
  .option("--debug", "print stack traces for errors")
  .showHelpAfterError()
  // Commander quotes the unknown option or argument as given: printable (its own line breaks kept).
  .configureOutput({ outputError: (str, write) => write(str.split("\n").map(printable).join("\n")) })
  .exitOverride();

registerAnalyzeCommands(program);
registerPolicyCommands(program);
registerApprovalsCommands(program);
registerLedgerCommands(program);
registerGuardCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version") {
      process.exitCode = 0;
    } else process.exitCode = EXIT_ERROR;
  } else {
    const { reportError } = await import("./run.js");
    process.exitCode = reportError(err);
  }
}
