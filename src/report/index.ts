// Report formats by name.
import type { Assessment } from "../model/assessment.js";
import { UsageError } from "../model/types.js";
import type { Rule } from "../rules/types.js";
import { palette } from "./colors.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(f: string): Format {
  if ((FORMATS as readonly string[]).includes(f)) return f as Format;
  throw new UsageError(`unknown format "${f}" (expected one of: ${FORMATS.join(", ")})`);
}

export function render(
  a: Assessment,
  format: Format,
  opts: { color: boolean; rules: readonly Rule[]; pretty?: boolean },
): string {
  switch (format) {
    case "json":
      return renderJson(a, opts.pretty ?? false);
    case "sarif":
      return renderSarif(a, opts.rules);
    case "markdown":
      return renderMarkdown(a);
    default:
      return renderText(a, palette(opts.color));
  }
}
