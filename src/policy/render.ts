// `airlock check` output: text for terminals, markdown for pull-request comments, JSON for machines.
// Every string that comes from the input, the policy or git (addresses, reasons, requirement ids and
// descriptions, commit authors, agent names, the policy's and environment's names, the git range, notes) goes
// through `t` (printable) in text, before our colours are added, and through `mdText`/`mdCode` in markdown,
// so none can rewrite the reviewer's terminal, reorder text, or add markdown of its own. JSON keeps exact values.
import type { PolicyDecision, Requirement } from "../model/decision.js";
import { palette } from "../report/colors.js";
import { mdCode, mdText } from "../report/markdown.js";
import { printable as t } from "../report/printable.js";

export const DECISION_SCHEMA_VERSION = "1.0";
export const CHECK_COMMENT_MARKER = "<!-- airlock:check -->";

export type CheckFormat = "text" | "json" | "markdown";

export function decisionJson(d: PolicyDecision): Record<string, unknown> {
  return {
    schemaVersion: DECISION_SCHEMA_VERSION,
    decision: d.decision,
    digest: d.digest,
    policy: d.policy,
    environment: d.environment ?? null,
    requirements: d.requirements,
    openRequirements: open(d).map((q) => q.id),
    reasons: d.reasons,
    provenance: d.provenance,
  };
}

function open(d: PolicyDecision): Requirement[] {
  return d.requirements.filter((q) => !q.satisfied && q.enforcement !== "advisory");
}

export function renderDecision(d: PolicyDecision, format: CheckFormat, color = false): string {
  if (format === "json") return JSON.stringify(decisionJson(d), null, 2);
  if (format === "markdown") return renderMarkdown(d);
  return renderText(d, color);
}

const SHORT = (sha: string) => sha.slice(0, 10);

function renderText(d: PolicyDecision, color: boolean): string {
  const c = palette(color);
  const verdict =
    d.decision === "allow"
      ? c.green(c.bold("ALLOW"))
      : d.decision === "block"
        ? c.red(c.bold("BLOCK"))
        : c.yellow(c.bold("REQUIRE-APPROVAL"));
  const out: string[] = [];
  const env = d.environment ? `${t(d.environment.name)} (${t(d.environment.criticality)})` : "-";
  out.push(`Decision:    ${verdict}`);
  out.push(`Environment: ${env}`);
  out.push(`Policy:      ${t(d.policy)}`);
  out.push(`Digest:      ${t(d.digest)}`);
  const p = d.provenance;
  out.push(
    `Provenance:  ${p.classification}${p.agents.length ? ` (agents: ${p.agents.map(t).join(", ")})` : ""}${
      p.range ? ` · range ${t(p.range)}, ${p.commits.length} commit(s)` : ""
    }`,
  );
  const openReqs = open(d);
  const rest = d.requirements.filter((q) => !openReqs.includes(q));
  if (openReqs.length) {
    out.push("", c.bold("Open requirements:"));
    for (const q of openReqs) out.push(`  ${c.red("✗")} ${t(q.id)} [${q.enforcement}] ${t(q.description)}`);
  }
  if (rest.length) {
    out.push("", c.bold("Other requirements:"));
    for (const q of rest) {
      const mark = q.satisfied ? c.green("✓") : c.dim("·");
      out.push(
        `  ${mark} ${t(q.id)} [${q.enforcement}${q.satisfied ? ", satisfied" : ""}] ${t(q.description)}`,
      );
    }
  }
  if (d.reasons.length) {
    out.push("", c.bold("Reasons:"));
    for (const r of d.reasons) out.push(`  - ${t(r)}`);
  }
  const addr = Object.entries(p.addresses ?? {});
  if (addr.length) {
    out.push("", c.bold("Provenance by address:"));
    for (const [a, cls] of addr.slice(0, 50)) out.push(`  ${cls.padEnd(11)} ${t(a)}`);
    if (addr.length > 50) out.push(`  … ${addr.length - 50} more`);
  }
  if (p.commits.length) {
    out.push("", c.bold("Commits:"));
    for (const cm of p.commits.slice(0, 30)) {
      const ev = signals(cm.evidence);
      out.push(
        `  ${t(SHORT(cm.commit))} ${cm.classification.padEnd(11)} ${t(cm.author)}${ev ? `  [${t(ev)}]` : ""}`,
      );
    }
    if (p.commits.length > 30) out.push(`  … ${p.commits.length - 30} more`);
  }
  if (p.notes.length) {
    out.push("", c.bold("Provenance notes:"));
    for (const n of p.notes) out.push(`  - ${t(n)}`);
  }
  return out.join("\n");
}

function signals(evidence: PolicyDecision["provenance"]["commits"][number]["evidence"]): string {
  return evidence.map((e) => e.signal + (e.agent ? `:${e.agent}` : "")).join(", ");
}

const ICON = { allow: "✅", "require-approval": "🟡", block: "⛔" } as const;

function renderMarkdown(d: PolicyDecision): string {
  const out: string[] = [CHECK_COMMENT_MARKER];
  const p = d.provenance;
  out.push(`## ${ICON[d.decision]} Airlock check: **${d.decision.toUpperCase()}**`, "");
  out.push(
    `Environment **${mdText(d.environment?.name ?? "-")}** (${mdText(d.environment?.criticality ?? "-")}) · policy ${mdCode(d.policy, false)} · digest ${mdCode(d.digest, false)}`,
  );
  out.push(
    "",
    `Provenance: **${p.classification}**${p.agents.length ? ` · agents: ${p.agents.map((a) => mdCode(a, false)).join(", ")}` : ""}${
      p.range ? ` · range ${mdCode(p.range, false)} (${p.commits.length} commit(s))` : ""
    }`,
  );
  if (d.requirements.length) {
    out.push("", "| | requirement | enforcement | detail |", "|---|---|---|---|");
    for (const q of d.requirements) {
      const mark = q.satisfied ? "✅" : q.enforcement === "advisory" ? "ℹ️" : "❌";
      out.push(`| ${mark} | ${mdCode(q.id, true)} | ${q.enforcement} | ${mdText(q.description)} |`);
    }
  } else out.push("", "No requirements.");
  if (d.reasons.length) {
    out.push("", "<details><summary>Reasons</summary>", "");
    for (const r of d.reasons) out.push(`- ${mdText(r)}`);
    out.push("", "</details>");
  }
  const addr = Object.entries(p.addresses ?? {});
  if (addr.length || p.commits.length) {
    out.push("", "<details><summary>Provenance</summary>", "");
    if (addr.length) {
      out.push("| address | written by |", "|---|---|");
      for (const [a, cls] of addr.slice(0, 100)) out.push(`| ${mdCode(a, true)} | ${cls} |`);
      if (addr.length > 100) out.push(`| … | ${addr.length - 100} more |`);
      out.push("");
    }
    if (p.commits.length) {
      out.push("| commit | class | author | signals |", "|---|---|---|---|");
      for (const cm of p.commits.slice(0, 50)) {
        out.push(
          `| ${mdCode(SHORT(cm.commit), true)} | ${cm.classification} | ${mdText(cm.author)} | ${mdText(signals(cm.evidence))} |`,
        );
      }
    }
    for (const n of p.notes) out.push(`\n> ${mdText(n)}`);
    out.push("", "</details>");
  }
  return out.join("\n");
}
