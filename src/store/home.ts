// Where Airlock keeps its local state: AIRLOCK_HOME, or `.airlock/` in the working directory.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

export function airlockHome(): string {
  const env = process.env.AIRLOCK_HOME;
  return resolve(env && env.trim() !== "" ? env : ".airlock");
}

/** Creates AIRLOCK_HOME (mode 0700) when it does not exist yet and returns its path. */
export function ensureAirlockHome(): string {
  const home = airlockHome();
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

/** PostgreSQL URL from AIRLOCK_DATABASE_URL when it names a postgres:// or postgresql:// database. */
export function databaseUrl(): string | undefined {
  const url = process.env.AIRLOCK_DATABASE_URL?.trim();
  if (!url) return undefined;
  return url;
}

/** The URL with any password removed, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable database URL)";
  }
}
