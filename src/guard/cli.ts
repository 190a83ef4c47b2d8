// CLI actions behind `airlock guard …`, `airlock exec` and (in src/mcp) `airlock mcp`.
import { UsageError } from "../model/types.js";
import { printable } from "../report/printable.js";
import { checkCommand } from "./check.js";
import { formatGuardText } from "./format.js";
import { recordVerdict } from "./record.js";

const EXIT_OK = 0;
const EXIT_POLICY = 1;

export async function checkCommandCli(opts: {
  command: string;
  format?: string;
  cwd?: string;
  ledger?: boolean;
}): Promise<number> {
  const format = opts.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--format must be text or json, not ${format}`);
  const result = await checkCommand(opts.command, { cwd: opts.cwd ?? process.cwd(), env: process.env });
  if (opts.ledger !== false) await recordVerdict(result, { source: "check" });
  process.stdout.write(
    format === "json" ? `${JSON.stringify(result, null, 2)}\n` : `${formatGuardText(result)}\n`,
  );
  return result.verdict === "allow" ? EXIT_OK : EXIT_POLICY;
}

export async function hookCli(opts: { emitAllow?: boolean; ledger?: boolean }): Promise<number> {
  const { readStdin, runClaudeCodeHook } = await import("./hook.js");
  let text: string;
  try {
    text = await readStdin();
  } catch (err) {
    process.stderr.write(
      `airlock guard: cannot read the hook input: ${printable((err as Error).message)}; denying\n`,
    );
    return 2;
  }
  const r = await runClaudeCodeHook(text, { emitAllow: opts.emitAllow, noLedger: opts.ledger === false });
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  return r.exitCode;
}

export async function installCli(opts: { projectDir: string; hookCommand?: string }): Promise<number> {
  const { installClaudeCodeHook } = await import("./install.js");
  const r = installClaudeCodeHook(opts.projectDir, opts.hookCommand);
  process.stdout.write(
    r.changed
      ? `installed the Airlock guard hook in ${printable(r.path)}\n`
      : `the Airlock guard hook is already in ${printable(r.path)}\n`,
  );
  return EXIT_OK;
}

export async function catalogCli(): Promise<number> {
  const { renderCatalogMarkdown } = await import("./catalog/doc.js");
  process.stdout.write(renderCatalogMarkdown());
  return EXIT_OK;
}

export async function execCli(argv: string[], opts: { ledger?: boolean }): Promise<number> {
  if (!argv.length) throw new UsageError("airlock exec needs a command: airlock exec -- <command…>");
  const { execGuarded } = await import("./exec.js");
  return execGuarded(argv, { noLedger: opts.ledger === false });
}
