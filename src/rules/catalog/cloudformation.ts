// AL-CFN rules: CloudFormation change sets and template pairs, in the seven shared categories. Every rule
// reads the normalized Change (action, Properties on each side, and CfnChangeMeta: PolicyAction, replacement,
// policy changes); provider knowledge comes from ../tables/cloudformation.ts.
import { isRetaining } from "../../ingest/cloudformation/meta.js";
import type { Change, Severity } from "../../model/types.js";
import { isUnknownAfter } from "../../model/values.js";
import {
  ADMIN_MANAGED_POLICIES,
  AUDIT_RESOURCES,
  CFN_CAPACITY,
  CFN_ENCRYPTION_SWITCHES,
  CFN_LOGGING_SWITCHES,
  CFN_PROTECTIONS,
  CFN_STATEFUL,
  CFN_STATEFUL_HIGH,
  ELBV2_ACCESS_LOG_KEY,
  IAM_MANAGED_POLICY_HOLDERS,
  IAM_POLICY_LOCATIONS,
  INTERNET_CIDRS,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  PUBLIC_BUCKET_ACLS,
  PUBLIC_ENDPOINTS,
  RESOURCE_POLICIES,
  ROUTINE_REPLACEMENTS,
  SENSITIVE_PORTS,
  WEB_PORTS,
} from "../tables/cloudformation.js";
import type { Rule, RuleHit } from "../types.js";
import {
  asList,
  cfnChangeSetRule,
  cfnRule,
  destroysData,
  destroyVerb,
  hasSide,
  newStatements,
  num,
  paramNote,
  policyNote,
  principalIsAnyone,
  prop,
  type Resolved,
  resolve,
  type Side,
  sameText,
  split,
  statements,
  text,
  val,
} from "./cloudformation-support.js";

const STATEFUL_TYPES = Object.keys(CFN_STATEFUL);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function radiusNote(n: number): string {
  return n ? `; ${n} dependent${n === 1 ? "" : "s"} in the blast radius` : "";
}

// ── data-loss ────────────────────────────────────────────────────────────────────────────────────────────

const statefulDestroyed = cfnRule(
  {
    id: "AL-CFN-DATA-001",
    title: "Stateful resource removed or replaced without Retain or Snapshot",
    category: "data-loss",
    severity: "critical",
    resourceTypes: STATEFUL_TYPES,
    rationale:
      "When CloudFormation removes or replaces a resource that holds data and its DeletionPolicy/UpdateReplacePolicy is not Retain or Snapshot, the old physical resource and its data are deleted for good.",
    remediation:
      "Set DeletionPolicy/UpdateReplacePolicy to Retain or Snapshot before this change, or avoid the replacement (keep the replacing property unchanged, or migrate data first).",
  },
  (change, m, ctx) => {
    const what = CFN_STATEFUL[change.type];
    const n = ctx.blastRadius(change.address).length;
    if (change.action === "delete" || change.action === "replace") {
      if (!destroysData(change, m) && change.action === "replace")
        return {
          severity: "medium",
          message: `${change.address} (${change.type}) is replaced by a new, empty resource; CloudFormation keeps the old one${policyNote(m)}, so ${what} are not destroyed but no longer in service until restored or migrated${m.replacedBy?.length ? `; replacement forced by ${m.replacedBy.join(", ")}` : ""}${radiusNote(n)}`,
        };
      if (!destroysData(change, m))
        return {
          severity: "info",
          message: `${change.address} (${change.type}) is ${destroyVerb(change)}, but CloudFormation keeps the old resource${policyNote(m)}: no data is lost`,
        };
      const why =
        change.action === "replace" && m.replacedBy?.length
          ? `; replacement forced by ${m.replacedBy.join(", ")}`
          : "";
      return {
        ...(CFN_STATEFUL_HIGH.has(change.type) ? { severity: "high" as const } : {}),
        message: `${change.address} (${change.type}) is ${destroyVerb(change)} and the old resource deleted, losing ${what}${policyNote(m)}${why}${radiusNote(n)}`,
      };
    }
    const gained = conditionGained(change);
    if (gained && m.source === "template-pair")
      return {
        severity: "medium",
        message: `${change.address} (${change.type}) now exists only under Condition ${gained}: if the condition is false when the stack is updated, CloudFormation deletes it and ${what} (${text(resourceAttr(change, "after", "DeletionPolicy")) ? `DeletionPolicy ${text(resourceAttr(change, "after", "DeletionPolicy"))}` : "no DeletionPolicy"})`,
      };
    if (m.replacement === "Conditional" && !isRetainedOnReplace(m.policyAction))
      return {
        severity: "medium",
        message: `${change.address} (${change.type}) may be replaced (Replacement: Conditional${m.replacedBy?.length ? `; ${m.replacedBy.join(", ")}` : ""}); if it is, the old resource and ${what} are deleted${policyNote(m)}`,
      };
    return null;
  },
);

