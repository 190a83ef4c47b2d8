// Evaluating a loaded policy against one assessment: which rules and freezes apply, the requirements they
// create, and the decision.
//
// - Every rule whose `when` holds (and whose `unless` does not) applies; the most restrictive outcome wins.
// - A condition that cannot be evaluated (a CEL runtime error, a non-bool result) counts as HOLDING, with
//   the error in the reasons; an `unless` that cannot be evaluated counts as NOT holding. An error can
//   therefore only add requirements, never remove one: CEL errors never turn into allow.
// - Built in: a change that modifies the policy file or CODEOWNERS needs one human approval;
//   an errored plan is blocked; a partial input (complete: false, deferred changes) needs one
//   human approval whatever the policy says.
// - decision: `block` when an unsatisfied block or freeze requirement is not advisory; otherwise
//   `require-approval` when an approval or evidence requirement is open; otherwise `allow`.
//   Advisory requirements are reported and never change the decision.
// - A soft-mandatory requirement is satisfied by a recorded break-glass override with a reason;
//   hard-mandatory ones cannot be overridden.
import type { Assessment } from "../model/assessment.js";
import type { Decision, Enforcement, PolicyDecision, Provenance, Requirement } from "../model/decision.js";
import { evaluateCel } from "./cel.js";
import { buildContext, ProvenanceView } from "./context.js";
import { type EvidenceResult, evidenceSatisfies } from "./evidence.js";
import { freezeActive } from "./freeze.js";
import { matchAny } from "./glob.js";
import type { CompiledRule, LoadedPolicy } from "./load.js";
import type { Override, ResolvedEnvironment } from "./types.js";

export interface EvaluationInput {
  policy: LoadedPolicy;
  assessment: Assessment;
  provenance: Provenance;
  environment: ResolvedEnvironment;
  evidence: EvidenceResult[];
  now: Date;
  /** CODEOWNERS owners of the files that define the given addresses (undefined: no CODEOWNERS file). */
  ownersFor?: (addresses: string[]) => { owners: string[]; unowned: string[] } | undefined;
  overrides?: Override[];
  /** Gate files (the policy file, CODEOWNERS) that the change's own commits or work tree modify. */
  gateFilesChanged?: string[];
}

const DEFAULT_ENFORCEMENT: Enforcement = "hard-mandatory";
const LIST_LIMIT = 5;

function list(items: string[]): string {
  const shown = items.slice(0, LIST_LIMIT).join(", ");
  return items.length > LIST_LIMIT ? `${shown} and ${items.length - LIST_LIMIT} more` : shown;
}

function ttlSeconds(ttl: string | undefined): number | undefined {
  if (!ttl) return undefined;
  const m = /^(\d+)([smhd])$/.exec(ttl);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
}

interface RuleMatch {
  applies: boolean;
  errors: string[];
  /** Addresses of the matched changes/findings (per-item rules). */
  addresses: string[];
}

function matchRule(
  rule: CompiledRule,
  activation: Record<string, unknown>,
  items: Record<string, unknown>[] | undefined,
): RuleMatch {
  const errors: string[] = [];
  const test = (act: Record<string, unknown>): boolean => {
    const w = evaluateCel(rule.when, act);
    let holds: boolean;
    if (!w.ok) {
      errors.push(`when: ${w.error}`);
      holds = true;
    } else holds = w.value;
    if (!holds || !rule.unless) return holds;
    const u = evaluateCel(rule.unless, act);
    if (!u.ok) {
      errors.push(`unless: ${u.error}`);
      return true;
    }
    return !u.value;
  };
  if (!items) return { applies: test(activation), errors, addresses: [] };
  const key = rule.def.forEach as string;
  const addresses: string[] = [];
  for (const item of items) {
    if (test({ ...activation, [key]: item })) addresses.push(String(item.address));
  }
  return { applies: addresses.length > 0, errors: [...new Set(errors)], addresses: [...new Set(addresses)] };
}

