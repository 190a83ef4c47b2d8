// Who is acting: an AI agent (AIRLOCK_AGENT) or a human (AIRLOCK_IDENTITY, git config user.email, $USER),
// and whether an identity belongs to an AI agent (the provenance identity table, bot logins).
import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { AGENT_IDENTITIES } from "../provenance/signals.js";
import type { Identity } from "./types.js";

export function gitConfig(key: string, cwd = process.cwd()): string | undefined {
  const r = spawnSync("git", ["config", "--get", key], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const v = r.status === 0 ? r.stdout.trim() : "";
  return v || undefined;
}

export function currentIdentity(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Identity {
  const agent = env.AIRLOCK_AGENT?.trim();
  if (agent) return { identity: agent, kind: "agent", agent, source: "AIRLOCK_AGENT" };
  const explicit = env.AIRLOCK_IDENTITY?.trim();
  if (explicit)
    return {
      identity: explicit,
      kind: isAgentIdentity(explicit) ? "agent" : "human",
      source: "AIRLOCK_IDENTITY",
    };
  const email = gitConfig("user.email", cwd);
  if (email)
    return {
      identity: email,
      kind: isAgentIdentity(email) ? "agent" : "human",
      source: "git config user.email",
    };
  let user = env.USER?.trim() || env.LOGNAME?.trim();
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = "unknown";
    }
  }
  return { identity: user || "unknown", kind: "human", source: "$USER" };
}

/** True when the identity is a known AI agent address or login, or any `[bot]` account. */
export function isAgentIdentity(identity: string): boolean {
  const id = identity.trim().toLowerCase();
  if (id.includes("[bot]")) return true;
  for (const a of AGENT_IDENTITIES) {
    if (a.emails?.some((e) => e === id)) return true;
    if (a.emailSuffixes?.some((s) => id.endsWith(s))) return true;
    if (a.names?.some((n) => n === id)) return true;
  }
  return false;
}

export function sameIdentity(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