function resourceAttr(change: Change, side: "before" | "after", key: string): unknown {
  const r = change[side];
  return r && typeof r === "object" ? (r as Record<string, unknown>)[key] : undefined;
}

/**
 * Template pairs: the resource gains a Condition (or another one) and is not retained on removal. Conditions are
 * not evaluated (parameter values are known only at deploy time), so the resource may be deleted.
 */
function conditionGained(change: Change): string | undefined {
  if (change.action !== "update") return undefined;
  const a = resourceAttr(change, "after", "Condition");
  if (typeof a !== "string" || a === resourceAttr(change, "before", "Condition")) return undefined;
  if (
    isRetaining(resourceAttr(change, "before", "DeletionPolicy")) &&
    isRetaining(resourceAttr(change, "after", "DeletionPolicy"))
  )
    return undefined;
  return a;
}

function isRetainedOnReplace(p: string | undefined): boolean {
  return p === "ReplaceAndRetain" || p === "ReplaceAndSnapshot";
}

const retentionWeakened = cfnRule(
  {
    id: "AL-CFN-DATA-002",
    title: "DeletionPolicy or UpdateReplacePolicy no longer retains the resource",
    category: "data-loss",
    severity: "high",
    rationale:
      "Retain and Snapshot policies are what keeps data when a resource is later removed or replaced. Removing them is often the first step of a destructive change.",
    remediation: "Keep DeletionPolicy/UpdateReplacePolicy at Retain or Snapshot on resources that hold data.",
  },
  (change, m) => {
    const hits: RuleHit[] = [];
    const stateful = change.type in CFN_STATEFUL;
    for (const pc of m.policyChanges ?? []) {
      if (pc.before === undefined && pc.after === undefined) {
        hits.push({
          severity: stateful ? "medium" : "low",
          message: `${change.address}: ${pc.attribute} changes (values not in the change set; describe it with --include-property-values)`,
        });
        continue;
      }
      if (isRetaining(pc.before) && !isRetaining(pc.after))
        hits.push({
          severity: stateful ? "high" : "medium",
          message: `${change.address} (${change.type}): ${pc.attribute} goes from ${pc.before} to ${pc.after ?? "Delete (default)"}; a later removal or replacement deletes the resource${stateful ? ` and ${CFN_STATEFUL[change.type]}` : ""}`,
        });
    }
    return hits;
  },
);

const protectionOff = cfnRule(
  {
    id: "AL-CFN-DATA-003",
    title: "Deletion protection, backups, versioning or log retention switched off or shortened",
    category: "data-loss",
    severity: "high",
    resourceTypes: [...new Set(CFN_PROTECTIONS.map((p) => p.type))],
    rationale:
      "Deletion protection, automated backups, point-in-time recovery, versioning and log retention are what make a mistake recoverable (and an incident traceable).",
    remediation: "Keep the protection on; if it must change, do it in a separate reviewed change.",
  },
  (change) => {
    if (change.action !== "update" && change.action !== "replace") return null;
    const hits: RuleHit[] = [];
    for (const p of CFN_PROTECTIONS) {
      if (p.type !== change.type) continue;
      const b = val(change, "before", p.path)?.value;
      const aRaw = prop(change, "after", p.path);
      const a = resolve(change, aRaw);
      if (aRaw !== undefined && a === undefined) continue; // not knowable
      let lost: boolean;
      if (p.retention) {
        const bn = prop(change, "before", p.path) === undefined ? p.retention.unset : num(b);
        const an = aRaw === undefined ? p.retention.unset : num(a?.value);
        lost = bn !== undefined && an !== undefined && an < bn;
        if (lost)
          hits.push({
            severity: p.severity,
            message: `${change.address} (${change.type}): ${p.path} goes from ${bn === Number.POSITIVE_INFINITY ? "never expire" : bn} to ${an} ${p.retention.unit}: ${p.effect}`,
          });
        continue;
      }
      if (p.minimum !== undefined) {
        const bn = num(b);
        const an = num(a?.value);
        lost = bn !== undefined && bn > p.minimum && an !== undefined && an <= p.minimum;
      } else lost = sameText(b, p.safe) && !sameText(a?.value, p.safe);
      if (lost)
        hits.push({
          severity: p.severity,
          message: `${change.address} (${change.type}): ${p.path} goes from ${text(b)} to ${a === undefined ? "unset" : text(a.value)}: ${p.effect}`,
        });
    }
    return hits;
  },
);

