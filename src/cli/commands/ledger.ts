import type { Command } from "commander";

/** Registers the ledger commands. Implementations are imported lazily inside each action. */
export function registerLedgerCommands(_program: Command): void {}
