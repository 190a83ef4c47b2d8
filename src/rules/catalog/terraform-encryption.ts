// Encryption rules: encryption at rest or in transit turned off, customer-managed keys removed, keys deleted.
import { getPath } from "../../model/values.js";
import {
  AWS_AT_REST,
  AWS_CMK,
  AWS_IN_TRANSIT,
  AWS_KEYS,
  AWS_S3_ENCRYPTION,
  AZURE_ENCRYPTION,
  AZURE_IN_TRANSIT,
  AZURE_KEYS,
  GOOGLE_CMEK,
  GOOGLE_IN_TRANSIT,
  GOOGLE_KEYS,
  KEY_ROTATION,
  KUBERNETES_IN_TRANSIT,
} from "../tables/encryption.js";
import type { Rule, RuleHit } from "../types.js";
import { changeRule, controlRule, destroyedNames, indexByType, transitionRule } from "./support/define.js";
import { describeImpact, matchImpact, transitionHits } from "./support/transitions.js";
import { asNumber, reveal } from "./support/values.js";

const CAT = "encryption" as const;

const AT_REST = transitionRule(
  {
    id: "AL-TF-ENC-001",
    title: "AWS encryption at rest turned off",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "storage_encrypted / encrypted = false (on RDS, EBS, EFS, Redshift, ElastiCache, OpenSearch, Kinesis…) or " +
      "account-wide EBS encryption by default turned off stores data unencrypted; on most of these the change " +
      "also forces a replacement.",
    remediation:
      "Keep encryption on (with a customer-managed KMS key where required); it costs nothing to keep.",
  },
  AWS_AT_REST.filter((t) => t.type !== "aws_ssm_parameter"),
);

const CMK_REMOVED = transitionRule(
  {
    id: "AL-TF-ENC-002",
    title: "AWS customer-managed KMS key removed",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "Removing kms_key_id / kms_master_key_id falls back to an AWS-managed or AWS-owned key: key policies, " +
      "grants, rotation and audit of key use by your own key no longer apply.",
    remediation: "Keep the customer-managed key where policy requires it.",
  },
  AWS_CMK,
);

const S3_ENCRYPTION = controlRule(
  {
    id: "AL-TF-ENC-003",
    title: "AWS S3 default encryption removed or weakened",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "Deleting a bucket's server-side encryption configuration or moving from SSE-KMS to SSE-S3 drops the " +
      "customer-managed key, its access control and its audit trail for new objects.",
    remediation:
      "Keep SSE-KMS with a customer-managed key (and bucket keys) on buckets that hold sensitive data.",
  },
  AWS_S3_ENCRYPTION.impacts,
  AWS_S3_ENCRYPTION.transitions,
  {
    // Removing the configuration together with its bucket is part of the bucket's delete.
    skipDestroy: (change, ctx) => {
      const bucket = getPath(change.before, ["bucket"]);
      return typeof bucket === "string" && destroyedNames(ctx.changeSet, "aws_s3_bucket").has(bucket);
    },
  },
);

const KEYS_AWS_TRANS = indexByType(AWS_KEYS.transitions);
const KEYS_AWS_IMPACT = new Map(AWS_KEYS.impacts.map((i) => [i.type, i]));

const AWS_KEY_DELETED = changeRule(
  {
    id: "AL-TF-ENC-004",
    title: "AWS KMS key scheduled for deletion or disabled",
    category: CAT,
    severity: "critical",
    provider: "aws",
    rationale:
      "Destroying a KMS key schedules its deletion; after the waiting period every object, volume, database, " +
      "secret and backup encrypted with it becomes unreadable forever. Disabling it breaks every decrypt at once.",
    remediation:
      "Never delete keys that encrypted data you still need; disable first and watch CloudTrail for failed " +
      "decrypts; keep deletion_window_in_days at 30.",
    resourceTypes: [...new Set([...KEYS_AWS_IMPACT.keys(), ...KEYS_AWS_TRANS.keys()])],
  },
  (change) => {
    const hits: RuleHit[] = [];
    const imp = KEYS_AWS_IMPACT.get(change.type);
    const m = imp ? matchImpact(change, imp) : null;
    if (m) {
      const window = asNumber(getPath(change.before, ["deletion_window_in_days"]));
      const when = window !== undefined ? ` (deletion after ${reveal(change, String(window))} days)` : "";
      hits.push({ severity: m.severity, message: `${describeImpact(change, m)}${when}` });
    }
    hits.push(...transitionHits(change, KEYS_AWS_TRANS.get(change.type) ?? []));
    return hits;
  },
);

const ROTATION_OFF = transitionRule(
  {
    id: "AL-TF-ENC-005",
    title: "Key rotation turned off",
    category: CAT,
    severity: "medium",
    provider: "any",
    rationale:
      "Turning off automatic rotation of a KMS / Cloud KMS / Key Vault key keeps the same key material in use " +
      "indefinitely, which many compliance regimes forbid.",
    remediation: "Keep automatic rotation on (yearly or more often).",
  },
  KEY_ROTATION,
);

const GOOGLE_KEY_DESTROYED = controlRule(
  {
    id: "AL-TF-ENC-006",
    title: "Google Cloud KMS key destroyed or disabled",
    category: CAT,
    severity: "critical",
    provider: "google",
    rationale:
      "Destroying a google_kms_crypto_key schedules every version for destruction; data encrypted with it " +
      "(CMEK buckets, disks, databases) becomes unreadable. Disabling a version breaks decrypts at once.",
    remediation: "Keep keys that protect live data; add lifecycle { prevent_destroy = true } to crypto keys.",
  },
  GOOGLE_KEYS.impacts,
  GOOGLE_KEYS.transitions,
  { includeDeposed: true },
);

