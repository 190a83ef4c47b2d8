// Every rule Airlock knows, and a per-resource-type index so the engine runs only the rules that can fire.
import type { Framework } from "../../model/types.js";
import type { ChangeRule, ChangeSetRule, Rule } from "../types.js";
import { CLOUDFORMATION_RULES } from "./cloudformation.js";
import { KUBERNETES_RULES } from "./kubernetes.js";
import { globToRegExp } from "./support/define.js";
import { TERRAFORM_RULES } from "./terraform.js";

/** All rules, every framework. CloudFormation and Kubernetes rule lists are appended here. */
export const ALL_RULES: Rule[] = [...TERRAFORM_RULES, ...CLOUDFORMATION_RULES, ...KUBERNETES_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

interface TypeIndex {
  exact: Map<string, ChangeRule[]>;
  patterns: { re: RegExp; rule: ChangeRule }[];
  untyped: ChangeRule[];
  changeSet: ChangeSetRule[];
  cache: Map<string, readonly ChangeRule[]>;
}

const indexes = new Map<string, TypeIndex>();

function buildIndex(framework: Framework | undefined): TypeIndex {
  const idx: TypeIndex = { exact: new Map(), patterns: [], untyped: [], changeSet: [], cache: new Map() };
  for (const rule of ALL_RULES) {
    if (framework && !rule.frameworks.includes(framework)) continue;
    if (rule.scope === "changeset") {
      idx.changeSet.push(rule);
      continue;
    }
    if (!rule.resourceTypes || rule.resourceTypes.length === 0) {
      idx.untyped.push(rule);
      continue;
    }
    for (const t of rule.resourceTypes) {
      if (t.includes("*")) idx.patterns.push({ re: globToRegExp(t), rule });
      else {
        const l = idx.exact.get(t);
        if (l) l.push(rule);
        else idx.exact.set(t, [rule]);
      }
    }
  }
  return idx;
}

function indexFor(framework: Framework | undefined): TypeIndex {
  const key = framework ?? "*";
  let idx = indexes.get(key);
  if (!idx) {
    idx = buildIndex(framework);
    indexes.set(key, idx);
  }
  return idx;
}

/**
 * The change rules that can fire on a resource type (rules listing the type, rules whose glob pattern such
 * as `google_*_iam_member` matches it, and rules without resourceTypes), in catalog order. Cached per type.
 * The engine should dispatch each change through this instead of running every rule.
 */
export function rulesForType(type: string, framework?: Framework): readonly ChangeRule[] {
  const idx = indexFor(framework);
  const hit = idx.cache.get(type);
  if (hit) return hit;
  const set = new Set<ChangeRule>(idx.exact.get(type) ?? []);
  for (const p of idx.patterns) if (p.re.test(type)) set.add(p.rule);
  for (const r of idx.untyped) set.add(r);
  const order = new Map(ALL_RULES.map((r, i) => [r, i]));
  const out = [...set].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  idx.cache.set(type, out);
  return out;
}

/** Rules that judge the change set as a whole (run once per plan). */
export function changeSetRules(framework?: Framework): readonly ChangeSetRule[] {
  return indexFor(framework).changeSet;
}