const nestedStackRemoved = cfnRule(
  {
    id: "AL-CFN-DATA-004",
    title: "Nested stack removed",
    category: "data-loss",
    severity: "high",
    resourceTypes: ["AWS::CloudFormation::Stack"],
    rationale:
      "Removing a nested stack deletes every resource in it, none of which is listed in the parent's change.",
    remediation:
      "Review the nested stack's resources; set Retain on the stack or its stateful resources first.",
  },
  (change, m) => {
    if (change.action !== "delete" && change.action !== "replace") return null;
    if (!destroysData(change, m)) return null;
    return {
      message: `${change.address}: the nested stack is ${destroyVerb(change)}; every resource in it is deleted${policyNote(m)}`,
    };
  },
);

// ── exposure ─────────────────────────────────────────────────────────────────────────────────────────────

interface OpenRule {
  proto: string;
  from: number;
  to: number;
  cidr: string;
  param?: string;
}

function portsLabel(r: OpenRule): string {
  if (r.proto === "-1" || r.proto === "all") return "all traffic";
  if (r.from <= 0 && r.to >= 65535) return `all ${r.proto} ports`;
  return r.from === r.to ? `${r.proto} port ${r.from}` : `${r.proto} ports ${r.from}-${r.to}`;
}

function ruleSeverity(r: OpenRule): { severity: Severity; note: string } {
  const proto = r.proto.toLowerCase();
  if (proto === "-1" || proto === "all" || (r.from <= 0 && r.to >= 65535))
    return { severity: "critical", note: "every port is reachable" };
  if (proto === "icmp" || proto === "1" || proto === "icmpv6" || proto === "58")
    return { severity: "low", note: "ICMP" };
  const hit = Object.entries(SENSITIVE_PORTS).filter(([p]) => Number(p) >= r.from && Number(p) <= r.to);
  if (hit.length) return { severity: "critical", note: hit.map(([p, name]) => `${name} ${p}`).join(", ") };
  let allWeb = true;
  for (let p = r.from; p <= r.to && allWeb; p++) if (!WEB_PORTS.has(p)) allWeb = false;
  if (allWeb) return { severity: "low", note: "web traffic" };
  return { severity: "high", note: "" };
}

function ingressEntries(change: Change, side: Side): Record<string, unknown>[] {
  if (!hasSide(change, side)) return [];
  if (change.type === "AWS::EC2::SecurityGroup")
    return asList(prop(change, side, "SecurityGroupIngress")).filter(isObject);
  const props = prop(change, side, []);
  return isObject(props) ? [props] : [];
}

function openRules(change: Change, side: Side): OpenRule[] {
  const out: OpenRule[] = [];
  for (const e of ingressEntries(change, side)) {
    for (const key of ["CidrIp", "CidrIpv6"]) {
      const c: Resolved | undefined = resolve(change, e[key], side);
      const cidr = text(c?.value);
      if (!cidr || !INTERNET_CIDRS.has(cidr)) continue;
      const proto = text(resolve(change, e.IpProtocol, side)?.value) ?? "-1";
      const from = num(resolve(change, e.FromPort, side)?.value);
      const to = num(resolve(change, e.ToPort, side)?.value);
      const all = proto === "-1" || proto.toLowerCase() === "all";
      out.push({
        proto: proto.toLowerCase(),
        from: all || from === undefined || from < 0 ? 0 : from,
        to: all || to === undefined || to < 0 ? 65535 : to,
        cidr,
        ...(c?.parameter ? { param: c.parameter } : {}),
      });
    }
  }
  return out;
}

const sgOpen = cfnRule(
  {
    id: "AL-CFN-EXP-001",
    title: "Security group opened to the internet",
    category: "exposure",
    severity: "high",
    resourceTypes: ["AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"],
    rationale:
      "An ingress rule from 0.0.0.0/0 or ::/0 makes the port reachable from anywhere; admin and database ports are scanned within minutes.",
    remediation:
      "Allow only the networks that need access (a prefix list, a VPN range or another security group).",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const before = new Set(openRules(change, "before").map((r) => `${r.proto}|${r.from}|${r.to}|${r.cidr}`));
    const hits: RuleHit[] = [];
    for (const r of openRules(change, "after")) {
      if (before.has(`${r.proto}|${r.from}|${r.to}|${r.cidr}`)) continue;
      const { severity, note } = ruleSeverity(r);
      hits.push({
        severity,
        message: `${change.address}: ingress from ${r.cidr}${r.param ? ` (default of parameter ${r.param})` : ""} on ${portsLabel(r)}${note ? ` (${note})` : ""}`,
      });
    }
    return hits;
  },
);

