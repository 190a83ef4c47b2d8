// Reading git: commits of a range with their trailers, git-ai notes and per-file line counts, the default
// range, uncommitted files. git runs through execFile (no shell); output is NUL-separated so that no
// message, name or path can break the parse.
import { execFile } from "node:child_process";

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitError";
  }
}

const MAX_BUFFER = 512 * 1024 * 1024;

export function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.quotepath=off", "-c", "log.showSignature=false", ...args],
      {
        cwd,
        maxBuffer: MAX_BUFFER,
        encoding: "utf8",
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === "ENOENT") return reject(new GitError("git is not installed or not on PATH"));
          const first = String(stderr || err.message)
            .split("\n")
            .find((l) => l.trim());
          return reject(new GitError(`git ${args[0]}: ${first?.trim() ?? "failed"}`));
        }
        resolve(stdout);
      },
    );
  });
}

async function gitOk(args: string[], cwd: string): Promise<string | undefined> {
  try {
    return (await git(args, cwd)).trim();
  } catch {
    return undefined;
  }
}

/** Top directory of the work tree containing `cwd`, or undefined when `cwd` is not in a git repository. */
export async function repoRoot(cwd: string): Promise<string | undefined> {
  return gitOk(["rev-parse", "--show-toplevel"], cwd);
}

export async function resolveCommit(rev: string, cwd: string): Promise<string | undefined> {
  if (rev.startsWith("-")) return undefined;
  return gitOk(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], cwd);
}

/** The default branch to compare against: origin/HEAD, then main, master, origin/main, origin/master. */
export async function defaultBranch(cwd: string): Promise<string | undefined> {
  const candidates: string[] = [];
  const originHead = await gitOk(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], cwd);
  if (originHead) candidates.push(originHead);
  candidates.push("main", "master", "origin/main", "origin/master");
  for (const c of candidates) if (await resolveCommit(c, cwd)) return c;
  return undefined;
}

export interface ResolvedRange {
  /** The range as given or derived, e.g. `main..HEAD`. */
  label: string;
  base: string;
  head: string;
}

/**
 * Resolves `A..B`, `A...B` (from the merge base of A and B) or a single revision `A` (meaning `A..HEAD`).
 * Throws GitError when a revision does not resolve.
 */
export async function resolveRange(range: string, cwd: string): Promise<ResolvedRange> {
  let from: string;
  let to: string;
  let symmetric = false;
  const tri = range.indexOf("...");
  const two = range.indexOf("..");
  if (tri >= 0) {
    from = range.slice(0, tri);
    to = range.slice(tri + 3);
    symmetric = true;
  } else if (two >= 0) {
    from = range.slice(0, two);
    to = range.slice(two + 2);
  } else {
    from = range;
    to = "HEAD";
  }
  from = from || "HEAD";
  to = to || "HEAD";
  const head = await resolveCommit(to, cwd);
  if (!head) throw new GitError(`unknown revision '${to}' in range '${range}'`);
  let base = await resolveCommit(from, cwd);
  if (!base) {
    throw new GitError(
      `unknown revision '${from}' in range '${range}' (in CI, fetch full history: actions/checkout fetch-depth: 0)`,
    );
  }
  if (symmetric) {
    const mb = await gitOk(["merge-base", base, head], cwd);
    if (!mb) throw new GitError(`no merge base between '${from}' and '${to}'`);
    base = mb;
  }
  return { label: range, base, head };
}

/**
 * The current branch against its merge base with the default branch; when none can be found, `missing` says
 * why (no default branch, no commit, or no merge base — typically a shallow clone).
 */
export async function defaultRange(cwd: string): Promise<ResolvedRange | { missing: string }> {
  const branch = await defaultBranch(cwd);
  if (!branch) return { missing: "no default branch (origin/HEAD, main, master) to compare against" };
  const head = await resolveCommit("HEAD", cwd);
  if (!head) return { missing: "HEAD is not a commit" };
  const base = await gitOk(["merge-base", head, branch], cwd);
  if (!base) {
    const shallow = (await gitOk(["rev-parse", "--is-shallow-repository"], cwd)) === "true";
    return {
      missing: shallow
        ? `no merge base between HEAD and ${branch}: this is a shallow clone (fetch full history, e.g. actions/checkout fetch-depth: 0, GIT_DEPTH: 0)`
        : `HEAD and ${branch} have no common history`,
    };
  }
  return { label: `${branch}..HEAD`, base, head };
}

