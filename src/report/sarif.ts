// SARIF 2.1.0 for GitHub code scanning: one rule descriptor per (catalog rule, severity used), one result per
// finding.
//
// What GitHub reads, and the choices made for it:
// * Alert severity comes from `properties["security-severity"]` of the rule descriptor only; a result cannot
//   override it (result `properties` are not read for it). A finding may raise or lower its rule's default
//   severity, so each severity a rule actually uses gets its own descriptor: the catalog severity keeps the
//   plain id (`AL-TF-MASS-001`), any other is `AL-TF-MASS-001/critical`. `result.ruleId`/`ruleIndex` point at
//   it, and `result.level` and the descriptor's `defaultConfiguration.level` come from the same severity.
//   `result.properties.rule` keeps the catalog id for scripts that group by rule.
// * Alerts are matched across runs by (ruleId, partialFingerprints), so each finding needs its own stable
//   fingerprint: see `fingerprints` below.
// * `artifactLocation.uri` must be relative to the repository root to be annotated: the path is made relative
//   to the git work tree that holds the file (with `uriBaseId: "%SRCROOT%"`, as CodeQL writes it); a file in
//   no work tree gets an absolute `file://` URI. Either way it is a percent-encoded URI reference.
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Assessment, Finding } from "../model/assessment.js";
import { type Severity, severityRank } from "../model/types.js";
import type { Rule } from "../rules/types.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub maps security-severity to critical (≥9), high (≥7), medium (≥4), low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

/** The key under `partialFingerprints`; v2 since fingerprints became per finding (v1 was per rule and address). */
export const FINGERPRINT_KEY = "airlockFinding/v2";

