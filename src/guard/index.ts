// Public entry points of the agent guard.
//   checkCommand(line, opts)        classify a shell command line → GuardResult (verdict, reason, operations)
//   runClaudeCodeHook(stdin, opts)  Claude Code PreToolUse adapter
//   execGuarded(argv, opts)         run a command only when allowed
//   installClaudeCodeHook(dir)      add the hook to .claude/settings.json
export { CATALOG, lookupTool } from "./catalog/index.js";
export { checkCommand, decide } from "./check.js";
export { execGuarded } from "./exec.js";
export { formatGuardText } from "./format.js";
export { runClaudeCodeHook } from "./hook.js";
export { installClaudeCodeHook } from "./install.js";
export type { Effect, GuardOptions, GuardResult, Operation, Unresolved, Verdict } from "./types.js";
