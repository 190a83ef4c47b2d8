// The built-in policy, used when no --policy is given and no airlock.yaml exists. `airlock policy init`
// writes this exact text out for editing, so the file a team starts from is the policy they ran with.
export const DEFAULT_POLICY_YAML = `# Airlock policy — written by \`airlock policy init\` (the built-in default).
# Reference: docs/policy.md. Schema: schemas/policy.schema.json.
version: 1
description: Airlock built-in default policy

provenance:
  # Markers can be stripped, so a change with no provenance signal is treated like one an AI wrote.
  treatUnknownAs: ai-authored

# Approver groups (e-mail addresses, SSH principals or @org/team handles); rules refer to them by name.
groups: {}

# The first environment whose matchers match is used; no match → defaultEnvironment.
environments:
  - name: production
    criticality: critical
    match:
      paths: ["**/prod/**", "**/production/**", "**/prd/**", "**/live/**"]
      workspaces: ["prod", "prod-*", "*-prod", "production", "production-*", "*-production", "prd", "live"]
      stacks: ["prod", "prod-*", "*-prod", "*-prod-*", "production", "production-*", "*-production", "*-production-*"]
      kubeContexts: ["prod", "prod-*", "*-prod", "*-prod-*", "production", "production-*", "*-production", "*-production-*"]
      namespaces: ["prod", "prod-*", "*-prod", "production", "production-*", "*-production"]
  - name: staging
    criticality: medium
    match:
      paths: ["**/staging/**", "**/stage/**", "**/stg/**", "**/preprod/**"]
      workspaces: ["staging", "staging-*", "*-staging", "stage", "stg", "preprod"]
      stacks: ["staging", "staging-*", "*-staging", "*-staging-*", "stage-*", "*-stage", "*-stg"]
      kubeContexts: ["staging", "staging-*", "*-staging", "*-staging-*", "*-stage", "*-stg"]
      namespaces: ["staging", "staging-*", "*-staging", "stage", "stg"]
  - name: development
    criticality: low
    match:
      paths: ["**/dev/**", "**/development/**", "**/sandbox/**", "**/test/**", "**/examples/**"]
      workspaces: ["dev", "dev-*", "*-dev", "development", "sandbox", "test"]
      stacks: ["dev", "dev-*", "*-dev", "*-dev-*", "sandbox-*", "*-sandbox"]
      kubeContexts: ["dev", "dev-*", "*-dev", "*-dev-*", "kind-*", "minikube", "docker-desktop"]
      namespaces: ["dev", "dev-*", "*-dev", "sandbox"]

# A target that matches no environment is treated as important.
defaultEnvironment:
  name: unclassified
  criticality: high

# Change-freeze windows, for example:
# freezes:
#   - name: year-end
#     start: 2025-12-19T17:00:00Z
#     end: 2026-01-05T08:00:00Z
#     environments: [production]
#     enforcement: soft-mandatory
#   - name: weekend
#     weekly: { days: [fri, sat, sun, mon], from: "16:00", to: "08:00", timezone: Europe/Berlin }
#     environments: [production]
freezes: []

rules:
  # Critical data loss is blocked everywhere; a recorded break-glass override with a reason can pass it.
  - id: critical-data-loss
    description: Critical data loss is blocked unless a break-glass override is recorded
    forEach: finding
    when: finding.category == "data-loss" && finding.severity == "critical"
    effect: block
    enforcement: soft-mandatory

  # In production (and unclassified targets), AI-written changes with destructive findings need two
  # human approvals and passing tests. "AI-written" is ai-authored or ai-assisted (and unknown, above).
  - id: prod-ai-destructive-approval
    description: AI-written destructive change in a critical environment needs two human approvals
    forEach: finding
    when: >-
      environment.rank >= criticalityRank("high") && finding.ai &&
      finding.category in ["data-loss", "availability"] && severityAtLeast(finding.severity, "medium")
    effect: require-approval
    approval:
      count: 2
    enforcement: hard-mandatory

  - id: prod-ai-destructive-tests
    description: AI-written destructive change in a critical environment needs passing test evidence
    forEach: finding
    when: >-
      environment.rank >= criticalityRank("high") && finding.ai &&
      finding.category in ["data-loss", "availability"] && severityAtLeast(finding.severity, "medium")
    effect: require-evidence
    evidence: [tests]
    enforcement: hard-mandatory

  # IAM / RBAC broadening written by AI needs approval from an owner (CODEOWNERS) of the files that
  # define it, in every environment.
  - id: ai-privilege-broadening
    description: AI-written IAM/RBAC broadening needs an owner's approval
    forEach: finding
    when: finding.category == "privilege" && finding.ai && severityAtLeast(finding.severity, "medium")
    effect: require-approval
    approval:
      count: 1
      owners: true
    enforcement: hard-mandatory

  # High-risk changes to production need a human look whoever wrote them.
  - id: prod-high-risk
    description: High or critical risk in a critical environment needs one human approval
    when: environment.rank >= criticalityRank("high") && risk.rank >= severityRank("high")
    effect: require-approval
    approval:
      count: 1
    enforcement: hard-mandatory

  # Everything low-risk is allowed (documentation: allow adds no requirement).
  - id: low-risk
    description: Low-risk change
    when: risk.rank <= severityRank("low")
    effect: allow
`;
