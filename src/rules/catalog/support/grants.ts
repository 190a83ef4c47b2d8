// Access grants in Google IAM / GCS ACLs and Azure role assignments, read from before/after values.
import type { Change } from "../../../model/types.js";
import { getPath } from "../../../model/values.js";
import { AZURE_PRIVILEGED_ROLES, GOOGLE_IAM_TYPE } from "../../tables/iam.js";
import { list, one, strings } from "./values.js";

export interface Grant {
  role: string;
  member: string;
}

/** `google_project_iam_member` → "project"; `google_storage_bucket_iam_binding` → "storage_bucket". */
export function googleIamScope(type: string): string | undefined {
  return GOOGLE_IAM_TYPE.exec(type)?.[1];
}

const ACL_TYPES = new Set([
  "google_storage_bucket_access_control",
  "google_storage_default_object_access_control",
  "google_storage_object_access_control",
]);
const ROLE_ENTITY_TYPES = new Set([
  "google_storage_bucket_acl",
  "google_storage_default_object_acl",
  "google_storage_object_acl",
]);

export function isGoogleGrantType(type: string): boolean {
  return GOOGLE_IAM_TYPE.test(type) || ACL_TYPES.has(type) || ROLE_ENTITY_TYPES.has(type);
}

/** Grants held by one side of a Google IAM or GCS ACL resource. */
export function googleGrants(change: Change, side: "before" | "after"): Grant[] {
  const v = one(side === "before" ? change.before : change.after);
  if (!v) return [];
  const t = change.type;
  const m = GOOGLE_IAM_TYPE.exec(t);
  if (m) {
    if (m[2] === "member")
      return typeof v.role === "string" && typeof v.member === "string"
        ? [{ role: v.role, member: v.member }]
        : [];
    if (m[2] === "binding")
      return typeof v.role === "string"
        ? strings(v.members).map((member) => ({ role: v.role as string, member }))
        : [];
    return policyDataGrants(v.policy_data);
  }
  if (ACL_TYPES.has(t)) {
    return typeof v.entity === "string" ? [{ role: String(v.role ?? ""), member: v.entity }] : [];
  }
  if (ROLE_ENTITY_TYPES.has(t)) {
    const out: Grant[] = [];
    for (const re of strings(v.role_entity)) {
      const i = re.indexOf(":");
      if (i > 0) out.push({ role: re.slice(0, i), member: re.slice(i + 1) });
    }
    if (typeof v.predefined_acl === "string" && /public/i.test(v.predefined_acl))
      out.push({ role: v.predefined_acl, member: "allUsers" });
    return out;
  }
  return [];
}

function policyDataGrants(policyData: unknown): Grant[] {
  if (typeof policyData !== "string" || policyData.length > 1_000_000) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(policyData);
  } catch {
    return [];
  }
  const out: Grant[] = [];
  for (const b of list(getPath(doc, ["bindings"]))) {
    const bb = one(b);
    if (!bb || typeof bb.role !== "string") continue;
    for (const member of strings(bb.members)) out.push({ role: bb.role, member });
  }
  return out;
}

/** Grants on the after side that the before side did not have. */
export function newGrants(change: Change): Grant[] {
  const after = googleGrants(change, "after");
  if (after.length === 0) return after;
  const before = new Set(
    change.action === "create" ? [] : googleGrants(change, "before").map((g) => `${g.role}\u0000${g.member}`),
  );
  return after.filter((g) => !before.has(`${g.role}\u0000${g.member}`));
}

// ---- Azure role assignments ----

export interface AzureRole {
  name: string;
  level: "control" | "write";
}

/** The privileged built-in role an azurerm_role_assignment value names (by name or definition id). */
export function azurePrivilegedRole(v: unknown): AzureRole | undefined {
  const o = one(v);
  if (!o) return undefined;
  const name = typeof o.role_definition_name === "string" ? o.role_definition_name : undefined;
  const id = typeof o.role_definition_id === "string" ? o.role_definition_id.toLowerCase() : "";
  return AZURE_PRIVILEGED_ROLES.find(
    (r) => (name && r.name.toLowerCase() === name.toLowerCase()) || id.endsWith(r.id),
  );
}

export type AzureScopeLevel = "management group" | "subscription" | "resource group" | "resource" | "root";

export function azureScopeLevel(scope: unknown): AzureScopeLevel | undefined {
  if (typeof scope !== "string") return undefined;
  const s = scope.trim();
  if (s === "/") return "root";
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$/i.test(s)) return "management group";
  if (/^\/subscriptions\/[^/]+\/?$/i.test(s)) return "subscription";
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/?$/i.test(s)) return "resource group";
  return "resource";
}
