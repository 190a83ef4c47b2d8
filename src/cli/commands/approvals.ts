import type { Command } from "commander";

/** Registers the approvals commands. Implementations are imported lazily inside each action. */
export function registerApprovalsCommands(_program: Command): void {}
