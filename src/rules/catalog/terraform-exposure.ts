// Exposure rules: network paths newly opened to the internet, public flags switched on, public policies and ACLs.
import type { Change, Severity } from "../../model/types.js";
import { getPath } from "../../model/values.js";
import { changedTo } from "../tables/common.js";
import {
  AWS_INTERNET_FACING,
  AWS_PRINCIPAL_PERMISSIONS,
  AWS_PUBLIC_ACCESS_BLOCK_FLAGS,
  AWS_PUBLIC_ACCESS_BLOCK_TYPES,
  AWS_PUBLIC_CANNED_ACLS,
  AWS_PUBLIC_FLAGS,
  AWS_PUBLIC_GRANTEE_URIS,
  AWS_PUBLIC_IP,
  AWS_RESOURCE_POLICY_ATTRS,
  AZURE_DB_FIREWALL_RULE_TYPES,
  AZURE_PUBLIC_BLOBS,
  AZURE_PUBLIC_NETWORK,
  GOOGLE_BUCKET_PUBLIC,
  GOOGLE_PUBLIC_MEMBERS,
  KUBERNETES_API_PUBLIC,
  KUBERNETES_EXTERNAL_SERVICE_TYPES,
  KUBERNETES_SERVICE_TYPES,
  WORLD_CIDRS,
} from "../tables/exposure.js";
import { GOOGLE_IAM_TYPES } from "../tables/iam.js";
import type { Rule, RuleHit } from "../types.js";
import { hasWriteAction, parsePolicy, publicGrants } from "./support/aws-policy.js";
import { changeRule, destroyedNames, indexByType, transitionRule } from "./support/define.js";
import { googleIamScope, isGoogleGrantType, newGrants } from "./support/grants.js";
import {
  awsOpenIngress,
  awsOpenNacl,
  azureOpenNsg,
  googleOpenFirewall,
  ipv4,
  judgePorts,
  newlyOpen,
  type OpenEntry,
  worst,
} from "./support/network.js";
import { transitionHits } from "./support/transitions.js";
import {
  anySensitive,
  asBool,
  atMost,
  destroyKind,
  destroyVerb,
  hasAfter,
  isEmpty,
  isModification,
  list,
  one,
  parsePath,
  reveal,
  strings,
  summarize,
} from "./support/values.js";

const CAT = "exposure" as const;

/** Shared shape of the "ingress newly open to the internet" rules. */
function openIngressCheck(
  read: (type: string, v: unknown) => OpenEntry[],
  what: string | ((type: string) => string),
  cap?: Severity,
) {
  return (change: Change): RuleHit | null => {
    if (!hasAfter(change)) return null;
    const after = read(change.type, change.after);
    if (after.length === 0) return null;
    const before = change.action === "create" ? [] : read(change.type, change.before);
    const fresh = newlyOpen(before, after);
    if (fresh.length === 0) return null;
    const judged = fresh.map(judgePorts);
    let severity = worst(judged);
    if (cap) severity = atMost(severity, cap);
    const detail = anySensitive(change)
      ? "the internet (details sensitive)"
      : `${summarize([...new Set(fresh.map((e) => e.source))])} to ${summarize(judged.map((j) => j.label))}`;
    const verb = change.action === "create" ? "is created allowing" : "newly allows";
    const label = typeof what === "string" ? what : what(change.type);
    return { severity, message: `${label} ${change.address} ${verb} ingress from ${detail}` };
  };
}

const AWS_SG_OPEN = changeRule(
  {
    id: "AL-TF-EXP-001",
    title: "AWS security group newly open to the internet",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "Ingress from 0.0.0.0/0 or ::/0 exposes whatever listens behind the security group to the whole internet. " +
      "Administration and database ports (SSH, RDP, MySQL, PostgreSQL, Redis…) and all-port rules are how " +
      "most breaches start. Rules that were already open and are unchanged do not fire.",
    remediation:
      "Restrict the source to known CIDRs, a prefix list or another security group; reach administration ports " +
      "through SSM Session Manager or a VPN instead.",
    resourceTypes: [
      "aws_security_group",
      "aws_default_security_group",
      "aws_security_group_rule",
      "aws_vpc_security_group_ingress_rule",
    ],
  },
  openIngressCheck(awsOpenIngress, "security group"),
);

