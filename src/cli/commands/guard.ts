import type { Command } from "commander";
import { action } from "../run.js";

const impl = () => import("../../guard/cli.js");

/** Registers `guard check|hook|install|catalog`, `exec` and `mcp`. Implementations load lazily. */
export function registerGuardCommands(program: Command): void {
  const guard = program
    .command("guard")
    .description("the agent guard: classify shell commands an agent wants to run");
  guard
    .command("check")
    .description("classify a shell command line: allow, ask or deny (exit 0 allow, 1 ask/deny, 2 error)")
    .requiredOption("--command <line>", "the shell command line")
    .option("--format <format>", "text or json", "text")
    .option("--cwd <dir>", "working directory the command would run in")
    .option("--no-ledger", "do not write the verdict to the ledger")
    .action(action(async (opts) => (await impl()).checkCommandCli(opts)));
  const hook = guard.command("hook").description("agent hook adapters");
  hook
    .command("claude-code")
    .description(
      "Claude Code PreToolUse hook: reads the hook JSON on stdin, answers with a permission decision",
    )
    .option(
      "--emit-allow",
      "answer allow for every allowed command (default: no opinion unless an approval unlocks it)",
    )
    .option("--no-ledger", "do not write verdicts to the ledger")
    .action(async (opts) => {
      process.exitCode = await (await impl()).hookCli(opts);
    });
  const install = guard.command("install").description("install agent hooks");
  install
    .command("claude-code")
    .description("add the guard hook to .claude/settings.json (idempotent, keeps other settings)")
    .option("--project-dir <dir>", "project directory", ".")
    .option("--hook-command <cmd>", "command Claude Code runs for the hook")
    .action(action(async (opts) => (await impl()).installCli(opts)));
  guard
    .command("catalog")
    .description("print the tool catalog (markdown)")
    .action(action(async () => (await impl()).catalogCli()));

  program
    .command("exec")
    .description("run a command only when the guard allows it (ask: prompt on a terminal; deny: exit 1)")
    .argument("<command...>", "the command and its arguments (after --)")
    .option("--no-ledger", "do not write the verdict to the ledger")
    .action(action(async (argv: string[], opts) => (await impl()).execCli(argv, opts)));

  program
    .command("mcp")
    .description(
      "MCP server over stdio: analyze, check policy, request approval, status, apply approved plans, guard",
    )
    .action(action(async () => (await import("../../mcp/server.js")).serveStdio()));
}
