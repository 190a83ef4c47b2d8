import type { Command } from "commander";
import { tuneForOneShot } from "../jit.js";
import { action } from "../run.js";

const impl = () => import("../../approvals/commands.js");

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Registers the approvals commands. Implementations are imported lazily inside each action. */
export function registerApprovalsCommands(program: Command): void {
  program
    .command("request [plan]")
    .description("record a change request: digest, assessment, policy decision, provenance, requester")
    .option("--before <file>", "template or manifest before the change")
    .option("--after <file>", "template or manifest after the change")
    .option("--policy <file>", "policy file (airlock.yaml)")
    .option("--git-range <range>", "git range for provenance, e.g. main..HEAD")
    .option(
      "--evidence <file>",
      "test evidence (JUnit XML, terraform test -json); KIND=FILE to name the kind",
      collect,
    )
    .option("--terraform-bin <bin>", "terraform or tofu, for binary plans")
    .option("--format <format>", "text or json", "text")
    .action(
      action(async (plan, opts) => {
        await tuneForOneShot();
        return (await impl()).requestCommand(plan, opts);
      }),
    );

  program
    .command("status [id]")
    .description(
      "what a change request still requires (ID or digest); without ID, all recent requests and overrides",
    )
    .option("--allowed-signers <file>", "allowed_signers file used to verify signatures")
    .option("--format <format>", "text or json", "text")
    .action(action(async (id, opts) => (await impl()).statusCommand(id, opts)));

  const review = (name: "approve" | "reject" | "withdraw" | "override", description: string) =>
    program
      .command(`${name} <id>`)
      .description(description)
      .option("--reason <text>", "why (required for reject and override)")
      .option("--expires <when>", "expiry (24h, 7d or an ISO time); never beyond the policy TTL")
      .option("--sign-with <method>", "ssh (ssh-keygen -Y sign) or airlock (Airlock's own Ed25519 key)")
      .option("--key <file>", "signing key: SSH key (default git config user.signingkey) or Airlock key file")
      .option(
        "--allowed-signers <file>",
        "allowed_signers file (default: git config gpg.ssh.allowedSignersFile)",
      )
      .option("--format <format>", "text or json", "text")
      .action(action(async (id, opts) => (await impl()).reviewCommand(name, id, opts)));

  review("approve", "sign an approval of exactly this change (ID or digest)");
  review("reject", "sign a rejection; it blocks the change until you withdraw it");
  review("withdraw", "withdraw your earlier approval or rejection");
  review(
    "override",
    "break-glass: pass soft-mandatory requirements (recorded prominently, listed by status)",
  );

  program
    .command("reviewer-key")
    .description(
      "print the allowed_signers line for your Airlock Ed25519 reviewer key (created on first use)",
    )
    .option("--key <file>", "key file (default AIRLOCK_HOME/reviewer.key)")
    .action(action(async (opts) => (await impl()).reviewerKeyCommand(opts)));

  program
    .command("apply")
    .description(
      "run an apply only if exactly what it applies was approved: airlock apply -- terraform apply tfplan",
    )
    .argument("<command...>", "the apply command, after --")
    .option("--allowed-signers <file>", "allowed_signers file used to verify approvals")
    .option("--before <file>", "Kubernetes: the manifest before the change (as given to airlock request)")
    .action(
      action(async (command, opts) => {
        await tuneForOneShot();
        return (await impl()).applyCommand(command, opts);
      }),
    );
}
