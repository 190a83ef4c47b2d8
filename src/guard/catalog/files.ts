// Removing, moving or overwriting Terraform state files (and directories that hold them), and recursive
// removal of the root or home directory. Glob patterns are expanded against the working directory when
// it is known; otherwise a pattern that could match a state file counts as one.
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { splitArgs } from "./match.js";
import type { Arg, Classified, Invocation, ToolEntry } from "./types.js";

const STATE_NAME = /(\.tfstate(\.backup)?|\.tfstate\.d|^terraform\.tfstate\.d)$/i;
const STATE_SAMPLES = [
  "terraform.tfstate",
  "terraform.tfstate.backup",
  "prod.tfstate",
  "terraform.tfstate.d",
];

export function isStatePath(path: string): boolean {
  return (
    STATE_NAME.test(basename(path.replace(/\/+$/, ""))) || /(^|\/)terraform\.tfstate\.d(\/|$)/.test(path)
  );
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Files a directory holds that are Terraform state (bounded walk). */
function stateFilesUnder(dir: string, budget = { n: 3000 }, depth = 0): string[] {
  if (depth > 6 || budget.n <= 0) return [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const e of entries) {
    if (--budget.n <= 0) break;
    const p = join(dir, e.name);
    if (STATE_NAME.test(e.name)) found.push(p);
    else if (e.isDirectory() && e.name !== "node_modules" && e.name !== ".git")
      found.push(...stateFilesUnder(p, budget, depth + 1));
    if (found.length) break;
  }
  return found;
}

function resolve(cwd: string | undefined, p: string): string | undefined {
  if (isAbsolute(p)) return p;
  return cwd ? join(cwd, p) : undefined;
}

function isDir(p: string | undefined): boolean {
  if (!p) return false;
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Why removing / overwriting this argument touches Terraform state, or undefined. */
export function stateReason(arg: Arg, cwd: string | undefined, recursive: boolean): string | undefined {
  const text = arg.text;
  if (!arg.literal && !arg.glob) {
    if (/tfstate/i.test(text)) return `${text} names Terraform state`;
    if (recursive && /^"?\$\{?HOME\}?\/?"?$/.test(text)) return "removes the home directory";
    return undefined;
  }
  if (arg.glob) {
    const dirPart = dirname(text);
    const re = globToRegExp(basename(text));
    const dir = resolve(cwd, dirPart);
    if (dir && isDir(dir) && !/[*?[]/.test(dirPart)) {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        names = [];
      }
      for (const n of names.filter((x) => re.test(x))) {
        if (STATE_NAME.test(n)) return `${text} matches Terraform state ${join(dirPart, n)}`;
        if (recursive && isDir(join(dir, n)) && stateFilesUnder(join(dir, n)).length)
          return `${text} matches ${join(dirPart, n)}, which holds Terraform state`;
      }
      // A pattern that names state (`terraform.tfstate*`, `*.tfstate`) aims at it even when nothing matches
      // yet: an earlier command on the line (`terraform apply && rm terraform.tfstate*`) can create it.
      if (/tfstate/i.test(basename(text)) && STATE_SAMPLES.some((s) => re.test(s)))
        return `${text} names Terraform state`;
      return undefined;
    }
    if (STATE_SAMPLES.some((s) => re.test(s)) || (recursive && /[*?[]/.test(dirPart)))
      return `${text} could match Terraform state`;
    return undefined;
  }
  if (isStatePath(text)) return `${text} is Terraform state`;
  if (recursive) {
    const t = text.replace(/\/+$/, "");
    if (t === "" || t === "/" || t === "~" || t === "/*" || t === "." || t === "..") {
      if (t === "" || t === "/" || t === "/*") return "removes the root directory";
      if (t === "~") return "removes the home directory";
    }
    const p = resolve(cwd, text);
    if (p && isDir(p)) {
      const found = stateFilesUnder(p);
      if (found.length) return `${text} holds Terraform state (${found[0]})`;
    }
  }
  return undefined;
}

function shortFlagLetters(args: Arg[]): string {
  return args
    .filter((a) => a.literal && /^-[^-]/.test(a.text))
    .map((a) => a.text.slice(1))
    .join("");
}

function removal(inv: Invocation): Classified[] {
  const split = splitArgs(
    inv.args,
    inv.name === "truncate"
      ? ["s", "size", "r", "reference"]
      : ["t", "target-directory", "S", "suffix", "n", "iterations"],
  );
  const shortFlags = shortFlagLetters(inv.args);
  const recursive = /[rR]/.test(shortFlags) || split.flags.has("recursive");
  const targets: Arg[] = split.items.filter((i) => i.kind !== "flag").map((i) => i.arg);
  const out: Classified[] = [];
  const check = (a: Arg, verb: string) => {
    const why = stateReason(a, inv.cwd, recursive && inv.name === "rm");
    if (why)
      out.push({
        kind: "op",
        action: verb,
        effect: "destructive",
        category: "data-loss",
        reason: why,
        target: a.text,
      });
  };
  if (inv.name === "dd") {
    for (const a of inv.args)
      if (/^of=/.test(a.text)) check({ ...a, text: a.text.slice(3) }, "overwrite state");
    return out;
  }
  if (inv.name === "mv") {
    for (const [i, t] of targets.entries())
      check(t, i === targets.length - 1 ? "overwrite state" : "move state");
  } else if (inv.name === "cp" || inv.name === "install") {
    const last = targets[targets.length - 1];
    if (last) check(last, "overwrite state");
  } else
    for (const t of targets)
      check(t, inv.name === "rm" || inv.name === "unlink" ? "remove state" : `${inv.name} state`);
  return out;
}

export const stateFiles: ToolEntry = {
  id: "state-files",
  programs: ["rm", "unlink", "shred", "truncate", "mv", "cp", "install", "tee", "dd"],
  summary:
    "Removing, moving or overwriting Terraform state (`*.tfstate`, `*.tfstate.backup`, `terraform.tfstate.d/`), directories holding it, and `rm -r` of / or ~. Output redirection onto state counts too.",
  rules: [],
  fallback: { effect: "read-only", reason: "does not touch state" },
  classify: removal,
};

export const gitClean: ToolEntry = {
  id: "git",
  programs: ["git"],
  summary:
    "`git clean -x`/`-X` removes ignored files, which usually include Terraform state: destructive when state exists below the working directory.",
  rules: [],
  fallback: { effect: "read-only", reason: "not classified" },
  classify: (inv) => {
    const split = splitArgs(inv.args, ["C", "c", "git-dir", "work-tree", "e", "exclude"]);
    if (split.positionals[0]?.text !== "clean") return [];
    const flags = shortFlagLetters(inv.args);
    const force = /f/.test(flags) || split.flags.has("force");
    const ignored = /x/i.test(flags);
    const dry = /n/.test(flags) || split.flags.has("dry-run");
    if (!force || dry || !ignored) return [];
    const found = inv.cwd ? stateFilesUnder(inv.cwd) : ["(unknown working directory)"];
    if (!found.length) return [];
    return [
      {
        kind: "op",
        action: "clean -x",
        effect: "destructive",
        category: "data-loss",
        reason: `removes ignored files, including Terraform state (${found[0]})`,
      },
    ];
  },
};
