// Claude Code's hook protocol for PreToolUse (https://code.claude.com/docs/en/hooks): the JSON Claude Code
// writes to the hook's standard input, and the JSON the hook answers with on standard output (exit 0).
// Exit code 2 blocks the tool call and shows standard error to Claude.

export interface PreToolUseInput {
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  hook_event_name: "PreToolUse";
  tool_name: string;
  tool_input: BashToolInput | Record<string, unknown>;
  tool_use_id?: string;
}

export interface BashToolInput {
  command: string;
  description?: string;
  timeout?: number;
  run_in_background?: boolean;
}

export type PermissionDecision = "allow" | "deny" | "ask";

export interface PreToolUseOutput {
  hookSpecificOutput: {
    hookEventName: "PreToolUse";
    permissionDecision: PermissionDecision;
    permissionDecisionReason: string;
  };
}

/** One entry of `hooks.PreToolUse` in `.claude/settings.json`. */
export interface HookMatcher {
  matcher?: string;
  hooks: { type: "command"; command: string; timeout?: number }[];
}

export interface ClaudeSettings {
  hooks?: { PreToolUse?: HookMatcher[]; [event: string]: unknown };
  [key: string]: unknown;
}

/** Exit code that makes Claude Code block the call and show standard error to the model. */
export const HOOK_BLOCK_EXIT = 2;
