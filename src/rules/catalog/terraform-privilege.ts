// Privilege rules: IAM broadened — wildcards, admin policies and roles, open trust, escalation paths.
import { type Change, type ChangeSet, maxSeverity, type Severity } from "../../model/types.js";
import { getPath } from "../../model/values.js";
import {
  AWS_ADMIN_MANAGED_POLICIES,
  AWS_ESCALATION_ACTIONS,
  AWS_IDENTITY_POLICY_ATTRS,
  AWS_POLICY_ATTACHMENT_ATTRS,
  AWS_TRUST_POLICY_ATTRS,
  AZURE_AD_PRIVILEGED_ROLES,
  AZURE_AD_ROLE_ASSIGNMENT_TYPES,
  GOOGLE_ADMIN_ROLES,
  GOOGLE_AUTHORITATIVE_POLICY_TYPES,
  GOOGLE_HIERARCHY_SCOPES,
  GOOGLE_IAM_TYPES,
  GOOGLE_PRIMITIVE_ROLES,
  KUBERNETES_ADMIN_ROLES,
  KUBERNETES_ANONYMOUS_SUBJECTS,
  KUBERNETES_BINDING_TYPES,
  KUBERNETES_DANGEROUS_CAPABILITIES,
  KUBERNETES_ESCALATION_VERBS,
  KUBERNETES_HOST_NAMESPACE_FLAGS,
  KUBERNETES_POD_SPEC_PATHS,
  KUBERNETES_ROLE_TYPES,
  KUBERNETES_SENSITIVE_RESOURCES,
} from "../tables/iam.js";
import type { Rule, RuleHit } from "../types.js";
import {
  type IdentityGrants,
  identityGrants,
  parsePolicy,
  type Statement,
  trustFindings,
} from "./support/aws-policy.js";
import { changeRule } from "./support/define.js";
import { azurePrivilegedRole, azureScopeLevel, googleIamScope, newGrants } from "./support/grants.js";
import {
  anySensitive,
  asBool,
  expandPath,
  hasAfter,
  isModification,
  list,
  one,
  parsePath,
  pathText,
  reveal,
  shift,
  strings,
  summarize,
} from "./support/values.js";

const CAT = "privilege" as const;

// ---- AWS identity policies ----

interface DocPair {
  attr: string;
  before: Statement[] | null;
  after: Statement[];
  hidden: boolean;
}

/** Every identity policy document on the after side with its before counterpart (same path). */
function identityDocs(change: Change): DocPair[] {
  const out: DocPair[] = [];
  if (!hasAfter(change)) return out;
  for (const attr of AWS_IDENTITY_POLICY_ATTRS[change.type] ?? []) {
    for (const path of expandPath(
      parsePath(attr),
      change.action === "create" ? null : change.before,
      change.after,
    )) {
      const after = parsePolicy(getPath(change.after, path));
      if (!after) continue;
      const before = change.action === "create" ? null : parsePolicy(getPath(change.before, path));
      out.push({ attr: pathText(path), before, after, hidden: anySensitive(change) });
    }
  }
  return out;
}

function beforeGrants(change: Change): IdentityGrants {
  const all: Statement[] = [];
  if (change.action !== "create")
    for (const attr of AWS_IDENTITY_POLICY_ATTRS[change.type] ?? [])
      for (const path of expandPath(parsePath(attr), change.before, null)) {
        const doc = parsePolicy(getPath(change.before, path));
        if (doc) all.push(...doc);
      }
  return identityGrants(all);
}

const IDENTITY_TYPES = Object.keys(AWS_IDENTITY_POLICY_ATTRS);

const AWS_ADMIN_POLICY = changeRule(
  {
    id: "AL-TF-PRIV-001",
    title: "AWS IAM policy newly grants full administrator access",
    category: CAT,
    severity: "critical",
    provider: "aws",
    rationale:
      'A statement that allows Action "*" on Resource "*" makes whoever holds the policy an administrator of the ' +
      "account: they can read all data, delete anything and grant themselves anything else.",
    remediation:
      "Grant the specific actions and resources the principal needs; use permission boundaries for delegation.",
    resourceTypes: IDENTITY_TYPES,
  },
  (change) => {
    const docs = identityDocs(change);
    if (docs.length === 0) return null;
    const was = beforeGrants(change).admin;
    const hits: RuleHit[] = [];
    for (const d of docs) {
      const now = identityGrants(d.after).admin;
      if (now.has("admin") && !was.has("admin"))
        hits.push({
          severity: "critical",
          message: `${change.address}: ${d.attr} newly allows * on * (full administrator)`,
        });
      else if (now.has("admin-conditional") && !was.has("admin") && !was.has("admin-conditional"))
        hits.push({
          severity: "high",
          message: `${change.address}: ${d.attr} newly allows * on * under a condition (administrator when the condition holds)`,
        });
    }
    return hits;
  },
);

