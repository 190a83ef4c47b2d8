// Generates docs/rules.md from the rule catalog: `npm run docs:rules`.
// Importing this module has no side effects; running it writes the file (or, with --check, fails when the
// file is out of date).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CATEGORIES, SEVERITIES } from "../src/model/types.js";
import { ALL_RULES } from "../src/rules/catalog/index.js";
import { MASS_THRESHOLDS } from "../src/rules/tables/mass-change.js";
import type { Rule } from "../src/rules/types.js";

const MAX_TYPES_IN_TABLE = 4;

const T = MASS_THRESHOLDS;
const HOW_IT_WORKS = [
  "- **Changes, not states.** Each rule reads the change's action (create, update, replace — destroy-first or " +
    "create-first —, delete, forget, import) and compares `before` with `after`. A delete that scanners never " +
    "see (it has no planned value) is judged like any other change.",
  "- **Newly, not already.** Exposure and privilege rules fire only on what the change adds: a security group " +
    "rule that was already open to 0.0.0.0/0 and stays so, or a policy that already allowed `*`, is not reported " +
    "again. Protection rules fire on the transition (`deletion_protection` true → false), never on a new " +
    "resource created without it.",
  "- **Severity follows the change.** Replacing or deleting a database is critical; with a final snapshot a " +
    "delete is one level lower; a replica or a cluster member is medium; a deposed object left by an earlier " +
    "create-before-destroy is one level lower; `force_destroy = true` or a zero recovery window raise it. A " +
    "create-before-destroy replacement of a stateless listener, target group, node pool or launch template is " +
    "routine and produces no finding. Protections switched off in a plan that also destroys data-holding " +
    "resources are raised to at least high.",
  "- **Unknown values are not guessed.** An attribute that is `(known after apply)` is not judged.",
  "- **No secrets in messages.** Messages name addresses and attribute names; values appear only when the " +
    "change carries no sensitive marker and the attribute name is not secret-like, otherwise `(sensitive)`.",
  `- **Plan-wide rules** (mass-change): ${T.destructiveHigh} or more destructive changes (critical at ` +
    `${T.destructiveCritical}); ${Math.round(T.destroyedShare * 100)}% or more of the plan's existing resources ` +
    `destroyed (at least ${T.destroyedShareMin}); at least ${T.recreateMin} resources destroyed and re-created; ` +
    `at least ${T.statefulMin} data-holding resources and ${Math.round(T.statefulShare * 100)}% of them ` +
    `destroyed; a module with ${T.moduleMin} or more resources all deleted; ${T.sameCauseReplaceMin} or more ` +
    `replacements forced by the same attribute; ${T.forgetMin} or more resources forgotten; ` +
    `${T.grantRemovalMin} or more access grants removed. Findings about the whole plan have the address ` +
    "`(change set)`; a removed module has the module's address.",
  "- **Provider knowledge is data.** Which types hold data, which attribute protects what and which value " +
    "means off, which ports and principals are public, which roles are administrative: `src/rules/tables/*.ts`. " +
    "Rules in `src/rules/catalog/` evaluate those tables.",
  "- **Dispatch by type.** Every change rule declares its resource types; `rulesForType(type)` in " +
    "`src/rules/catalog/index.ts` returns the rules to run for a type, so 50,000 changes cost a few table " +
    "look-ups each.",
  "- **Adding a rule.** Take the next free number of its category (ids are never reused or renumbered), add " +
    "table rows where possible, add a test with the real Terraform value shape that fires and a benign " +
    "counterpart that does not, then run `npm run docs:rules`.",
];

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}

function code(s: string): string {
  return `\`${s}\``;
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]/g, "");
}

function typesSummary(r: Rule): string {
  const types = r.resourceTypes ?? [];
  if (types.length === 0) return r.scope === "changeset" ? "(whole plan)" : "(any)";
  const shown = types.slice(0, MAX_TYPES_IN_TABLE).map(code).join(", ");
  return types.length > MAX_TYPES_IN_TABLE ? `${shown} +${types.length - MAX_TYPES_IN_TABLE} more` : shown;
}

