import type { Command } from "commander";

/** Registers the guard commands. Implementations are imported lazily inside each action. */
export function registerGuardCommands(_program: Command): void {}
