// The part of an append both stores share: extend the frontier, sign the new head, note history checkpoints.
import { frontierAppend, frontierRoot } from "../ledger/merkle.js";
import { CHECKPOINT_INTERVAL } from "./migrations.js";
import type { CheckpointSigner, EntryToAppend, StoredCheckpoint } from "./types.js";

export interface HeadState {
  size: number;
  frontier: Buffer[];
}

export function extendHead(
  state: HeadState,
  entries: EntryToAppend[],
  sign: CheckpointSigner,
): { size: number; frontier: Buffer[]; root: Buffer; checkpoint: string; history: StoredCheckpoint[] } {
  let f = { size: state.size, hashes: state.frontier };
  const history: StoredCheckpoint[] = [];
  for (const e of entries) {
    f = frontierAppend(f, e.leafHash);
    if (f.size % CHECKPOINT_INTERVAL === 0 && f.size !== state.size + entries.length) {
      const root = frontierRoot(f);
      history.push({ size: f.size, root, note: sign(f.size, root) });
    }
  }
  const root = frontierRoot(f);
  const checkpoint = sign(f.size, root);
  if (f.size % CHECKPOINT_INTERVAL === 0) history.push({ size: f.size, root, note: checkpoint });
  return { size: f.size, frontier: f.hashes, root, checkpoint, history };
}

export function encodeFrontier(hashes: Buffer[]): string {
  return JSON.stringify(hashes.map((h) => h.toString("hex")));
}

export function decodeFrontier(text: string): Buffer[] {
  const arr = JSON.parse(text) as string[];
  return arr.map((h) => Buffer.from(h, "hex"));
}

export function originMismatch(stored: string | null | undefined, origin: string): string | undefined {
  if (stored && stored !== origin) {
    return `this ledger belongs to log ${stored}, but the ledger key is for ${origin} (set AIRLOCK_LEDGER_KEY to the log's key)`;
  }
  return undefined;
}
