// Implementations of the `airlock ledger …` commands (the CLI file only parses options).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { EXIT_OK, EXIT_POLICY, emit } from "../cli/run.js";
import { InputError, UsageError } from "../model/types.js";
import { printable } from "../report/printable.js";
import { airlockHome, redactUrl } from "../store/home.js";
import { openExistingLedger, openLedger } from "./index.js";
import { loadOrCreateLedgerSigner } from "./keys.js";
import type { ConsistencyDocument, Ledger } from "./ledger.js";
import { encodeVerifierKey, type NoteVerifier, parseVerifierKey } from "./note.js";
import { verifyConsistencyDocument, verifyTlogProof } from "./offline.js";

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read ${what} (${code === "ENOENT" ? "no such file" : code})`, path);
  }
}

/** A verifier key given as the `name+hash+key` string or a file holding it. */
export function resolveVerifierKey(arg: string): NoteVerifier {
  const text = existsSync(arg) ? readText(arg, "verifier key").trim() : arg.trim();
  try {
    return parseVerifierKey(text);
  } catch (err) {
    throw new InputError(`${arg}: ${(err as Error).message}`);
  }
}

function whereIsLedger(): string {
  const url = process.env.AIRLOCK_DATABASE_URL;
  return url ? redactUrl(url) : airlockHome();
}

async function withLedger<T>(fn: (l: Ledger) => Promise<T>): Promise<T> {
  const ledger = await openExistingLedger();
  if (!ledger) throw new InputError(`no ledger at ${whereIsLedger()} (nothing has been recorded yet)`);
  try {
    return await fn(ledger);
  } finally {
    await ledger.close();
  }
}

function parseIndex(s: string, what: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(s))
    throw new UsageError(`${what} must be a non-negative integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

export async function ledgerVerify(opts: {
  checkpoint?: string;
  key?: string;
  format?: string;
  saveCheckpoint?: string;
}): Promise<number> {
  const checkpoint = opts.checkpoint ? readText(opts.checkpoint, "checkpoint") : undefined;
  const verifier = opts.key ? resolveVerifierKey(opts.key) : undefined;
  return withLedger(async (ledger) => {
    const report = await ledger.verify({ checkpoint, verifier });
    if (report.ok && opts.saveCheckpoint && report.checkpoint)
      writeFileSync(opts.saveCheckpoint, report.checkpoint);
    if (opts.format === "json") {
      emit(JSON.stringify({ schemaVersion: "1", ...report }, null, 2));
    } else if (report.ok) {
      emit(
        `ledger OK: ${report.entriesChecked} entries, root ${printable(report.root)}, ${report.checkpointsChecked} signed checkpoint(s) verified${checkpoint ? ", consistent with the saved checkpoint" : ""}`,
      );
    } else {
      emit(
        [
          `ledger FAILED verification (${report.problems.length} problem(s)):`,
          // A problem may quote what a tampered entry or checkpoint holds.
          ...report.problems.map((p) => `  - ${printable(p)}`),
        ].join("\n"),
      );
    }
    return report.ok ? EXIT_OK : EXIT_POLICY;
  });
}

export async function ledgerCheckpoint(opts: { output?: string }): Promise<number> {
  return withLedger(async (ledger) => {
    emit(await ledger.checkpoint(), opts.output);
    return EXIT_OK;
  });
}

export async function ledgerProof(
  indexArg: string,
  opts: { output?: string; entryOut?: string },
): Promise<number> {
  const index = parseIndex(indexArg, "entry index");
  return withLedger(async (ledger) => {
    const { proof, entry } = await ledger.proof(index);
    if (opts.entryOut) writeFileSync(opts.entryOut, entry);
    emit(proof, opts.output);
    return EXIT_OK;
  });
}

export async function ledgerConsistency(
  oldArg: string,
  newArg: string | undefined,
  opts: { output?: string },
) {
  const oldSize = parseIndex(oldArg, "OLD size");
  const newSize = newArg === undefined ? undefined : parseIndex(newArg, "NEW size");
  return withLedger(async (ledger) => {
    emit(JSON.stringify(await ledger.consistency(oldSize, newSize), null, 2), opts.output);
    return EXIT_OK;
  });
}

export async function ledgerExport(opts: { format?: string; output?: string }): Promise<number> {
  const format = opts.format ?? "jsonl";
  if (format !== "jsonl") throw new UsageError(`unknown export format ${format} (supported: jsonl)`);
  return withLedger(async (ledger) => {
    const lines: string[] = [];
    for await (const e of ledger.entries()) lines.push(e.body);
    const text = lines.length ? `${lines.join("\n")}\n` : "";
    if (opts.output) writeFileSync(opts.output, text);
    else process.stdout.write(text);
    return EXIT_OK;
  });
}

export async function ledgerKey(): Promise<number> {
  emit(encodeVerifierKey(loadOrCreateLedgerSigner()));
  return EXIT_OK;
}

export async function ledgerVerifyProof(opts: {
  proof: string;
  entry?: string;
  key?: string;
}): Promise<number> {
  const text = readText(opts.proof, "proof");
  const verifier = opts.key ? resolveVerifierKey(opts.key) : loadOrCreateLedgerSigner();
  let result: ReturnType<typeof verifyTlogProof>;
  if (text.startsWith("c2sp.org/tlog-proof@v1\n")) {
    if (!opts.entry) throw new UsageError("--entry FILE is required to check an inclusion proof");
    let entry: Buffer;
    try {
      entry = readFileSync(opts.entry);
    } catch {
      throw new InputError(`${opts.entry}: cannot read entry`, opts.entry);
    }
    result = verifyTlogProof(text, entry, verifier);
  } else {
    let doc: ConsistencyDocument;
    try {
      doc = JSON.parse(text) as ConsistencyDocument;
    } catch {
      throw new InputError(
        `${opts.proof}: neither a C2SP tlog-proof nor an Airlock consistency proof`,
        opts.proof,
      );
    }
    if (doc?.format !== "airlock-consistency-proof") {
      throw new InputError(
        `${opts.proof}: neither a C2SP tlog-proof nor an Airlock consistency proof`,
        opts.proof,
      );
    }
    result = verifyConsistencyDocument(doc, verifier);
  }
  emit(`${result.ok ? "proof OK" : "proof FAILED"}: ${printable(result.message)}`);
  return result.ok ? EXIT_OK : EXIT_POLICY;
}

/** `airlock ledger init`-like helper used by tests and the bench: opens (creating) the configured ledger. */
export { openLedger };
