// `airlock policy test DIR`: runs a policy against fixture changes with expected decisions.
//
// Convention: every `NAME.expect.yaml` in DIR (recursively) is one case. Its input is `plan:` (a plan or
// change set), `before:`/`after:` or `assessment:` (JSON from `airlock analyze --format json`), relative to
// the expect file; with none of them, the one other file in the folder whose name starts with `NAME.`
// (read as an assessment when it ends in `.assessment.json`).
// Provenance is declared, not read from git, so cases are deterministic:
//
//   provenance: ai-authored                # every changed address
//   provenance: { default: human, addresses: { module.db.aws_db_instance.this: ai-authored }, agents: [claude-code] }
//   path: envs/prod/plan.json              # input path used for environment matching (default: the real one)
//   workspace: prod                        # also stack:, kubeContext:
//   evidence: [junit-pass.xml]             # relative to the expect file
//   overrides: [{ requirement: critical-data-loss, reason: restore tested, by: alice@example.com }]
//   now: 2026-03-02T10:00:00Z
//   expect:
//     decision: require-approval
//     requirements: [approval:prod-ai-destructive-approval, evidence:prod-ai-destructive-tests]  # optional, exact set of open ones
//     environment: production              # optional
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { Assessment } from "../model/assessment.js";
import type { PolicyDecision, Provenance, ProvenanceClass } from "../model/decision.js";
import { InputError } from "../model/types.js";
import { checkChange } from "./check.js";
import type { LoadedPolicy } from "./load.js";
import type { Override } from "./types.js";

const CLASSES: ProvenanceClass[] = ["human", "ai-assisted", "ai-authored", "unknown"];
const DECISIONS = ["allow", "require-approval", "block"];

interface ExpectFile {
  description?: string;
  plan?: string;
  before?: string;
  after?: string;
  assessment?: string;
  provenance?:
    | ProvenanceClass
    | { default?: ProvenanceClass; addresses?: Record<string, ProvenanceClass>; agents?: string[] };
  path?: string;
  workspace?: string;
  stack?: string;
  kubeContext?: string;
  evidence?: string[];
  overrides?: Override[];
  now?: string;
  expect: { decision: string; requirements?: string[]; environment?: string };
}

export interface PolicyTestResult {
  name: string;
  file: string;
  passed: boolean;
  problems: string[];
  decision?: PolicyDecision;
}

export function findExpectFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "node_modules" && !name.startsWith(".")) walk(p);
      } else if (name.endsWith(".expect.yaml") || name.endsWith(".expect.yml")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function readExpect(file: string): ExpectFile {
  const text = readFileSync(file, "utf8");
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    throw new InputError(`${file}:${pos.line}:${pos.col}: ${e.message.split("\n")[0]}`, file);
  }
  const at = (path: string[], msg: string): never => {
    const node = doc.getIn(path, true) as { range?: number[] } | undefined;
    const p = lc.linePos(node?.range?.[0] ?? 0);
    throw new InputError(`${file}:${p.line || 1}:${p.col || 1}: ${path.join(".") || "(top)"}: ${msg}`, file);
  };
  if (!isMap(doc.contents)) at([], "must be a mapping");
  const e = doc.toJS() as ExpectFile;
  const allowed = new Set([
    "description",
    "plan",
    "before",
    "after",
    "assessment",
    "provenance",
    "path",
    "workspace",
    "stack",
    "kubeContext",
    "evidence",
    "overrides",
    "now",
    "expect",
  ]);
  for (const k of Object.keys(e)) {
    if (allowed.has(k)) continue;
    const pair = isMap(doc.contents)
      ? doc.contents.items.find((it) => isScalar(it.key) && it.key.value === k)
      : undefined;
    const p = lc.linePos((pair?.key as { range?: number[] } | undefined)?.range?.[0] ?? 0);
    throw new InputError(
      `${file}:${p.line || 1}:${p.col || 1}: ${k}: unknown key (allowed: ${[...allowed].join(", ")})`,
      file,
    );
  }
  if (!e.expect || typeof e.expect !== "object") at(["expect"], "missing expect: { decision: … }");
  if (!DECISIONS.includes(e.expect.decision))
    at(["expect", "decision"], `must be one of ${DECISIONS.join(", ")}`);
  if (e.expect.requirements !== undefined && !Array.isArray(e.expect.requirements)) {
    at(["expect", "requirements"], "must be a list of requirement ids");
  }
  if (typeof e.provenance === "string" && !CLASSES.includes(e.provenance))
    at(["provenance"], `must be one of ${CLASSES.join(", ")}`);
  if (e.provenance && typeof e.provenance === "object") {
    for (const [a, c] of Object.entries(e.provenance.addresses ?? {})) {
      if (!CLASSES.includes(c)) at(["provenance", "addresses", a], `must be one of ${CLASSES.join(", ")}`);
    }
    if (e.provenance.default && !CLASSES.includes(e.provenance.default))
      at(["provenance", "default"], `must be one of ${CLASSES.join(", ")}`);
  }
  if (e.now !== undefined && Number.isNaN(Date.parse(String(e.now)))) at(["now"], "not a valid time");
  return e;
}

