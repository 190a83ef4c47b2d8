// The guard's verdict on one command line: parse it (tree-sitter-bash), classify every operation, look up
// approvals for saved plans, then decide allow / ask / deny.
import { CommandWalker } from "./classify.js";
import { loadShellParser } from "./shell/tree-sitter.js";
import type { ApprovalCheck, GuardOptions, GuardResult, Operation, Unresolved, Verdict } from "./types.js";

export async function checkCommand(command: string, opts: GuardOptions = {}): Promise<GuardResult> {
  await loadShellParser();
  const walker = new CommandWalker({ cwd: opts.cwd, env: opts.env });
  try {
    walker.walkText(command, []);
  } catch (err) {
    // pathological input (thousands of nested or chained commands) exhausts the stack: fail closed
    if (!(err instanceof RangeError)) throw err;
    walker.unresolved.push({ reason: "the command is too large or nests too deeply to inspect" });
  }
  const unresolved: Unresolved[] = [...walker.unresolved];
  const operations = walker.operations;
  let approvals: ApprovalCheck[] | undefined;
  const appliers = operations.filter((o) => o.applies);
  if (appliers.length && !opts.skipApprovals && !unresolved.length) {
    const { checkApprovals } = await import("./approval-lookup.js");
    approvals = (await checkApprovals(appliers, opts)).map((a) => {
      // `cp other.tfplan tfplan && terraform apply tfplan`: the file may be replaced before it is applied
      const name = a.path.split("/").pop() ?? a.path;
      if (!a.approved || command.split(name).length <= 2) return a;
      return {
        ...a,
        approved: false,
        reason: `${name} is named elsewhere on the command line and may be replaced before it is applied; run the apply on its own`,
      };
    });
  }
  return decide(command, operations, unresolved, approvals);
}

export function decide(
  command: string,
  operations: Operation[],
  unresolved: Unresolved[],
  approvals?: ApprovalCheck[],
): GuardResult {
  const result = (verdict: Verdict, reason: string): GuardResult => ({
    schemaVersion: 1,
    command,
    verdict,
    reason,
    operations,
    unresolved,
    ...(approvals ? { approvals } : {}),
  });
  if (unresolved.length) return result("deny", `cannot be resolved statically: ${unresolved[0].reason}`);
  const approvedPaths = new Set((approvals ?? []).filter((a) => a.approved).map((a) => a.path));
  const isApproved = (o: Operation) => !!o.applies && approvedPaths.has(o.applies.path);
  const destroysUnapproved = (approvals ?? []).filter((a) => !a.approved && a.destroys);
  if (destroysUnapproved.length) {
    const a = destroysUnapproved[0];
    return result(
      "deny",
      `destructive: the saved plan ${a.path} deletes or replaces resources and is not approved (${a.reason})`,
    );
  }
  const destructive = operations.filter((o) => o.effect === "destructive" && !isApproved(o));
  if (destructive.length) {
    const d = destructive[0];
    return result("deny", `destructive: ${d.tool} ${d.action}${d.target ? ` ${d.target}` : ""}: ${d.reason}`);
  }
  const mutating = operations.filter((o) => o.effect === "mutating" && !isApproved(o));
  if (mutating.length) {
    const m = mutating[0];
    const denied = (approvals ?? []).find((a) => !a.approved && a.path === m.applies?.path);
    return result(
      "ask",
      `changes live infrastructure: ${m.tool} ${m.action}${m.target ? ` ${m.target}` : ""}: ${m.reason}${denied ? ` (${denied.reason})` : ""}`,
    );
  }
  const approved = operations.filter(isApproved);
  if (approved.length) {
    const a = (approvals ?? []).find((x) => x.approved);
    return result(
      "allow",
      `applies exactly the approved change${a?.requestId ? ` (request ${a.requestId})` : ""}${a?.digest ? ` ${a.digest}` : ""}`,
    );
  }
  if (operations.length) return result("allow", "read-only operations only");
  return result("allow", "no infrastructure operation");
}
