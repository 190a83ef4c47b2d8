// `airlock guard install claude-code`: adds the hook to `.claude/settings.json`, keeping every other setting
// and hook; running it again changes nothing.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../model/types.js";
import type { ClaudeSettings, HookMatcher } from "./claude-code-protocol.js";

/**
 * The fast hook entry of this installation, run by the node that runs this code: no npx, no CLI framework
 * (see bench/guard-hook.mjs).
 */
export function defaultHookCommand(): string {
  const entry = fileURLToPath(new URL("../../bin/airlock-guard-hook.js", import.meta.url));
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  return `${q(process.execPath)} ${q(entry)}`;
}

export interface InstallResult {
  path: string;
  changed: boolean;
}

export function installClaudeCodeHook(projectDir: string, command = defaultHookCommand()): InstallResult {
  const path = join(projectDir, ".claude", "settings.json");
  let settings: ClaudeSettings = {};
  let raw: string | undefined;
  try {
    raw = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT")
      throw new InputError(`cannot read ${path}: ${(err as Error).message}`, path);
  }
  if (raw !== undefined && raw.trim() !== "") {
    try {
      settings = JSON.parse(raw) as ClaudeSettings;
    } catch (err) {
      throw new InputError(`${path} is not valid JSON (${(err as Error).message}); not changing it`, path);
    }
    if (!settings || typeof settings !== "object" || Array.isArray(settings))
      throw new InputError(`${path} is not a JSON object`, path);
  }
  settings.hooks ??= {};
  const hooks = settings.hooks;
  if (typeof hooks !== "object" || Array.isArray(hooks))
    throw new InputError(`${path}: "hooks" is not an object`, path);
  hooks.PreToolUse ??= [];
  const pre = hooks.PreToolUse;
  if (!Array.isArray(pre)) throw new InputError(`${path}: "hooks.PreToolUse" is not an array`, path);
  const present = pre.some(
    (m: HookMatcher) =>
      Array.isArray(m?.hooks) &&
      m.hooks.some(
        (h) =>
          typeof h?.command === "string" &&
          /airlock(-guard-hook|\S*\s+guard hook claude-code)/.test(h.command),
      ),
  );
  if (present) return { path, changed: false };
  pre.push({ matcher: "Bash", hooks: [{ type: "command", command, timeout: 30 }] });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.airlock-tmp`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(tmp, path);
  return { path, changed: true };
}
