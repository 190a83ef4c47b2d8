// The variables rule conditions see (documented in docs/policy.md). Every field is always present (null
// when not applicable) so that `change.replaceOrder == "…"` never fails on a missing key.
import type { AssessedChange, Assessment, Finding } from "../model/assessment.js";
import type { Provenance, ProvenanceClass } from "../model/decision.js";
import { CATEGORIES, SEVERITIES } from "../model/types.js";
import { countsForClassification } from "../provenance/classify.js";
import { namespaceOf } from "./environments.js";
import type { EvidenceResult } from "./evidence.js";
import { CRITICALITIES, type ResolvedEnvironment } from "./types.js";

const PRECEDENCE: Record<ProvenanceClass, number> = {
  human: 0,
  unknown: 1,
  "ai-assisted": 2,
  "ai-authored": 3,
};

export function severityRank(s: string): number {
  return s === "none" ? -1 : SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
}

export function isAiClass(c: ProvenanceClass): boolean {
  return c === "ai-authored" || c === "ai-assisted";
}

/** Maps raw classes to what rules see, per `provenance.treatUnknownAs` (default ai-authored). */
export class ProvenanceView {
  constructor(
    readonly provenance: Provenance,
    readonly treatUnknownAs: ProvenanceClass = "ai-authored",
  ) {}

  effective(c: ProvenanceClass): ProvenanceClass {
    return c === "unknown" ? this.treatUnknownAs : c;
  }

  /** The whole change: the strongest of its parts, each mapped first (an unknown commit among ai-assisted ones counts). */
  overall(): ProvenanceClass {
    const p = this.provenance;
    const parts: ProvenanceClass[] = [
      p.classification,
      ...p.commits.filter(countsForClassification).map((c) => c.classification),
    ];
    for (const f of p.files)
      if (f.evidence.some((e) => e.signal === "uncommitted")) parts.push(f.classification);
    let best: ProvenanceClass | undefined;
    for (const part of parts.map((c) => this.effective(c))) {
      if (best === undefined || PRECEDENCE[part] > PRECEDENCE[best]) best = part;
    }
    return best ?? this.effective("unknown");
  }

  address(address: string): { raw: ProvenanceClass; effective: ProvenanceClass } {
    const raw = this.provenance.addresses?.[address] ?? this.provenance.classification;
    return { raw, effective: this.effective(raw) };
  }
}

export interface ContextInput {
  assessment: Assessment;
  provenance: ProvenanceView;
  environment: ResolvedEnvironment;
  evidence: EvidenceResult[];
  now: Date;
}

export interface PolicyContext {
  activation: Record<string, unknown>;
  changes: Record<string, unknown>[];
  findings: Record<string, unknown>[];
}

function changeCtx(c: AssessedChange, view: ProvenanceView, own: Finding[]): Record<string, unknown> {
  const prov = view.address(c.address);
  return {
    address: c.address,
    type: c.type,
    name: c.name,
    mode: c.mode,
    provider: c.provider,
    module: c.module,
    namespace: namespaceOf(c.address) ?? null,
    action: c.action,
    rawActions: c.rawActions,
    destructive: c.action === "delete" || c.action === "replace",
    replaceOrder: c.replaceOrder ?? null,
    actionReason: c.actionReason ?? null,
    importing: c.importing === true,
    deposed: c.deposed ?? null,
    risk: c.risk,
    riskRank: severityRank(c.risk),
    blastRadius: c.blastRadius,
    blastRadiusSize: c.blastRadius.length,
    sourceFiles: c.sourceFiles ?? [],
    attributes: c.attributes.map((a) => ({
      path: a.path,
      before: a.before ?? null,
      after: a.after ?? null,
      forcesReplacement: a.forcesReplacement === true,
    })),
    findings: own.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      rank: severityRank(f.severity),
    })),
    categories: [...new Set(own.map((f) => f.category))],
    provenance: prov.effective,
    provenanceRaw: prov.raw,
    ai: isAiClass(prov.effective),
  };
}

