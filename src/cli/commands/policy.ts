import type { Command } from "commander";
import { tuneForOneShot } from "../jit.js";
import { action } from "../run.js";

const impl = () => import("../../policy/commands.js");

/** Registers `check`, `provenance` and `policy init|test|validate|show`. Implementations load lazily. */
export function registerPolicyCommands(program: Command): void {
  program
    .command("check")
    .description(
      "decide whether a change may be applied: allow, require approval, or block (exit 0 allow, 1 otherwise, 2 error)",
    )
    .argument(
      "[plan]",
      "plan JSON, binary plan file, or CloudFormation change set JSON (- reads standard input)",
    )
    .option("--before <path>", "before side: CloudFormation template or Kubernetes manifest file/folder")
    .option("--after <path>", "after side: CloudFormation template or Kubernetes manifest file/folder")
    .option(
      "--policy <file>",
      "policy file (default: ./airlock.yaml if present, else the built-in policy; 'builtin' forces it)",
    )
    .option(
      "--git-range <range>",
      "commits that produced the change, BASE..HEAD (default: branch vs. merge base with the default branch)",
    )
    .option(
      "--evidence <files...>",
      "test evidence: JUnit XML or terraform test output (repeatable; put the plan first)",
    )
    .option("-f, --format <format>", "text | json | markdown", "text")
    .option("-o, --output <file>", "write the result to a file instead of stdout")
    .option("--terraform-bin <path>", "terraform or tofu binary used to read binary plan files")
    .option("--workspace <name>", "Terraform workspace (default: TF_WORKSPACE or .terraform/environment)")
    .option("--stack <name>", "CloudFormation stack name (for environment matching)")
    .option("--kube-context <name>", "Kubernetes context (for environment matching)")
    .action(
      action(async (plan, opts) => {
        await tuneForOneShot();
        return (await impl()).checkCommand(plan, opts);
      }),
    );

  program
    .command("provenance")
    .description(
      "who wrote the change: classify the commits of a git range (human, ai-assisted, ai-authored, unknown)",
    )
    .argument(
      "[plan]",
      "optional plan / change set: attribute provenance to the files defining each changed resource",
    )
    .option("--git-range <range>", "BASE..HEAD (default: branch vs. merge base with the default branch)")
    .option("-f, --format <format>", "text | json", "text")
    .option("--terraform-bin <path>", "terraform or tofu binary used to read binary plan files")
    .action(action(async (plan, opts) => (await impl()).provenanceCommand(plan, opts)));

  const policy = program
    .command("policy")
    .description("policy files: write the default, validate, test against fixtures");

  policy
    .command("init")
    .description("write the built-in default policy to airlock.yaml for editing")
    .option("-o, --output <file>", "where to write it", "airlock.yaml")
    .option("--force", "overwrite an existing file")
    .action(action(async (opts) => (await impl()).policyInit(opts)));

  policy
    .command("validate")
    .description(
      "check a policy file against the schema and compile its CEL conditions (errors name line:column)",
    )
    .argument("[file]", "policy file", "airlock.yaml")
    .action(action(async (file) => (await impl()).policyValidate(file)));

  policy
    .command("test")
    .description(
      "run a policy against fixture changes with expected decisions (NAME.expect.yaml beside each input)",
    )
    .argument("<dir>", "folder of *.expect.yaml cases (or one case file)")
    .option("--policy <file>", "policy file (default: ./airlock.yaml if present, else the built-in policy)")
    .option("--terraform-bin <path>", "terraform or tofu binary used to read binary plan files")
    .option("-f, --format <format>", "text | json", "text")
    .action(action(async (dir, opts) => (await impl()).policyTest(dir, opts)));

  policy
    .command("show")
    .description("print the built-in default policy")
    .action(action(async () => (await impl()).policyShow()));
}
