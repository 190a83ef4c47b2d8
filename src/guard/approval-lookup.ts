// Approvals unlock exactly what was approved: the digest of the saved plan / manifest a command applies is
// computed with the analysis pipeline and looked up in the approvals store. Loaded only for such commands.
import type { ApprovalCheck, GuardOptions, Operation } from "./types.js";

interface ApprovalsLookup {
  isDigestApproved(
    digest: string,
    opts?: { home?: string },
  ): Promise<{ approved: boolean; requestId?: string; reason: string }>;
}
interface Analyzer {
  analyzeInput(
    input: { plan?: string; before?: string; after?: string; terraformBin?: string },
    opts?: Record<string, unknown>,
  ): Promise<{ digest: string; summary?: { delete?: number; replace?: number } }>;
}

async function importOptional<T>(spec: string): Promise<T | undefined> {
  try {
    return (await import(spec)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return undefined;
    throw err;
  }
}

export async function checkApprovals(ops: Operation[], opts: GuardOptions): Promise<ApprovalCheck[]> {
  const approvals = await importOptional<ApprovalsLookup>("../approvals/lookup.js");
  const analyzer = await importOptional<Analyzer>("../assess/analyze.js");
  const out: ApprovalCheck[] = [];
  for (const op of ops) {
    if (!op.applies) continue;
    const path = op.applies.path;
    if (!approvals || !analyzer) {
      out.push({ path, approved: false, reason: "approval lookup is not available in this build" });
      continue;
    }
    try {
      const { join, isAbsolute } = await import("node:path");
      const full = isAbsolute(path) ? path : join(opts.cwd ?? process.cwd(), path);
      let input: { plan?: string; before?: string; after?: string; terraformBin?: string };
      if (op.applies.kind === "kubernetes-manifest") {
        // the same digest the apply gate and `airlock request --after` compute: nothing before, the manifest after
        const { mkdtempSync, writeFileSync } = await import("node:fs");
        const { tmpdir } = await import("node:os");
        const before = join(mkdtempSync(join(tmpdir(), "airlock-guard-")), "empty-before.yaml");
        writeFileSync(before, "");
        input = { before, after: full };
      } else input = { plan: full, terraformBin: opts.terraformBin };
      const assessment = await analyzer.analyzeInput(input);
      const r = await approvals.isDigestApproved(assessment.digest, { home: opts.home });
      const destroys = (assessment.summary?.delete ?? 0) + (assessment.summary?.replace ?? 0) > 0;
      out.push({
        path,
        digest: assessment.digest,
        approved: r.approved,
        destroys,
        ...(r.requestId ? { requestId: r.requestId } : {}),
        reason: r.reason,
      });
    } catch (err) {
      out.push({
        path,
        approved: false,
        reason: `cannot compute the digest of ${path}: ${(err as Error).message.split("\n")[0]}`,
      });
    }
  }
  return out;
}
