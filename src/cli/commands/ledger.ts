import type { Command } from "commander";
import { action } from "../run.js";

const impl = () => import("../../ledger/commands.js");

/** Registers the ledger commands. Implementations are imported lazily inside each action. */
export function registerLedgerCommands(program: Command): void {
  const ledger = program
    .command("ledger")
    .description("the tamper-evident ledger: verify, proofs, export, public key");

  ledger
    .command("verify")
    .description("recompute every entry, the Merkle tree and all signed checkpoints (exit 1 on any problem)")
    .option("--checkpoint <file>", "a checkpoint saved earlier: detect rollback or rewritten history")
    .option(
      "--key <vkey>",
      "log public key (name+hash+key, or a file holding it); default: the local ledger key",
    )
    .option("--save-checkpoint <file>", "when verification passes, write the current signed checkpoint here")
    .option("--format <format>", "text or json", "text")
    .action(action(async (opts) => (await impl()).ledgerVerify(opts)));

  ledger
    .command("checkpoint")
    .description(
      "print the current signed checkpoint (C2SP tlog-checkpoint); save it to detect rollback later",
    )
    .option("-o, --output <file>", "write to a file")
    .action(action(async (opts) => (await impl()).ledgerCheckpoint(opts)));

  ledger
    .command("proof <index>")
    .description("inclusion proof of entry N in the current tree (C2SP tlog-proof)")
    .option("-o, --output <file>", "write the proof to a file")
    .option("--entry-out <file>", "also write the entry's canonical JSON (the proven leaf bytes)")
    .action(action(async (index, opts) => (await impl()).ledgerProof(index, opts)));

  ledger
    .command("consistency <old> [new]")
    .description(
      "consistency proof that the tree of size OLD is a prefix of the tree of size NEW (default: now)",
    )
    .option("-o, --output <file>", "write to a file")
    .action(
      action(async (oldSize, newSize, opts) => (await impl()).ledgerConsistency(oldSize, newSize, opts)),
    );

  ledger
    .command("export")
    .description("every entry's canonical JSON, one per line, in ledger order")
    .option("--format <format>", "jsonl", "jsonl")
    .option("-o, --output <file>", "write to a file")
    .action(action(async (opts) => (await impl()).ledgerExport(opts)));

  ledger
    .command("key")
    .description("print the ledger's public key (signed-note verifier key: name+hash+base64)")
    .action(action(async () => (await impl()).ledgerKey()));

  ledger
    .command("verify-proof")
    .description(
      "check an inclusion or consistency proof offline, with only the proof, the entry and the key",
    )
    .requiredOption(
      "--proof <file>",
      "a tlog-proof (from `ledger proof`) or consistency proof (from `ledger consistency`)",
    )
    .option("--entry <file>", "the entry's exact bytes (for an inclusion proof)")
    .option(
      "--key <vkey>",
      "log public key (name+hash+key, or a file holding it); default: the local ledger key",
    )
    .action(action(async (opts) => (await impl()).ledgerVerifyProof(opts)));
}