const naclOpen = cfnRule(
  {
    id: "AL-CFN-EXP-002",
    title: "Network ACL allows inbound traffic from the internet",
    category: "exposure",
    severity: "medium",
    resourceTypes: ["AWS::EC2::NetworkAclEntry"],
    rationale:
      "A NACL entry that allows 0.0.0.0/0 inbound removes the subnet-level barrier in front of security groups.",
    remediation: "Allow only the ports and source ranges the subnet serves.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const open = (side: Side): string | null => {
      if (!hasSide(change, side)) return null;
      if (sameText(val(change, side, "Egress")?.value, true)) return null;
      if (!sameText(val(change, side, "RuleAction")?.value, "allow")) return null;
      const cidr =
        text(val(change, side, "CidrBlock")?.value) ?? text(val(change, side, "Ipv6CidrBlock")?.value);
      if (!cidr || !INTERNET_CIDRS.has(cidr)) return null;
      const proto = text(val(change, side, "Protocol")?.value) ?? "-1";
      const from = num(val(change, side, "PortRange.From")?.value) ?? 0;
      const to = num(val(change, side, "PortRange.To")?.value) ?? 65535;
      return `${cidr}|${proto}|${proto === "-1" ? 0 : from}|${proto === "-1" ? 65535 : to}`;
    };
    const a = open("after");
    if (!a || a === open("before")) return null;
    const [cidr, proto, from, to] = a.split("|");
    const r: OpenRule = {
      proto: proto === "6" ? "tcp" : proto === "17" ? "udp" : proto,
      from: Number(from),
      to: Number(to),
      cidr,
    };
    const { severity, note } = ruleSeverity(r);
    return {
      severity:
        severity === "critical" && (r.proto === "-1" || (r.from <= 0 && r.to >= 65535))
          ? "medium"
          : severity === "critical"
            ? "high"
            : "low",
      message: `${change.address}: NACL allows inbound ${portsLabel(r)} from ${cidr}${note ? ` (${note})` : ""}`,
    };
  },
);

const bucketPublic = cfnRule(
  {
    id: "AL-CFN-EXP-003",
    title: "S3 bucket made public",
    category: "exposure",
    severity: "high",
    resourceTypes: ["AWS::S3::Bucket"],
    rationale:
      "Public ACLs and a weakened Block Public Access configuration are how buckets end up readable (or writable) by anyone.",
    remediation:
      "Keep all four Block Public Access flags on; serve public content through CloudFront with origin access control.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const hits: RuleHit[] = [];
    const acl = text(val(change, "after", "AccessControl")?.value);
    const aclBefore = text(val(change, "before", "AccessControl")?.value);
    if (acl && acl in PUBLIC_BUCKET_ACLS && acl !== aclBefore)
      hits.push({
        severity: PUBLIC_BUCKET_ACLS[acl],
        message: `${change.address}: canned ACL ${acl} makes the bucket public`,
      });
    const off: string[] = [];
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
      const b = val(change, "before", ["PublicAccessBlockConfiguration", flag])?.value;
      const aRaw = prop(change, "after", ["PublicAccessBlockConfiguration", flag]);
      const a = resolve(change, aRaw);
      if (aRaw !== undefined && a === undefined) continue;
      const wasOn = change.action === "create" ? false : sameText(b, true);
      const isOff = a !== undefined && sameText(a.value, false);
      if ((wasOn && !sameText(a?.value, true)) || (change.action === "create" && isOff)) off.push(flag);
    }
    if (off.length)
      hits.push({
        severity: change.action === "create" ? "medium" : "high",
        message: `${change.address}: S3 Block Public Access ${off.join(", ")} ${off.length === 1 ? "is" : "are"} ${change.action === "create" ? "off" : "turned off"}`,
      });
    return hits;
  },
);