const AWS_NACL_OPEN = changeRule(
  {
    id: "AL-TF-EXP-002",
    title: "AWS network ACL newly allows internet ingress",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "A network ACL allow rule from 0.0.0.0/0 removes a subnet-level layer of defence; on administration or " +
      "database ports it leaves only security groups between the internet and the service.",
    remediation:
      "Allow only the ports and sources the subnet serves; keep deny rules for administration ports.",
    resourceTypes: ["aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule"],
  },
  openIngressCheck(awsOpenNacl, "network ACL", "medium"),
);

const AWS_PUBLIC_ENDPOINT = transitionRule(
  {
    id: "AL-TF-EXP-003",
    title: "AWS database made publicly accessible",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "publicly_accessible = true gives an RDS, Redshift or DMS instance a public DNS name and IP; only its " +
      "security group then stands between the database and the internet.",
    remediation: "Keep databases private; reach them through a bastion, VPN, PrivateLink or RDS Proxy.",
  },
  AWS_PUBLIC_FLAGS,
  { onCreate: "medium" },
);

const AWS_PUBLIC_ACCESS_BLOCK = changeRule(
  {
    id: "AL-TF-EXP-004",
    title: "AWS S3 Block Public Access weakened or removed",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "S3 Block Public Access is the guard that keeps a bucket (or the whole account) private whatever its " +
      "policy or ACLs say. Turning a setting off, or deleting the block, allows public policies and ACLs.",
    remediation:
      "Keep all four settings true; serve public content through CloudFront with origin access control.",
    resourceTypes: [...AWS_PUBLIC_ACCESS_BLOCK_TYPES],
  },
  (change, ctx) => {
    const account = change.type === "aws_s3_account_public_access_block";
    const kind = destroyKind(change);
    const onBefore = AWS_PUBLIC_ACCESS_BLOCK_FLAGS.filter(
      (f) => asBool(getPath(change.before, [f])) === true,
    );
    if (kind === "delete") {
      if (onBefore.length === 0) return null;
      const bucket = getPath(change.before, ["bucket"]);
      const bucketGone =
        !account && typeof bucket === "string" && destroyedNames(ctx.changeSet, "aws_s3_bucket").has(bucket);
      if (bucketGone) return null;
      return {
        severity: account ? "critical" : "high",
        message: `${account ? "account-wide" : "bucket"} Block Public Access ${change.address} is deleted: public policies and ACLs are no longer blocked`,
      };
    }
    if (!isModification(change)) return null;
    const turnedOff = AWS_PUBLIC_ACCESS_BLOCK_FLAGS.filter(
      (f) => asBool(getPath(change.before, [f])) === true && asBool(getPath(change.after, [f])) === false,
    );
    if (turnedOff.length === 0) return null;
    const policyDoor =
      turnedOff.includes("block_public_policy") || turnedOff.includes("restrict_public_buckets");
    return {
      severity: account ? "critical" : policyDoor || turnedOff.length > 1 ? "high" : "medium",
      message: `${change.address}: ${turnedOff.join(", ")} switched off: ${account ? "every bucket in the account" : "the bucket"} may be made public`,
    };
  },
);

function awsPublicAcl(change: Change, side: "before" | "after"): Map<string, Severity> {
  const out = new Map<string, Severity>();
  const v = one(side === "before" ? change.before : change.after);
  if (!v) return out;
  const canned = typeof v.acl === "string" ? v.acl : undefined;
  if (canned && AWS_PUBLIC_CANNED_ACLS[canned]) out.set(`acl ${canned}`, AWS_PUBLIC_CANNED_ACLS[canned]);
  const grants = [
    ...list(one(v.access_control_policy)?.grant).map((g) => {
      const gg = one(g);
      const grantee = one(gg?.grantee);
      return { uri: grantee?.uri, permission: gg?.permission };
    }),
    ...list(v.grant).map((g) => {
      const gg = one(g);
      return { uri: gg?.uri, permission: strings(gg?.permissions).join("+") };
    }),
  ];
  for (const g of grants) {
    if (typeof g.uri !== "string" || !AWS_PUBLIC_GRANTEE_URIS.has(g.uri)) continue;
    const who = g.uri.endsWith("AllUsers") ? "AllUsers" : "AuthenticatedUsers";
    const perm = String(g.permission ?? "");
    out.set(`${who} ${perm}`, /WRITE|FULL_CONTROL/.test(perm) ? "critical" : "high");
  }
  return out;
}

