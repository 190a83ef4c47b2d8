// CODEOWNERS (GitHub / GitLab style): `pattern owner…` lines, `#` comments, the last matching pattern wins.
// Patterns follow gitignore rules: a leading `/` or a `/` inside anchors to the repository root, otherwise
// the pattern matches at any depth; a trailing `/` matches a directory's contents; a pattern that matches
// a directory matches everything beneath it, except `dir/*` which owns only the files directly in dir/
// (GitHub's reading). GitLab `[Section]` headers are skipped.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../model/types.js";
import { globToRegExp } from "./glob.js";

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

export function parseCodeowners(text: string): CodeownersEntry[] {
  const entries: CodeownersEntry[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/(^|[^\\])#.*$/, "$1").trim();
    if (!line || /^\^?\[.*\](\[\d+\])?(\s+.*)?$/.test(line)) return;
    const parts = line.match(/(?:\\ |\S)+/g) ?? [];
    const pattern = (parts[0] ?? "").replace(/\\ /g, " ").replace(/\\#/g, "#");
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
  const core = globToRegExp(p).source.slice(1, -1);
  const prefix = anchored ? "^" : "^(?:.*/)?";
  // GitHub: `docs/*` owns the files directly in docs/, not those in its subdirectories.
  const suffix = dirOnly ? "/.*$" : p.endsWith("/*") ? "$" : "(?:/.*)?$";
  return new RegExp(`${prefix}${core}${suffix}`);
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
