// Builds Terraform Changes the way the plan ingest does, and runs catalog rules over them.
import assert from "node:assert/strict";
import type { Finding } from "../../src/model/assessment.js";
import type { Action, Change, ChangeSet, Severity } from "../../src/model/types.js";
import { ALL_RULES, changeSetRules, ruleById, rulesForType } from "../../src/rules/catalog/index.js";
import { runRules } from "../../src/rules/engine.js";
import type { RuleContext, RuleHit } from "../../src/rules/types.js";

export type SpecAction = Action | "replace-create-first";

export interface ChangeSpec {
  type: string;
  action: SpecAction;
  name?: string;
  module?: string;
  index?: string | number;
  before?: unknown;
  after?: unknown;
  afterUnknown?: unknown;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  replacePaths?: (string | number)[][];
  deposed?: string;
  mode?: "managed" | "data";
}

const RAW: Record<SpecAction, string[]> = {
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
  replace: ["delete", "create"],
  "replace-create-first": ["create", "delete"],
  read: ["read"],
  "no-op": ["no-op"],
  forget: ["forget"],
  import: ["no-op"],
};

function providerName(type: string): string {
  const p = type.split("_")[0];
  return `registry.terraform.io/hashicorp/${p === "azurerm" ? "azurerm" : p}`;
}

/** A Change as the Terraform ingest fills it: before is null for creates, after is null for deletes. */
export function tfChange(spec: ChangeSpec): Change {
  const name = spec.name ?? "this";
  const key =
    spec.index === undefined ? "" : typeof spec.index === "number" ? `[${spec.index}]` : `["${spec.index}"]`;
  const prefix = spec.module ? `${spec.module}.` : "";
  const dataPrefix = spec.mode === "data" ? "data." : "";
  const configAddress = `${prefix}${dataPrefix}${spec.type}.${name}`;
  const action: Action = spec.action === "replace-create-first" ? "replace" : spec.action;
  const destroys = action === "delete" || action === "forget";
  const creates = action === "create" || action === "read";
  const c: Change = {
    address: `${configAddress}${key}`,
    configAddress,
    type: spec.type,
    name,
    mode: spec.mode ?? "managed",
    provider: providerName(spec.type),
    module: spec.module ?? "",
    action,
    rawActions: RAW[spec.action],
    before: creates ? null : (spec.before ?? null),
    after: destroys ? null : (spec.after ?? spec.before ?? null),
    beforeSensitive: (spec.beforeSensitive ?? (creates ? false : {})) as Change["beforeSensitive"],
    afterSensitive: (spec.afterSensitive ?? (destroys ? false : {})) as Change["afterSensitive"],
    afterUnknown: (spec.afterUnknown ?? (destroys ? false : {})) as Change["afterUnknown"],
  };
  if (spec.action === "replace") c.replaceOrder = "delete-before-create";
  if (spec.action === "replace-create-first") c.replaceOrder = "create-before-destroy";
  if (spec.replacePaths) c.replacePaths = spec.replacePaths;
  if (spec.deposed) c.deposed = spec.deposed;
  if (spec.action === "import") c.importing = true;
  return c;
}

export function changeSet(changes: Change[]): ChangeSet {
  const instances = new Map<string, string[]>();
  for (const c of changes)
    instances.set(c.configAddress, [...(instances.get(c.configAddress) ?? []), c.address]);
  return {
    source: { path: "test.plan.json", framework: "terraform", format: "terraform-plan-json" },
    changes,
    drift: [],
    deferred: [],
    outputs: [],
    edges: [],
    instances,
    digestMaterial: { framework: "terraform", items: [], extra: {} },
  };
}

export function ctxFor(cs: ChangeSet): RuleContext {
  return { changeSet: cs, blastRadius: () => [] };
}

export interface Hit extends RuleHit {
  severity: Severity;
}

function hitsOf(rule: { severity: Severity }, r: RuleHit[] | RuleHit | null | undefined): Hit[] {
  if (!r) return [];
  return (Array.isArray(r) ? r : [r]).map((h) => ({ ...h, severity: h.severity ?? rule.severity }));
}

/**
 * Runs one rule on one change (dispatched the way the engine does: only if the rule is indexed for the
 * change's type). `others` are extra changes in the same plan.
 */
export function check(ruleId: string, change: Change, others: Change[] = []): Hit[] {
  const rule = ruleById(ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  const cs = changeSet([change, ...others]);
  if (rule.scope === "changeset") return hitsOf(rule, rule.check(cs, ctxFor(cs)));
  if (!rulesForType(change.type, "terraform").includes(rule)) return [];
  return hitsOf(rule, rule.check(change, ctxFor(cs)));
}

/** Runs one changeset rule over a list of changes. */
export function checkPlan(ruleId: string, changes: Change[]): Hit[] {
  const rule = ruleById(ruleId);
  assert.ok(rule && rule.scope === "changeset", `no changeset rule ${ruleId}`);
  const cs = changeSet(changes);
  return hitsOf(rule, rule.check(cs, ctxFor(cs)));
}

/** Every finding of the whole catalog on a plan, through the project's rule engine. */
export function runCatalog(changes: Change[]): Finding[] {
  const cs = changeSet(changes);
  return runRules(cs, ALL_RULES, ctxFor(cs));
}

/** Same, with the catalog's own dispatch (rulesForType + changeSetRules), to cross-check the engine. */
export function runDispatched(changes: Change[]): { ruleId: string; hit: Hit; address: string }[] {
  const cs = changeSet(changes);
  const ctx = ctxFor(cs);
  const out: { ruleId: string; hit: Hit; address: string }[] = [];
  for (const c of changes) {
    if (c.action === "no-op" && !c.importing) continue;
    for (const r of rulesForType(c.type, "terraform"))
      for (const h of hitsOf(r, r.check(c, ctx)))
        out.push({ ruleId: r.id, hit: h, address: h.address ?? c.address });
  }
  for (const r of changeSetRules("terraform"))
    for (const h of hitsOf(r, r.check(cs, ctx)))
      out.push({ ruleId: r.id, hit: h, address: h.address ?? "(change set)" });
  return out;
}

/** Asserts exactly one hit with this severity and returns it. */
export function one(hits: Hit[], severity: Severity, contains?: string | RegExp): Hit {
  assert.equal(hits.length, 1, `expected one hit, got ${hits.length}: ${JSON.stringify(hits)}`);
  assert.equal(hits[0].severity, severity, `severity of: ${hits[0].message}`);
  if (contains) {
    if (typeof contains === "string") assert.ok(hits[0].message.includes(contains), hits[0].message);
    else assert.match(hits[0].message, contains);
  }
  assert.ok(!hits[0].message.includes("\n"), "messages are one line");
  return hits[0];
}

export function none(hits: Hit[]): void {
  assert.deepEqual(
    hits.map((h) => `${h.severity}: ${h.message}`),
    [],
  );
}

/** Deep copy with a shallow-merged patch (nested objects merged, arrays replaced). */
export function patch<T>(base: T, changes: Record<string, unknown>): T {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(changes)) {
    const cur = copy[k];
    if (
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      cur &&
      typeof cur === "object" &&
      !Array.isArray(cur)
    )
      copy[k] = patch(cur, v as Record<string, unknown>);
    else copy[k] = v;
  }
  return copy as T;
}

/** A sensitivity marker tree that marks every leaf of a value (as if every attribute were sensitive). */
export function markAll(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(markAll);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, markAll(x)]));
  return true;
}