const AWS_ESCALATION = changeRule(
  {
    id: "AL-TF-PRIV-002",
    title: "AWS IAM policy newly grants privilege-escalation actions",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "Actions such as iam:PassRole on *, iam:CreatePolicyVersion, iam:Attach*Policy, iam:Put*Policy, " +
      "iam:UpdateAssumeRolePolicy or sts:AssumeRole on * let a principal give itself more permissions than the " +
      "policy states — often full administrator.",
    remediation:
      "Scope iam:PassRole to specific role ARNs (with iam:PassedToService), drop IAM write actions from workload " +
      "policies, and use permission boundaries.",
    resourceTypes: IDENTITY_TYPES,
  },
  (change) => {
    const docs = identityDocs(change);
    if (docs.length === 0) return null;
    const was = beforeGrants(change);
    if (was.admin.size > 0) return null; // it could already do everything
    const hits: RuleHit[] = [];
    for (const d of docs) {
      const now = identityGrants(d.after);
      if (now.admin.size > 0) continue; // reported by AL-TF-PRIV-001
      const fresh: { action: string; broad: boolean }[] = [];
      for (const [action, broad] of now.escalation) {
        const prev = was.escalation.get(action);
        if (prev === undefined || (broad && !prev)) fresh.push({ action, broad });
      }
      if (fresh.length === 0) continue;
      const broad = fresh.some((f) => f.broad);
      const why = AWS_ESCALATION_ACTIONS.filter((e) => fresh.some((f) => f.action === e.action)).map(
        (e) => e.why,
      );
      hits.push({
        severity: broad ? "high" : "medium",
        message: `${change.address}: ${d.attr} newly grants ${
          d.hidden
            ? "(sensitive)"
            : summarize(
                fresh.map((f) => f.action),
                4,
              )
        }${d.hidden ? "" : ` (can ${summarize(why, 2)})`}${broad ? " on all resources" : ""}`,
      });
    }
    return hits;
  },
);

const AWS_WIDE_WILDCARDS = changeRule(
  {
    id: "AL-TF-PRIV-003",
    title: "AWS IAM policy newly grants service-wide wildcards or NotAction",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      'Allowing "service:*" on Resource "*" grants every present and future action of a service (including ' +
      "deletes and policy changes); Allow with NotAction grants everything except a list, usually far more than meant.",
    remediation: "List the actions the principal needs and scope Resource to specific ARNs.",
    resourceTypes: IDENTITY_TYPES,
  },
  (change) => {
    const docs = identityDocs(change);
    if (docs.length === 0) return null;
    const was = beforeGrants(change);
    if (was.admin.size > 0) return null;
    const hits: RuleHit[] = [];
    for (const d of docs) {
      const now = identityGrants(d.after);
      if (now.admin.size > 0) continue;
      const svc = [...now.serviceWildcards].filter((w) => !was.serviceWildcards.has(w) && w !== "iam:*");
      const notAction = [...now.notAction].filter((n) => !was.notAction.has(n));
      if (svc.length === 0 && notAction.length === 0) continue;
      const parts: string[] = [];
      if (svc.length) parts.push(`${summarize(svc, 4)} on *`);
      if (notAction.length) parts.push("Allow with NotAction on *");
      hits.push({
        severity: notAction.length ? "high" : "medium",
        message: `${change.address}: ${d.attr} newly grants ${d.hidden ? "(sensitive)" : parts.join(" and ")}`,
      });
    }
    return hits;
  },
);

function policyArns(v: unknown, path: string): string[] {
  return strings(getPath(v, parsePath(path)));
}

function adminPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m && AWS_ADMIN_MANAGED_POLICIES[m[1]] ? m[1] : undefined;
}

