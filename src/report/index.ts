// Report formats by name.
import type { Assessment } from "../model/assessment.js";
import type { Rule } from "../rules/types.js";
import { palette } from "./colors.js";
import type { Format } from "./formats.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif, type SarifOptions } from "./sarif.js";
import { renderText } from "./text.js";

export { FORMATS, type Format, parseFormat } from "./formats.js";

export function render(
  a: Assessment,
  format: Format,
  opts: {
    color: boolean;
    rules: readonly Rule[];
    pretty?: boolean;
    /** SARIF: where each address is defined (see SarifOptions.blocks). */
    blocks?: SarifOptions["blocks"];
  },
): string {
  switch (format) {
    case "json":
      return renderJson(a, opts.pretty ?? false);
    case "sarif":
      return renderSarif(a, opts.rules, { blocks: opts.blocks });
    case "markdown":
      return renderMarkdown(a);
    default:
      return renderText(a, palette(opts.color));
  }
}
