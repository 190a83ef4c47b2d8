// Mass-change rules: many destructive changes at once, whole-environment recreation, whole modules,
// accounts, projects or resource groups removed — the "delete and recreate the environment" pattern.
import type { Change, Severity } from "../../model/types.js";
import { getPath } from "../../model/values.js";
import type { DestroyImpact } from "../tables/common.js";
import { IAM_GRANT_TYPES } from "../tables/iam.js";
import {
  AWS_CONTAINERS,
  AZURE_CONTAINERS,
  GOOGLE_CONTAINERS,
  MASS_THRESHOLDS as T,
} from "../tables/mass-change.js";
import type { Rule, RuleHit } from "../types.js";
import { changeRule, changeSetRule, planStats } from "./support/define.js";
import { statefulInfo } from "./support/stateful.js";
import { describeImpact, matchImpact } from "./support/transitions.js";
import { asBool, pathText, summarize } from "./support/values.js";

const CAT = "mass-change" as const;

function pct(n: number, d: number): string {
  return `${Math.round((100 * n) / Math.max(1, d))}%`;
}

function sample(changes: readonly Change[], n = 3): string {
  return summarize(
    changes.map((c) => c.address),
    n,
  );
}

const MANY_DESTRUCTIVE = changeSetRule(
  {
    id: "AL-TF-MASS-001",
    title: "Many resources destroyed in one plan",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      `A plan that deletes or replaces ${T.destructiveHigh} or more resources at once has a blast radius no ` +
      "reviewer can check line by line; it is how an agent's 'clean up and recreate' becomes an outage.",
    remediation:
      "Split the change into smaller plans, each reviewed and applied on its own; use -target sparingly.",
  },
  (cs) => {
    const s = planStats(cs);
    const n = s.destroyed.length;
    if (n < T.destructiveHigh) return null;
    const severity: Severity = n >= T.destructiveCritical ? "critical" : "high";
    return {
      severity,
      message: `${n} resources are deleted or replaced in this plan (${s.deletes.length} deletes, ${s.replaces.length} replaces), e.g. ${sample(s.destroyed)}`,
    };
  },
);

const MOST_DESTROYED = changeSetRule(
  {
    id: "AL-TF-MASS-002",
    title: "Most of the existing resources destroyed",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      `When ${Math.round(T.destroyedShare * 100)}% or more of the resources the plan knows about are deleted or ` +
      "replaced, the plan is tearing the environment down rather than changing it.",
    remediation:
      "Confirm the teardown is intended; if not, find the change (provider, region, module source, for_each key) that forces it.",
  },
  (cs) => {
    const s = planStats(cs);
    const n = s.destroyed.length;
    if (n < T.destroyedShareMin || s.existing === 0 || n / s.existing < T.destroyedShare) return null;
    return {
      severity: s.statefulDestroyed.length > 0 ? "critical" : "high",
      message: `${n} of ${s.existing} existing resources (${pct(n, s.existing)}) are deleted or replaced${s.statefulDestroyed.length ? `, including ${s.statefulDestroyed.length} that hold data` : ""}`,
    };
  },
);

const RECREATION = changeSetRule(
  {
    id: "AL-TF-MASS-003",
    title: "Whole environment destroyed and re-created",
    category: CAT,
    severity: "critical",
    provider: "any",
    rationale:
      "Deleting most resources and creating the same kinds again (or replacing most of them) is an environment " +
      "recreation: everything is down in between and all data not restored is gone. This is the pattern behind " +
      "the December 2025 outage where an agent chose to 'delete and recreate the environment'.",
    remediation:
      "Stop and find out why recreation was chosen; fix the underlying change (state moves with moved blocks, " +
      "imports, in-place updates) instead of recreating.",
  },
  (cs) => {
    const s = planStats(cs);
    if (s.existing === 0 || s.destroyed.length < T.recreateMin) return null;
    if (s.destroyed.length / s.existing < T.destroyedShare) return null;
    const deletedTypes = new Map<string, number>();
    for (const c of s.deletes) deletedTypes.set(c.type, (deletedTypes.get(c.type) ?? 0) + 1);
    let recreated = 0;
    const createdTypes = new Map<string, number>();
    for (const c of s.creates) createdTypes.set(c.type, (createdTypes.get(c.type) ?? 0) + 1);
    for (const [t, n] of deletedTypes) recreated += Math.min(n, createdTypes.get(t) ?? 0);
    const replaced = s.replaces.length;
    if (recreated + replaced < T.recreateMin) return null;
    const withData = s.statefulDestroyed.length;
    return {
      severity: withData > 0 ? "critical" : "high",
      message: `${s.destroyed.length} of ${s.existing} existing resources are destroyed and re-created (${replaced} replaced, ${recreated} deleted and created anew)${withData ? `; ${withData} hold data` : ""}: this recreates the environment`,
    };
  },
);

