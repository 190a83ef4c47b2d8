// Report format names, on their own so that choosing one does not load every renderer.
import { UsageError } from "../model/types.js";

export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(f: string): Format {
  if ((FORMATS as readonly string[]).includes(f)) return f as Format;
  throw new UsageError(`unknown format "${f}" (expected one of: ${FORMATS.join(", ")})`);
}