const AWS_ADMIN_ATTACHED = changeRule(
  {
    id: "AL-TF-PRIV-004",
    title: "AWS administrator managed policy attached",
    category: CAT,
    severity: "critical",
    provider: "aws",
    rationale:
      "Attaching AdministratorAccess, IAMFullAccess (which can grant anything), PowerUserAccess or similar AWS " +
      "managed policies gives a user, group, role or permission set broad control of the account.",
    remediation:
      "Attach least-privilege policies; reserve administrator access for break-glass roles with MFA.",
    resourceTypes: Object.keys(AWS_POLICY_ATTACHMENT_ATTRS),
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const path = AWS_POLICY_ATTACHMENT_ATTRS[change.type];
    const before = new Set(change.action === "create" ? [] : policyArns(change.before, path));
    const fresh = policyArns(change.after, path).filter((a) => !before.has(a));
    const admin = fresh.map(adminPolicyName).filter((n): n is string => !!n);
    if (admin.length === 0) return null;
    let severity: Severity = "info";
    for (const n of admin) severity = maxSeverity(severity, AWS_ADMIN_MANAGED_POLICIES[n]);
    const target = attachmentTarget(change);
    return {
      severity,
      message: `${change.address} attaches ${reveal(change, summarize(admin))}${target ? ` to ${reveal(change, target)}` : ""}`,
    };
  },
);

function attachmentTarget(change: Change): string | undefined {
  const v = one(change.after);
  if (!v) return undefined;
  for (const k of ["role", "user", "group"]) if (typeof v[k] === "string") return `${k} ${v[k]}`;
  if (change.type === "aws_iam_role" && typeof v.name === "string") return `role ${v.name}`;
  if (typeof v.permission_set_arn === "string") return "a permission set";
  const targets = [...strings(v.roles), ...strings(v.users), ...strings(v.groups)];
  return targets.length ? summarize(targets) : undefined;
}

function trustDocs(
  change: Change,
): { before: Statement[] | null; after: Statement[]; hidden: boolean } | null {
  if (!hasAfter(change)) return null;
  const attr = AWS_TRUST_POLICY_ATTRS[change.type];
  if (!attr) return null;
  const after = parsePolicy(getPath(change.after, [attr]));
  if (!after) return null;
  const before = change.action === "create" ? null : parsePolicy(getPath(change.before, [attr]));
  return { before, after, hidden: anySensitive(change) };
}

const AWS_TRUST_ANYONE = changeRule(
  {
    id: "AL-TF-PRIV-005",
    title: "AWS role trust policy newly allows any principal",
    category: CAT,
    severity: "critical",
    provider: "aws",
    rationale:
      'A trust policy with "Principal": {"AWS": "*"} lets any AWS account in the world assume the role; without a ' +
      "condition (sts:ExternalId, aws:PrincipalOrgID…) the role's permissions are effectively public.",
    remediation:
      "Trust specific account or role ARNs, and add aws:PrincipalOrgID or sts:ExternalId conditions.",
    resourceTypes: Object.keys(AWS_TRUST_POLICY_ATTRS),
  },
  (change) => {
    const d = trustDocs(change);
    if (!d) return null;
    const now = trustFindings(d.after).anyone;
    const was = d.before ? trustFindings(d.before).anyone : new Set<string>();
    if (now.has("open") && !was.has("open"))
      return {
        severity: "critical",
        message: `${change.address}: assume_role_policy newly lets any AWS principal assume the role`,
      };
    if (now.has("conditional") && !was.has("open") && !was.has("conditional"))
      return {
        severity: "medium",
        message: `${change.address}: assume_role_policy newly trusts any principal, limited only by its conditions`,
      };
    return null;
  },
);

const AWS_OIDC_TRUST = changeRule(
  {
    id: "AL-TF-PRIV-006",
    title: "AWS role trusts an OIDC provider without a subject condition",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "A role that trusts GitHub Actions, GitLab, HCP Terraform or another OIDC issuer without pinning the token " +
      "subject (repository, branch, workspace) can be assumed by any workflow of any user of that issuer.",
    remediation:
      'Add a StringEquals/StringLike condition on "<issuer>:sub" naming your repository and branch (e.g. ' +
      '"repo:org/repo:ref:refs/heads/main") and on ":aud".',
    resourceTypes: Object.keys(AWS_TRUST_POLICY_ATTRS),
  },
  (change) => {
    const d = trustDocs(change);
    if (!d) return null;
    const now = trustFindings(d.after).oidcWithoutSubject;
    const was = d.before ? trustFindings(d.before).oidcWithoutSubject : new Map<string, string>();
    const fresh = [...now.keys()].filter((k) => !was.has(k));
    if (fresh.length === 0) return null;
    return {
      message: `${change.address}: assume_role_policy trusts ${summarize(fresh)} tokens without restricting the subject: any of its users' workflows can assume the role`,
    };
  },
);