export interface FileStat {
  path: string;
  /** Lines added; undefined for binary files. */
  added?: number;
  deleted?: number;
  /** Previous path for renames. */
  from?: string;
}

export interface RawCommit {
  sha: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  /** Trailers as git parses them (only the final trailer block counts), unfolded, `Key: value`. */
  trailers: { key: string; value: string }[];
  message: string;
  /** Raw text of the refs/notes/ai note, if any. */
  aiNote?: string;
  files: FileStat[];
}

const LOG_FORMAT = "%x1e%H%x00%an%x00%ae%x00%cn%x00%ce%x00%(trailers:unfold,only)%x00%B%x00%N%x00";

/**
 * Commits reachable from head but not from base, merge commits included: a merge is classified by its own
 * identities and trailers, and its files are what it changed beyond the automatic merge of its parents
 * (`--diff-merges=remerge`, git ≥ 2.36: conflict resolutions and "evil merge" edits, not the merged-in
 * branch). On an older git a merge carries its signals but no files.
 */
export async function readCommits(cwd: string, base: string, head: string): Promise<RawCommit[]> {
  const args = (merges: string[]) => [
    "log",
    "-z",
    ...merges,
    "--notes=refs/notes/ai",
    `--format=${LOG_FORMAT}`,
    "--numstat",
    `${base}..${head}`,
  ];
  let out: string;
  try {
    out = await git(args(["--diff-merges=remerge"]), cwd);
  } catch (err) {
    if (!(err instanceof GitError) || !/diff-merges|remerge|unrecognized|unknown/i.test(err.message))
      throw err;
    out = await git(args([]), cwd);
  }
  return parseLog(out);
}

export function parseLog(out: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const chunk of out.split("\x1e")) {
    if (!chunk.trim()) continue;
    const parts = chunk.split("\0");
    if (parts.length < 8) continue;
    const [sha, authorName, authorEmail, committerName, committerEmail, trailerText, message, note] = parts;
    const commit: RawCommit = {
      sha: sha.trim(),
      authorName,
      authorEmail,
      committerName,
      committerEmail,
      trailers: parseTrailers(trailerText),
      message,
      aiNote: note.trim() ? note : undefined,
      files: [],
    };
    const rest = parts.slice(8).map((t) => t.replace(/^\n+/, ""));
    for (let i = 0; i < rest.length; i++) {
      const tok = rest[i];
      if (!tok) continue;
      const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(tok);
      if (!m) continue;
      const added = m[1] === "-" ? undefined : Number(m[1]);
      const deleted = m[2] === "-" ? undefined : Number(m[2]);
      if (m[3]) commit.files.push({ path: m[3], added, deleted });
      else {
        const from = rest[i + 1];
        const to = rest[i + 2];
        i += 2;
        if (to) commit.files.push({ path: to, added, deleted, from });
      }
    }
    commits.push(commit);
  }
  return commits;
}

export function parseTrailers(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const key = line.slice(0, i).trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) continue;
    out.push({ key, value: line.slice(i + 1).trim() });
  }
  return out;
}

/** Files changed in the work tree or index relative to HEAD, plus untracked (not ignored) files. */
export async function uncommittedFiles(cwd: string): Promise<string[]> {
  const out = await git(["status", "--porcelain=v1", "-z", "--untracked-files=all"], cwd);
  const files: string[] = [];
  const toks = out.split("\0");
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.length < 4) continue;
    const xy = t.slice(0, 2);
    files.push(t.slice(3));
    // Renames/copies are followed by the original path.
    if (xy[0] === "R" || xy[0] === "C") i++;
  }
  return files;
}

export async function isAncestor(ancestor: string, of: string, cwd: string): Promise<boolean> {
  try {
    await git(["merge-base", "--is-ancestor", ancestor, of], cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Files whose diff in base..head adds or removes a line matching `regex` (git -G), optionally limited to a
 * directory: how a resource block that no longer exists (a delete) is traced to the file it was removed from.
 */
export async function filesTouchingPattern(
  cwd: string,
  base: string,
  head: string,
  regex: string,
  pathspec?: string,
): Promise<string[]> {
  const args = ["log", "-z", "--no-merges", "--format=%x1e", "--name-only", `-G${regex}`, `${base}..${head}`];
  if (pathspec) args.push("--", pathspec);
  const out = await git(args, cwd);
  const files = new Set<string>();
  for (const tok of out.split(/[\0\x1e]/)) {
    const t = tok.replace(/^\n+/, "").trim();
    if (t) files.add(t);
  }
  return [...files];
}
