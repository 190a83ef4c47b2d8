// The policy in force for change requests, and its identity. The requester never chooses it: it is the file
// named by AIRLOCK_POLICY (set by whoever runs Airlock for the team: CI, the guard's hook environment), else
// airlock.yaml (or .yml) at the root of the git repository (the working directory outside a repository), else
// the built-in policy. A request records the identity of the policy it was decided with (path relative to the
// repository root + SHA-256 of the exact bytes, or `builtin` + SHA-256 of the built-in text); `approve`,
// `status`, `apply` and isDigestApproved re-discover the policy in force and void the request when it differs.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { InputError } from "../model/types.js";
import { DEFAULT_POLICY_YAML } from "../policy/default-policy.js";
import type { PolicyIdentity } from "./types.js";

export const POLICY_ENV = "AIRLOCK_POLICY";
const FILE_NAMES = ["airlock.yaml", "airlock.yml"];

export interface PolicyInForce {
  identity: PolicyIdentity;
  /** Absolute path of the file, or `builtin`. */
  path: string;
  /** The exact bytes that were hashed (parse these, never re-read the file). */
  text?: string;
  /** How it was found, for messages. */
  via: string;
}

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The root of the git repository containing `cwd`, if any. */
export function gitRoot(cwd: string): string | undefined {
  const r = spawnSync("git", ["rev-parse", "--show-toplevel"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

function canonicalPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Discovers the policy in force from `cwd` (never from a requester's flag). Throws InputError when
 * AIRLOCK_POLICY names a file that cannot be read: that must never fall back to a weaker policy.
 */
export function policyInForce(
  cwd = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): PolicyInForce {
  const root = gitRoot(cwd);
  const base = root ? canonicalPath(root) : canonicalPath(cwd);
  const named = env[POLICY_ENV]?.trim();
  let file: string | undefined;
  let via: string;
  if (named && named !== "builtin") {
    file = resolve(cwd, named);
    via = `${POLICY_ENV}=${named}`;
  } else if (named === "builtin") {
    via = `${POLICY_ENV}=builtin`;
  } else {
    file = FILE_NAMES.map((n) => resolve(base, n)).find((p) => existsSync(p));
    via = file ? `${root ? "repository root" : "working directory"}` : "no airlock.yaml: built-in policy";
  }
  if (!file) {
    return { identity: builtinIdentity(), path: "builtin", via };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the policy in force (${code === "ENOENT" ? "no such file" : (code ?? "error")})`,
      file,
    );
  }
  const real = canonicalPath(file);
  const rel = relative(base, real);
  const path = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split("\\").join("/") : real;
  return {
    identity: { kind: "file", path, sha256: sha256(bytes) },
    path: real,
    text: bytes.toString("utf8"),
    via,
  };
}

let builtinCache: PolicyIdentity | undefined;
function builtinIdentity(): PolicyIdentity {
  builtinCache ??= { kind: "builtin", sha256: sha256(DEFAULT_POLICY_YAML) };
  return builtinCache;
}

export function describePolicy(id: PolicyIdentity | undefined): string {
  if (!id) return "(none recorded)";
  return id.kind === "builtin"
    ? `builtin (sha256:${id.sha256.slice(0, 12)}…)`
    : `${id.path} (sha256:${id.sha256.slice(0, 12)}…)`;
}

export function samePolicy(a: PolicyIdentity | undefined, b: PolicyIdentity | undefined): boolean {
  if (!a || !b || a.kind !== b.kind || a.sha256 !== b.sha256) return false;
  return a.kind === "builtin" || (b.kind === "file" && a.path === b.path);
}

/**
 * Why a recorded request's policy is no longer the policy in force, or undefined when it still is.
 * Any failure to discover the policy is a reason too (fail closed).
 */
export function policyProblem(recorded: PolicyIdentity | undefined, cwd?: string): string | undefined {
  if (!recorded) {
    return "the request records no policy identity (made before policy binding); request again";
  }
  let now: PolicyInForce;
  try {
    now = policyInForce(cwd);
  } catch (err) {
    return `the policy in force cannot be read (${(err as Error).message}); nothing is approved`;
  }
  if (samePolicy(recorded, now.identity)) return undefined;
  return `policy changed since request; request again (recorded ${describePolicy(recorded)}, in force ${describePolicy(now.identity)} from ${now.via})`;
}
