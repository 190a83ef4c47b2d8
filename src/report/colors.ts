// Colors only on a TTY (or when FORCE_COLOR asks for them), never with NO_COLOR, never into files.
import pc from "picocolors";

export type Palette = ReturnType<typeof pc.createColors>;

export function palette(enabled: boolean): Palette {
  return pc.createColors(enabled);
}

/**
 * Whether the text report is coloured. `--output` (a file) and a non-empty NO_COLOR always mean no colour.
 * FORCE_COLOR follows Node and chalk: `1`, `2`, `3` or `true` turn colours on even without a TTY, `0` or
 * `false` turn them off even on a TTY; unset, empty or any other value leaves it to the TTY check.
 */
export function colorsWanted(toFile: boolean): boolean {
  if (toFile) return false;
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== "") return false;
  const force = process.env.FORCE_COLOR;
  if (force === "0" || force === "false") return false;
  if (force === "1" || force === "2" || force === "3" || force === "true") return true;
  return process.stdout.isTTY === true;
}