const publicEndpoint = cfnRule(
  {
    id: "AL-CFN-EXP-004",
    title: "Resource gets a public endpoint",
    category: "exposure",
    severity: "high",
    resourceTypes: [...new Set(PUBLIC_ENDPOINTS.map((p) => p.type))],
    rationale:
      "Databases, replication instances and load balancers with public endpoints are reachable from the internet (subject to security groups); a function URL without auth is callable by anyone.",
    remediation: "Keep data stores private; reach them through a VPN, bastion or private link.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const hits: RuleHit[] = [];
    for (const p of PUBLIC_ENDPOINTS) {
      if (p.type !== change.type) continue;
      if (p.changeOnly && change.action === "create") continue;
      const pub = p.value ?? true;
      const a = val(change, "after", p.path);
      const aRaw = prop(change, "after", p.path);
      const aValue = aRaw === undefined ? p.unset : a?.value;
      if (!sameText(aValue, pub)) continue;
      const bRaw = prop(change, "before", p.path);
      if (change.action !== "create" && bRaw !== undefined && val(change, "before", p.path) === undefined)
        continue; // before unknown
      const bValue =
        change.action === "create"
          ? undefined
          : bRaw === undefined
            ? p.unset
            : val(change, "before", p.path)?.value;
      if (sameText(bValue, pub)) continue;
      hits.push({
        ...(p.severity ? { severity: p.severity } : {}),
        message: `${change.address}: ${p.path} is ${text(aValue)}${paramNote(a)}: ${p.what}`,
      });
    }
    return hits;
  },
);

const resourcePolicyPublic = cfnRule(
  {
    id: "AL-CFN-EXP-005",
    title: "Resource policy grants access to anyone",
    category: "exposure",
    severity: "high",
    resourceTypes: [...Object.keys(RESOURCE_POLICIES), "AWS::Lambda::Permission"],
    rationale:
      'A resource policy statement with Principal "*" and no condition lets any AWS account (or anonymous caller) use the resource.',
    remediation:
      "Name the principals, or restrict with conditions (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID).",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    if (change.type === "AWS::Lambda::Permission") {
      const p = text(val(change, "after", "Principal")?.value);
      if (p !== "*") return null;
      if (
        prop(change, "after", "SourceArn") !== undefined ||
        prop(change, "after", "SourceAccount") !== undefined
      )
        return null;
      if (text(val(change, "before", "Principal")?.value) === "*") return null;
      return {
        message: `${change.address}: anyone may invoke the function (Principal "*" without SourceArn/SourceAccount)`,
      };
    }
    const loc = RESOURCE_POLICIES[change.type];
    const docOf = (side: Side) => {
      const v = prop(change, side, loc.path);
      return loc.path === "Statement" ? { Statement: v } : v;
    };
    const fresh = newStatements(statements(docOf("before")), statements(docOf("after")));
    const hits: RuleHit[] = [];
    for (const s of fresh) {
      if (s.Effect !== "Allow" || s.Condition !== undefined || !principalIsAnyone(s.Principal)) continue;
      const actions = asList(s.Action).map(text).filter(Boolean) as string[];
      const writes = actions.some(
        (a) => a === "*" || /:(\*|Put|Delete|Write|Create|Update|Send|Publish)/i.test(a),
      );
      hits.push({
        severity: writes ? "critical" : "high",
        message: `${change.address}: a policy statement lets anyone (Principal "*") ${actions.length ? actions.join(", ") : "act on"} ${loc.what}`,
      });
    }
    return hits;
  },
);

// ── privilege ────────────────────────────────────────────────────────────────────────────────────────────

function policyDocuments(change: Change, side: Side): unknown[] {
  const loc = IAM_POLICY_LOCATIONS[change.type];
  if (!loc || !hasSide(change, side)) return [];
  const docs: unknown[] = [];
  for (const p of loc.documents ?? []) docs.push(prop(change, side, p));
  for (const p of loc.lists ?? [])
    for (const item of asList(prop(change, side, p))) if (isObject(item)) docs.push(item.PolicyDocument);
  return docs;
}

const iamBroadened = cfnRule(
  {
    id: "AL-CFN-PRIV-001",
    title: "IAM policy grants wildcard or administrator permissions",
    category: "privilege",
    severity: "high",
    resourceTypes: Object.keys(IAM_POLICY_LOCATIONS),
    rationale:
      'New Allow statements with Action "*", service-wide wildcards on every resource, or NotAction grant far more than any workload needs.',
    remediation: "Grant the specific actions on the specific resources the workload uses.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const before = policyDocuments(change, "before").flatMap(statements);
    const after = policyDocuments(change, "after").flatMap(statements);
    const hits: RuleHit[] = [];
    for (const s of newStatements(before, after)) {
      if (s.Effect !== "Allow") continue;
      if (s.NotAction !== undefined) {
        hits.push({
          message: `${change.address}: Allow with NotAction grants every action except those listed`,
        });
        continue;
      }
      const actions = asList(s.Action).map(text).filter(Boolean) as string[];
      const resources = asList(s.Resource).map(text);
      const anyResource = resources.length === 0 || resources.includes("*");
      // IAM matches actions as "service:action" globs: "*:*" (and "*:") mean every action too.
      if (actions.some((a) => /^\*(:\**)?$/.test(a.trim())))
        hits.push({
          severity: anyResource ? "critical" : "high",
          message: `${change.address}: Allow Action "*"${anyResource ? ' on Resource "*" (full administrator access)' : ""}`,
        });
      else {
        const wild = actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a) || a.toLowerCase() === "iam:passrole");
        if (wild.length && anyResource)
          hits.push({
            severity: wild.some(
              (a) => a.toLowerCase().startsWith("iam:") || a.toLowerCase().startsWith("sts:"),
            )
              ? "critical"
              : "high",
            message: `${change.address}: Allow ${wild.join(", ")} on Resource "*"`,
          });
      }
    }
    return hits;
  },
);

