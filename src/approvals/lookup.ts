// isDigestApproved(digest): is there a change request for exactly this digest whose requirements are all
// satisfied by valid signed approvals? Used by the guard and the apply gate. Fails closed: no store, no request,
// no allowed_signers file or any error means not approved.
import { openExistingLedger } from "../ledger/index.js";
import type { Ledger } from "../ledger/ledger.js";
import type { ChangeRequest, RequestStatus } from "./types.js";

export interface ApprovalLookup {
  approved: boolean;
  requestId?: string;
  reason: string;
  status?: RequestStatus;
}

export interface LookupOptions {
  allowedSigners?: string;
  now?: Date;
  /** Where to discover the policy in force (default process.cwd()). */
  cwd?: string;
  /** Airlock home to look in instead of AIRLOCK_HOME (the embedded store and ledger key). */
  home?: string;
}

export async function lookupWithLedger(
  ledger: Ledger,
  digest: string,
  opts: LookupOptions = {},
): Promise<ApprovalLookup> {
  const { statusOf } = await import("./service.js");
  const requests = await ledger.store.findRequestsByDigest(digest);
  if (requests.length === 0) return { approved: false, reason: `no change request for ${digest}` };
  let first: ApprovalLookup | undefined;
  for (const r of requests) {
    let req: ChangeRequest;
    try {
      req = JSON.parse(r.record) as ChangeRequest;
    } catch {
      first ??= { approved: false, reason: `request row ${r.id} is unreadable` };
      continue;
    }
    // The digest column found the row; the record (bound to the ledger) must be for this very digest.
    if (req.digest !== digest || req.id !== r.id) {
      first ??= {
        approved: false,
        requestId: r.id,
        reason: `request row ${r.id} is indexed under ${digest} but its record is for ${req.digest} (tampered)`,
      };
      continue;
    }
    const status = await statusOf(ledger, req, opts);
    if (status.satisfied) {
      return { approved: true, requestId: req.id, reason: `${req.id}: ${status.reasons.join("; ")}`, status };
    }
    first ??= {
      approved: false,
      requestId: req.id,
      reason: `${req.id} is ${status.state}: ${status.reasons.join("; ")}`,
      status,
    };
  }
  return first!;
}

export async function isDigestApproved(digest: string, opts: LookupOptions = {}): Promise<ApprovalLookup> {
  let ledger: Ledger | undefined;
  try {
    ledger = await openExistingLedger(opts.home ? { home: opts.home } : {});
    if (!ledger) return { approved: false, reason: "no change requests recorded (no Airlock store)" };
    return await lookupWithLedger(ledger, digest, opts);
  } catch (err) {
    return { approved: false, reason: `approval lookup failed: ${(err as Error).message}` };
  } finally {
    await ledger?.close();
  }
}