const AWS_TRUST_WIDENED = changeRule(
  {
    id: "AL-TF-PRIV-007",
    title: "AWS role trust policy gains new AWS principals",
    category: CAT,
    severity: "low",
    provider: "aws",
    rationale:
      "Adding accounts, users or roles to a role's trust policy lets them act with the role's permissions; a " +
      "newly trusted external account deserves a look.",
    remediation: "Confirm each newly trusted principal; prefer roles in your own organization.",
    resourceTypes: Object.keys(AWS_TRUST_POLICY_ATTRS),
  },
  (change) => {
    if (change.action === "create") return null;
    const d = trustDocs(change);
    if (!d?.before) return null;
    const was = trustFindings(d.before).principals;
    const fresh = [...trustFindings(d.after).principals].filter(
      (p) => !was.has(p) && p !== "*" && (/^\d{12}$/.test(p) || p.startsWith("arn:aws")),
    );
    if (fresh.length === 0) return null;
    return {
      message: `${change.address}: assume_role_policy newly trusts ${d.hidden ? "(sensitive)" : summarize(fresh)}`,
    };
  },
);

const AWS_LONG_LIVED_KEYS = changeRule(
  {
    id: "AL-TF-PRIV-008",
    title: "AWS long-lived IAM user credentials created",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "IAM access keys and console passwords are long-lived credentials that leak through laptops, CI logs and " +
      "state files (Terraform stores the secret in state).",
    remediation:
      "Use roles with temporary credentials (IAM Identity Center, OIDC federation, instance profiles).",
    resourceTypes: [
      "aws_iam_access_key",
      "aws_iam_user_login_profile",
      "aws_iam_service_specific_credential",
      "aws_iam_signing_certificate",
    ],
  },
  (change) => {
    if (change.action !== "create" && change.action !== "replace") return null;
    const user = getPath(change.after, ["user_name"]) ?? getPath(change.after, ["user"]);
    const who = typeof user === "string" ? ` for user ${reveal(change, user)}` : "";
    const what =
      change.type === "aws_iam_access_key"
        ? "access key"
        : change.type === "aws_iam_user_login_profile"
          ? "console password"
          : "service credential";
    return {
      severity: change.type === "aws_iam_access_key" ? "medium" : "low",
      message: `${change.address} creates a long-lived ${what}${who}`,
    };
  },
);

// ---- Google ----

function googleRoleRule(
  meta: { id: string; title: string; rationale: string; remediation: string; severity: Severity },
  roles: Readonly<Record<string, Severity>>,
  judge: (role: string, scope: string, base: Severity) => Severity,
): Rule {
  return changeRule(
    {
      ...meta,
      category: CAT,
      provider: "google",
      resourceTypes: [...GOOGLE_IAM_TYPES],
    },
    (change) => {
      const scope = googleIamScope(change.type);
      if (!scope || !hasAfter(change)) return null;
      const fresh = newGrants(change).filter((g) => roles[g.role]);
      if (fresh.length === 0) return null;
      let severity: Severity = "info";
      for (const g of fresh) severity = maxSeverity(severity, judge(g.role, scope, roles[g.role]));
      const who = anySensitive(change) ? "" : ` to ${summarize(fresh.map((g) => g.member))}`;
      return {
        severity,
        message: `${change.address} grants ${reveal(change, summarize(fresh.map((g) => g.role)))}${who} on the ${scope.replace(/_/g, " ")}`,
      };
    },
  );
}

const GOOGLE_PRIMITIVE = googleRoleRule(
  {
    id: "AL-TF-PRIV-020",
    title: "Google Cloud primitive role (owner/editor) granted",
    severity: "high",
    rationale:
      "roles/owner and roles/editor grant almost every permission in the project (owner also manages IAM); on " +
      "a folder or organization they cover every project below.",
    remediation: "Grant predefined or custom roles with only the permissions needed.",
  },
  GOOGLE_PRIMITIVE_ROLES,
  (_role, scope, base) => (GOOGLE_HIERARCHY_SCOPES.has(scope) ? base : shift(base, -1)),
);