function fixtureProvenance(e: ExpectFile, a: Assessment): Provenance {
  const spec = typeof e.provenance === "string" ? { default: e.provenance } : (e.provenance ?? {});
  const def = spec.default ?? "unknown";
  const addresses: Record<string, ProvenanceClass> = {};
  for (const c of a.changes) addresses[c.address] = spec.addresses?.[c.address] ?? def;
  const classes = Object.values(addresses);
  const order: ProvenanceClass[] = ["ai-authored", "ai-assisted", "unknown", "human"];
  const classification = order.find((c) => classes.includes(c)) ?? def;
  return {
    classification,
    agents: spec.agents ?? [],
    commits: [],
    files: [],
    addresses,
    notes: ["declared by the policy test fixture"],
  };
}

function readAssessment(path: string, file: string): Assessment {
  let a: Assessment;
  try {
    a = JSON.parse(readFileSync(path, "utf8")) as Assessment;
  } catch (err) {
    throw new InputError(`${file}: assessment ${path}: ${(err as Error).message}`, file);
  }
  if (a?.tool?.name !== "airlock" || !Array.isArray(a.changes) || !a.digest) {
    throw new InputError(
      `${file}: ${path} is not an Airlock assessment (airlock analyze --format json)`,
      file,
    );
  }
  return a;
}

async function loadInput(e: ExpectFile, file: string, terraformBin?: string): Promise<Assessment> {
  const dir = dirname(file);
  const rel = (p: string) => resolve(dir, p);
  if (e.assessment) return readAssessment(rel(e.assessment), file);
  const { analyzeInput } = await import("../assess/analyze.js");
  if (e.before || e.after)
    return analyzeInput({ before: e.before && rel(e.before), after: e.after && rel(e.after), terraformBin });
  let plan = e.plan ? rel(e.plan) : undefined;
  if (!plan) {
    const stem = basename(file).replace(/\.expect\.ya?ml$/, "");
    const siblings = readdirSync(dir).filter(
      (n) => n.startsWith(`${stem}.`) && !/\.expect\.ya?ml$/.test(n) && statSync(join(dir, n)).isFile(),
    );
    if (siblings.length !== 1) {
      throw new InputError(
        `${file}: ${siblings.length ? `several inputs named ${stem}.* (${siblings.join(", ")})` : `no input ${stem}.*`}; name one with plan:, before:/after: or assessment:`,
        file,
      );
    }
    if (siblings[0].endsWith(".assessment.json")) return readAssessment(join(dir, siblings[0]), file);
    plan = join(dir, siblings[0]);
  }
  if (!existsSync(plan)) throw new InputError(`${file}: input ${plan} not found`, file);
  return analyzeInput({ plan, terraformBin });
}

export async function runPolicyTest(
  file: string,
  policy: LoadedPolicy,
  opts: { cwd?: string; terraformBin?: string } = {},
): Promise<PolicyTestResult> {
  const e = readExpect(file);
  const assessment = await loadInput(e, file, opts.terraformBin);
  if (e.path) assessment.source = { ...assessment.source, path: e.path };
  const decision = await checkChange({
    assessment,
    policy,
    provenance: fixtureProvenance(e, assessment),
    evidence: (e.evidence ?? []).map((p) => resolve(dirname(file), p)),
    overrides: e.overrides,
    workspace: e.workspace,
    stack: e.stack,
    kubeContext: e.kubeContext,
    now: e.now ? new Date(String(e.now)) : undefined,
    cwd: opts.cwd ?? process.cwd(),
    env: {},
  });
  const problems: string[] = [];
  if (decision.decision !== e.expect.decision)
    problems.push(`decision: expected ${e.expect.decision}, got ${decision.decision}`);
  if (e.expect.requirements) {
    const got = new Set(
      decision.requirements.filter((q) => !q.satisfied && q.enforcement !== "advisory").map((q) => q.id),
    );
    const want = new Set(e.expect.requirements);
    const missing = [...want].filter((x) => !got.has(x));
    const extra = [...got].filter((x) => !want.has(x));
    if (missing.length) problems.push(`missing open requirement(s): ${missing.join(", ")}`);
    if (extra.length) problems.push(`unexpected open requirement(s): ${extra.join(", ")}`);
  }
  if (e.expect.environment && decision.environment?.name !== e.expect.environment) {
    problems.push(`environment: expected ${e.expect.environment}, got ${decision.environment?.name}`);
  }
  const name = relative(opts.cwd ?? process.cwd(), file) || file;
  return {
    name: e.description ? `${name} — ${e.description}` : name,
    file,
    passed: problems.length === 0,
    problems,
    decision,
  };
}

export async function runPolicyTests(
  dir: string,
  policy: LoadedPolicy,
  opts: { cwd?: string; terraformBin?: string } = {},
): Promise<PolicyTestResult[]> {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such directory`, dir);
  const files = statSync(dir).isDirectory() ? findExpectFiles(dir) : [dir];
  if (!files.length) throw new InputError(`${dir}: no *.expect.yaml policy tests found`, dir);
  const results: PolicyTestResult[] = [];
  for (const f of files) results.push(await runPolicyTest(f, policy, opts));
  return results;
}