function countBy<T extends string>(rules: readonly Rule[], key: (r: Rule) => T): Map<T, number> {
  const m = new Map<T, number>();
  for (const r of rules) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

/** The whole docs/rules.md text for a rule list. Deterministic: same rules, same bytes. */
export function renderRulesDoc(rules: readonly Rule[]): string {
  const out: string[] = [];
  out.push("# Airlock risk rules");
  out.push("");
  out.push(
    "<!-- Generated by `npm run docs:rules` (scripts/gen-rules-doc.ts) from src/rules/catalog. Do not edit by hand. -->",
  );
  out.push("");
  out.push(
    `${rules.length} rules judge the **change** — what a plan deletes, replaces, opens, grants or switches off — ` +
      "not only the end state. Each rule has a stable id (never renumbered), a default severity that a finding " +
      "may raise or lower when the change makes it more or less serious, a rationale and a remediation. " +
      "`airlock rules` lists the same table.",
  );
  out.push("");
  out.push("Severities: " + SEVERITIES.map(code).join(" < ") + ".");
  out.push("");
  out.push("## How the Terraform rules judge a change");
  out.push("");
  for (const line of HOW_IT_WORKS) out.push(line);
  out.push("");

  const frameworks = [...new Set(rules.flatMap((r) => r.frameworks))].sort();
  const providers = ["aws", "google", "azure", "kubernetes", "any"].filter((p) =>
    rules.some((r) => r.provider === p),
  );
  out.push("## Summary");
  out.push("");
  out.push(`| Category | ${frameworks.join(" | ")} | total |`);
  out.push(`|---|${frameworks.map(() => "---:").join("|")}|---:|`);
  for (const cat of CATEGORIES) {
    const inCat = rules.filter((r) => r.category === cat);
    const per = frameworks.map((f) => String(inCat.filter((r) => r.frameworks.includes(f)).length));
    out.push(`| [${cat}](#${anchor(cat)}) | ${per.join(" | ")} | ${inCat.length} |`);
  }
  out.push("");
  const byProvider = countBy(rules, (r) => r.provider);
  out.push(
    `By provider: ${providers.map((p) => `${p} ${byProvider.get(p as Rule["provider"]) ?? 0}`).join(", ")}.`,
  );
  out.push("");

  for (const cat of CATEGORIES) {
    const inCat = rules.filter((r) => r.category === cat);
    out.push(`## ${cat}`);
    out.push("");
    if (inCat.length === 0) {
      out.push("No rules.");
      out.push("");
      continue;
    }
    out.push("| ID | Title | Severity | Provider | Resource types |");
    out.push("|---|---|---|---|---|");
    for (const r of inCat)
      out.push(
        `| [${r.id}](#${anchor(r.id)}) | ${cell(r.title)} | ${r.severity} | ${r.provider} | ${cell(typesSummary(r))} |`,
      );
    out.push("");
  }

  out.push("## Rule details");
  out.push("");
  for (const cat of CATEGORIES) {
    for (const r of rules.filter((x) => x.category === cat)) {
      out.push(`### ${r.id}`);
      out.push("");
      out.push(
        `**${cell(r.title)}** — ${r.category}, default severity ${r.severity}, provider ${r.provider}, ` +
          `${r.frameworks.join(", ")}, ${r.scope === "changeset" ? "judges the whole plan" : "judges each change"}.`,
      );
      out.push("");
      out.push(`*Why:* ${cell(r.rationale)}`);
      out.push("");
      out.push(`*Fix:* ${cell(r.remediation)}`);
      out.push("");
      const types = r.resourceTypes ?? [];
      if (types.length > 0) {
        out.push(`*Resource types (${types.length}):* ${types.map(code).join(", ")}`);
        out.push("");
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export const RULES_DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "rules.md");

function main(): void {
  const text = renderRulesDoc(ALL_RULES);
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(RULES_DOC_PATH, "utf8");
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      process.stderr.write("docs/rules.md is out of date: run npm run docs:rules\n");
      process.exit(1);
    }
    return;
  }
  writeFileSync(RULES_DOC_PATH, text);
  process.stdout.write(`wrote docs/rules.md (${ALL_RULES.length} rules)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
