// The CLI actions for `check`, `provenance` and `policy …` (registered in src/cli/commands/policy.ts).
// Text output quotes git authors, agent names, file names, addresses, policy paths and test-case names: every
// line is made printable when it is rendered (no colours here). JSON output keeps the exact values.
import { existsSync, writeFileSync } from "node:fs";
import { EXIT_OK, EXIT_POLICY, emit } from "../cli/run.js";
import { UsageError } from "../model/types.js";
import { colorsWanted } from "../report/colors.js";
import { printable } from "../report/printable.js";
import { checkChange, findPolicyFile } from "./check.js";
import { DEFAULT_POLICY_YAML } from "./default-policy.js";
import { BUILTIN, loadPolicy } from "./load.js";
import { type CheckFormat, renderDecision } from "./render.js";

interface CheckFlags {
  before?: string;
  after?: string;
  policy?: string;
  gitRange?: string;
  evidence?: string[];
  format: string;
  output?: string;
  terraformBin?: string;
  workspace?: string;
  stack?: string;
  kubeContext?: string;
}

function checkFormat(f: string): CheckFormat {
  if (f === "text" || f === "json" || f === "markdown") return f;
  throw new UsageError(`--format: unknown format "${f}" (text, json, markdown)`);
}

export async function checkCommand(plan: string | undefined, flags: CheckFlags): Promise<number> {
  const format = checkFormat(flags.format);
  const { analyzeInput } = await import("../assess/analyze.js");
  const assessment = await analyzeInput({
    plan,
    before: flags.before,
    after: flags.after,
    terraformBin: flags.terraformBin,
  });
  const decision = await checkChange({
    assessment,
    policyPath: flags.policy,
    gitRange: flags.gitRange,
    evidence: flags.evidence,
    workspace: flags.workspace,
    stack: flags.stack,
    kubeContext: flags.kubeContext,
  });
  emit(renderDecision(decision, format, colorsWanted(!!flags.output)), flags.output);
  return decision.decision === "allow" ? EXIT_OK : EXIT_POLICY;
}

export async function provenanceCommand(
  plan: string | undefined,
  flags: { gitRange?: string; format: string; terraformBin?: string },
): Promise<number> {
  if (flags.format !== "text" && flags.format !== "json")
    throw new UsageError(`--format: unknown format "${flags.format}" (text, json)`);
  let assessment: import("../model/assessment.js").Assessment | undefined;
  if (plan) {
    const { analyzeInput } = await import("../assess/analyze.js");
    assessment = await analyzeInput({ plan, terraformBin: flags.terraformBin });
  }
  const { readProvenance } = await import("../provenance/index.js");
  const p = await readProvenance({ gitRange: flags.gitRange, assessment });
  if (flags.format === "json") {
    emit(JSON.stringify({ schemaVersion: "1.0", ...p }, null, 2));
    return EXIT_OK;
  }
  const out: string[] = [];
  out.push(`Provenance: ${p.classification}${p.agents.length ? ` (agents: ${p.agents.join(", ")})` : ""}`);
  if (p.range) out.push(`Range:      ${p.range} (${p.commits.length} commit(s))`);
  if (p.commits.length) {
    out.push("", "Commits:");
    for (const c of p.commits) {
      out.push(`  ${c.commit.slice(0, 10)} ${c.classification.padEnd(11)} ${c.author}`);
      for (const e of c.evidence) out.push(`      ${e.signal}${e.agent ? ` (${e.agent})` : ""}: ${e.detail}`);
    }
  }
  if (p.files.length) {
    out.push("", "Files:");
    for (const f of p.files) {
      const lines = f.aiLines !== undefined ? ` (${f.aiLines}/${f.totalLines ?? "?"} AI lines)` : "";
      out.push(`  ${f.classification.padEnd(11)} ${f.file}${lines}`);
    }
  }
  const addr = Object.entries(p.addresses ?? {});
  if (addr.length) {
    out.push("", "Changed resources:");
    for (const [a, c] of addr) out.push(`  ${c.padEnd(11)} ${a}`);
  }
  if (p.notes.length) {
    out.push("", "Notes:");
    for (const n of p.notes) out.push(`  - ${n}`);
  }
  emit(out.map(printable).join("\n"));
  return EXIT_OK;
}

export async function policyInit(flags: { output: string; force?: boolean }): Promise<number> {
  if (existsSync(flags.output) && !flags.force) {
    throw new UsageError(`${flags.output} exists; use --force to overwrite`);
  }
  try {
    writeFileSync(flags.output, DEFAULT_POLICY_YAML);
  } catch (err) {
    throw new UsageError(`cannot write ${flags.output}: ${(err as Error).message}`);
  }
  process.stderr.write(`airlock: wrote the default policy to ${printable(flags.output)}\n`);
  return EXIT_OK;
}

export async function policyValidate(file: string): Promise<number> {
  const p = loadPolicy(file);
  emit(
    `${printable(file)}: valid (${p.rules.length} rule(s), ${p.policy.environments?.length ?? 0} environment(s), ${p.freezes.length} freeze window(s))`,
  );
  return EXIT_OK;
}

export async function policyShow(): Promise<number> {
  emit(DEFAULT_POLICY_YAML);
  return EXIT_OK;
}

export async function policyTest(
  dir: string,
  flags: { policy?: string; terraformBin?: string; format: string },
): Promise<number> {
  if (flags.format !== "text" && flags.format !== "json")
    throw new UsageError(`--format: unknown format "${flags.format}" (text, json)`);
  const { runPolicyTests } = await import("./policy-test.js");
  const path = flags.policy ?? findPolicyFile(process.cwd()) ?? BUILTIN;
  const policy = loadPolicy(path);
  const results = await runPolicyTests(dir, policy, { terraformBin: flags.terraformBin });
  const failed = results.filter((r) => !r.passed);
  if (flags.format === "json") {
    emit(
      JSON.stringify(
        {
          schemaVersion: "1.0",
          policy: policy.source,
          passed: results.length - failed.length,
          failed: failed.length,
          cases: results.map((r) => ({
            name: r.name,
            file: r.file,
            passed: r.passed,
            problems: r.problems,
            decision: r.decision?.decision,
            requirements: r.decision?.requirements.map((q) => ({ id: q.id, satisfied: q.satisfied })),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    const out: string[] = [`policy ${policy.source}`];
    for (const r of results) {
      out.push(`${r.passed ? "ok  " : "FAIL"} ${r.name}: ${r.decision?.decision}`);
      for (const p of r.problems) out.push(`       ${p}`);
    }
    out.push(`${results.length - failed.length} passed, ${failed.length} failed`);
    emit(out.map(printable).join("\n"));
  }
  return failed.length ? EXIT_POLICY : EXIT_OK;
}
