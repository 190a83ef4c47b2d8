// How V8 optimizes code in a command that analyzes one change and exits.

/**
 * V8's default inlining budget suits long-running processes: its optimizing compiler inlines up to 920
 * bytes of bytecode into each hot function, and in a process that runs for a second compiling that costs
 * more than it saves. With 300 the CLI analyzes a 10,000-change plan 6–9 % faster, 1,000 changes 7 %,
 * 50,000 changes about 4 % (docs/benchmarks.md, "JIT inlining budget"). It changes only what the optimizer
 * inlines, never what the code does. Called by the one-shot commands that analyze a change, before the
 * analysis runs; AIRLOCK_V8_DEFAULTS=1 leaves V8 as it is.
 *
 * Only a flag the optimizer reads afresh for each compilation may be changed once V8 runs: flags that set
 * up machinery at start-up are not (`--concurrent-sparkplug` set this way crashes V8; tried). Nothing else
 * is set here, and a long-running command (`guard mcp`) keeps V8's defaults.
 */
export const ONE_SHOT_V8_FLAGS = "--max-inlined-bytecode-size-cumulative=300";

let tuned = false;

export async function tuneForOneShot(): Promise<void> {
  if (tuned || process.env.AIRLOCK_V8_DEFAULTS === "1") return;
  tuned = true;
  // Loaded here, not at start-up: the other commands (and --version) do not pay for it.
  const { setFlagsFromString } = await import("node:v8");
  setFlagsFromString(ONE_SHOT_V8_FLAGS);
}
