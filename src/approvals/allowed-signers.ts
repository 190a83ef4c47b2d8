// The allowed_signers file of `ssh-keygen -Y verify` (and git's gpg.ssh.allowedSignersFile): which keys may
// sign for which identities, in which namespaces and when. Format: ssh-keygen(1) "ALLOWED SIGNERS".
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { InputError } from "../model/types.js";
import { gitConfig } from "./identity.js";

export interface AllowedSigner {
  principals: string;
  options: Record<string, string | true>;
  keyType: string;
  keyBase64: string;
  line: number;
}

const KEY_TYPE =
  /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com|rsa-sha2-(256|512)|[a-z0-9-]+-cert-v01@openssh\.com)$/;

/** Splits on spaces outside double quotes. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function parseOptions(text: string): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  let cur = "";
  let quoted = false;
  const flush = () => {
    if (!cur) return;
    const eq = cur.indexOf("=");
    if (eq < 0) out[cur.toLowerCase()] = true;
    else out[cur.slice(0, eq).toLowerCase()] = cur.slice(eq + 1).replace(/^"|"$/g, "");
    cur = "";
  };
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) flush();
    else cur += ch;
  }
  flush();
  return out;
}

export function parseAllowedSigners(text: string): AllowedSigner[] {
  const out: AllowedSigner[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const t = tokens(line);
    if (t.length < 3) return;
    const principals = t[0].replace(/^"|"$/g, "");
    let k = 1;
    let options: Record<string, string | true> = {};
    if (!KEY_TYPE.test(t[1])) {
      options = parseOptions(t[1]);
      k = 2;
    }
    if (!t[k] || !t[k + 1]) return;
    out.push({ principals, options, keyType: t[k], keyBase64: t[k + 1], line: i + 1 });
  });
  return out;
}

function globToRegExp(p: string): RegExp {
  return new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
}

/** ssh_config(5) pattern-list: comma-separated globs; a matching negated (`!`) pattern excludes. */
export function matchPatternList(name: string, list: string): boolean {
  let matched = false;
  for (const raw of list.split(",")) {
    const neg = raw.startsWith("!");
    const p = neg ? raw.slice(1) : raw;
    if (globToRegExp(p).test(name)) {
      if (neg) return false;
      matched = true;
    }
  }
  return matched;
}

/** YYYYMMDD or YYYYMMDDHHMM[SS], optionally with a trailing Z (UTC); local time otherwise, like ssh-keygen. */
function parseSshTime(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z)?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", se = "00", z] = m;
  const args = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)] as const;
  return z ? new Date(Date.UTC(...args)) : new Date(...args);
}

/** Entries that accept signatures by `identity` in `namespace` at `when`. */
export function signersFor(
  entries: AllowedSigner[],
  identity: string,
  namespace: string,
  when: Date,
): AllowedSigner[] {
  return entries.filter((e) => {
    if (e.options["cert-authority"]) return false;
    if (!matchPatternList(identity, e.principals)) return false;
    const ns = e.options.namespaces;
    if (typeof ns === "string" && !matchPatternList(namespace, ns)) return false;
    const after =
      typeof e.options["valid-after"] === "string" ? parseSshTime(e.options["valid-after"]) : undefined;
    const before =
      typeof e.options["valid-before"] === "string" ? parseSshTime(e.options["valid-before"]) : undefined;
    if (after && when < after) return false;
    if (before && when > before) return false;
    return true;
  });
}

function expandHome(p: string): string {
  return p.startsWith("~/") ? resolve(homedir(), p.slice(2)) : resolve(p);
}

/** --allowed-signers, else AIRLOCK_ALLOWED_SIGNERS, else git config gpg.ssh.allowedSignersFile. */
export function findAllowedSigners(explicit?: string): string | undefined {
  const candidate =
    explicit ?? process.env.AIRLOCK_ALLOWED_SIGNERS?.trim() ?? gitConfig("gpg.ssh.allowedSignersFile");
  if (!candidate) return undefined;
  const path = expandHome(candidate);
  if (!existsSync(path)) throw new InputError(`${path}: allowed_signers file not found`, path);
  return path;
}

export function readAllowedSigners(path: string): AllowedSigner[] {
  try {
    return parseAllowedSigners(readFileSync(path, "utf8"));
  } catch (err) {
    throw new InputError(`${path}: cannot read allowed_signers (${(err as Error).message})`, path);
  }
}