function arnText(v: unknown): string | undefined {
  const t = text(v);
  if (t) return t;
  if (isObject(v) && typeof v["Fn::Sub"] === "string") return v["Fn::Sub"];
  if (isObject(v) && Array.isArray(v["Fn::Join"])) {
    const parts = (v["Fn::Join"] as unknown[])[1];
    if (Array.isArray(parts)) return parts.map((p) => text(p) ?? "").join("");
  }
  return undefined;
}

const adminPolicyAttached = cfnRule(
  {
    id: "AL-CFN-PRIV-002",
    title: "Administrator managed policy attached",
    category: "privilege",
    severity: "critical",
    resourceTypes: IAM_MANAGED_POLICY_HOLDERS as string[],
    rationale:
      "AdministratorAccess, PowerUserAccess and IAMFullAccess let the principal do (or grant itself) almost anything.",
    remediation: "Attach a least-privilege policy instead.",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const field = change.type === "AWS::SSO::PermissionSet" ? "ManagedPolicies" : "ManagedPolicyArns";
    const names = (side: Side) =>
      new Set(
        asList(prop(change, side, field))
          .map(arnText)
          .filter((a): a is string => !!a)
          .map((a) => a.slice(a.lastIndexOf("/") + 1)),
      );
    const before = names("before");
    const hits: RuleHit[] = [];
    for (const n of names("after"))
      if (n in ADMIN_MANAGED_POLICIES && !before.has(n))
        hits.push({
          severity: ADMIN_MANAGED_POLICIES[n],
          message: `${change.address}: attaches the AWS managed policy ${n}`,
        });
    return hits;
  },
);

function principals(p: unknown): string[] {
  if (p === "*") return ["*"];
  if (!isObject(p)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(p))
    if (k !== "Service") for (const x of asList(v)) out.push(`${k}:${text(x) ?? JSON.stringify(x)}`);
  return out;
}

const trustBroadened = cfnRule(
  {
    id: "AL-CFN-PRIV-003",
    title: "Role trust policy lets new principals assume the role",
    category: "privilege",
    severity: "medium",
    resourceTypes: ["AWS::IAM::Role"],
    rationale:
      'The trust policy decides who can become the role; new accounts, federated identities or "*" widen that.',
    remediation:
      "Trust only the principals that must assume the role, with conditions (sts:ExternalId, aws:PrincipalOrgID).",
  },
  (change) => {
    if (change.action === "delete" || change.action === "no-op") return null;
    const before = statements(prop(change, "before", "AssumeRolePolicyDocument"));
    const after = statements(prop(change, "after", "AssumeRolePolicyDocument"));
    const known = new Set(before.filter((s) => s.Effect === "Allow").flatMap((s) => principals(s.Principal)));
    const hits: RuleHit[] = [];
    for (const s of newStatements(before, after)) {
      if (s.Effect !== "Allow") continue;
      if (principalIsAnyone(s.Principal)) {
        hits.push({
          severity: s.Condition === undefined ? "critical" : "high",
          message: `${change.address}: any AWS principal ("*") may assume the role${s.Condition === undefined ? " (no condition)" : " (with a condition)"}`,
        });
        continue;
      }
      const fresh = principals(s.Principal).filter((p) => !known.has(p));
      if (fresh.length)
        hits.push({ message: `${change.address}: the role can now be assumed by ${fresh.join(", ")}` });
    }
    return hits;
  },
);

// ── audit ────────────────────────────────────────────────────────────────────────────────────────────────

const auditRemoved = cfnRule(
  {
    id: "AL-CFN-AUDIT-001",
    title: "Audit trail or threat detection removed",
    category: "audit",
    severity: "high",
    resourceTypes: Object.keys(AUDIT_RESOURCES),
    rationale:
      "CloudTrail, Config, GuardDuty, Security Hub and flow logs are how incidents are detected and investigated.",
    remediation:
      "Keep the audit resource; move it to a dedicated security stack if it must leave this one (with Retain).",
  },
  (change, m) => {
    if (change.action !== "delete" || !destroysData(change, m)) return null;
    const a = AUDIT_RESOURCES[change.type];
    return { severity: a.severity, message: `${change.address} is removed: ${a.what}${policyNote(m)}` };
  },
);