const GOOGLE_ADMIN = googleRoleRule(
  {
    id: "AL-TF-PRIV-021",
    title: "Google Cloud IAM-administration or impersonation role granted",
    severity: "high",
    rationale:
      "Roles such as projectIamAdmin, securityAdmin, organizationAdmin, serviceAccountTokenCreator, " +
      "serviceAccountKeyAdmin or serviceAccountUser let the member grant itself more access or act as other " +
      "service accounts.",
    remediation:
      "Grant these roles on specific service accounts only, to specific people, ideally just in time.",
  },
  GOOGLE_ADMIN_ROLES,
  (_role, scope, base) =>
    GOOGLE_HIERARCHY_SCOPES.has(scope) || scope === "service_account" || scope === "billing_account"
      ? base
      : shift(base, -1),
);

const GOOGLE_AUTHORITATIVE = changeRule(
  {
    id: "AL-TF-PRIV-022",
    title: "Google Cloud authoritative IAM policy set on a project, folder or organization",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "google_*_iam_policy replaces the whole IAM policy: every binding not in it — other teams, break-glass " +
      "accounts, Google service agents — is removed, which can lock everyone out or break managed services.",
    remediation: "Use google_*_iam_member (non-authoritative) resources, or include every required binding.",
    resourceTypes: [...GOOGLE_AUTHORITATIVE_POLICY_TYPES],
  },
  (change) => {
    if (change.action !== "create" && change.action !== "update" && change.action !== "replace") return null;
    return {
      message: `${change.address} ${change.action === "create" ? "sets" : "rewrites"} the entire IAM policy: bindings not listed in it are removed`,
    };
  },
);

const GOOGLE_SA_KEY = changeRule(
  {
    id: "AL-TF-PRIV-023",
    title: "Google Cloud service account key created",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "A service account key is a long-lived credential; Terraform stores the private key in state, and keys leak " +
      "through CI logs and laptops.",
    remediation: "Use Workload Identity Federation or attached service accounts instead of keys.",
    resourceTypes: ["google_service_account_key"],
  },
  (change) =>
    change.action === "create" || change.action === "replace"
      ? { message: `${change.address} creates a long-lived service account key` }
      : null,
);

const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;

const GOOGLE_DEFAULT_SA_SCOPE = changeRule(
  {
    id: "AL-TF-PRIV-024",
    title: "Google Cloud VM runs as the default compute service account with full API scope",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "The default compute service account has the Editor role in many projects; with the cloud-platform scope " +
      "any process on the VM can use it to change almost anything in the project.",
    remediation: "Attach a dedicated, least-privilege service account to the VM.",
    resourceTypes: [
      "google_compute_instance",
      "google_compute_instance_template",
      "google_compute_region_instance_template",
    ],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const risky = (v: unknown) => {
      const sa = one(getPath(v, ["service_account"]));
      if (!sa) return false;
      const email = typeof sa.email === "string" ? sa.email : "";
      const scopes = strings(sa.scopes);
      return (
        (email === "" || DEFAULT_COMPUTE_SA.test(email)) &&
        scopes.some((s) => s === "cloud-platform" || s.endsWith("/auth/cloud-platform"))
      );
    };
    if (!risky(change.after)) return null;
    if (change.action !== "create" && risky(change.before)) return null;
    return {
      severity: change.action === "create" ? "low" : "medium",
      message: `${change.address} runs as the default compute service account with the cloud-platform scope`,
    };
  },
);

// ---- Azure ----