const GOOGLE_CMEK_REMOVED = transitionRule(
  {
    id: "AL-TF-ENC-007",
    title: "Google Cloud customer-managed encryption key removed",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "Removing a CMEK (kms_key_name, encryption_key_name…) falls back to Google-managed keys; turning GKE " +
      "application-layer secrets encryption to DECRYPTED leaves Kubernetes secrets protected only by disk encryption.",
    remediation: "Keep CMEK where policy requires it.",
  },
  GOOGLE_CMEK,
);

const AZURE_KEY_DESTROYED = controlRule(
  {
    id: "AL-TF-ENC-008",
    title: "Azure Key Vault, managed HSM or key deleted",
    category: CAT,
    severity: "critical",
    provider: "azure",
    rationale:
      "Deleting a Key Vault deletes its keys, secrets and certificates; data encrypted with a deleted key " +
      "(storage, disks, SQL TDE) becomes unreadable once it is purged.",
    remediation: "Keep vaults with purge protection; never delete keys that protect live data.",
  },
  AZURE_KEYS.impacts,
  [],
  { includeDeposed: true },
);

const AZURE_PURGE = transitionRule(
  {
    id: "AL-TF-ENC-009",
    title: "Azure Key Vault purge protection or soft delete weakened",
    category: CAT,
    severity: "high",
    provider: "azure",
    rationale:
      "Purge protection and soft-delete retention are what make a deleted vault, key or secret recoverable; " +
      "without them a delete (by mistake or by an attacker) is immediate and permanent.",
    remediation: "Keep purge protection on and soft-delete retention at 90 days.",
  },
  AZURE_KEYS.transitions,
  { raiseWhenPlanDestroysData: "high" },
);

const AZURE_ENC = transitionRule(
  {
    id: "AL-TF-ENC-010",
    title: "Azure encryption or customer-managed key removed",
    category: CAT,
    severity: "medium",
    provider: "azure",
    rationale:
      "Removing a customer-managed key or disk encryption set, turning off SQL transparent data encryption, " +
      "infrastructure (double) encryption or encryption at host weakens protection of data at rest.",
    remediation: "Keep encryption settings and customer-managed keys where policy requires them.",
  },
  AZURE_ENCRYPTION,
);

const AWS_TLS = transitionRule(
  {
    id: "AL-TF-ENC-011",
    title: "AWS encryption in transit weakened",
    category: CAT,
    severity: "medium",
    provider: "aws",
    rationale:
      "A listener moving from HTTPS/TLS to HTTP/TCP, CloudFront allowing HTTP, ElastiCache/MSK/OpenSearch " +
      "transit encryption off or an older TLS policy exposes traffic to interception.",
    remediation: "Keep TLS on every hop; redirect HTTP to HTTPS.",
  },
  AWS_IN_TRANSIT,
);

const AZURE_TLS = transitionRule(
  {
    id: "AL-TF-ENC-012",
    title: "Azure encryption in transit weakened",
    category: CAT,
    severity: "medium",
    provider: "azure",
    rationale:
      "Allowing HTTP on storage or apps, lowering the minimum TLS version, opening the Redis non-TLS port or " +
      "dropping SSL enforcement on databases exposes traffic to interception.",
    remediation: "Require HTTPS and TLS 1.2 or later everywhere.",
  },
  AZURE_IN_TRANSIT,
);

const GOOGLE_TLS = transitionRule(
  {
    id: "AL-TF-ENC-013",
    title: "Google Cloud encryption in transit weakened",
    category: CAT,
    severity: "medium",
    provider: "google",
    rationale:
      "Cloud SQL accepting unencrypted connections, an SSL policy allowing older TLS, or Memorystore transit " +
      "encryption off exposes traffic to interception.",
    remediation: "Require TLS (ENCRYPTED_ONLY) and TLS 1.2 or later.",
  },
  GOOGLE_IN_TRANSIT,
);

const SSM_PLAINTEXT = transitionRule(
  {
    id: "AL-TF-ENC-014",
    title: "AWS SSM SecureString parameter changed to plain String",
    category: CAT,
    severity: "high",
    provider: "aws",
    rationale:
      "Changing an SSM parameter's type from SecureString to String stores its value unencrypted and shows it " +
      "to anyone with ssm:GetParameter and in the console.",
    remediation: "Keep secrets as SecureString (or in Secrets Manager).",
  },
  AWS_AT_REST.filter((t) => t.type === "aws_ssm_parameter"),
);

const K8S_TLS = transitionRule(
  {
    id: "AL-TF-ENC-015",
    title: "Kubernetes Ingress TLS removed",
    category: CAT,
    severity: "medium",
    provider: "kubernetes",
    rationale: "Removing the tls block of an Ingress makes it serve its hosts over plain HTTP.",
    remediation: "Keep TLS on every Ingress; use cert-manager for certificates.",
  },
  KUBERNETES_IN_TRANSIT,
);

export const TERRAFORM_ENCRYPTION_RULES: Rule[] = [
  AT_REST,
  CMK_REMOVED,
  S3_ENCRYPTION,
  AWS_KEY_DELETED,
  ROTATION_OFF,
  GOOGLE_KEY_DESTROYED,
  GOOGLE_CMEK_REMOVED,
  AZURE_KEY_DESTROYED,
  AZURE_PURGE,
  AZURE_ENC,
  AWS_TLS,
  AZURE_TLS,
  GOOGLE_TLS,
  SSM_PLAINTEXT,
  K8S_TLS,
];
