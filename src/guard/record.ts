// Writes a guard verdict to the ledger when one is configured (AIRLOCK_DATABASE_URL, or the embedded database
// under AIRLOCK_HOME exists). The store check is cheap; the ledger code is loaded only when a store exists.
import type { GuardResult } from "./types.js";

export interface VerdictContext {
  /** hook | exec | mcp | check */
  source: string;
  /** Agent identity: AIRLOCK_AGENT, or the hook's session id. */
  agent?: string;
  sessionId?: string;
}

export function agentIdentity(sessionId?: string): string | undefined {
  const a = process.env.AIRLOCK_AGENT?.trim();
  if (a) return a;
  return sessionId ? `claude-code:${sessionId}` : undefined;
}

export async function recordVerdict(result: GuardResult, ctx: VerdictContext): Promise<void> {
  const { storeConfigured } = await import("../store/index.js");
  if (!storeConfigured()) return;
  const { appendToLedgerIfConfigured } = await import("../ledger/index.js");
  const agent = ctx.agent ?? agentIdentity(ctx.sessionId);
  const approved = result.approvals?.find((a) => a.approved);
  await appendToLedgerIfConfigured({
    type: "guard-verdict",
    actor: { identity: agent ?? "unknown-agent", kind: "agent", ...(agent ? { agent } : {}) },
    ...(approved?.digest ? { digest: approved.digest } : {}),
    ...(approved?.requestId ? { requestId: approved.requestId } : {}),
    data: {
      source: ctx.source,
      ...(ctx.sessionId ? { sessionId: ctx.sessionId } : {}),
      command: result.command,
      verdict: result.verdict,
      reason: result.reason,
      operations: result.operations.map((o) => ({
        tool: o.tool,
        action: o.action,
        effect: o.effect,
        ...(o.target ? { target: o.target } : {}),
      })),
      unresolved: result.unresolved.map((u) => u.reason),
    },
  });
}
