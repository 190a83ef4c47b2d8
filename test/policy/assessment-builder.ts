// Hand-built Assessment objects for policy and provenance tests (the real analyzer lives in src/assess).
import { execFileSync } from "node:child_process";
import type { PlanJson } from "../../src/ingest/terraform/plan-types.js";
import type { AssessedChange, Assessment, Finding } from "../../src/model/assessment.js";
import type { Action, Category, Severity } from "../../src/model/types.js";

export function change(address: string, action: Action, extra: Partial<AssessedChange> = {}): AssessedChange {
  const m = /^(?:(.*)\.)?(data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(address);
  const type = m?.[3] ?? "aws_thing";
  return {
    address,
    type,
    name: m?.[4] ?? address,
    mode: m?.[2] ? "data" : "managed",
    provider: `registry.terraform.io/hashicorp/${type.split("_")[0]}`,
    module: m?.[1] ?? "",
    action,
    rawActions: action === "replace" ? ["delete", "create"] : [action],
    attributes: [],
    blastRadius: [],
    risk: "none",
    ...extra,
  };
}

export function finding(
  address: string,
  category: Category,
  severity: Severity,
  ruleId = `TEST-${category.toUpperCase()}`,
): Finding {
  return {
    ruleId,
    title: `${category} finding`,
    category,
    severity,
    address,
    message: `${category} on ${address}`,
    blastRadius: [],
  };
}

export function assessment(
  changes: AssessedChange[],
  findings: Finding[] = [],
  extra: Partial<Assessment> = {},
  path = "plan.json",
): Assessment {
  const summary = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    read: 0,
    noop: 0,
    forget: 0,
    import: 0,
    moved: 0,
    drift: 0,
    deferred: 0,
    total: 0,
  };
  for (const c of changes) {
    const k = c.action === "no-op" ? "noop" : c.action;
    summary[k]++;
    summary.total++;
  }
  const findingsBySev = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  const byCategory: Partial<Record<Category, number>> = {};
  let level: Severity | "none" = "none";
  const order = ["none", "info", "low", "medium", "high", "critical"];
  for (const f of findings) {
    findingsBySev[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    if (order.indexOf(f.severity) > order.indexOf(level)) level = f.severity;
  }
  return {
    schemaVersion: "1.0",
    tool: { name: "airlock", version: "0.1.0" },
    source: { path, framework: "terraform", format: "terraform-plan-json" },
    framework: "terraform",
    digest: `sha256:${"ab".repeat(32)}`,
    summary,
    risk: { level, findings: findingsBySev, byCategory },
    changes,
    findings,
    drift: [],
    deferred: [],
    outputs: [],
    notes: [],
    ...extra,
  };
}

/** A minimal assessment straight from a plan's resource_changes (no rules). */
export function assessmentFromPlan(plan: PlanJson, path: string): Assessment {
  const changes = (plan.resource_changes ?? []).map((rc) => {
    const a = rc.change.actions;
    const action: Action = a.length === 2 ? "replace" : a[0] === "no-op" ? "no-op" : (a[0] as Action);
    return change(rc.address, action, {
      type: rc.type,
      name: rc.name,
      mode: rc.mode,
      module: rc.module_address ?? "",
      rawActions: [...a],
    });
  });
  return assessment(changes, [], {}, path);
}

/** Runs terraform in `dir` (offline: only the built-in terraform_data resource). */
export function terraform(dir: string, ...args: string[]): string {
  return execFileSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