const AZURE_ROLE_ASSIGNMENT = changeRule(
  {
    id: "AL-TF-PRIV-030",
    title: "Azure privileged role assigned",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "Owner, User Access Administrator and Role Based Access Control Administrator can grant any access; " +
      "Contributor can change or delete every resource. At subscription or management-group scope they cover " +
      "everything below.",
    remediation:
      "Assign narrower built-in or custom roles at the smallest scope; use PIM for just-in-time elevation.",
    resourceTypes: ["azurerm_role_assignment"],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const role = azurePrivilegedRole(change.after);
    if (!role) return null;
    const scope = getPath(change.after, ["scope"]);
    if (change.action !== "create") {
      const before = azurePrivilegedRole(change.before);
      if (before?.name === role.name && getPath(change.before, ["scope"]) === scope) return null;
    }
    const level = azureScopeLevel(scope);
    const wide = level === "subscription" || level === "management group" || level === "root";
    const severity: Severity =
      role.level === "control"
        ? wide
          ? "critical"
          : level === "resource group" || level === undefined
            ? "high"
            : "medium"
        : wide
          ? "high"
          : level === "resource group" || level === undefined
            ? "medium"
            : "low";
    const ptype = getPath(change.after, ["principal_type"]);
    return {
      severity,
      message: `${change.address} assigns ${reveal(change, role.name)}${typeof ptype === "string" ? ` to a ${reveal(change, ptype)}` : ""} at ${level ?? "an unknown"} scope`,
    };
  },
);

const AZURE_WILDCARD_ROLE = changeRule(
  {
    id: "AL-TF-PRIV-031",
    title: "Azure custom role newly grants wildcard or authorization actions",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      'A custom role with actions ["*"] is an Owner-equivalent; Microsoft.Authorization/* or roleAssignments/write ' +
      "lets the holder grant itself any role.",
    remediation: "List the specific resource-provider actions the role needs.",
    resourceTypes: ["azurerm_role_definition"],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const risky = (v: unknown) => {
      const out = new Set<string>();
      for (const p of list(getPath(v, ["permissions"]))) {
        for (const a of strings(one(p)?.actions)) {
          const al = a.toLowerCase();
          if (
            al === "*" ||
            al === "microsoft.authorization/*" ||
            al.startsWith("microsoft.authorization/roleassignments/write") ||
            al === "microsoft.authorization/*/write"
          )
            out.add(a);
        }
      }
      return out;
    };
    const now = risky(change.after);
    const was = change.action === "create" ? new Set<string>() : risky(change.before);
    const fresh = [...now].filter((a) => !was.has(a));
    if (fresh.length === 0) return null;
    return {
      message: `${change.address} newly grants ${reveal(change, summarize(fresh))}${fresh.includes("*") ? " (Owner-equivalent)" : " (can assign roles)"}`,
    };
  },
);

const directoryRolesCache = new WeakMap<ChangeSet, Map<string, string>>();

/** object_id → template_id of azuread_directory_role resources in the plan. */
function directoryRoles(cs: ChangeSet): Map<string, string> {
  let m = directoryRolesCache.get(cs);
  if (m) return m;
  m = new Map();
  for (const c of cs.changes) {
    if (c.type !== "azuread_directory_role") continue;
    for (const v of [c.after, c.before]) {
      const o = one(v);
      if (o && typeof o.object_id === "string" && typeof o.template_id === "string")
        m.set(o.object_id, o.template_id);
    }
  }
  directoryRolesCache.set(cs, m);
  return m;
}

const AZURE_AD_ROLE = changeRule(
  {
    id: "AL-TF-PRIV-032",
    title: "Entra ID (Azure AD) privileged directory role assigned",
    category: CAT,
    severity: "critical",
    provider: "azure",
    rationale:
      "Global Administrator, Privileged Role Administrator and similar directory roles control the whole tenant: " +
      "every user, application and, through elevation, every Azure subscription.",
    remediation:
      "Assign privileged directory roles through PIM, to named break-glass and admin accounts only.",
    resourceTypes: Object.keys(AZURE_AD_ROLE_ASSIGNMENT_TYPES),
  },
  (change, ctx) => {
    if (change.action !== "create" && change.action !== "replace") return null;
    const attr = AZURE_AD_ROLE_ASSIGNMENT_TYPES[change.type];
    const id = getPath(change.after, [attr]);
    if (typeof id !== "string") return null;
    const template = AZURE_AD_PRIVILEGED_ROLES[id] ? id : directoryRoles(ctx.changeSet).get(id);
    const role = template ? AZURE_AD_PRIVILEGED_ROLES[template] : undefined;
    if (!role) return null;
    return {
      severity: role.severity,
      message: `${change.address} assigns the ${reveal(change, role.name)} directory role`,
    };
  },
);

// ---- Kubernetes ----

interface Binding {
  role: string;
  kind: string;
  subjects: string[];
}

