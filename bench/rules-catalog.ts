// Rule catalog cost: time to run every rule over generated plans of 1k/10k/50k changes, compared with
// JSON.parse of the same plan text. Run: node --import tsx bench/rules-catalog.ts [sizes]
// Also a worst case: the same plans turned into destroy plans (every change a delete), where every
// destroy-judging rule and the plan-wide rules do their full work.

import { normalizePlan } from "../src/ingest/terraform/normalize.js";
import type { PlanJson } from "../src/ingest/terraform/plan-types.js";
import { ALL_RULES } from "../src/rules/catalog/index.js";
import { runRules } from "../src/rules/engine.js";
import { generatePlan } from "./gen-plan.mjs";

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function toDestroy(plan: PlanJson): PlanJson {
  const p = structuredClone(plan);
  for (const rc of p.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    rc.change.actions = ["delete"];
    rc.change.before = rc.change.before ?? rc.change.after;
    rc.change.after = null;
    rc.change.after_unknown = false;
    rc.change.after_sensitive = false;
  }
  return p;
}

const sizes = (process.argv[2] ?? "1000,10000,50000").split(",").map(Number);
const RUNS = 5;
console.log("| changes | variant | JSON.parse ms | rules ms | rules ÷ parse | findings |");
console.log("|---:|---|---:|---:|---:|---:|");
for (const n of sizes) {
  const base = generatePlan(n, "lean") as unknown as PlanJson;
  for (const [variant, plan] of [
    ["generated", base],
    ["destroy-all", toDestroy(base)],
  ] as const) {
    const text = JSON.stringify(plan);
    const parse: number[] = [];
    const rules: number[] = [];
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      let t = process.hrtime.bigint();
      const doc = JSON.parse(text) as PlanJson;
      parse.push(ms(t));
      const cs = normalizePlan(doc, "bench.json");
      t = process.hrtime.bigint();
      findings = runRules(cs, ALL_RULES, { changeSet: cs, blastRadius: () => [] }).length;
      rules.push(ms(t));
    }
    const p = median(parse);
    const r = median(rules);
    console.log(
      `| ${n} | ${variant} | ${p.toFixed(1)} | ${r.toFixed(1)} | ${(r / p).toFixed(2)} | ${findings} |`,
    );
  }
}