const STATEFUL_MAJORITY = changeSetRule(
  {
    id: "AL-TF-MASS-004",
    title: "Most data-holding resources destroyed",
    category: CAT,
    severity: "critical",
    provider: "any",
    rationale:
      "When most of the databases, buckets, volumes, keys and namespaces in a plan are deleted or replaced, the " +
      "environment's data goes with them; restoring it all is slow and often incomplete.",
    remediation:
      "Back up and verify restores first; destroy data stores one at a time in separate reviewed changes.",
  },
  (cs) => {
    const s = planStats(cs);
    const n = s.statefulDestroyed.length;
    if (n < T.statefulMin || n / Math.max(1, s.statefulExisting) < T.statefulShare) return null;
    return {
      message: `${n} of ${s.statefulExisting} data-holding resources are deleted or replaced: ${summarize(
        s.statefulDestroyed.map((d) => `${d.change.address} (${d.info.kind})`),
        4,
      )}`,
    };
  },
);

function topModule(module: string): string {
  if (!module) return "";
  // module.a["x"].module.b → module.a["x"]
  const m = /^module\.[^.[]+(\[[^\]]*\])?/.exec(module);
  return m ? m[0] : module;
}

const MODULE_REMOVED = changeSetRule(
  {
    id: "AL-TF-MASS-005",
    title: "Whole module destroyed",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      "Every resource of a module instance being deleted means the module call (or a for_each/count key) was " +
      "removed or renamed; without a moved block Terraform destroys all of it.",
    remediation:
      "If the module was renamed or re-keyed, add moved { from = … to = … } blocks instead of destroying it.",
  },
  (cs) => {
    const groups = new Map<string, { total: number; deleted: number; data: number }>();
    for (const c of cs.changes) {
      if (c.mode !== "managed" || !c.module) continue;
      const key = topModule(c.module);
      const g = groups.get(key) ?? { total: 0, deleted: 0, data: 0 };
      g.total++;
      if (c.action === "delete" && !c.deposed) {
        g.deleted++;
        if (statefulInfo(c)) g.data++;
      }
      groups.set(key, g);
    }
    const hits: RuleHit[] = [];
    for (const [mod, g] of groups) {
      if (g.total < T.moduleMin || g.deleted !== g.total) continue;
      hits.push({
        address: mod,
        severity: g.data > 0 ? "critical" : "high",
        message: `every resource of ${mod} (${g.total}) is deleted${g.data ? `, ${g.data} of them holding data` : ""}`,
      });
    }
    return hits;
  },
);

const DESTROY_PLAN = changeSetRule(
  {
    id: "AL-TF-MASS-006",
    title: "Destroy plan",
    category: CAT,
    severity: "high",
    provider: "any",
    rationale:
      "A plan in which every existing resource is deleted and nothing else happens is terraform destroy (or " +
      "plan -destroy): the whole configuration is torn down.",
    remediation:
      "Make sure the right workspace and environment are targeted; destroy plans should need extra approval.",
  },
  (cs) => {
    const s = planStats(cs);
    if (s.deletes.length < T.destroyOnlyMin || s.deletes.length !== s.existing || s.creates.length > 0)
      return null;
    if (s.replaces.length > 0) return null;
    return {
      severity: s.statefulDestroyed.length > 0 ? "critical" : "high",
      message: `this plan deletes all ${s.deletes.length} resources it manages and creates nothing${s.statefulDestroyed.length ? ` (${s.statefulDestroyed.length} hold data)` : ""}`,
    };
  },
);

const SAME_CAUSE_REPLACE = changeSetRule(
  {
    id: "AL-TF-MASS-007",
    title: "Many resources replaced for the same reason",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "When many resources are replaced because of the same attribute (an AMI, a name prefix, a region, a " +
      "provider upgrade), one small edit is rolling across the fleet; destroy-first replacement takes them all down.",
    remediation:
      "Check whether the attribute change is needed; use create_before_destroy or ignore_changes, or roll it out in batches.",
  },
  (cs) => {
    const groups = new Map<string, Change[]>();
    for (const c of cs.changes) {
      if (c.mode !== "managed" || c.action !== "replace" || !c.replacePaths?.length) continue;
      if (c.replaceOrder === "create-before-destroy" && !statefulInfo(c)) continue;
      const cause = c.replacePaths
        .map((p) => pathText(p.filter((seg) => typeof seg === "string")))
        .sort()
        .join(", ");
      const key = `${c.type}\u0000${cause}`;
      const l = groups.get(key);
      if (l) l.push(c);
      else groups.set(key, [c]);
    }
    const hits: RuleHit[] = [];
    for (const [key, list] of groups) {
      if (list.length < T.sameCauseReplaceMin) continue;
      const [type, cause] = key.split("\u0000");
      const data = list.some((c) => statefulInfo(c));
      hits.push({
        severity: data ? "high" : "medium",
        message: `${list.length} ${type} resources are replaced because ${cause} changed, e.g. ${sample(list)}`,
      });
    }
    return hits;
  },
);

