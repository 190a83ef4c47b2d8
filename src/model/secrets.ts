// Defence in depth for secrets: collect every sensitive or secret-named leaf value of a change set so that
// free text (rule messages) can be scrubbed before it reaches any output, store or log.
import type { ChangeSet } from "./types.js";
import { isSecretName, SENSITIVE } from "./values.js";

const MIN_SECRET_LENGTH = 4;

function collect(value: unknown, marks: unknown, secret: boolean, out: Set<string>, depth: number): void {
  if (depth > 256 || value === null || value === undefined) return;
  const sensitive = secret || marks === true;
  if (typeof value === "string" || typeof value === "number") {
    const s = String(value);
    if (sensitive && s.length >= MIN_SECRET_LENGTH) out.add(s);
    return;
  }
  if (typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i], sub(marks, i), sensitive, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    collect(v, sub(marks, k), sensitive || isSecretName(k), out, depth + 1);
}

function sub(marks: unknown, key: string | number): unknown {
  if (marks === true) return true;
  if (marks === null || typeof marks !== "object") return undefined;
  return (marks as Record<string | number, unknown>)[key as string];
}

export function collectSecrets(cs: ChangeSet): string[] {
  const out = new Set<string>();
  for (const c of cs.changes) {
    collect(c.before, c.beforeSensitive, false, out, 0);
    collect(c.after, c.afterSensitive, false, out, 0);
  }
  // Longest first so that a secret containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(SENSITIVE);
  return out;
}
