import type { Command } from "commander";

/** Registers `analyze` and `rules`. */
export function registerAnalyzeCommands(_program: Command): void {}