function findingCtx(
  f: Finding,
  byAddress: Map<string, AssessedChange>,
  view: ProvenanceView,
): Record<string, unknown> {
  const c = byAddress.get(f.address);
  const prov = view.address(f.address);
  return {
    ruleId: f.ruleId,
    title: f.title,
    category: f.category,
    severity: f.severity,
    rank: severityRank(f.severity),
    address: f.address,
    message: f.message,
    blastRadius: f.blastRadius,
    blastRadiusSize: f.blastRadius.length,
    type: c?.type ?? null,
    action: c?.action ?? null,
    destructive: c ? c.action === "delete" || c.action === "replace" : false,
    namespace: namespaceOf(f.address) ?? null,
    provenance: prov.effective,
    provenanceRaw: prov.raw,
    ai: isAiClass(prov.effective),
  };
}

export function buildContext(input: ContextInput): PolicyContext {
  const { assessment: a, provenance: view, environment, evidence, now } = input;
  const byAddress = new Map(a.changes.map((c) => [c.address, c]));
  const findingsByAddress = new Map<string, Finding[]>();
  for (const f of a.findings)
    findingsByAddress.set(f.address, [...(findingsByAddress.get(f.address) ?? []), f]);
  const changes = a.changes.map((c) => changeCtx(c, view, findingsByAddress.get(c.address) ?? []));
  const findings = a.findings.map((f) => findingCtx(f, byAddress, view));
  const byCategory: Record<string, number> = {};
  for (const cat of CATEGORIES) byCategory[cat] = a.risk.byCategory[cat] ?? 0;
  const effective = view.overall();
  const p = view.provenance;
  const addresses: Record<string, string> = {};
  for (const c of a.changes) addresses[c.address] = view.address(c.address).effective;
  const activation: Record<string, unknown> = {
    assessment: {
      schemaVersion: a.schemaVersion,
      framework: a.framework,
      digest: a.digest,
      source: {
        path: a.source.path,
        format: a.source.format,
        framework: a.source.framework,
        errored: a.source.errored === true,
        complete: a.source.complete ?? null,
        convertedFromBinary: a.source.convertedFromBinary === true,
      },
      notes: a.notes,
    },
    // `moved` is newer than some stored assessments: absent means none.
    summary: { ...a.summary, moved: a.summary.moved ?? 0 },
    risk: {
      level: a.risk.level,
      rank: severityRank(a.risk.level),
      findings: { ...a.risk.findings },
      byCategory,
    },
    changes,
    findings,
    provenance: {
      classification: p.classification,
      effective,
      ai: isAiClass(effective),
      human: effective === "human",
      unknown:
        p.classification === "unknown" ||
        p.commits.some((c) => countsForClassification(c) && c.classification === "unknown"),
      agents: p.agents,
      range: p.range ?? null,
      commits: p.commits.length,
      aiCommits: p.commits.filter((c) => isAiClass(c.classification)).length,
      files: p.files.map((f) => ({
        file: f.file,
        classification: f.classification,
        effective: view.effective(f.classification),
        ai: isAiClass(view.effective(f.classification)),
      })),
      addresses,
    },
    environment: {
      name: environment.name,
      criticality: environment.criticality,
      rank: CRITICALITIES.indexOf(environment.criticality),
      matchedBy: environment.matchedBy,
    },
    evidence: {
      kinds: [...new Set(evidence.filter((e) => e.passed).flatMap((e) => e.kinds))],
      passed: evidence.length > 0 && evidence.every((e) => e.passed),
      failed: evidence.some((e) => !e.passed),
      files: evidence.map((e) => ({
        file: e.file,
        kinds: e.kinds,
        tests: e.tests,
        failures: e.failures,
        errors: e.errors,
        passed: e.passed,
      })),
    },
    now,
  };
  return { activation, changes, findings };
}
