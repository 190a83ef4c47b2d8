// `airlock guard hook claude-code`: reads Claude Code's PreToolUse JSON, classifies Bash commands and answers
// with a permission decision. Any error denies (exit 2, reason on standard error); it never allows by mistake.
// Reasons quote the command and the input; Claude Code shows them to the user, so they are made printable.
import { printable } from "../report/printable.js";
import {
  HOOK_BLOCK_EXIT,
  type PermissionDecision,
  type PreToolUseInput,
  type PreToolUseOutput,
} from "./claude-code-protocol.js";

export interface HookResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface HookOptions {
  /** Answer `allow` for every allow verdict (default: only when an approval unlocked the command). */
  emitAllow?: boolean;
  /** Do not write the verdict to the ledger. */
  noLedger?: boolean;
  env?: Record<string, string | undefined>;
}

function deny(reason: string): HookResult {
  return { stdout: "", stderr: `airlock guard: ${printable(reason)}\n`, exitCode: HOOK_BLOCK_EXIT };
}

function answer(decision: PermissionDecision, reason: string): HookResult {
  const out: PreToolUseOutput = {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: decision,
      permissionDecisionReason: printable(reason),
    },
  };
  return { stdout: `${JSON.stringify(out)}\n`, stderr: "", exitCode: 0 };
}

export async function runClaudeCodeHook(stdinText: string, opts: HookOptions = {}): Promise<HookResult> {
  try {
    let input: PreToolUseInput;
    try {
      input = JSON.parse(stdinText) as PreToolUseInput;
    } catch {
      return deny("cannot read the PreToolUse input (not JSON); denying");
    }
    if (!input || typeof input !== "object" || typeof input.tool_name !== "string") {
      return deny("the PreToolUse input has no tool_name; denying");
    }
    if (input.hook_event_name && input.hook_event_name !== "PreToolUse") {
      return deny(`unexpected hook event ${String(input.hook_event_name)}; denying`);
    }
    // Only the Bash tool runs shell commands; other tools get no opinion (Claude Code's own rules apply).
    if (input.tool_name !== "Bash") return { stdout: "", stderr: "", exitCode: 0 };
    const command = (input.tool_input as { command?: unknown } | undefined)?.command;
    if (typeof command !== "string") return deny("the Bash tool input has no command; denying");
    const { checkCommand } = await import("./check.js");
    const result = await checkCommand(command, {
      cwd: typeof input.cwd === "string" ? input.cwd : undefined,
      env: opts.env ?? process.env,
    });
    if (!opts.noLedger) {
      try {
        const { recordVerdict } = await import("./record.js");
        await recordVerdict(result, { source: "hook", sessionId: input.session_id });
      } catch (err) {
        return deny(`cannot write the verdict to the ledger: ${(err as Error).message}`);
      }
    }
    const reason = `Airlock guard: ${result.reason}`;
    if (result.verdict === "deny") return answer("deny", reason);
    if (result.verdict === "ask") return answer("ask", reason);
    if (opts.emitAllow || result.approvals?.some((a) => a.approved)) return answer("allow", reason);
    return { stdout: "", stderr: "", exitCode: 0 };
  } catch (err) {
    return deny(`internal error: ${(err as Error)?.message ?? String(err)}; denying`);
  }
}

export async function readStdin(limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new Error("hook input is larger than 4 MiB");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}