export function evaluatePolicy(input: EvaluationInput): PolicyDecision {
  const { policy, assessment, environment, evidence, now } = input;
  const view = new ProvenanceView(
    input.provenance,
    policy.policy.provenance?.treatUnknownAs ?? "ai-authored",
  );
  const ctx = buildContext({ assessment, provenance: view, environment, evidence, now });
  const requirements: Requirement[] = [];
  const reasons: string[] = [];

  // Built in, not configurable: a plan Terraform reports as errored is incomplete; never decide on it.
  if (assessment.source.errored) {
    requirements.push({
      id: "block:errored-input",
      kind: "block",
      rule: "airlock:errored-input",
      description: `${assessment.source.path}: the plan is errored or not applyable; nothing can be decided on a partial plan`,
      enforcement: "hard-mandatory",
      satisfied: false,
    });
  }

  // Built in, not configurable: a partial input (a plan with deferred changes, a change set whose nested
  // changes are missing) does not show everything that will happen; "no finding" on it proves nothing, so
  // it is never allowed without one human approval.
  if (assessment.source.complete === false || (assessment.summary.deferred ?? 0) > 0) {
    requirements.push({
      id: "approval:partial-input",
      kind: "approval",
      rule: "airlock:partial-input",
      description: `${assessment.source.path}: the input is partial (deferred or missing changes); 1 human approval needed for what it does not show`,
      enforcement: "hard-mandatory",
      approval: { count: 1 },
      satisfied: false,
    });
  }

  // Built in: a change that edits its own gate (the policy deciding it, the CODEOWNERS naming its owners) is
  // decided by the edited gate, so it never passes without one human approval.
  if (input.gateFilesChanged?.length) {
    requirements.push({
      id: "approval:gate-files-changed",
      kind: "approval",
      rule: "airlock:gate-files-changed",
      description: `this change modifies ${list(input.gateFilesChanged)}, which decide(s) it; 1 human approval needed`,
      enforcement: "hard-mandatory",
      approval: { count: 1 },
      satisfied: false,
    });
  }

  for (const rule of policy.rules) {
    const r = rule.def;
    const items = r.forEach === "change" ? ctx.changes : r.forEach === "finding" ? ctx.findings : undefined;
    const m = matchRule(rule, ctx.activation, items);
    for (const e of m.errors)
      reasons.push(`${r.id}: condition could not be evaluated (${e}); treated as matching`);
    if (!m.applies) continue;
    const enforcement = r.enforcement ?? DEFAULT_ENFORCEMENT;
    const what = r.message ?? r.description ?? r.effect;
    const where = m.addresses.length ? ` [${list(m.addresses)}]` : "";
    const req = (
      id: string,
      kind: Requirement["kind"],
      description: string,
      extra: Partial<Requirement> = {},
    ): Requirement => ({
      id,
      kind,
      rule: r.id,
      description,
      enforcement,
      ...extra,
      satisfied: extra.satisfied ?? false,
    });
    switch (r.effect) {
      case "allow":
        reasons.push(`${r.id}: allows — ${what}${where}`);
        break;
      case "block":
        requirements.push(req(`block:${r.id}`, "block", `${what}${where}`));
        reasons.push(`${r.id}: blocks — ${what}${where}`);
        break;
      case "require-evidence": {
        const wanted = r.evidence ?? ["tests"];
        const s = evidenceSatisfies(evidence, wanted);
        requirements.push(
          req(`evidence:${r.id}`, "evidence", `${what}${where} — ${s.detail}`, {
            evidence: wanted,
            satisfied: s.satisfied,
          }),
        );
        reasons.push(
          `${r.id}: requires ${wanted.join(" or ")} evidence — ${s.satisfied ? "satisfied" : "missing"}: ${s.detail}`,
        );
        break;
      }
      case "require-approval": {
        const a = r.approval ?? {};
        const count = a.count ?? 1;
        let owners: string[] | undefined;
        let ownerNote = "";
        if (a.owners) {
          const scope = m.addresses.length
            ? m.addresses
            : assessment.changes
                .filter((c) => c.action !== "no-op" && c.action !== "read")
                .map((c) => c.address);
          const res = input.ownersFor?.(scope);
          owners = res?.owners ?? [];
          if (!res) ownerNote = " (no CODEOWNERS file: any human approver)";
          else if (res.unowned.length) ownerNote = ` (no CODEOWNERS owner for ${list(res.unowned)})`;
        }
        const who = [
          a.groups?.length ? `from ${a.groups.join(" or ")}` : "",
          owners?.length ? `from owners ${owners.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join(", ");
        requirements.push(
          req(
            `approval:${r.id}`,
            "approval",
            `${count} human approval(s)${who ? ` ${who}` : ""}: ${what}${where}${ownerNote}`,
            {
              approval: {
                count,
                ...(a.groups?.length ? { groups: a.groups } : {}),
                ...(owners ? { owners } : {}),
                ...(a.ttl ? { ttlSeconds: ttlSeconds(a.ttl) } : {}),
              },
            },
          ),
        );
        reasons.push(`${r.id}: requires ${count} human approval(s)${who ? ` ${who}` : ""} — ${what}${where}`);
        break;
      }
    }
  }

  for (const f of policy.freezes) {
    const d = f.def;
    if (d.environments?.length && !matchAny(environment.name, d.environments)) continue;
    if (!freezeActive(f, now)) continue;
    if (f.unless) {
      const u = evaluateCel(f.unless, ctx.activation);
      if (!u.ok)
        reasons.push(`freeze ${d.name}: unless could not be evaluated (${u.error}); the freeze applies`);
      else if (u.value) {
        reasons.push(`freeze ${d.name}: active, but its exception holds`);
        continue;
      }
    }
    requirements.push({
      id: `freeze:${d.name}`,
      kind: "freeze",
      rule: `freeze:${d.name}`,
      description: `change freeze '${d.name}' is in effect${d.reason ? `: ${d.reason}` : ""}`,
      enforcement: d.enforcement ?? DEFAULT_ENFORCEMENT,
      satisfied: false,
    });
    reasons.push(`freeze ${d.name}: in effect for environment ${environment.name}`);
  }

  applyOverrides(requirements, input.overrides ?? [], reasons);

  const open = requirements.filter((q) => !q.satisfied && q.enforcement !== "advisory");
  let decision: Decision = "allow";
  if (open.some((q) => q.kind === "block" || q.kind === "freeze")) decision = "block";
  else if (open.length) decision = "require-approval";
  for (const q of requirements)
    if (q.enforcement === "advisory" && !q.satisfied)
      reasons.push(`${q.rule}: advisory only — ${q.description}`);
  if (!requirements.length && !reasons.length) reasons.push("no rule applies");

  return {
    decision,
    digest: assessment.digest,
    requirements,
    reasons,
    environment: { name: environment.name, criticality: environment.criticality },
    provenance: input.provenance,
    policy: policy.source,
  };
}

function applyOverrides(requirements: Requirement[], overrides: Override[], reasons: string[]): void {
  for (const o of overrides) {
    const targets = requirements.filter((q) => q.id === o.requirement || q.rule === o.requirement);
    if (!targets.length) {
      reasons.push(`override for ${o.requirement} by ${o.by} matches no requirement`);
      continue;
    }
    for (const q of targets) {
      if (q.satisfied) continue;
      if (!o.reason?.trim()) {
        reasons.push(`override for ${q.id} by ${o.by} ignored: a break-glass override needs a reason`);
      } else if (q.enforcement === "hard-mandatory") {
        reasons.push(`override for ${q.id} by ${o.by} ignored: the requirement is hard-mandatory`);
      } else {
        q.satisfied = true;
        reasons.push(`${q.id}: overridden (break-glass) by ${o.by}: ${o.reason.trim()}`);
      }
    }
  }
}