const MASS_FORGET = changeSetRule(
  {
    id: "AL-TF-MASS-008",
    title: "Many resources removed from state",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Forgetting many resources (removed blocks with destroy = false) leaves them running but unmanaged; a " +
      "later apply in another configuration may create duplicates or fight over them.",
    remediation: "Make sure another configuration imports them, or that they are meant to be abandoned.",
  },
  (cs) => {
    const s = planStats(cs);
    const n = s.forgets.length;
    if (n < T.forgetMin && !(n >= T.destroyOnlyMin && n / Math.max(1, s.existing) >= T.destroyedShare))
      return null;
    return {
      message: `${n} resources are removed from state without being destroyed, e.g. ${sample(s.forgets)}`,
    };
  },
);

function containerRule(
  meta: {
    id: string;
    title: string;
    provider: "aws" | "google" | "azure";
    rationale: string;
    remediation: string;
  },
  impacts: readonly DestroyImpact[],
  abandon?: (change: Change) => boolean,
): Rule {
  const byType = new Map(impacts.map((i) => [i.type, i]));
  return changeRule(
    { ...meta, category: CAT, severity: "critical", resourceTypes: [...byType.keys()] },
    (change) => {
      const imp = byType.get(change.type);
      if (!imp) return null;
      const m = matchImpact(change, imp);
      if (!m) return null;
      if (abandon?.(change))
        return {
          severity: "low",
          message: `${describeImpact(change, m)} — but Terraform only abandons it (deletion policy)`,
        };
      return { severity: m.severity, message: describeImpact(change, m) };
    },
  );
}

const AWS_ACCOUNT = containerRule(
  {
    id: "AL-TF-MASS-009",
    title: "AWS account, organizational unit or organization deleted",
    provider: "aws",
    rationale:
      "Destroying an aws_organizations_account closes the account (or removes it from the organization), taking " +
      "every resource in it along; deleting OUs or the organization removes the guardrails of every account in it.",
    remediation: "Close accounts through a deliberate offboarding process, never as a side effect of a plan.",
  },
  AWS_CONTAINERS,
  (c) => c.type === "aws_organizations_account" && asBool(getPath(c.before, ["close_on_deletion"])) === false,
);

const GOOGLE_PROJECT = containerRule(
  {
    id: "AL-TF-MASS-010",
    title: "Google Cloud project or folder deleted",
    provider: "google",
    rationale:
      "Destroying a google_project deletes the project and every resource in it (recoverable for 30 days only " +
      "by an organization admin); deleting a folder removes its policies.",
    remediation: 'Set deletion_policy = "PREVENT" on projects and retire them deliberately.',
  },
  GOOGLE_CONTAINERS,
  (c) =>
    c.type === "google_project" &&
    (getPath(c.before, ["deletion_policy"]) === "ABANDON" ||
      asBool(getPath(c.before, ["skip_delete"])) === true),
);

const AZURE_GROUP = containerRule(
  {
    id: "AL-TF-MASS-011",
    title: "Azure resource group, subscription or management group deleted",
    provider: "azure",
    rationale:
      "Deleting a resource group deletes every resource in it — including ones Terraform does not manage; " +
      "cancelling a subscription takes all of its resources.",
    remediation: "Lock production resource groups (CanNotDelete) and delete them only deliberately.",
  },
  AZURE_CONTAINERS,
);

const GRANTS_REMOVED = changeSetRule(
  {
    id: "AL-TF-MASS-012",
    title: "Many access grants removed at once",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Removing many IAM policies, attachments, bindings or role assignments in one plan can lock people and " +
      "services out — including the pipeline that would roll the change back.",
    remediation: "Remove access in small steps and keep a break-glass path.",
  },
  (cs) => {
    const removed: Change[] = [];
    for (const c of cs.changes)
      if (c.mode === "managed" && c.action === "delete" && IAM_GRANT_TYPES.test(c.type)) removed.push(c);
    if (removed.length < T.grantRemovalMin) return null;
    return {
      message: `${removed.length} access grants are removed, e.g. ${sample(removed)}`,
    };
  },
);

export const TERRAFORM_MASS_CHANGE_RULES: Rule[] = [
  MANY_DESTRUCTIVE,
  MOST_DESTROYED,
  RECREATION,
  STATEFUL_MAJORITY,
  MODULE_REMOVED,
  DESTROY_PLAN,
  SAME_CAUSE_REPLACE,
  MASS_FORGET,
  AWS_ACCOUNT,
  GOOGLE_PROJECT,
  AZURE_GROUP,
  GRANTS_REMOVED,
];
