import type { Command } from "commander";
import { tuneForOneShot } from "../jit.js";
import { action, EXIT_OK, EXIT_POLICY, emit, emitChunks } from "../run.js";

interface AnalyzeFlags {
  before?: string;
  after?: string;
  format: string;
  output?: string;
  failOn?: string;
  terraformBin?: string;
  terraformDir?: string;
}

/** Registers `analyze` and `rules`. */
export function registerAnalyzeCommands(program: Command): void {
  program
    .command("analyze")
    .description(
      "analyze a change: Terraform plan (JSON or binary), CloudFormation change set, or --before/--after pairs",
    )
    .argument("[plan]", "plan JSON, binary plan file, or change set JSON (- reads standard input)")
    .option("--before <path>", "before side: CloudFormation template or Kubernetes manifest file/folder")
    .option("--after <path>", "after side: CloudFormation template or Kubernetes manifest file/folder")
    .option("-f, --format <format>", "text | json | sarif | markdown", "text")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option(
      "--fail-on <severity>",
      "exit 1 when a finding is at or above: info | low | medium | high | critical",
    )
    .option("--terraform-bin <path>", "terraform or tofu binary used to read binary plan files", undefined)
    .option(
      "--terraform-dir <dir>",
      "Terraform root module directory, where SARIF results find each resource's block (default: the plan's directory, else the current one)",
    )
    .action(
      action(async (plan: string | undefined, flags: AnalyzeFlags) => {
        const { parseFormat } = await import("../../report/formats.js");
        const { isSeverity, severityRank, UsageError } = await import("../../model/types.js");
        const format = parseFormat(flags.format);
        if (flags.failOn !== undefined && !isSeverity(flags.failOn))
          throw new UsageError(
            `--fail-on: unknown severity "${flags.failOn}" (info, low, medium, high, critical)`,
          );
        const { analyzeWithChangeSet } = await import("../../assess/analyze.js");
        await tuneForOneShot();
        // Only the JSON report shows attribute diffs; it writes them straight from the change set.
        const { assessment, changeSet } = await analyzeWithChangeSet(
          { plan, before: flags.before, after: flags.after, terraformBin: flags.terraformBin },
          { attributes: false },
        );
        if (format === "json") {
          const { writeJsonReport } = await import("../../report/json-stream.js");
          emitChunks(
            (write, consumes) => writeJsonReport(assessment, changeSet, write, consumes),
            flags.output,
          );
        } else {
          const { render } = await import("../../report/index.js");
          const { colorsWanted } = await import("../../report/colors.js");
          const { rulesFor } = await import("../../rules/catalog/by-framework.js");
          const rules = await rulesFor(assessment.framework);
          // SARIF results point at the .tf block that defines each resource, where it is found.
          const blocks =
            format === "sarif"
              ? (await import("../../provenance/sources.js")).locateResourceBlocks(
                  assessment,
                  process.cwd(),
                  flags.terraformDir,
                )
              : undefined;
          emit(
            render(assessment, format, { color: colorsWanted(!!flags.output), rules, blocks }),
            flags.output,
          );
        }
        if (flags.failOn && isSeverity(flags.failOn)) {
          const threshold = severityRank(flags.failOn);
          if (assessment.findings.some((f) => severityRank(f.severity) >= threshold)) return EXIT_POLICY;
        }
        return EXIT_OK;
      }),
    );

  program
    .command("rules")
    .description("list the rule catalog")
    .option("-f, --format <format>", "text | json", "text")
    .option("--framework <name>", "only rules for terraform | cloudformation | kubernetes")
    .action(
      action(async (flags: { format: string; framework?: string }) => {
        const { ALL_RULES } = await import("../../rules/catalog/index.js");
        const { UsageError } = await import("../../model/types.js");
        const rules = flags.framework
          ? ALL_RULES.filter((r) => r.frameworks.includes(flags.framework as never))
          : ALL_RULES;
        if (flags.format === "json") {
          emit(
            JSON.stringify(
              rules.map(
                ({
                  id,
                  title,
                  category,
                  severity,
                  provider,
                  frameworks,
                  resourceTypes,
                  rationale,
                  remediation,
                }) => ({
                  id,
                  title,
                  category,
                  severity,
                  provider,
                  frameworks,
                  resourceTypes: resourceTypes ?? [],
                  rationale,
                  remediation,
                }),
              ),
              null,
              2,
            ),
          );
        } else if (flags.format === "text") {
          const w = Math.max(...rules.map((r) => r.id.length), 2);
          const lines = rules.map(
            (r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.category.padEnd(12)}  ${r.title}`,
          );
          emit(
            [`${"ID".padEnd(w)}  SEVERITY  CATEGORY      TITLE`, ...lines, `${rules.length} rules`].join(
              "\n",
            ),
          );
        } else throw new UsageError(`unknown format "${flags.format}" (expected text or json)`);
        return EXIT_OK;
      }),
    );
}