function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** A switch leaves its "on" state between before and after (updates only). */
function switchedOff(change: Change, path: string, on: string | number | boolean | "present"): boolean {
  if (change.action !== "update" && change.action !== "replace") return false;
  const bRaw = prop(change, "before", path);
  const aRaw = prop(change, "after", path);
  if (on === "present")
    return isPresent(bRaw) && !isPresent(aRaw) && !isUnknownAfter(change, ["Properties", ...split(path)]);
  const b = resolve(change, bRaw, "before");
  const a = resolve(change, aRaw);
  if (aRaw !== undefined && a === undefined) return false;
  return sameText(b?.value, on) && !sameText(a?.value, on);
}

const loggingOff = cfnRule(
  {
    id: "AL-CFN-AUDIT-002",
    title: "Audit or access logging switched off",
    category: "audit",
    severity: "medium",
    resourceTypes: [
      ...new Set([...CFN_LOGGING_SWITCHES.map((s) => s.type), "AWS::ElasticLoadBalancingV2::LoadBalancer"]),
    ],
    rationale:
      "Access and audit logs are the record of who did what; switching them off leaves gaps nobody notices until an incident.",
    remediation: "Keep logging on; if the destination changes, switch to the new one in the same change.",
  },
  (change) => {
    const hits: RuleHit[] = [];
    for (const s of CFN_LOGGING_SWITCHES)
      if (s.type === change.type && switchedOff(change, s.path, s.on))
        hits.push({
          severity: s.severity,
          message: `${change.address} (${change.type}): ${s.path} is turned off: ${s.effect}`,
        });
    if (
      change.type === "AWS::ElasticLoadBalancingV2::LoadBalancer" &&
      (change.action === "update" || change.action === "replace")
    ) {
      const on = (side: Side) =>
        asList(prop(change, side, "LoadBalancerAttributes")).some(
          (a) =>
            isObject(a) &&
            a.Key === ELBV2_ACCESS_LOG_KEY &&
            sameText(resolve(change, a.Value, side)?.value, true),
        );
      if (on("before") && !on("after"))
        hits.push({
          message: `${change.address}: ${ELBV2_ACCESS_LOG_KEY} is turned off: load balancer access logs stop`,
        });
    }
    return hits;
  },
);

// ── encryption ───────────────────────────────────────────────────────────────────────────────────────────

const kmsKeyDeleted = cfnRule(
  {
    id: "AL-CFN-ENC-001",
    title: "KMS key scheduled for deletion or disabled",
    category: "encryption",
    severity: "critical",
    resourceTypes: ["AWS::KMS::Key", "AWS::KMS::ReplicaKey"],
    rationale:
      "Removing a KMS key from the stack schedules its deletion; after the waiting period every ciphertext under it (volumes, snapshots, objects, secrets) is unreadable forever.",
    remediation: "Set DeletionPolicy: Retain on keys, or disable the key first and confirm nothing uses it.",
  },
  (change, m) => {
    if (change.action === "delete" || change.action === "replace") {
      if (!destroysData(change, m)) return null;
      const days = num(val(change, "before", "PendingWindowInDays")?.value) ?? 30;
      return {
        message: `${change.address} is ${destroyVerb(change)}: the key is scheduled for deletion (after ${days} days) and data encrypted under it becomes unreadable${policyNote(m)}`,
      };
    }
    if (switchedOff(change, "Enabled", true))
      return {
        severity: "high",
        message: `${change.address}: the key is disabled; everything encrypted under it stops decrypting`,
      };
    return null;
  },
);

const encryptionOff = cfnRule(
  {
    id: "AL-CFN-ENC-002",
    title: "Encryption at rest or in transit removed",
    category: "encryption",
    severity: "high",
    resourceTypes: [...new Set(CFN_ENCRYPTION_SWITCHES.map((s) => s.type))],
    rationale: "Unencrypted copies of data are a compliance violation and widen the impact of any leak.",
    remediation: "Keep encryption on (customer-managed KMS keys where required).",
  },
  (change) => {
    const hits: RuleHit[] = [];
    for (const s of CFN_ENCRYPTION_SWITCHES)
      if (s.type === change.type && switchedOff(change, s.path, s.on))
        hits.push({
          severity: s.severity,
          message: `${change.address} (${change.type}): ${s.path} is removed or off: ${s.effect}`,
        });
    return hits;
  },
);