const AWS_S3_PUBLIC_ACL = changeRule(
  {
    id: "AL-TF-EXP-005",
    title: "AWS S3 ACL newly grants public access",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "A public-read / public-read-write canned ACL or a grant to the AllUsers / AuthenticatedUsers groups lets " +
      "anyone read (or write) the bucket or object.",
    remediation:
      "Use private ACLs (or BucketOwnerEnforced object ownership) and grant access through policies.",
    resourceTypes: ["aws_s3_bucket_acl", "aws_s3_bucket", "aws_s3_object", "aws_s3_bucket_object"],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const after = awsPublicAcl(change, "after");
    if (after.size === 0) return null;
    const before = change.action === "create" ? new Map() : awsPublicAcl(change, "before");
    const fresh = [...after].filter(([k]) => !before.has(k));
    if (fresh.length === 0) return null;
    const sev = fresh.some(([, s]) => s === "critical") ? "critical" : "high";
    return {
      severity: sev,
      message: `${change.address} newly grants public access via ${reveal(change, summarize(fresh.map(([k]) => k)))}`,
    };
  },
);

const AWS_PUBLIC_POLICY = changeRule(
  {
    id: "AL-TF-EXP-006",
    title: "AWS resource policy newly allows any principal",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      'A bucket, queue, topic, key, secret, repository or function policy that allows "Principal": "*" without a ' +
      "condition restricting the source account, organization, VPC or IP lets anyone on the internet use it.",
    remediation:
      "Name the principals, or add a condition on aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or " +
      "aws:SourceVpce; serve public S3 content through CloudFront instead.",
    resourceTypes: [...Object.keys(AWS_RESOURCE_POLICY_ATTRS), ...Object.keys(AWS_PRINCIPAL_PERMISSIONS)],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const perm = AWS_PRINCIPAL_PERMISSIONS[change.type];
    if (perm) {
      const pub = (v: unknown) => {
        const o = one(v);
        return !!o && o[perm.principal] === "*" && perm.restrictedBy.every((k) => isEmpty(o[k]));
      };
      if (!pub(change.after) || (change.action !== "create" && pub(change.before))) return null;
      const action = String(one(change.after)?.action ?? "");
      const urlOnly = one(change.after)?.function_url_auth_type === "NONE";
      return {
        severity: urlOnly ? "medium" : /^lambda:Invoke/i.test(action) ? "medium" : "high",
        message: `${change.address} newly lets any principal call ${action ? reveal(change, action) : "the function"}${urlOnly ? " through its public function URL" : ""}`,
      };
    }
    const hits: RuleHit[] = [];
    for (const attr of AWS_RESOURCE_POLICY_ATTRS[change.type] ?? []) {
      const path = parsePath(attr);
      const after = parsePolicy(getPath(change.after, path));
      if (!after) continue;
      const nowPublic = publicGrants(after);
      if (nowPublic.length === 0) continue;
      const before = change.action === "create" ? null : parsePolicy(getPath(change.before, path));
      const was = new Set(before ? publicGrants(before) : []);
      const fresh = nowPublic.filter((a) => !was.has(a));
      if (fresh.length === 0) continue;
      hits.push({
        severity: hasWriteAction(fresh) ? "critical" : "high",
        message: `${change.address}: ${attr} newly allows any principal (${reveal(change, summarize(fresh))}) without a restricting condition`,
      });
    }
    return hits;
  },
);

const AWS_PUBLIC_IP_ON = transitionRule(
  {
    id: "AL-TF-EXP-007",
    title: "AWS instances or subnet newly get public IP addresses",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "associate_public_ip_address or map_public_ip_on_launch switched on puts instances directly on the " +
      "internet, behind only their security groups.",
    remediation: "Keep instances in private subnets behind a load balancer or NAT; use SSM for access.",
  },
  AWS_PUBLIC_IP,
);

