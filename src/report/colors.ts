// Colors only on a TTY, never with NO_COLOR, never into files.
import pc from "picocolors";

export type Palette = ReturnType<typeof pc.createColors>;

export function palette(enabled: boolean): Palette {
  return pc.createColors(enabled);
}

export function colorsWanted(toFile: boolean): boolean {
  if (toFile) return false;
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return process.stdout.isTTY === true;
}
