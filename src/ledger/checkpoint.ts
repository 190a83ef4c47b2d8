// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) bodies and C2SP tlog-proof
// (https://c2sp.org/tlog-proof) documents.
import { HASH_SIZE } from "./merkle.js";
import { NoteError, type NoteSigner, type NoteVerifier, openNote, signNote } from "./note.js";

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export const TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1";

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString("base64")}\n`;
}

export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  return signNote(checkpointText(c), signer);
}

/** Parses checkpoint note text (origin, size, root, optional extension lines). */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length < 4 || lines[lines.length - 1] !== "") throw new NoteError("malformed checkpoint");
  const [origin, sizeText, rootText] = lines;
  if (!origin) throw new NoteError("malformed checkpoint (empty origin)");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new NoteError("malformed checkpoint (bad tree size)");
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new NoteError("malformed checkpoint (tree size too large)");
  const root = Buffer.from(rootText, "base64");
  if (root.length !== HASH_SIZE || root.toString("base64") !== rootText) {
    throw new NoteError("malformed checkpoint (bad root hash)");
  }
  return { origin, size, root };
}

/** Verifies a signed checkpoint with the given log key; its origin must equal the key name. */
export function openCheckpoint(note: string, verifier: NoteVerifier): Checkpoint {
  const opened = openNote(note, [verifier]);
  const c = parseCheckpointText(opened.text);
  if (c.origin !== verifier.name) {
    throw new NoteError(
      `checkpoint origin ${JSON.stringify(c.origin)} is not the log key's name ${verifier.name}`,
    );
  }
  return c;
}

export interface TlogProof {
  extra?: Buffer;
  index: number;
  hashes: Buffer[];
  /** The signed checkpoint, verbatim. */
  checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  let out = `${TLOG_PROOF_HEADER}\n`;
  if (p.extra) out += `extra ${p.extra.toString("base64")}\n`;
  out += `index ${p.index}\n`;
  for (const h of p.hashes) out += `${h.toString("base64")}\n`;
  return `${out}\n${p.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split("\n");
  let i = 0;
  if (lines[i++] !== TLOG_PROOF_HEADER)
    throw new NoteError(`not a tlog proof (first line must be ${TLOG_PROOF_HEADER})`);
  let extra: Buffer | undefined;
  if (lines[i]?.startsWith("extra ")) {
    extra = Buffer.from(lines[i].slice(6), "base64");
    i++;
  }
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[i++] ?? "");
  if (!m) throw new NoteError("tlog proof is missing its index line");
  const index = Number(m[1]);
  if (!Number.isSafeInteger(index)) throw new NoteError("tlog proof index is too large");
  const hashes: Buffer[] = [];
  while (i < lines.length && lines[i] !== "") {
    const h = Buffer.from(lines[i], "base64");
    if (h.length !== HASH_SIZE || h.toString("base64") !== lines[i]) {
      throw new NoteError(`tlog proof line ${i + 1} is not a base64 SHA-256 hash`);
    }
    hashes.push(h);
    i++;
  }
  if (i >= lines.length) throw new NoteError("tlog proof has no checkpoint");
  const checkpoint = lines.slice(i + 1).join("\n");
  if (!checkpoint) throw new NoteError("tlog proof has no checkpoint");
  return { extra, index, hashes, checkpoint };
}