function binding(change: Change, side: "before" | "after"): Binding | undefined {
  const v = side === "before" ? change.before : change.after;
  if (change.type === "kubernetes_manifest") {
    const m = one(getPath(v, ["manifest"]));
    if (!m || (m.kind !== "ClusterRoleBinding" && m.kind !== "RoleBinding")) return undefined;
    const ref = one(m.roleRef);
    return {
      role: String(ref?.name ?? ""),
      kind: String(m.kind),
      subjects: list(m.subjects).map((s) => String(one(s)?.name ?? "")),
    };
  }
  const o = one(v);
  if (!o) return undefined;
  const ref = one(o.role_ref);
  return {
    role: String(ref?.name ?? ""),
    kind: change.type.startsWith("kubernetes_cluster_role_binding") ? "ClusterRoleBinding" : "RoleBinding",
    subjects: list(o.subject).map((s) => String(one(s)?.name ?? "")),
  };
}

const K8S_ADMIN_BINDING = changeRule(
  {
    id: "AL-TF-PRIV-040",
    title: "Kubernetes binding to cluster-admin/admin or to anonymous users",
    category: CAT,
    severity: "high",
    provider: "kubernetes",
    rationale:
      "A ClusterRoleBinding to cluster-admin gives full control of the cluster; binding any role to " +
      "system:anonymous, system:unauthenticated or all authenticated users gives it to everyone who can reach " +
      "the API.",
    remediation:
      "Bind narrow roles to named users, groups or service accounts; never bind to anonymous groups.",
    resourceTypes: [...KUBERNETES_BINDING_TYPES, "kubernetes_manifest"],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const a = binding(change, "after");
    if (!a) return null;
    const b = change.action === "create" ? undefined : binding(change, "before");
    const hits: RuleHit[] = [];
    const anon = a.subjects.filter((s) => KUBERNETES_ANONYMOUS_SUBJECTS.has(s) && !b?.subjects.includes(s));
    if (anon.length)
      hits.push({
        severity: "critical",
        message: `${change.address} binds ${reveal(change, a.role || "a role")} to ${reveal(change, summarize(anon))}: anyone who reaches the API gets it`,
      });
    const base = KUBERNETES_ADMIN_ROLES[a.role];
    const roleIsNew = !b || b.role !== a.role;
    const newSubjects = b
      ? a.subjects.filter((s) => !b.subjects.includes(s) && !KUBERNETES_ANONYMOUS_SUBJECTS.has(s))
      : a.subjects;
    if (base && (roleIsNew || newSubjects.length > 0)) {
      const severity = a.kind === "ClusterRoleBinding" ? base : shift(base, -1);
      hits.push({
        severity,
        message: `${change.address} (${a.kind}) grants ${reveal(change, a.role)} to ${reveal(change, summarize(newSubjects.length ? newSubjects : a.subjects))}`,
      });
    }
    return hits;
  },
);

function roleRules(change: Change, side: "before" | "after"): Set<string> {
  const out = new Set<string>();
  const v = side === "before" ? change.before : change.after;
  for (const r of list(getPath(v, ["rule"]))) {
    const rule = one(r);
    if (!rule) continue;
    const verbs = strings(rule.verbs);
    const resources = strings(rule.resources);
    const groups = strings(rule.api_groups);
    if (verbs.includes("*") && resources.includes("*")) out.add(groups.includes("*") ? "*:*:*" : "*:*");
    for (const v2 of verbs) if (KUBERNETES_ESCALATION_VERBS.has(v2)) out.add(`verb ${v2}`);
    const writes = verbs.some((x) => x === "*" || x === "create" || x === "update" || x === "patch");
    const reads = verbs.some((x) => x === "*" || x === "get" || x === "list" || x === "watch");
    for (const res of resources) {
      if (!KUBERNETES_SENSITIVE_RESOURCES.has(res)) continue;
      if (res === "secrets" ? reads : writes) out.add(`${res}:${res === "secrets" ? "read" : "write"}`);
    }
  }
  return out;
}

