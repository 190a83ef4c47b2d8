// AWS IAM policy documents: safe parsing, normalization and the grants rules compare before/after.

import { AWS_RESTRICTING_CONDITION_KEYS } from "../../tables/exposure.js";
import { AWS_ESCALATION_ACTIONS, AWS_OIDC_SUBJECT_KEYS } from "../../tables/iam.js";

export interface Principals {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  anyone: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonical: string[];
}

export interface Statement {
  effect: "Allow" | "Deny";
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principal: Principals | null;
  notPrincipal: boolean;
  /** Condition keys, lower-cased. */
  conditionKeys: string[];
  /** Condition values by lower-cased key. */
  conditionValues: Map<string, string[]>;
}

const MAX_DOC = 1_000_000;
const parseCache = new Map<string, Statement[] | null>();

/** Parses a policy given as JSON text or an object. Null when it is not a readable policy document. */
export function parsePolicy(v: unknown): Statement[] | null {
  if (typeof v === "string") {
    if (v.length === 0 || v.length > MAX_DOC) return null;
    const cached = parseCache.get(v);
    if (cached !== undefined) return cached;
    let doc: unknown;
    try {
      doc = JSON.parse(v);
    } catch {
      doc = undefined;
    }
    const out = doc === undefined ? null : normalize(doc);
    if (parseCache.size > 5000) parseCache.clear();
    parseCache.set(v, out);
    return out;
  }
  if (v && typeof v === "object") return normalize(v);
  return null;
}

function normalize(doc: unknown): Statement[] | null {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return null;
  const raw = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : null;
  if (!list) return null;
  const out: Statement[] = [];
  for (const s of list) {
    if (!s || typeof s !== "object" || Array.isArray(s)) continue;
    const st = s as Record<string, unknown>;
    const effect = st.Effect === "Deny" ? "Deny" : st.Effect === "Allow" ? "Allow" : null;
    if (!effect) continue;
    const conditionKeys: string[] = [];
    const conditionValues = new Map<string, string[]>();
    const cond = st.Condition;
    if (cond && typeof cond === "object" && !Array.isArray(cond)) {
      for (const block of Object.values(cond as Record<string, unknown>)) {
        if (!block || typeof block !== "object" || Array.isArray(block)) continue;
        for (const [k, val] of Object.entries(block as Record<string, unknown>)) {
          const key = k.toLowerCase();
          conditionKeys.push(key);
          const vals = strs(val);
          conditionValues.set(key, [...(conditionValues.get(key) ?? []), ...vals]);
        }
      }
    }
    out.push({
      effect,
      actions: strs(st.Action),
      notActions: strs(st.NotAction),
      resources: strs(st.Resource),
      notResources: strs(st.NotResource),
      principal: principals(st.Principal),
      notPrincipal: st.NotPrincipal !== undefined,
      conditionKeys,
      conditionValues,
    });
  }
  return out;
}

function strs(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (typeof v === "boolean" || typeof v === "number") return [String(v)];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

function principals(v: unknown): Principals | null {
  if (v === undefined || v === null) return null;
  const p: Principals = { anyone: false, aws: [], service: [], federated: [], canonical: [] };
  if (v === "*") {
    p.anyone = true;
    return p;
  }
  if (typeof v !== "object" || Array.isArray(v)) return p;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const vals = strs(val);
    if (k === "AWS") {
      p.aws.push(...vals);
      if (vals.includes("*")) p.anyone = true;
    } else if (k === "Service") p.service.push(...vals);
    else if (k === "Federated") p.federated.push(...vals);
    else if (k === "CanonicalUser") p.canonical.push(...vals);
    else if (k === "*" || vals.includes("*")) p.anyone = true;
  }
  return p;
}

// ---- action matching ----