// ── availability ─────────────────────────────────────────────────────────────────────────────────────────

const capacityZero = cfnRule(
  {
    id: "AL-CFN-AVAIL-001",
    title: "Capacity scaled to zero",
    category: "availability",
    severity: "high",
    resourceTypes: [...new Set(CFN_CAPACITY.map((c) => c.type))],
    rationale: "Desired count, maximum size or reserved concurrency at zero stops the service.",
    remediation: "Scale down gradually, or confirm the service is meant to stop.",
  },
  (change) => {
    if (change.action !== "update" && change.action !== "replace") return null;
    const hits: RuleHit[] = [];
    for (const c of CFN_CAPACITY) {
      if (c.type !== change.type) continue;
      const b = num(val(change, "before", c.path)?.value);
      const a = val(change, "after", c.path);
      const an = num(a?.value);
      if (an === 0 && (b === undefined ? c.path === "DesiredCount" : b > 0))
        hits.push({
          message: `${change.address} (${change.type}): ${c.path} goes from ${b ?? "its default"} to 0${paramNote(a)}: ${c.what} drop to zero`,
        });
    }
    return hits;
  },
);

const replacementRipple = cfnRule(
  {
    id: "AL-CFN-AVAIL-002",
    title: "Resource replaced",
    category: "availability",
    severity: "medium",
    rationale:
      "A replacement creates a new physical resource with a new id and deletes the old one; everything that references it is updated, and clients holding the old id break.",
    remediation:
      "Check that the replacement is intended; keep the property that forces it unchanged otherwise.",
  },
  (change, m, ctx) => {
    if (change.action !== "replace" || change.type in CFN_STATEFUL || ROUTINE_REPLACEMENTS.has(change.type))
      return null;
    if (change.type === "AWS::KMS::Key" || change.type === "AWS::CloudFormation::Stack") return null;
    const n = ctx.blastRadius(change.address).length;
    return {
      severity: n ? "medium" : "low",
      message: `${change.address} (${change.type}) is replaced${m.replacedBy?.length ? ` (${m.replacedBy.join(", ")})` : m.typeChanged ? " (type changed)" : ""}${radiusNote(n)}`,
    };
  },
);

const dynamicAction = cfnRule(
  {
    id: "AL-CFN-AVAIL-003",
    title: "Action decided only at execution (Dynamic) or replacement not predictable",
    category: "availability",
    severity: "medium",
    rationale:
      "For Dynamic changes CloudFormation cannot say what will happen until it executes; for resource types outside the specification Airlock cannot predict replacement.",
    remediation: "Review the resource by hand; create the change set again once referenced values are known.",
  },
  (change, m) => {
    if (m.dynamic)
      return {
        message: `${change.address} (${change.type}): CloudFormation decides the action only when the change set executes`,
      };
    if (m.unknownType && change.action === "update")
      return {
        severity: "low",
        message: `${change.address}: type ${change.type} is not in the CloudFormation resource specification; whether the update replaces it is unknown`,
      };
    return null;
  },
);

// ── mass change ──────────────────────────────────────────────────────────────────────────────────────────

const massDestroy = cfnChangeSetRule(
  {
    id: "AL-CFN-MASS-001",
    title: "Most of the stack is removed or replaced",
    category: "mass-change",
    severity: "high",
    rationale:
      'Removing or replacing most resources at once is how environments are deleted by mistake ("delete and recreate").',
    remediation: "Split the change; confirm the stack is meant to be torn down.",
  },
  (cs) => {
    const destroyed = cs.changes.filter((c) => c.action === "delete" || c.action === "replace");
    const existing = cs.changes.filter((c) => c.action !== "create").length;
    const d = destroyed.length;
    if (d >= 10 && existing > 0 && d / existing >= 0.5)
      return {
        severity: "critical",
        message: `${d} of ${existing} existing resources are removed or replaced (${Math.round((100 * d) / existing)}%)`,
      };
    if (d >= 20) return { message: `${d} resources are removed or replaced` };
    return null;
  },
);

export const CLOUDFORMATION_RULES: Rule[] = [
  statefulDestroyed,
  retentionWeakened,
  protectionOff,
  nestedStackRemoved,
  sgOpen,
  naclOpen,
  bucketPublic,
  publicEndpoint,
  resourcePolicyPublic,
  iamBroadened,
  adminPolicyAttached,
  trustBroadened,
  auditRemoved,
  loggingOff,
  kmsKeyDeleted,
  encryptionOff,
  capacityZero,
  replacementRipple,
  dynamicAction,
  massDestroy,
];
