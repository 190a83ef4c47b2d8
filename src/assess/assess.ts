// ChangeSet + rules → Assessment: per-change attribute diffs (redacted), blast radius, findings and risk.
import { VERSION } from "../cli/version.js";
import { DependencyGraph } from "../graph/dependency-graph.js";
import type { AssessedChange, Assessment, Finding, RiskSummary, Summary } from "../model/assessment.js";
import { SCHEMA_VERSION } from "../model/assessment.js";
import { attributeDiff } from "../model/attribute-diff.js";
import { computeDigest } from "../model/digest.js";
import { secretScrubberOf } from "../model/secrets.js";
import type { Change, ChangeSet, Severity } from "../model/types.js";
import { SEVERITIES, severityRank } from "../model/types.js";
import { runRules } from "../rules/engine.js";
import type { Rule, RuleContext } from "../rules/types.js";

/** Actions whose dependents are affected, so they get a blast radius. */
const REACHING = new Set(["update", "replace", "delete"]);

export function summarize(cs: ChangeSet): Summary {
  const s: Summary = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    read: 0,
    noop: 0,
    forget: 0,
    import: 0,
    moved: 0,
    drift: cs.drift.length,
    deferred: cs.deferred.length,
    total: 0,
  };
  for (const c of cs.changes) {
    if (c.action === "no-op") s.noop++;
    else s[c.action]++;
    if (c.importing && c.action !== "import") s.import++;
    if (c.previousAddress !== undefined) s.moved++;
  }
  s.total = cs.changes.length - s.noop;
  return s;
}

function compareFindings(a: Finding, b: Finding): number {
  const d = severityRank(b.severity) - severityRank(a.severity);
  if (d) return d;
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

export function riskOf(findings: readonly Finding[]): RiskSummary {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCategory: RiskSummary["byCategory"] = {};
  let level: Severity | "none" = "none";
  for (const f of findings) {
    counts[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    if (level === "none" || severityRank(f.severity) > severityRank(level)) level = f.severity;
  }
  return { level, findings: counts, byCategory };
}

export interface AssessOptions {
  /** Include attribute diffs (default true). */
  attributes?: boolean;
}

export function assessChangeSet(cs: ChangeSet, rules: readonly Rule[], opts: AssessOptions = {}): Assessment {
  const graph = DependencyGraph.fromChangeSet(cs);
  const byAddress = new Map<string, Change>();
  for (const c of cs.changes) if (!byAddress.has(c.address)) byAddress.set(c.address, c);
  const radius = new Map<string, string[]>();
  const blastRadius = (address: string): string[] => {
    const cached = radius.get(address);
    if (cached) return cached;
    const c = byAddress.get(address);
    const r = c && REACHING.has(c.action) ? graph.blastRadius(c.configAddress, c.address) : [];
    radius.set(address, r);
    return r;
  };
  const ctx: RuleContext = { changeSet: cs, blastRadius };
  const findings = runRules(cs, rules, ctx).sort(compareFindings);
  // Messages are free text and are scrubbed; an address is an identity (risk, policy, SARIF and approvals
  // look changes up by it) and is never rewritten: a secret that happens to equal a resource's name
  // (`aws_db_instance.postgres`, password "postgres") must not detach the findings from their change.
  if (findings.length) {
    const scrubber = secretScrubberOf(cs);
    // The address inside a message is kept as the address field shows it.
    for (const f of findings)
      f.message = f.message
        .split(f.address)
        .map((part) => scrubber.scrub(part))
        .join(f.address);
  }

  const riskByAddress = new Map<string, Severity>();
  for (const f of findings) {
    const prev = riskByAddress.get(f.address);
    if (!prev || severityRank(f.severity) > severityRank(prev)) riskByAddress.set(f.address, f.severity);
  }
  const withAttributes = opts.attributes !== false;
  const diffScrubber = withAttributes ? secretScrubberOf(cs) : undefined;
  const changes: AssessedChange[] = cs.changes.map((c) => {
    const ac: AssessedChange = {
      address: c.address,
      type: c.type,
      name: c.name,
      mode: c.mode,
      provider: c.provider,
      module: c.module,
      action: c.action,
      rawActions: c.rawActions,
      attributes: withAttributes && c.action !== "no-op" ? attributeDiff(c, undefined, diffScrubber) : [],
      blastRadius: REACHING.has(c.action) ? blastRadius(c.address) : [],
      risk: riskByAddress.get(c.address) ?? "none",
    };
    if (c.replaceOrder) ac.replaceOrder = c.replaceOrder;
    if (c.actionReason) ac.actionReason = c.actionReason;
    if (c.importing) ac.importing = true;
    if (c.deposed) ac.deposed = c.deposed;
    if (c.previousAddress) ac.previousAddress = c.previousAddress;
    if (c.sourceFiles?.length) ac.sourceFiles = c.sourceFiles;
    return ac;
  });

  const notes: string[] = [];
  if (cs.source.convertedFromBinary) notes.push("binary plan file read through `terraform show -json`");
  if (cs.source.complete === false || cs.deferred.length)
    notes.push(
      cs.source.framework === "terraform"
        ? "the plan is partial: some changes are deferred to a later plan/apply round"
        : "the analysis is partial: some nested changes are not in the input (listed as deferred)",
    );

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "airlock", version: VERSION },
    source: cs.source,
    framework: cs.source.framework,
    digest: cs.digest ?? computeDigest(cs.digestMaterial),
    summary: summarize(cs),
    risk: riskOf(findings),
    changes,
    findings,
    drift: cs.drift.map((d) => ({ address: d.address, type: d.type, action: d.action })),
    deferred: cs.deferred.map((d) => ({
      address: d.address,
      type: d.type,
      reason: d.reason,
      action: d.action,
    })),
    outputs: cs.outputs.map((o) => ({ name: o.name, action: o.action, sensitive: o.sensitive })),
    notes,
  };
}
