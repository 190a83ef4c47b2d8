// CODEOWNERS (GitHub / GitLab style): `pattern owner…` lines, `#` comments, the last matching pattern wins.
// Patterns follow gitignore rules: a leading `/` or a `/` inside anchors to the repository root, otherwise
// the pattern matches at any depth; a trailing `/` matches a directory's contents; a pattern that matches
// a directory matches everything beneath it, except `dir/*` which owns only the files directly in dir/
// (GitHub's reading). GitLab `[Section]` headers are skipped. Wildcards are `*`, `**` and `?` only; lines
// with `!` negation, `[ ]` ranges or a leading `\#` — gitignore syntax GitHub documents as not working in
// CODEOWNERS — are skipped, as GitHub skips invalid lines.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../model/types.js";

export interface CodeownersEntry {
  pattern: string;
  owners: string[];
  line: number;
  regex: RegExp;
}

export const CODEOWNERS_LOCATIONS = [
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
  ".gitlab/CODEOWNERS",
];

/**
 * Parses CODEOWNERS. Lines using gitignore syntax that GitHub documents as not working in CODEOWNERS — `!`
 * negation, `[ ]` character ranges, a leading `\#` escape — are skipped as GitHub skips invalid lines, and
 * reported in `skipped` when given.
 */
export function parseCodeowners(
  text: string,
  skipped?: { line: number; reason: string }[],
): CodeownersEntry[] {
  const entries: CodeownersEntry[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/(^|[^\\])#.*$/, "$1").trim();
    if (!line || /^\^?\[.*\](\[\d+\])?(\s+.*)?$/.test(line)) return;
    const parts = line.match(/(?:\\ |\S)+/g) ?? [];
    const rawPattern = parts[0] ?? "";
    const unsupported = rawPattern.startsWith("!")
      ? "negation (!) is not supported in CODEOWNERS"
      : /[[\]]/.test(rawPattern)
        ? "character ranges ([ ]) are not supported in CODEOWNERS"
        : rawPattern.startsWith("\\#")
          ? "escaping a leading # is not supported in CODEOWNERS"
          : undefined;
    if (unsupported) {
      skipped?.push({ line: i + 1, reason: unsupported });
      return;
    }
    const pattern = rawPattern.replace(/\\ /g, " ");
    if (!pattern) return;
    entries.push({ pattern, owners: parts.slice(1), line: i + 1, regex: patternRegex(pattern) });
  });
  return entries;
}

function patternRegex(pattern: string): RegExp {
  let p = pattern;
  const dirOnly = p.endsWith("/");
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.startsWith("/") || p.includes("/");
  if (p.startsWith("/")) p = p.slice(1);
  const core = codeownersGlob(p);
  const prefix = anchored ? "^" : "^(?:.*/)?";
  // GitHub: `docs/*` owns the files directly in docs/, not those in its subdirectories.
  const suffix = dirOnly ? "/.*$" : p.endsWith("/*") ? "$" : "(?:/.*)?$";
  return new RegExp(`${prefix}${core}${suffix}`);
}

/** `*` (not `/`), `**` (any depth), `?`; everything else literal (no braces or classes in CODEOWNERS). */
function codeownersGlob(p: string): string {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "*" && p[i + 1] === "*") {
      const atStart = i === 0 || p[i - 1] === "/";
      i++;
      if (atStart && p[i + 1] === "/") {
        i++;
        out += "(?:.*/)?";
      } else out += ".*";
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "\\" && i + 1 < p.length) out += escapeRe(p[++i]);
    else out += escapeRe(c);
  }
  return out;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** Owners of one repository-relative path (last match wins; an entry with no owners un-assigns). */
export function ownersOf(entries: readonly CodeownersEntry[], path: string): string[] {
  const p = path.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/$/, "");
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].regex.test(p)) return entries[i].owners;
  return [];
}

/** Finds and parses the CODEOWNERS file; undefined when there is none. A named file that is missing is an error. */
export function loadCodeowners(root: string, explicit?: string): CodeownersEntry[] | undefined {
  const candidates = explicit ? [explicit] : CODEOWNERS_LOCATIONS;
  for (const c of candidates) {
    const p = join(root, c);
    if (existsSync(p)) return parseCodeowners(readFileSync(p, "utf8"));
  }
  if (explicit) throw new InputError(`codeowners: ${explicit} not found in ${root}`, explicit);
  return undefined;
}