export interface SarifOptions {
  /** Directory relative input paths were given from (default: the current directory). */
  cwd?: string;
  /**
   * Address → the file and line of the block that defines it (Terraform's `resource "T" "N" {`): its
   * results point there instead of at the plan.
   */
  blocks?: ReadonlyMap<string, { file: string; line: number }>;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * The git work tree holding `dir`: the nearest ancestor (or `dir` itself) with a `.git` folder (a clone) or
 * `.git` file (a linked worktree or a submodule). Results are cached per directory for one report.
 */
function workTreeOf(dir: string, cache: Map<string, string | null>): string | undefined {
  const seen: string[] = [];
  let d = dir;
  let found: string | null = null;
  for (;;) {
    const hit = cache.get(d);
    if (hit !== undefined) {
      found = hit;
      break;
    }
    seen.push(d);
    if (existsSync(join(d, ".git"))) {
      found = d;
      break;
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const s of seen) cache.set(s, found);
  return found ?? undefined;
}

/**
 * Where `file` is, for SARIF: relative to its git work tree's root (each segment percent-encoded, so spaces,
 * `#`, `%` or `:` keep it a valid URI reference), else an absolute `file://` URI. Never a `../` path and never
 * a path relative to wherever the command happened to run.
 */
export function sarifArtifactLocation(
  file: string,
  cwd: string = process.cwd(),
  cache: Map<string, string | null> = new Map(),
): SarifArtifactLocation {
  const abs = resolve(cwd, file);
  const root = workTreeOf(dirname(abs), cache);
  if (root !== undefined) {
    const rel = relative(root, abs);
    if (rel && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
      return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  }
  return { uri: pathToFileURL(abs).href };
}

function isFile(path: string, cwd: string): boolean {
  try {
    return statSync(resolve(cwd, path)).isFile();
  } catch {
    return false;
  }
}

/** Ingest messages often start with the address already (Kubernetes, CloudFormation); don't say it twice. */
function messageText(f: Finding): string {
  const m = f.message;
  if (m.startsWith(f.address)) {
    const next = m.charAt(f.address.length);
    if (next === "" || /[\s:,;.]/.test(next)) return m;
  }
  return `${f.address}: ${m}`;
}

/**
 * One fingerprint per finding, distinct within the run and the same on every run of the same change.
 *
 * Identity = catalog rule id + address + message with digit runs masked: one rule often fires several times on
 * one address (8× AL-TF-MASS-007 on "(change set)", 4× AL-K8S-PRIV-003 on one DaemonSet), and the message is
 * what tells those apart; masking digits keeps an alert when only a count or an index in it moves ("8
 * resources" → "9 resources") as the change grows. Findings that still share an identity get an ordinal in
 * the order of their full message (then severity, then position, which the engine makes deterministic), so
 * no two results ever share a fingerprint and GitHub never merges them. Severity is not part of it: the
 * severity already selects the rule descriptor, which is part of GitHub's alert identity.
 */
function fingerprints(findings: readonly Finding[]): string[] {
  const groups = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const key = `${f.ruleId}\u0000${f.address}\u0000${f.message.replace(/\d+/g, "0")}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const out: string[] = new Array(findings.length);
  for (const [key, idx] of groups) {
    idx.sort((x, y) => {
      const a = findings[x]!;
      const b = findings[y]!;
      if (a.message !== b.message) return a.message < b.message ? -1 : 1;
      return severityRank(b.severity) - severityRank(a.severity) || x - y;
    });
    idx.forEach((i, ordinal) => {
      out[i] = createHash("sha256").update(`${key}\u0000${ordinal}`).digest("hex");
    });
  }
  return out;
}

export function renderSarif(a: Assessment, catalog: readonly Rule[], opts: SarifOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const byId = new Map(catalog.map((r) => [r.id, r]));

  // The severity that keeps the plain rule id: the catalog's; for a rule not in the catalog, its highest used.
  const defaultSeverity = new Map<string, Severity>();
  for (const f of a.findings) {
    const r = byId.get(f.ruleId);
    const prev = defaultSeverity.get(f.ruleId);
    if (r) defaultSeverity.set(f.ruleId, r.severity);
    else if (!prev || severityRank(f.severity) > severityRank(prev))
      defaultSeverity.set(f.ruleId, f.severity);
  }
  const descriptorId = (f: Finding): string =>
    f.severity === defaultSeverity.get(f.ruleId) ? f.ruleId : `${f.ruleId}/${f.severity}`;

  const used = new Map<string, { ruleId: string; severity: Severity }>();
  for (const f of a.findings) used.set(descriptorId(f), { ruleId: f.ruleId, severity: f.severity });
  const descriptorIds = [...used.keys()].sort();
  const ruleIndex = new Map(descriptorIds.map((id, i) => [id, i]));
  const rules = descriptorIds.map((id) => {
    const { ruleId, severity: sev } = used.get(id)!;
    const r = byId.get(ruleId);
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: r?.title ?? ruleId },
      fullDescription: { text: r?.rationale ?? r?.title ?? ruleId },
      help: {
        text: r?.remediation ?? "",
        markdown: r ? `**${r.title}**\n\n${r.rationale}\n\n**Remediation:** ${r.remediation}` : "",
      },
      defaultConfiguration: { level: LEVEL[sev] },
      properties: {
        tags: ["security", "iac", r?.category ?? "risk"],
        "security-severity": SECURITY_SEVERITY[sev],
        severity: sev,
        precision: "high",
      },
    };
  });

  // The file each result points at: the one defining the resource, else the input when it is a file (a pair of
  // templates or manifests has "before → after" as its source path), else the first file any change names.
  const changeFiles = new Map(a.changes.map((c) => [c.address, c.sourceFiles?.[0]]));
  const fallbackFile = isFile(a.source.path, cwd)
    ? a.source.path
    : (a.changes.find((c) => c.sourceFiles?.length)?.sourceFiles?.[0] ?? a.source.path);
  const roots = new Map<string, string | null>();
  const locations = new Map<string, SarifArtifactLocation>();
  const locationOf = (file: string): SarifArtifactLocation => {
    let l = locations.get(file);
    if (!l) {
      l = sarifArtifactLocation(file, cwd, roots);
      locations.set(file, l);
    }
    return l;
  };

  const prints = fingerprints(a.findings);
  const results = a.findings.map((f, i) => {
    const id = descriptorId(f);
    const block = opts.blocks?.get(f.address);
    return {
      ruleId: id,
      ruleIndex: ruleIndex.get(id)!,
      level: LEVEL[f.severity],
      message: { text: messageText(f) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: locationOf(block?.file ?? changeFiles.get(f.address) ?? fallbackFile),
            region: { startLine: block?.line ?? 1 },
          },
          logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
      properties: {
        rule: f.ruleId,
        severity: f.severity,
        category: f.category,
        blastRadius: f.blastRadius.length,
      },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Airlock",
            version: a.tool.version,
            informationUri: "https://github.com/airlock-dev/airlock",
            rules,
          },
        },
        automationDetails: { id: `airlock/${a.framework}/` },
        results,
        properties: { digest: a.digest, risk: a.risk.level },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