const K8S_BROAD_ROLE = changeRule(
  {
    id: "AL-TF-PRIV-041",
    title: "Kubernetes role newly grants wildcards, escalation verbs or secret access",
    category: CAT,
    severity: "high",
    provider: "kubernetes",
    rationale:
      'Rules with verbs ["*"] on resources ["*"], the escalate/bind/impersonate verbs, reading secrets or ' +
      "writing RBAC objects, pods/exec or webhooks let the holder take over the namespace or the cluster.",
    remediation: "List specific verbs and resources; keep secret read and RBAC write for administrators.",
    resourceTypes: [...KUBERNETES_ROLE_TYPES],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const now = roleRules(change, "after");
    const was = change.action === "create" ? new Set<string>() : roleRules(change, "before");
    const fresh = [...now].filter((k) => !was.has(k));
    if (fresh.length === 0) return null;
    const cluster = change.type.startsWith("kubernetes_cluster_role");
    const wildcard = fresh.some((f) => f.startsWith("*:"));
    const severity: Severity = wildcard
      ? cluster
        ? "critical"
        : "high"
      : fresh.some((f) => f.startsWith("verb"))
        ? "high"
        : "medium";
    return { severity, message: `${change.address} newly grants ${reveal(change, summarize(fresh, 4))}` };
  },
);

function podRisks(change: Change, side: "before" | "after"): Set<string> {
  const out = new Set<string>();
  const v = side === "before" ? change.before : change.after;
  const specPath = KUBERNETES_POD_SPEC_PATHS[change.type];
  if (!specPath) return out;
  const spec = one(getPath(v, parsePath(specPath)));
  if (!spec) return out;
  for (const f of KUBERNETES_HOST_NAMESPACE_FLAGS) if (asBool(spec[f]) === true) out.add(f);
  for (const c of [...list(spec.container), ...list(spec.init_container)]) {
    const cc = one(c);
    const sc = one(cc?.security_context);
    if (!cc || !sc) continue;
    const name = typeof cc.name === "string" ? cc.name : "?";
    if (asBool(sc.privileged) === true) out.add(`privileged container ${name}`);
    for (const cap of strings(one(sc.capabilities)?.add))
      if (KUBERNETES_DANGEROUS_CAPABILITIES.has(cap.toUpperCase().replace(/^CAP_/, "")))
        out.add(`capability ${cap} on ${name}`);
  }
  for (const vol of list(spec.volume)) {
    const hp = one(one(vol)?.host_path);
    const p = typeof hp?.path === "string" ? hp.path : undefined;
    if (
      p &&
      (p === "/" ||
        /docker\.sock|containerd\.sock|crio\.sock|^\/etc\/?$|^\/var\/run\/?$|^\/proc|^\/root/.test(p))
    )
      out.add(`hostPath ${p}`);
  }
  return out;
}

const K8S_PRIVILEGED_POD = changeRule(
  {
    id: "AL-TF-PRIV-042",
    title: "Kubernetes workload newly runs privileged or shares host namespaces",
    category: CAT,
    severity: "high",
    provider: "kubernetes",
    rationale:
      "Privileged containers, host network/PID/IPC, dangerous capabilities (SYS_ADMIN, NET_ADMIN…) and hostPath " +
      "mounts of / or the container runtime socket give the pod root on the node and a path to the whole cluster.",
    remediation: "Drop privileged mode and host namespaces; enforce the restricted Pod Security Standard.",
    resourceTypes: Object.keys(KUBERNETES_POD_SPEC_PATHS),
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const now = podRisks(change, "after");
    const was =
      change.action === "create" || !isModification(change) ? new Set<string>() : podRisks(change, "before");
    const fresh = [...now].filter((k) => !was.has(k));
    if (fresh.length === 0) return null;
    return { message: `${change.address} newly runs with ${reveal(change, summarize(fresh, 4))}` };
  },
);

export const TERRAFORM_PRIVILEGE_RULES: Rule[] = [
  AWS_ADMIN_POLICY,
  AWS_ESCALATION,
  AWS_WIDE_WILDCARDS,
  AWS_ADMIN_ATTACHED,
  AWS_TRUST_ANYONE,
  AWS_OIDC_TRUST,
  AWS_TRUST_WIDENED,
  AWS_LONG_LIVED_KEYS,
  GOOGLE_PRIMITIVE,
  GOOGLE_ADMIN,
  GOOGLE_AUTHORITATIVE,
  GOOGLE_SA_KEY,
  GOOGLE_DEFAULT_SA_SCOPE,
  AZURE_ROLE_ASSIGNMENT,
  AZURE_WILDCARD_ROLE,
  AZURE_AD_ROLE,
  K8S_ADMIN_BINDING,
  K8S_BROAD_ROLE,
  K8S_PRIVILEGED_POD,
];
