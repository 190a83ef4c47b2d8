// The apply gate: derive the change digest from exactly what will be applied, refuse unless a change request
// for that digest is satisfied, then run the command (output streamed) and record start, exit and duration.
// The reviewed artifact is copied to a private file first and the command runs on that copy, so the file
// cannot be swapped between the check and the apply.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { currentIdentity } from "../approvals/identity.js";
import { type ApprovalLookup, lookupWithLedger } from "../approvals/lookup.js";
import type { AnalyzeInput } from "../assess/analyze.js";
import { openExistingLedger } from "../ledger/index.js";
import type { Ledger } from "../ledger/ledger.js";
import { InputError } from "../model/types.js";
import { printable } from "../report/printable.js";
import { type ApplyTarget, parseApplyCommand } from "./parse.js";

export interface ApplyOptions {
  allowedSigners?: string;
  /** Kubernetes: the manifest as it was before (the request's --before); default: nothing before. */
  before?: string;
  /** Where messages go (default stderr). */
  log?: (line: string) => void;
}

interface Prepared {
  input: AnalyzeInput;
  argv: string[];
  cleanup: () => void;
}

function prepare(target: ApplyTarget, argv: string[], opts: ApplyOptions): Prepared {
  if (target.tool === "terraform") {
    const workdir = resolve(target.chdir ?? ".");
    const planPath = resolve(workdir, target.plan);
    // The private copy sits in the working directory so `terraform show` finds its .terraform folder.
    const copy = join(workdir, `.airlock-apply-${randomBytes(6).toString("hex")}.tfplan`);
    try {
      copyFileSync(planPath, copy);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(
        `${target.plan}: cannot read plan (${code === "ENOENT" ? "no such file" : code})`,
        target.plan,
      );
    }
    const next = argv.slice();
    next[target.planArg] = target.chdir ? basename(copy) : copy;
    return {
      input: { plan: copy, terraformBin: target.bin },
      argv: next,
      cleanup: () => rmSync(copy, { force: true }),
    };
  }
  if (target.tool === "kubectl") {
    const dir = mkdtempSync(join(tmpdir(), "airlock-apply-"));
    const copy = join(dir, basename(target.file));
    try {
      copyFileSync(target.file, copy);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw new InputError(
        `${target.file}: cannot read manifest (${(err as NodeJS.ErrnoException).code})`,
        target.file,
      );
    }
    let before = opts.before;
    if (!before) {
      before = join(dir, "empty-before.yaml");
      writeFileSync(before, "");
    }
    const next = argv.slice();
    next[target.fileArg] = target.fileInline ? `${target.fileInline}${copy}` : copy;
    return {
      input: { before, after: copy },
      argv: next,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "airlock-apply-"));
  const args = [
    "cloudformation",
    "describe-change-set",
    "--change-set-name",
    target.changeSet,
    "--output",
    "json",
  ];
  if (target.stack) args.push("--stack-name", target.stack);
  if (target.region) args.push("--region", target.region);
  if (target.profile) args.push("--profile", target.profile);
  const r = spawnSync(target.bin, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new InputError(
      `aws cloudformation describe-change-set failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`,
    );
  }
  const file = join(dir, "change-set.json");
  writeFileSync(file, r.stdout);
  return { input: { plan: file }, argv, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment variables through which Terraform/OpenTofu take extra command-line arguments. */
export function injectedTerraformArgs(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => /^TF_CLI_ARGS(_.*)?$/.test(k) && (env[k] ?? "").trim() !== "")
    .sort();
}

/** The child's environment without any TF_CLI_ARGS* (so nothing is added to the checked command line). */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^TF_CLI_ARGS(_.*)?$/.test(k)) delete env[k];
  return env;
}

async function record(
  ledger: Ledger | undefined,
  entry: Parameters<Ledger["append"]>[0],
): Promise<number | undefined> {
  if (!ledger) return undefined;
  return (await ledger.append(entry)).index;
}

export async function runApply(argv: string[], opts: ApplyOptions = {}): Promise<number> {
  // Messages quote the command line, file names and reasons from the ledger: printable before they are shown.
  const write = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const log = (l: string) => write(printable(l));
  const parsed = parseApplyCommand(argv);
  const ledger = await openExistingLedger();
  const actor = currentIdentity();
  const actorEntry =
    actor.kind === "agent"
      ? { identity: actor.identity, kind: "agent" as const, agent: actor.agent }
      : { identity: actor.identity, kind: "human" as const };
  const command = argv.slice(0, 40);
  try {
    if (!parsed.ok) {
      await record(ledger, {
        type: "apply-refused",
        actor: actorEntry,
        data: { command, reason: parsed.reason },
      });
      log(`airlock: apply refused: ${parsed.reason}`);
      return 1;
    }
    const injected = parsed.target.tool === "terraform" ? injectedTerraformArgs(process.env) : [];
    if (injected.length > 0) {
      const reason = `${injected.join(", ")} ${injected.length > 1 ? "are" : "is"} set: it adds arguments to ${basename(argv[0])} that were not reviewed; unset it`;
      await record(ledger, { type: "apply-refused", actor: actorEntry, data: { command, reason } });
      log(`airlock: apply refused: ${reason}`);
      return 1;
    }
    const prepared = prepare(parsed.target, argv, opts);
    try {
      const { analyzeInput } = await import("../assess/analyze.js");
      const assessment = await analyzeInput(prepared.input);
      const digest = assessment.digest;
      let lookup: ApprovalLookup;
      if (assessment.source.errored)
        lookup = { approved: false, reason: "the plan errored or is not applyable" };
      else if (!ledger)
        lookup = { approved: false, reason: "no change requests recorded here (no Airlock store)" };
      else lookup = await lookupWithLedger(ledger, digest, { allowedSigners: opts.allowedSigners });
      if (!lookup.approved) {
        await record(ledger, {
          type: "apply-refused",
          actor: actorEntry,
          digest,
          requestId: lookup.requestId,
          data: { command, reason: lookup.reason },
        });
        log(`airlock: apply refused for ${digest}: ${lookup.reason}`);
        return 1;
      }
      const startIndex = await record(ledger, {
        type: "apply-start",
        actor: actorEntry,
        digest,
        requestId: lookup.requestId,
        data: { command, tool: parsed.target.tool },
      });
      log(`airlock: ${digest} approved (${lookup.requestId}); running ${basename(argv[0])}`);
      const started = Date.now();
      const result = await run(prepared.argv);
      const durationMs = Date.now() - started;
      await record(ledger, {
        type: "apply-end",
        actor: actorEntry,
        digest,
        requestId: lookup.requestId,
        data: { command, exitCode: result.code, signal: result.signal, durationMs, startIndex },
      });
      if (result.signal) return 1;
      return result.code ?? 1;
    } finally {
      prepared.cleanup();
    }
  } finally {
    await ledger?.close();
  }
}

function run(argv: string[]): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env: childEnv() });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.on("error", (err) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new InputError(`cannot run ${argv[0]} (${code === "ENOENT" ? "not found" : code})`));
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolvePromise({ code, signal });
    });
  });
}
