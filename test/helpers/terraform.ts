// Makes real plans with the `terraform` binary, offline, using the built-in terraform_data resource.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ENV = {
  ...process.env,
  TF_CLI_CONFIG_FILE: "/dev/null",
  TF_IN_AUTOMATION: "1",
  CHECKPOINT_DISABLE: "1",
};

let available: boolean | undefined;

/** True when the terraform binary runs here. Tests that need it skip with a visible message otherwise. */
export function hasTerraform(): boolean {
  if (available === undefined) {
    const r = spawnSync("terraform", ["version"], { encoding: "utf8", env: ENV });
    available = r.status === 0;
  }
  return available;
}

export const SKIP_NO_TERRAFORM = "terraform binary not found on PATH: skipping tests that need real plans";

export function tf(dir: string, ...args: string[]): string {
  const r = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env: ENV });
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export interface Workspace {
  dir: string;
  write(files: Record<string, string>): void;
  /** init (once) + apply the current config. */
  apply(...vars: string[]): void;
  /** Plans the current config into `name` (binary) and `name.json`; returns the JSON path. */
  plan(name?: string, ...extra: string[]): { binary: string; json: string };
  cleanup(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "airlock-tf-"));
  let initialized = false;
  const init = () => {
    if (!initialized) tf(dir, "init", "-input=false", "-no-color");
    initialized = true;
  };
  return {
    dir,
    write(files) {
      for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    },
    apply(...vars) {
      init();
      tf(dir, "apply", "-auto-approve", "-input=false", "-no-color", ...vars);
    },
    plan(name = "tfplan", ...extra) {
      init();
      const binary = join(dir, name);
      tf(dir, "plan", "-input=false", "-no-color", `-out=${binary}`, ...extra);
      const json = `${binary}.json`;
      writeFileSync(json, tf(dir, "show", "-json", binary));
      return { binary, json };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
