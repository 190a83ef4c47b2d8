// Runs the rule catalog over a change set. Rules are dispatched by resource type (rules that declare
// resourceTypes see only those types; rules without run on every change of their framework).
import type { Finding } from "../model/assessment.js";
import type { Change, ChangeSet, Framework } from "../model/types.js";
import type { ChangeRule, ChangeSetRule, Rule, RuleContext, RuleHit } from "./types.js";

export interface RuleIndex {
  byType: Map<string, ChangeRule[]>;
  anyType: ChangeRule[];
  changeSet: ChangeSetRule[];
}

export function indexRules(rules: readonly Rule[], framework: Framework): RuleIndex {
  const idx: RuleIndex = { byType: new Map(), anyType: [], changeSet: [] };
  for (const r of rules) {
    if (!r.frameworks.includes(framework)) continue;
    if (r.scope === "changeset") {
      idx.changeSet.push(r);
      continue;
    }
    if (r.resourceTypes?.length) {
      for (const t of r.resourceTypes) {
        const list = idx.byType.get(t);
        if (list) list.push(r);
        else idx.byType.set(t, [r]);
      }
    } else idx.anyType.push(r);
  }
  return idx;
}

function hitsOf(result: RuleHit[] | RuleHit | null | undefined): RuleHit[] {
  if (!result) return [];
  return Array.isArray(result) ? result : [result];
}

function toFinding(rule: Rule, hit: RuleHit, address: string, ctx: RuleContext): Finding {
  const addr = hit.address ?? address;
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: hit.severity ?? rule.severity,
    address: addr,
    message: hit.message,
    blastRadius: ctx.blastRadius(addr),
    remediation: rule.remediation,
  };
}

/** Every finding for the change set. A rule that throws is an error, never a silent pass. */
export function runRules(cs: ChangeSet, rules: readonly Rule[], ctx: RuleContext): Finding[] {
  const idx = indexRules(rules, cs.source.framework);
  const findings: Finding[] = [];
  for (const change of cs.changes) {
    if (change.action === "no-op" && !change.importing) continue;
    const typed = idx.byType.get(change.type);
    if (typed) for (const rule of typed) apply(rule, change, ctx, findings);
    for (const rule of idx.anyType) apply(rule, change, ctx, findings);
  }
  for (const rule of idx.changeSet) {
    for (const hit of hitsOf(rule.check(cs, ctx)))
      findings.push(toFinding(rule, hit, hit.address ?? "(change set)", ctx));
  }
  return findings;
}

function apply(rule: ChangeRule, change: Change, ctx: RuleContext, out: Finding[]): void {
  let result: ReturnType<ChangeRule["check"]>;
  try {
    result = rule.check(change, ctx);
  } catch (err) {
    throw new Error(`rule ${rule.id} failed on ${change.address}: ${(err as Error).message}`);
  }
  for (const hit of hitsOf(result)) out.push(toFinding(rule, hit, change.address, ctx));
}
