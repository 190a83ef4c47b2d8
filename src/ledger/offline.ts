// Verifying ledger proofs with nothing but the proof, the entry and the log's public key.
import { openCheckpoint, parseTlogProof } from "./checkpoint.js";
import type { ConsistencyDocument } from "./ledger.js";
import { hashLeaf, verifyConsistency, verifyInclusion } from "./merkle.js";
import type { NoteVerifier } from "./note.js";

export interface OfflineResult {
  ok: boolean;
  message: string;
  size?: number;
  index?: number;
}

/** Checks a C2SP tlog-proof for the given entry bytes against the log key. */
export function verifyTlogProof(
  proofText: string,
  entryBytes: Buffer,
  verifier: NoteVerifier,
): OfflineResult {
  let proof: ReturnType<typeof parseTlogProof>;
  let cp: ReturnType<typeof openCheckpoint>;
  try {
    proof = parseTlogProof(proofText);
    cp = openCheckpoint(proof.checkpoint, verifier);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const leaf = hashLeaf(entryBytes);
  if (!verifyInclusion(proof.index, cp.size, leaf, proof.hashes, cp.root)) {
    return {
      ok: false,
      message: `entry is not included at index ${proof.index} in the tree of size ${cp.size} signed by ${verifier.name}`,
      index: proof.index,
      size: cp.size,
    };
  }
  return {
    ok: true,
    message: `entry ${proof.index} is included in ${cp.origin} at size ${cp.size} (checkpoint signature verified)`,
    index: proof.index,
    size: cp.size,
  };
}

export function verifyConsistencyDocument(doc: ConsistencyDocument, verifier: NoteVerifier): OfflineResult {
  try {
    const oldCp = openCheckpoint(doc.oldCheckpoint, verifier);
    const newCp = openCheckpoint(doc.newCheckpoint, verifier);
    const proof = doc.proof.map((h) => Buffer.from(h, "base64"));
    if (!verifyConsistency(oldCp.size, newCp.size, oldCp.root, newCp.root, proof)) {
      return {
        ok: false,
        message: `the tree of size ${oldCp.size} is not a prefix of the tree of size ${newCp.size}`,
      };
    }
    return {
      ok: true,
      message: `the tree of size ${oldCp.size} is a prefix of the tree of size ${newCp.size} (both checkpoints signed by ${verifier.name})`,
      size: newCp.size,
    };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