const AWS_LB_INTERNET_FACING = transitionRule(
  {
    id: "AL-TF-EXP-008",
    title: "AWS load balancer switched from internal to internet-facing",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "internal = false makes a load balancer that served only the VPC reachable from the internet (and replaces " +
      "it, changing its DNS name).",
    remediation: "Keep internal services on internal load balancers; publish only what must be public.",
  },
  AWS_INTERNET_FACING,
);

const K8S_API_BY_TYPE = indexByType(KUBERNETES_API_PUBLIC);

const CLUSTER_API_PUBLIC = changeRule(
  {
    id: "AL-TF-EXP-009",
    title: "Managed Kubernetes API endpoint opened to the internet",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "A public EKS/GKE/AKS API endpoint without source restrictions lets anyone on the internet reach the " +
      "cluster's control plane; one leaked credential or API vulnerability is then enough.",
    remediation:
      "Keep the endpoint private, or restrict it with public_access_cidrs / master authorized networks / " +
      "authorized IP ranges.",
    resourceTypes: [...K8S_API_BY_TYPE.keys()],
  },
  (change) => {
    const hits = transitionHits(change, K8S_API_BY_TYPE.get(change.type) ?? []);
    if (change.type === "aws_eks_cluster" && isModification(change)) {
      const vb = one(getPath(change.before, ["vpc_config"]));
      const va = one(getPath(change.after, ["vpc_config"]));
      const publicAfter = asBool(va?.endpoint_public_access) === true;
      const worldBefore = strings(vb?.public_access_cidrs).some((c) => WORLD_CIDRS.has(c));
      const worldAfter = strings(va?.public_access_cidrs).some((c) => WORLD_CIDRS.has(c));
      if (publicAfter && worldAfter && !worldBefore && asBool(vb?.endpoint_public_access) === true)
        hits.push({
          severity: "medium",
          message: `${change.address}: public_access_cidrs now includes 0.0.0.0/0: the cluster API is reachable from anywhere`,
        });
    }
    for (const h of hits) h.severity = h.severity ?? "medium";
    return hits;
  },
);

const AWS_FUNCTION_URL = changeRule(
  {
    id: "AL-TF-EXP-010",
    title: "AWS Lambda function URL without authentication",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale: "authorization_type = NONE lets anyone on the internet invoke the function through its URL.",
    remediation: "Use AWS_IAM authorization, or put the function behind API Gateway with an authorizer.",
    resourceTypes: ["aws_lambda_function_url"],
  },
  (change) => {
    if (!hasAfter(change) || getPath(change.after, ["authorization_type"]) !== "NONE") return null;
    if (change.action === "create")
      return {
        severity: "medium",
        message: `${change.address} is created with authorization_type = NONE: anyone can invoke the function`,
      };
    if (getPath(change.before, ["authorization_type"]) === "AWS_IAM")
      return {
        severity: "high",
        message: `${change.address}: authorization_type AWS_IAM → NONE: anyone can invoke the function`,
      };
    return null;
  },
);

const AWS_PUBLIC_SHARING = changeRule(
  {
    id: "AL-TF-EXP-011",
    title: "AWS snapshot or image shared publicly",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      'An AMI launch permission for group "all" or a DB snapshot shared with "all" lets any AWS account copy ' +
      "the disk or database, with whatever data and credentials it holds.",
    remediation:
      "Share with named accounts only; keep account-level block public access for AMIs and snapshots on.",
    resourceTypes: [
      "aws_ami_launch_permission",
      "aws_db_snapshot",
      "aws_db_cluster_snapshot",
      "aws_ec2_image_block_public_access",
      "aws_ebs_snapshot_block_public_access",
    ],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const t = change.type;
    if (t === "aws_ami_launch_permission") {
      if (getPath(change.after, ["group"]) !== "all") return null;
      if (change.action !== "create" && getPath(change.before, ["group"]) === "all") return null;
      return { message: `${change.address} makes the AMI public (launch permission group "all")` };
    }
    if (t === "aws_db_snapshot" || t === "aws_db_cluster_snapshot") {
      const all = (v: unknown) => strings(getPath(v, ["shared_accounts"])).includes("all");
      if (!all(change.after) || (change.action !== "create" && all(change.before))) return null;
      return {
        severity: "critical",
        message: `${change.address} is shared with "all": any AWS account can copy it`,
      };
    }
    if (!isModification(change)) return null;
    const before = getPath(change.before, ["state"]);
    const after = getPath(change.after, ["state"]);
    if (typeof before === "string" && before !== "unblocked" && after === "unblocked")
      return {
        severity: "medium",
        message: `${change.address}: state ${reveal(change, before)} → unblocked: images or snapshots may now be shared publicly`,
      };
    return null;
  },
);

