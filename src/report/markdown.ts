// A pull-request comment: summary, findings, details collapsed; always under GitHub's 65,536-character limit.
// Every string that comes from the input goes through `text` or `code`: it shows as written and cannot add
// markdown or HTML of its own, leave its table cell or code span, or hide text with control characters.
import type { Assessment, Finding } from "../model/assessment.js";
import { SEVERITIES } from "../model/types.js";
import { actionLabel, frameworkLabel, isListed } from "./labels.js";
import { printable } from "./printable.js";

export const GITHUB_COMMENT_LIMIT = 65536;
/** Marker that lets CI find and update its own comment. */
export const COMMENT_MARKER = "<!-- airlock:analyze -->";

const ICON: Record<string, string> = {
  critical: "🔴",
  high: "🟠",
  medium: "🟡",
  low: "🔵",
  info: "⚪",
  none: "🟢",
};

function html(s: string): string {
  return s.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Input text as literal markdown text (a table cell, a list item, a quote): control characters as visible
 * escapes, markdown punctuation backslash-escaped (`|` keeps the table cell closed; backticks, `[`, `]`,
 * emphasis and entity references do nothing), HTML tags as entities, and no automatic links. An `_` between two letters or digits
 * cannot start or end emphasis, so `aws_db_instance` stays readable in the comment's source.
 */
export function mdText(s: string): string {
  return html(
    printable(s)
      .replace(/[\\`*~[\]&|]/g, "\\$&")
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
      // GFM turns `https://…` and `www.…` in text into links: an escaped `:` or `.` keeps them text.
      .replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, "$1\\://")
      .replace(/\b(www)\./gi, "$1\\."),
  );
}

/**
 * Input text in a code span whose fence is longer than any run of backticks inside, so the value cannot
 * close it. Backslash escapes do not work in code spans, and neither do entities or HTML (a code span is
 * read before either), so `<` and `&` are written as they are and show as written (`&lt;` would show as
 * `&lt;`); every code span here stands in markdown text, never inside an HTML block. In a table cell GFM
 * still reads `\|` as a `|` that does not end the cell, so `inTable` escapes pipes.
 */
export function mdCode(s: string, inTable: boolean): string {
  let body = printable(s);
  if (inTable) body = body.replace(/\|/g, "\\|");
  if (body === "") return "` `";
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  // One space each side is stripped by the renderer: needed when the value starts or ends with a backtick,
  // and kept when it starts and ends with a space (which would otherwise lose one each side).
  const pad =
    body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && body.trim())
      ? " "
      : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

export function renderMarkdown(a: Assessment, limit = GITHUB_COMMENT_LIMIT): string {
  // Reserve room for the truncation note and closing tags.
  const budget = limit - 600;
  const head: string[] = [];
  const s = a.summary;
  head.push(COMMENT_MARKER);
  head.push(`## ${ICON[a.risk.level]} Airlock: risk **${a.risk.level.toUpperCase()}**`);
  head.push("");
  head.push(
    `${mdText(frameworkLabel(a.framework, a.source.format))} ${mdCode(a.source.path, false)} · digest ${mdCode(a.digest, false)}`,
  );
  head.push("");
  head.push("| create | update | replace | delete | findings |");
  head.push("|---:|---:|---:|---:|---:|");
  head.push(`| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} | ${a.findings.length} |`);
  for (const n of a.notes) head.push(`\n> ${mdText(n)}`);
  head.push("");

  const parts: string[] = [head.join("\n")];
  let used = parts[0].length;
  let truncated = false;
  const add = (text: string): boolean => {
    if (used + text.length + 1 > budget) {
      truncated = true;
      return false;
    }
    parts.push(text);
    used += text.length + 1;
    return true;
  };

  if (a.findings.length) {
    add("### Findings\n\n| severity | rule | address | finding | blast radius |\n|---|---|---|---|---:|");
    let shown = 0;
    for (const sev of SEVERITIES.slice().reverse()) {
      for (const f of a.findings.filter((x) => x.severity === sev)) {
        if (!add(findingRow(f))) break;
        shown++;
      }
      if (truncated) break;
    }
    if (shown < a.findings.length) parts.push(`\n_${a.findings.length - shown} more findings not shown._`);
  } else {
    add("No findings.");
  }

  const changed = a.changes.filter(isListed);
  if (!truncated && changed.length) {
    add(
      `\n<details><summary>Changes (${changed.length})</summary>\n\n| action | address | risk | blast radius |\n|---|---|---|---:|`,
    );
    let shown = 0;
    for (const c of changed) {
      if (
        !add(
          `| ${mdText(actionLabel(c))} | ${mdCode(c.address, true)} | ${mdText(c.risk)} | ${c.blastRadius.length} |`,
        )
      )
        break;
      shown++;
    }
    if (shown < changed.length) parts.push(`\n_${changed.length - shown} more changes not shown._`);
    parts.push("\n</details>");
  }
  const radius = a.findings.filter(
    (f) => f.blastRadius.length && (f.severity === "critical" || f.severity === "high"),
  );
  if (!truncated && radius.length) {
    add("\n<details><summary>Blast radius of high and critical findings</summary>\n");
    for (const f of radius) {
      const list = f.blastRadius
        .slice(0, 50)
        .map((x) => mdCode(x, false))
        .join(", ");
      const more = f.blastRadius.length > 50 ? ` … and ${f.blastRadius.length - 50} more` : "";
      if (
        !add(
          `- ${mdCode(f.address, false)} (${mdText(f.ruleId)}) reaches ${f.blastRadius.length}: ${list}${more}`,
        )
      )
        break;
    }
    parts.push("\n</details>");
  }
  if (truncated) {
    parts.push(
      `\n> ⚠️ This comment was truncated to stay under GitHub's ${limit.toLocaleString("en-US")}-character limit. The full report is in the JSON or SARIF output (\`airlock analyze --format json\`).`,
    );
  }
  let out = parts.join("\n");
  if (out.length > limit)
    out = `${out.slice(0, limit - 80)}\n\n> ⚠️ Truncated to stay under the comment limit.`;
  return out;
}

function findingRow(f: Finding): string {
  return `| ${ICON[f.severity]} ${mdText(f.severity)} | ${mdText(f.ruleId)} | ${mdCode(f.address, true)} | ${mdText(f.message)} | ${f.blastRadius.length} |`;
}
