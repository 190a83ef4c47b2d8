// A pull-request comment: summary, findings, details collapsed; always under GitHub's 65,536-character limit.
import type { Assessment, Finding } from "../model/assessment.js";
import { SEVERITIES } from "../model/types.js";
import { actionLabel, frameworkLabel } from "./labels.js";

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

function esc(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
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
    `${frameworkLabel(a.framework, a.source.format)} \`${esc(a.source.path)}\` · digest \`${a.digest}\``,
  );
  head.push("");
  head.push("| create | update | replace | delete | findings |");
  head.push("|---:|---:|---:|---:|---:|");
  head.push(`| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} | ${a.findings.length} |`);
  for (const n of a.notes) head.push(`\n> ${esc(n)}`);
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

  const changed = a.changes.filter((c) => c.action !== "no-op");
  if (!truncated && changed.length) {
    add(
      `\n<details><summary>Changes (${changed.length})</summary>\n\n| action | address | risk | blast radius |\n|---|---|---|---:|`,
    );
    let shown = 0;
    for (const c of changed) {
      if (!add(`| ${esc(actionLabel(c))} | \`${esc(c.address)}\` | ${c.risk} | ${c.blastRadius.length} |`))
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
        .map((x) => `\`${esc(x)}\``)
        .join(", ");
      const more = f.blastRadius.length > 50 ? ` … and ${f.blastRadius.length - 50} more` : "";
      if (!add(`- \`${esc(f.address)}\` (${f.ruleId}) reaches ${f.blastRadius.length}: ${list}${more}`))
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
  return `| ${ICON[f.severity]} ${f.severity} | ${f.ruleId} | \`${esc(f.address)}\` | ${esc(f.message)} | ${f.blastRadius.length} |`;
}
