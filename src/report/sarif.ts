// SARIF 2.1.0 for GitHub code scanning: one rule per catalog entry that fired, one result per finding.
import { createHash } from "node:crypto";
import { relative } from "node:path";
import type { Assessment } from "../model/assessment.js";
import type { Severity } from "../model/types.js";
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

function artifactUri(path: string): string {
  const rel = relative(process.cwd(), path) || path;
  return rel
    .split("\\")
    .join("/")
    .replace(/^(\.\.\/)+/, "");
}

export function renderSarif(a: Assessment, catalog: readonly Rule[]): string {
  const byId = new Map(catalog.map((r) => [r.id, r]));
  const usedIds = [...new Set(a.findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(usedIds.map((id, i) => [id, i]));
  const changeFiles = new Map(a.changes.map((c) => [c.address, c.sourceFiles?.[0]]));
  const rules = usedIds.map((id) => {
    const r = byId.get(id);
    const sev: Severity = r?.severity ?? a.findings.find((f) => f.ruleId === id)!.severity;
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: r?.title ?? id },
      fullDescription: { text: r?.rationale ?? r?.title ?? id },
      help: {
        text: r?.remediation ?? "",
        markdown: r ? `**${r.title}**\n\n${r.rationale}\n\n**Remediation:** ${r.remediation}` : "",
      },
      defaultConfiguration: { level: LEVEL[sev] },
      properties: {
        tags: ["security", "iac", r?.category ?? "risk"],
        "security-severity": SECURITY_SEVERITY[sev],
        precision: "high",
      },
    };
  });
  const results = a.findings.map((f) => {
    const file = changeFiles.get(f.address) ?? a.source.path;
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: `${f.address}: ${f.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(file) }, region: { startLine: 1 } },
          logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
        },
      ],
      partialFingerprints: {
        "airlockFinding/v1": createHash("sha256").update(`${f.ruleId}\u0000${f.address}`).digest("hex"),
      },
      properties: { severity: f.severity, category: f.category, blastRadius: f.blastRadius.length },
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
