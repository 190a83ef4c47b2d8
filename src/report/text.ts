// The terminal report: summary table, findings by severity with blast radius, then the changes.
// Every string that comes from the input goes through `t` (printable) before our colours are added, so the
// input cannot move the cursor, erase lines or reorder text on the reviewer's terminal.
import type { Assessment, Finding } from "../model/assessment.js";
import { SEVERITIES, type Severity } from "../model/types.js";
import type { Palette } from "./colors.js";
import { ACTION_SYMBOL, actionLabel, frameworkLabel, isListed } from "./labels.js";
import { printable as t } from "./printable.js";

const RADIUS_SHOWN = 10;

function sevColor(p: Palette, s: Severity | "none"): (text: string) => string {
  switch (s) {
    case "critical":
      return (text) => p.bold(p.red(text));
    case "high":
      return p.red;
    case "medium":
      return p.yellow;
    case "low":
      return p.cyan;
    default:
      return p.dim;
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
  );
}

export function renderText(a: Assessment, p: Palette): string {
  const out: string[] = [];
  const src = a.source;
  const tool = src.toolVersion ? `, ${t(src.framework)} ${t(src.toolVersion)}` : "";
  out.push(
    p.bold(`Airlock analysis: ${t(src.path)}`) +
      p.dim(
        ` (${t(frameworkLabel(src.framework, src.format))}${src.formatVersion ? ` format ${t(src.formatVersion)}` : ""}${tool})`,
      ),
  );
  out.push(`Digest: ${t(a.digest)}`);
  for (const n of a.notes) out.push(p.dim(`Note: ${t(n)}`));
  out.push("");
  const s = a.summary;
  const rows = [
    ["Action", "Count"],
    ["create", String(s.create)],
    ["update", String(s.update)],
    ["replace", String(s.replace)],
    ["delete", String(s.delete)],
  ];
  if (s.read) rows.push(["read", String(s.read)]);
  if (s.forget) rows.push(["forget", String(s.forget)]);
  if (s.import) rows.push(["import", String(s.import)]);
  if (s.moved) rows.push(["moved", String(s.moved)]);
  if (s.drift) rows.push(["drift (outside Terraform)", String(s.drift)]);
  if (s.deferred) rows.push(["deferred", String(s.deferred)]);
  rows.push(["total changes", String(s.total)]);
  const lines = table(rows);
  out.push(p.bold(lines[0]));
  for (const line of lines.slice(1)) out.push(line);
  out.push("");
  const level = a.risk.level;
  const counts = SEVERITIES.slice()
    .reverse()
    .filter((sv) => a.risk.findings[sv] > 0)
    .map((sv) => `${a.risk.findings[sv]} ${sv}`)
    .join(", ");
  out.push(`Risk: ${sevColor(p, level)(level.toUpperCase())}${counts ? ` (${counts})` : " (no findings)"}`);

  for (const sev of SEVERITIES.slice().reverse()) {
    const group = a.findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    out.push("");
    out.push(sevColor(p, sev)(`${sev.toUpperCase()} (${group.length})`));
    for (const f of group) out.push(...renderFinding(f, p));
  }

  const changed = a.changes.filter(isListed);
  if (changed.length) {
    out.push("");
    out.push(p.bold(`Changes (${changed.length})`));
    for (const c of changed) {
      const risk = c.risk === "none" ? "" : ` ${sevColor(p, c.risk)(`[${t(c.risk)}]`)}`;
      out.push(`  ${ACTION_SYMBOL[c.action].padEnd(6)} ${t(c.address)}  ${p.dim(t(actionLabel(c)))}${risk}`);
      if (c.blastRadius.length)
        out.push(
          p.dim(
            `         blast radius: ${c.blastRadius.length} dependent${c.blastRadius.length === 1 ? "" : "s"}`,
          ),
        );
    }
  }
  if (a.drift.length) {
    out.push("");
    out.push(p.bold(`Drift detected outside Terraform (${a.drift.length})`));
    for (const d of a.drift) out.push(`  ${t(d.address)}  ${p.dim(t(d.action))}`);
  }
  if (a.deferred.length) {
    out.push("");
    out.push(p.bold(`Deferred changes (${a.deferred.length})`));
    for (const d of a.deferred) out.push(`  ${t(d.address)}  ${p.dim(`${t(d.action)}, ${t(d.reason)}`)}`);
  }
  return out.join("\n");
}

function renderFinding(f: Finding, p: Palette): string[] {
  const lines = [`  ${p.bold(t(f.ruleId))}  ${t(f.address)}`, `    ${t(f.message)}`];
  if (f.blastRadius.length) {
    const shown = f.blastRadius.slice(0, RADIUS_SHOWN).map(t).join(", ");
    const more = f.blastRadius.length > RADIUS_SHOWN ? `, … ${f.blastRadius.length - RADIUS_SHOWN} more` : "";
    lines.push(p.dim(`    blast radius (${f.blastRadius.length}): ${shown}${more}`));
  }
  return lines;
}
