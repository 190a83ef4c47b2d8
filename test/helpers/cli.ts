// Runs the CLI from source as a child process (no build needed), capturing exit code and output.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function airlock(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", `${ROOT}src/cli/main.ts`, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    // spawnSync's default (1 MiB) would cut a large report short and kill the child.
    maxBuffer: 1 << 30,
    input: opts.input,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export { ROOT };