const GOOGLE_FIREWALL_OPEN = changeRule(
  {
    id: "AL-TF-EXP-020",
    title: "Google Cloud firewall newly open to the internet",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "An INGRESS allow rule with source_ranges 0.0.0.0/0 exposes the targeted VMs to the whole internet; on " +
      "SSH, RDP, database ports or all ports that is a direct attack path. Enabling a disabled open rule counts.",
    remediation:
      "Restrict source_ranges; use Identity-Aware Proxy TCP forwarding (35.235.240.0/20) for SSH/RDP.",
    resourceTypes: ["google_compute_firewall"],
  },
  openIngressCheck((_t, v) => googleOpenFirewall(v), "firewall rule"),
);

const GOOGLE_STORAGE_PUBLIC = changeRule(
  {
    id: "AL-TF-EXP-021",
    title: "Google Cloud Storage newly public",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "Granting allUsers or allAuthenticatedUsers on a bucket (IAM or ACL), or relaxing public access " +
      "prevention, lets anyone on the internet read (or write) its objects.",
    remediation:
      'Keep public_access_prevention = "enforced" and uniform bucket-level access; serve public content through ' +
      "a load balancer with Cloud CDN or signed URLs.",
    resourceTypes: [
      "google_storage_bucket_iam_member",
      "google_storage_bucket_iam_binding",
      "google_storage_bucket_iam_policy",
      "google_storage_bucket_access_control",
      "google_storage_default_object_access_control",
      "google_storage_object_access_control",
      "google_storage_bucket_acl",
      "google_storage_default_object_acl",
      "google_storage_object_acl",
      "google_storage_bucket",
    ],
  },
  (change) => {
    if (change.type === "google_storage_bucket") return transitionHits(change, GOOGLE_BUCKET_PUBLIC);
    if (!hasAfter(change)) return null;
    const pub = newGrants(change).filter((g) => GOOGLE_PUBLIC_MEMBERS.has(g.member));
    if (pub.length === 0) return null;
    const write = pub.some((g) => /admin|owner|writer|creator|objectUser|legacyBucketWriter/i.test(g.role));
    return {
      severity: write ? "critical" : "high",
      message: `${change.address} newly grants ${reveal(change, summarize(pub.map((g) => `${g.role} to ${g.member}`)))}`,
    };
  },
);

const GOOGLE_SQL_OPEN = changeRule(
  {
    id: "AL-TF-EXP-022",
    title: "Google Cloud SQL newly reachable from the internet",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "An authorized network of 0.0.0.0/0 on a Cloud SQL instance with a public IP lets anyone reach the " +
      "database port; turning on ipv4_enabled gives the instance a public IP.",
    remediation: "Use private IP and the Cloud SQL Auth Proxy; list only specific authorized networks.",
    resourceTypes: ["google_sql_database_instance"],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const nets = (v: unknown) =>
      list(getPath(v, ["settings", 0, "ip_configuration", 0, "authorized_networks"]))
        .map((n) => one(n)?.value)
        .filter((x): x is string => typeof x === "string");
    const worldAfter = nets(change.after).filter((c) => WORLD_CIDRS.has(c));
    const hits: RuleHit[] = [];
    if (
      worldAfter.length &&
      (change.action === "create" || !nets(change.before).some((c) => WORLD_CIDRS.has(c)))
    )
      hits.push({
        severity: "high",
        message: `${change.address} newly authorizes ${reveal(change, worldAfter.join(", "))}: the database accepts connections from anywhere`,
      });
    const ipv4Path = ["settings", 0, "ip_configuration", 0, "ipv4_enabled"];
    if (
      isModification(change) &&
      asBool(getPath(change.before, ipv4Path)) === false &&
      asBool(getPath(change.after, ipv4Path)) === true
    )
      hits.push({
        severity: "medium",
        message: `${change.address}: ipv4_enabled false → true: the instance gets a public IP`,
      });
    return hits;
  },
);

