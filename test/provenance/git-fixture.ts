// Temporary git repositories for provenance tests: real `git` commits with chosen identities, trailers and
// notes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Who {
  name: string;
  email: string;
}

export const HUMAN: Who = { name: "Hanna Human", email: "hanna@example.com" };

export class TempRepo {
  readonly dir: string;

  constructor(prefix = "airlock-prov-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.name", HUMAN.name);
    this.git("config", "user.email", HUMAN.email);
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, {
      cwd: this.dir,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: this.dir },
    });
  }

  write(file: string, content: string): void {
    const p = join(this.dir, file);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }

  /** Writes the files, stages everything, commits; returns the commit sha. */
  commit(
    files: Record<string, string>,
    message: string,
    opts: { author?: Who; committer?: Who } = {},
  ): string {
    for (const [f, c] of Object.entries(files)) this.write(f, c);
    this.git("add", "-A");
    const author = opts.author ?? HUMAN;
    const committer = opts.committer ?? author;
    execFileSync("git", ["commit", "-q", "--allow-empty", "-F", "-"], {
      cwd: this.dir,
      input: message,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: this.dir,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
      },
    });
    return this.git("rev-parse", "HEAD").trim();
  }

  addAiNote(commit: string, note: string): void {
    this.git("notes", "--ref=ai", "add", "-f", "-m", note, commit);
  }

  head(): string {
    return this.git("rev-parse", "HEAD").trim();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Lines `1..n` of a file body. */
export function lines(n: number, prefix = "line"): string {
  return `${Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n")}\n`;
}

/** A git-ai authorship/3.0.0 note. */
export function gitAiNote(
  files: Record<string, { key: string; ranges: string }[]>,
  metadata: Record<string, unknown>,
): string {
  const head = Object.entries(files)
    .map(([path, atts]) => `${path}\n${atts.map((a) => `  ${a.key} ${a.ranges}`).join("\n")}`)
    .join("\n");
  return `${head}\n---\n${JSON.stringify({ schema_version: "authorship/3.0.0", git_ai_version: "1.4.0", ...metadata }, null, 2)}\n`;
}