const globCache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    );
    if (globCache.size > 5000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

/** Does an action pattern from a policy (`iam:*`, `iam:Attach*`, `*`) cover this action? */
export function covers(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern.toLowerCase() === action.toLowerCase();
  return glob(pattern).test(action);
}

function isFullWildcard(a: string): boolean {
  return a === "*" || a === "*:*";
}

/** Resource "*" or an account-wide IAM wildcard. */
export function isBroadResource(r: string): boolean {
  return r === "*" || /^arn:aws[\w-]*:iam::(\*|\d*):(\*|(role|user|group|policy)\/\*)$/i.test(r);
}

// ---- grants ----

/** Grant keys for identity policies: what a rule compares before/after. */
export interface IdentityGrants {
  /** Allow * on *. `conditional` when the statement has conditions. */
  admin: Set<"admin" | "admin-conditional">;
  /** Allow with NotAction (everything except a list). */
  notAction: Set<string>;
  /** Escalation actions granted: action → broad resource? */
  escalation: Map<string, boolean>;
  /** Service-wide wildcards on resource "*": `s3:*`. */
  serviceWildcards: Set<string>;
}

export function identityGrants(stmts: readonly Statement[]): IdentityGrants {
  const g: IdentityGrants = {
    admin: new Set(),
    notAction: new Set(),
    escalation: new Map(),
    serviceWildcards: new Set(),
  };
  for (const s of stmts) {
    if (s.effect !== "Allow") continue;
    const broad = s.resources.some(isBroadResource) || s.notResources.length > 0;
    const anyResource = s.resources.includes("*") || s.notResources.length > 0;
    if (s.notActions.length > 0) {
      if (anyResource) g.notAction.add(s.notActions.slice().sort().join(","));
      continue;
    }
    if (s.actions.some(isFullWildcard) && anyResource) {
      g.admin.add(s.conditionKeys.length ? "admin-conditional" : "admin");
      continue;
    }
    for (const e of AWS_ESCALATION_ACTIONS) {
      if (e.broadOnly && !broad) continue;
      if (s.actions.some((a) => covers(a, e.action))) {
        const prev = g.escalation.get(e.action);
        g.escalation.set(e.action, prev === true || broad);
      }
    }
    if (anyResource) {
      for (const a of s.actions) {
        const m = /^([a-z0-9-]+):\*$/i.exec(a);
        if (m) g.serviceWildcards.add(`${m[1].toLowerCase()}:*`);
      }
    }
  }
  return g;
}

/** Public-principal statements without a restricting condition: returns their actions. */
export function publicGrants(stmts: readonly Statement[]): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.effect !== "Allow" || !s.principal?.anyone) continue;
    if (s.conditionKeys.some((k) => AWS_RESTRICTING_CONDITION_KEYS.has(k))) continue;
    if (s.notActions.length) out.push(`all but ${s.notActions.join("/")}`);
    else out.push(...(s.actions.length ? s.actions : ["(no action)"]));
  }
  return out;
}

/** Actions that write, delete or administer (for severity of public grants). */
export function hasWriteAction(actions: readonly string[]): boolean {
  return actions.some(
    (a) =>
      a === "*" ||
      a.startsWith("all but") ||
      /:(\*|put|delete|write|create|update|attach|set|modify|send|publish|invoke|restore|replicate|tag|untag|abort)/i.test(
        a,
      ),
  );
}

export interface TrustFindings {
  /** Any principal may assume the role: "open" (no condition) / "conditional". */
  anyone: Set<"open" | "conditional">;
  /** OIDC providers trusted without a subject condition (label → issuer). */
  oidcWithoutSubject: Map<string, string>;
  /** Every trusted principal (for "new principals"). */
  principals: Set<string>;
}

export function trustFindings(stmts: readonly Statement[]): TrustFindings {
  const f: TrustFindings = { anyone: new Set(), oidcWithoutSubject: new Map(), principals: new Set() };
  for (const s of stmts) {
    if (s.effect !== "Allow" || !s.principal) continue;
    const assumes =
      s.actions.length === 0 || s.actions.some((a) => covers(a, "sts:AssumeRole") || /^sts:/i.test(a));
    if (!assumes) continue;
    const p = s.principal;
    if (p.anyone) f.anyone.add(s.conditionKeys.length ? "conditional" : "open");
    for (const a of p.aws) f.principals.add(a);
    for (const a of p.service) f.principals.add(a);
    for (const a of p.federated) f.principals.add(a);
    for (const fed of p.federated) {
      const issuer = AWS_OIDC_SUBJECT_KEYS.find((o) => fed.includes(o.issuer));
      if (!issuer) continue;
      const subKeys = s.conditionKeys.filter((k) => k.endsWith(":sub"));
      const subValues = subKeys.flatMap((k) => s.conditionValues.get(k) ?? []);
      const unrestricted =
        subKeys.length === 0 ||
        subValues.length === 0 ||
        subValues.some((v) => v === "*" || /^repo:\*/.test(v));
      if (unrestricted) f.oidcWithoutSubject.set(issuer.label, issuer.issuer);
    }
  }
  return f;
}