const PUBLIC_INVOKER_ROLES = /^roles\/(run\.invoker|cloudfunctions\.invoker|iap\.httpsResourceAccessor)$/;

const GOOGLE_IAM_PUBLIC = changeRule(
  {
    id: "AL-TF-EXP-023",
    title: "Google Cloud resource newly public through IAM",
    category: CAT,
    severity: "high",
    provider: "google",
    rationale:
      "An IAM grant to allUsers or allAuthenticatedUsers makes the resource usable by anyone with (or without) a " +
      "Google account; on a project, folder or organization that covers everything in it.",
    remediation: "Grant roles to specific users, groups or service accounts.",
    resourceTypes: [...GOOGLE_IAM_TYPES],
  },
  (change) => {
    if (!hasAfter(change) || !isGoogleGrantType(change.type)) return null;
    const scope = googleIamScope(change.type);
    if (!scope || scope === "storage_bucket") return null;
    const pub = newGrants(change).filter((g) => GOOGLE_PUBLIC_MEMBERS.has(g.member));
    if (pub.length === 0) return null;
    const hierarchy = scope === "project" || scope === "folder" || scope === "organization";
    const invokerOnly = pub.every((g) => PUBLIC_INVOKER_ROLES.test(g.role));
    const severity: Severity = hierarchy ? "critical" : invokerOnly ? "low" : "high";
    return {
      severity,
      message: `${change.address} newly grants ${reveal(change, summarize(pub.map((g) => `${g.role} to ${g.member}`)))} on the ${scope.replace(/_/g, " ")}`,
    };
  },
);

const GOOGLE_EXTERNAL_IP = changeRule(
  {
    id: "AL-TF-EXP-024",
    title: "Google Cloud VM newly gets an external IP",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "An access_config block gives a VM an external IP address, putting it directly on the internet.",
    remediation: "Keep VMs on internal IPs behind Cloud NAT and a load balancer; use IAP for administration.",
    resourceTypes: [
      "google_compute_instance",
      "google_compute_instance_template",
      "google_compute_region_instance_template",
    ],
  },
  (change) => {
    if (!isModification(change)) return null;
    const withIp = (v: unknown) =>
      list(getPath(v, ["network_interface"])).some((n) => list(one(n)?.access_config).length > 0);
    if (withIp(change.before) || !withIp(change.after)) return null;
    return {
      message: `${change.address}: network_interface gains an access_config: the VM gets an external IP`,
    };
  },
);

const AZURE_NSG_OPEN = changeRule(
  {
    id: "AL-TF-EXP-030",
    title: "Azure network security group newly open to the internet",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "An Inbound Allow rule from *, Internet, Any or 0.0.0.0/0 exposes the subnet or NIC to the whole internet; " +
      "on RDP, SSH, database ports or all ports that is a direct attack path.",
    remediation: "Restrict source_address_prefix(es); use Azure Bastion or Just-In-Time access for RDP/SSH.",
    resourceTypes: ["azurerm_network_security_rule", "azurerm_network_security_group"],
  },
  openIngressCheck(azureOpenNsg, (type) =>
    type === "azurerm_network_security_group" ? "network security group" : "network security rule",
  ),
);

const AZURE_PUBLIC_NETWORK_ON = transitionRule(
  {
    id: "AL-TF-EXP-031",
    title: "Azure public network access enabled",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "public_network_access_enabled = true (or a firewall default action of Allow) makes a storage account, " +
      "Key Vault, database or registry reachable from the internet instead of only through private endpoints.",
    remediation:
      "Keep public network access off and use private endpoints, or a firewall with default action Deny.",
  },
  AZURE_PUBLIC_NETWORK,
);

