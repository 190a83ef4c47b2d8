// Implementations of `airlock request|status|approve|reject|withdraw|override|reviewer-key|apply`.
// The text output quotes strings from the plan, the ledger and the reviewers (file names, identities,
// reasons, requirement details): every line goes through `printable` when it is rendered, so none of them
// can rewrite the terminal. JSON output keeps the exact values.
import { EXIT_OK, EXIT_POLICY, emit } from "../cli/run.js";
import { UsageError } from "../model/types.js";
import { printable } from "../report/printable.js";
import { currentIdentity, gitConfig } from "./identity.js";
import { describePolicy } from "./policy-identity.js";
import {
  createRequest,
  listStatuses,
  RefusedError,
  type RequestOptions,
  type ReviewOptions,
  requestStatus,
  review,
} from "./service.js";
import { keyFingerprint, loadOrCreateReviewerKey, type SignMethod, sshEd25519PublicKey } from "./signing.js";
import type { ChangeRequest, RequestStatus, Verdict } from "./types.js";

function format(f: string | undefined): "text" | "json" {
  if (!f || f === "text") return "text";
  if (f === "json") return "json";
  throw new UsageError(`unknown format ${f} (text or json)`);
}

export function renderStatus(s: RequestStatus): string {
  const lines = [
    `${s.id}  ${s.state.toUpperCase()}  ${s.digest}`,
    `  decision ${s.decision}; requested by ${s.requester} at ${s.createdAt}`,
  ];
  if (s.overrides.some((o) => o.valid)) {
    for (const o of s.overrides.filter((x) => x.valid)) {
      lines.push(`  !! BREAK-GLASS OVERRIDE by ${o.reviewer} at ${o.signedAt}: ${o.reason ?? ""}`);
    }
  }
  if (s.requirements.length) lines.push("  requirements:");
  for (const r of s.requirements) {
    lines.push(`    ${r.satisfied ? "✓" : "✗"} ${r.id} [${r.enforcement}] ${r.detail}`);
  }
  if (s.reviews.length || s.overrides.length) lines.push("  reviews:");
  for (const r of [...s.reviews, ...s.overrides]) {
    lines.push(
      `    ${r.verdict.padEnd(8)} ${r.reviewer}  ${r.signedAt}${r.expiresAt ? ` (expires ${r.expiresAt})` : ""}  ${r.valid ? "valid" : `NOT COUNTED: ${r.problem}`}${r.reason ? `  — ${r.reason}` : ""}`,
    );
  }
  for (const reason of s.reasons) lines.push(`  → ${reason}`);
  return lines.map(printable).join("\n");
}

function renderRequest(req: ChangeRequest): string {
  const lines = [
    `recorded change request ${req.id}`,
    `  digest    ${req.digest}`,
    `  source    ${req.source.path} (${req.source.format})`,
    `  changes   ${req.assessment.summary.total} (risk ${req.assessment.risk.level}, ${req.assessment.findings.length} finding(s))`,
    `  requester ${req.requester.identity} (${req.requester.kind}, from ${req.requester.source})`,
    `  decision  ${req.decision.decision} (policy ${describePolicy(req.policyIdentity)})`,
  ];
  for (const r of req.decision.requirements) lines.push(`    - ${r.id} [${r.enforcement}] ${r.description}`);
  if (req.evidence.length) {
    for (const e of req.evidence)
      lines.push(`  evidence  ${e.file}: ${e.kind}, ${e.passed ? "passed" : "NOT passing"} (${e.detail})`);
  }
  lines.push(`  ledger entry ${req.ledgerIndex}`);
  return lines.map(printable).join("\n");
}

export async function requestCommand(
  plan: string | undefined,
  opts: RequestOptions & { format?: string },
): Promise<number> {
  const fmt = format(opts.format);
  const req = await createRequest({ ...opts, plan: plan ?? opts.plan });
  emit(fmt === "json" ? JSON.stringify(req, null, 2) : renderRequest(req));
  return EXIT_OK;
}

export async function statusCommand(
  target: string | undefined,
  opts: { allowedSigners?: string; format?: string },
) {
  const fmt = format(opts.format);
  if (target) {
    const { status } = await requestStatus(target, opts);
    emit(fmt === "json" ? JSON.stringify(status, null, 2) : renderStatus(status));
    return status.satisfied ? EXIT_OK : EXIT_POLICY;
  }
  const all = await listStatuses(opts);
  if (fmt === "json") {
    emit(JSON.stringify({ schemaVersion: "1", requests: all }, null, 2));
    return EXIT_OK;
  }
  if (all.length === 0) {
    emit("no change requests");
    return EXIT_OK;
  }
  const overridden = all.filter((s) => s.overrides.some((o) => o.valid));
  const lines: string[] = [];
  if (overridden.length) {
    lines.push("BREAK-GLASS OVERRIDES:");
    for (const s of overridden) {
      for (const o of s.overrides.filter((x) => x.valid))
        lines.push(`  !! ${s.id} by ${o.reviewer} at ${o.signedAt}: ${o.reason ?? ""}`);
    }
    lines.push("");
  }
  for (const s of all) {
    const missing = s.requirements.filter((r) => !r.satisfied).map((r) => r.id);
    lines.push(
      `${s.id}  ${s.state.padEnd(8)}  ${s.digest.slice(0, 19)}…  ${s.requester}  ${missing.length ? `needs ${missing.join(", ")}` : ""}`.trimEnd(),
    );
  }
  emit(lines.map(printable).join("\n"));
  return EXIT_OK;
}

function signMethod(opts: { signWith?: string; key?: string }): SignMethod {
  if (opts.signWith) {
    if (opts.signWith !== "ssh" && opts.signWith !== "airlock")
      throw new UsageError("--sign-with must be ssh or airlock");
    return opts.signWith;
  }
  return opts.key || gitConfig("user.signingkey") ? "ssh" : "airlock";
}

export async function reviewCommand(
  verdict: Verdict,
  target: string,
  opts: ReviewOptions & { signWith?: string; format?: string },
): Promise<number> {
  const fmt = format(opts.format);
  if (verdict === "reject" && !opts.reason?.trim()) throw new UsageError("a rejection needs --reason");
  try {
    const r = await review(target, verdict, { ...opts, method: signMethod(opts) });
    if (fmt === "json")
      emit(JSON.stringify({ reviewId: r.reviewId, ledgerIndex: r.ledgerIndex, status: r.status }, null, 2));
    else
      emit(
        `${printable(`signed ${verdict} ${r.reviewId} (ledger entry ${r.ledgerIndex})`)}\n${renderStatus(r.status)}`,
      );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof RefusedError) {
      process.stderr.write(`airlock: refused: ${printable(err.message)}\n`);
      return EXIT_POLICY;
    }
    throw err;
  }
}

export async function reviewerKeyCommand(opts: { key?: string }): Promise<number> {
  const k = loadOrCreateReviewerKey(opts.key);
  const me = currentIdentity();
  emit(
    `${printable(me.identity)} namespaces="airlock" ${sshEd25519PublicKey(k.publicKey)} airlock-reviewer ${keyFingerprint(k.publicKey)}`,
  );
  return EXIT_OK;
}

export async function applyCommand(argv: string[], opts: { allowedSigners?: string; before?: string }) {
  const { runApply } = await import("../apply/gate.js");
  return runApply(argv, opts);
}