const AZURE_BLOBS_PUBLIC = transitionRule(
  {
    id: "AL-TF-EXP-032",
    title: "Azure blob storage newly allows anonymous access",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "allow_nested_items_to_be_public = true lets containers be made public; a container_access_type of blob " +
      "or container lets anyone on the internet read its blobs without credentials.",
    remediation: "Keep anonymous access off; share with SAS tokens or through a CDN with private origin.",
  },
  [
    ...AZURE_PUBLIC_BLOBS,
    changedTo(
      "azurerm_storage_container",
      "container_access_type",
      ["blob"],
      ["container"],
      "medium",
      "anyone can also list the container",
    ),
  ],
  { onCreate: "medium" },
);

const AZURE_DB_FIREWALL_OPEN = changeRule(
  {
    id: "AL-TF-EXP-033",
    title: "Azure database firewall opened to all addresses",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "A firewall rule from 0.0.0.0 to 255.255.255.255 lets every internet address reach the database; " +
      "0.0.0.0–0.0.0.0 allows every Azure service of every tenant.",
    remediation: "Allow only specific addresses; prefer private endpoints.",
    resourceTypes: [...AZURE_DB_FIREWALL_RULE_TYPES],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const width = (v: unknown) => {
      const s = ipv4(getPath(v, ["start_ip_address"]));
      const e = ipv4(getPath(v, ["end_ip_address"]));
      return s === undefined || e === undefined ? undefined : { s, e, n: e - s + 1 };
    };
    const a = width(change.after);
    if (!a) return null;
    const b = change.action === "create" ? undefined : width(change.before);
    if (b && b.s <= a.s && b.e >= a.e) return null;
    if (a.s === 0 && a.e === 0)
      return {
        severity: "low",
        message: `${change.address} allows all Azure services (0.0.0.0–0.0.0.0), including other tenants'`,
      };
    if (a.n >= 2 ** 31)
      return {
        severity: "high",
        message: `${change.address} allows ${a.n >= 2 ** 32 - 1 ? "every internet address" : "half the internet or more"} to reach the database`,
      };
    if (a.n >= 2 ** 16)
      return {
        severity: "medium",
        message: `${change.address} allows a very wide address range (${a.n} addresses) to reach the database`,
      };
    return null;
  },
);

const AZURE_NIC_PUBLIC_IP = changeRule(
  {
    id: "AL-TF-EXP-034",
    title: "Azure network interface newly gets a public IP",
    category: CAT,
    severity: "medium",
    provider: "azure",
    rationale:
      "Attaching a public IP to a NIC puts the VM directly on the internet, behind only its NSG rules.",
    remediation: "Keep VMs private behind a load balancer, NAT gateway and Azure Bastion.",
    resourceTypes: ["azurerm_network_interface"],
  },
  (change) => {
    if (!isModification(change)) return null;
    const has = (v: unknown) =>
      list(getPath(v, ["ip_configuration"])).some((c) => !isEmpty(one(c)?.public_ip_address_id));
    if (has(change.before) || !has(change.after)) return null;
    return {
      message: `${change.address}: ip_configuration gains a public_ip_address_id: the VM is reachable from the internet`,
    };
  },
);

const INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string | null>> = {
  "service.beta.kubernetes.io/aws-load-balancer-internal": null,
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
  "networking.gke.io/load-balancer-type": "Internal",
  "cloud.google.com/load-balancer-type": "Internal",
  "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
};

function internalLb(v: unknown): boolean {
  const a = one(getPath(v, ["metadata", 0, "annotations"]));
  if (!a) return false;
  return Object.entries(INTERNAL_LB_ANNOTATIONS).some(([k, want]) => {
    const got = a[k];
    if (got === undefined || got === null) return false;
    return want === null
      ? String(got) !== "false" && String(got) !== ""
      : String(got).toLowerCase() === want.toLowerCase();
  });
}

const K8S_SERVICE_EXPOSED = changeRule(
  {
    id: "AL-TF-EXP-040",
    title: "Kubernetes Service newly exposed outside the cluster",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "Changing a Service to NodePort or LoadBalancer, dropping its internal load balancer annotation or its " +
      "load_balancer_source_ranges exposes the pods behind it outside the cluster, often to the internet.",
    remediation:
      "Keep internal services as ClusterIP behind an Ingress; restrict load_balancer_source_ranges.",
    resourceTypes: [...KUBERNETES_SERVICE_TYPES],
  },
  (change) => {
    if (!hasAfter(change)) return null;
    const spec = (v: unknown) => one(getPath(v, ["spec"]));
    const level = (v: unknown) =>
      KUBERNETES_EXTERNAL_SERVICE_TYPES[String(spec(v)?.type ?? "ClusterIP")] ?? 0;
    const la = level(change.after);
    if (la === 0) return null;
    const typeA = String(spec(change.after)?.type);
    const ranges = (v: unknown) => strings(spec(v)?.load_balancer_source_ranges);
    if (change.action === "create") {
      if (typeA !== "LoadBalancer" || internalLb(change.after) || ranges(change.after).length) return null;
      return {
        severity: "low",
        message: `${change.address} is created as an unrestricted LoadBalancer Service`,
      };
    }
    if (!isModification(change)) return null;
    const hits: RuleHit[] = [];
    const lb = level(change.before);
    if (la > lb)
      hits.push({
        severity: typeA === "LoadBalancer" && !internalLb(change.after) ? "medium" : "low",
        message: `${change.address}: type ${reveal(change, `${String(spec(change.before)?.type ?? "ClusterIP")} → ${typeA}`)}: reachable from outside the cluster`,
      });
    if (typeA === "LoadBalancer" && internalLb(change.before) && !internalLb(change.after))
      hits.push({
        severity: "high",
        message: `${change.address}: internal load balancer annotation removed: the load balancer becomes internet-facing`,
      });
    if (typeA === "LoadBalancer" && ranges(change.before).length > 0 && ranges(change.after).length === 0)
      hits.push({
        severity: "medium",
        message: `${change.address}: load_balancer_source_ranges removed: any address may connect`,
      });
    return hits;
  },
);

const K8S_NETPOL_REMOVED = changeRule(
  {
    id: "AL-TF-EXP-041",
    title: "Kubernetes NetworkPolicy deleted",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "Deleting a NetworkPolicy removes the isolation it gave its pods: traffic it denied (from other namespaces, " +
      "or egress to the internet) is allowed again.",
    remediation: "Replace the policy in the same change, or confirm that the pods no longer need isolation.",
    resourceTypes: ["kubernetes_network_policy", "kubernetes_network_policy_v1", "kubernetes_manifest"],
  },
  (change) => {
    const kind = destroyKind(change);
    if (kind !== "delete" && kind !== "replace") return null;
    if (
      change.type === "kubernetes_manifest" &&
      getPath(change.before, ["manifest", "kind"]) !== "NetworkPolicy"
    )
      return null;
    return {
      severity: kind === "replace" ? "low" : "medium",
      message: `NetworkPolicy ${change.address} is ${destroyVerb(kind)}: its pods lose that isolation${kind === "replace" ? " until it is re-created" : ""}`,
    };
  },
);

export const TERRAFORM_EXPOSURE_RULES: Rule[] = [
  AWS_SG_OPEN,
  AWS_NACL_OPEN,
  AWS_PUBLIC_ENDPOINT,
  AWS_PUBLIC_ACCESS_BLOCK,
  AWS_S3_PUBLIC_ACL,
  AWS_PUBLIC_POLICY,
  AWS_PUBLIC_IP_ON,
  AWS_LB_INTERNET_FACING,
  CLUSTER_API_PUBLIC,
  AWS_FUNCTION_URL,
  AWS_PUBLIC_SHARING,
  GOOGLE_FIREWALL_OPEN,
  GOOGLE_STORAGE_PUBLIC,
  GOOGLE_SQL_OPEN,
  GOOGLE_IAM_PUBLIC,
  GOOGLE_EXTERNAL_IP,
  AZURE_NSG_OPEN,
  AZURE_PUBLIC_NETWORK_ON,
  AZURE_BLOBS_PUBLIC,
  AZURE_DB_FIREWALL_OPEN,
  AZURE_NIC_PUBLIC_IP,
  K8S_SERVICE_EXPOSED,
  K8S_NETPOL_REMOVED,
];
