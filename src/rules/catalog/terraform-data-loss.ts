// Data-loss rules: stateful resources deleted or replaced, and the protections that guard them switched off.
import type { Change } from "../../model/types.js";
import { getPath } from "../../model/values.js";
import type { CloudProvider } from "../tables/common.js";
import {
  AWS_BACKUPS,
  AWS_DELETION_PROTECTION,
  AWS_FINAL_SNAPSHOT,
  AWS_FORCE_DESTROY,
  AWS_PITR,
  AWS_RECOVERY_WINDOW,
  AWS_VERSIONING,
  AZURE_BACKUPS,
  AZURE_VERSIONING,
  GOOGLE_BACKUPS,
  GOOGLE_DELETION_PROTECTION,
  GOOGLE_FORCE_DESTROY,
  GOOGLE_VERSIONING,
  KUBERNETES_VOLUME_RETENTION,
} from "../tables/protections.js";
import { KUBERNETES_MANIFEST_KINDS, STATEFUL_TYPES, type StatefulKind } from "../tables/stateful.js";
import type { Rule, RuleHit } from "../types.js";
import {
  changeRule,
  destroyedNames,
  indexByType,
  planStats,
  type RuleMeta,
  transitionRule,
} from "./support/define.js";
import { statefulEntry } from "./support/stateful.js";
import { transitionHits } from "./support/transitions.js";
import {
  asBool,
  asNumber,
  atLeast,
  atMost,
  destroyKind,
  destroyVerb,
  isEmpty,
  isModification,
  list,
  one,
  parsePath,
  pathText,
  render,
  reveal,
  shift,
  summarize,
} from "./support/values.js";

const FW = "data-loss" as const;

/** Deleting or replacing a stateful resource of the given provider and kinds. */
function statefulDestroyRule(
  meta: Omit<RuleMeta, "resourceTypes" | "category" | "provider">,
  provider: CloudProvider,
  kinds: readonly StatefulKind[],
): Rule {
  const kindSet = new Set<StatefulKind>(kinds);
  const types = STATEFUL_TYPES.filter((e) => e.provider === provider && kindSet.has(e.kind)).map(
    (e) => e.type,
  );
  if (provider === "kubernetes" && Object.values(KUBERNETES_MANIFEST_KINDS).some((k) => kindSet.has(k.kind)))
    types.push("kubernetes_manifest");
  return changeRule({ ...meta, category: FW, provider, resourceTypes: types }, (change) => {
    const kind = destroyKind(change);
    if (!kind) return null;
    const e = statefulEntry(change, "before");
    if (!e || e.provider !== provider || !kindSet.has(e.kind)) return null;
    const b = change.before;
    let sev = e.severity;
    const notes: string[] = [];
    let snapshotTaken = false;
    const replica = !!e.replicaOf && !isEmpty(getPath(b, [e.replicaOf]));
    if (replica) {
      sev = atMost(sev, "medium");
      notes.push(`it is a replica: ${e.replicaOf} is set`);
    }
    // Replicas take no final snapshot; their data lives in the source.
    if (e.finalSnapshot && !replica) {
      const { skip, identifier } = e.finalSnapshot;
      const skipped = skip ? asBool(getPath(b, [skip])) : undefined;
      const named = identifier ? !isEmpty(getPath(b, [identifier])) : undefined;
      if (skipped === true) notes.push(`no final snapshot: ${skip} = true`);
      else if (identifier && named === false && skip)
        notes.push(`final snapshot requested but ${identifier} is empty: the delete fails until one is set`);
      else if (identifier && named === false) notes.push(`no final snapshot: ${identifier} is not set`);
      else if (skipped === false || named === true) {
        snapshotTaken = true;
        if (kind === "delete") sev = shift(sev, -1);
        else notes.push("a final snapshot is taken, but the new one starts empty");
      }
    }
    if (e.forceDestroy) {
      if (asBool(getPath(b, [e.forceDestroy])) === true) {
        sev = atLeast(sev, "critical");
        notes.push(`${e.forceDestroy} = true: everything in it is deleted too`);
      } else if (e.refusesWhenNotEmpty)
        notes.push(`the provider refuses while it is not empty, ${e.forceDestroy} = false`);
    } else if (e.refusesWhenNotEmpty) notes.push("the provider refuses while it is not empty");
    if (e.abandonWhen && getPath(b, parsePath(e.abandonWhen.path)) === e.abandonWhen.value) {
      sev = "low";
      notes.push(`${e.abandonWhen.path} = ${String(e.abandonWhen.value)}: Terraform only abandons it`);
    }
    if (e.recoveryWindow) {
      const w = asNumber(getPath(b, [e.recoveryWindow]));
      if (w === 0) {
        sev = atLeast(sev, "critical");
        notes.push(`${e.recoveryWindow} = 0: deleted at once and permanently`);
      } else if (w !== undefined) notes.push(`recoverable for ${reveal(change, String(w))} days`);
    }
    if (change.deposed) {
      sev = shift(sev, -1);
      notes.push("deposed object left by an earlier replacement");
    }
    const cause = replaceCause(change);
    if (cause) notes.push(cause);
    const tail = notes.length ? ` (${notes.join("; ")})` : "";
    const consequence =
      snapshotTaken && kind === "delete"
        ? "its data survives only in the final snapshot taken before the delete"
        : (e.consequence ?? "its data is lost");
    return {
      severity: sev,
      message: `${e.holds} ${change.address} is ${destroyVerb(kind)}: ${consequence}${tail}`,
    };
  });
}

/** "forced by engine, identifier" from replace_paths (attribute names only, never values). */
export function replaceCause(change: Change): string | undefined {
  if (change.action !== "replace" || !change.replacePaths?.length) return undefined;
  return `forced by ${summarize(change.replacePaths.map((p) => pathText(p)))}`;
}

const AWS_DB_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-001",
    title: "AWS database deleted or replaced",
    severity: "critical",
    rationale:
      "Deleting or replacing an RDS/Aurora instance or cluster, DynamoDB table, Redshift cluster or other AWS " +
      "database destroys its data; a replacement comes back empty. Scanners that read only planned_values never " +
      "see a pure delete.",
    remediation:
      "Make sure this is intended. Keep deletion_protection on, take a snapshot first (final_snapshot_identifier, " +
      "skip_final_snapshot = false), and avoid attribute changes that force replacement (identifier, engine, " +
      "storage_encrypted, availability zone); use lifecycle { prevent_destroy = true } on production data.",
  },
  "aws",
  ["database", "warehouse", "search", "directory"],
);

const AWS_BUCKET_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-002",
    title: "AWS object storage or registry deleted",
    severity: "high",
    rationale:
      "Deleting an S3 bucket, Glacier vault or ECR repository loses what it holds; with force_destroy the objects " +
      "are deleted with it. Bucket names are global: someone else can claim a deleted name.",
    remediation:
      "Confirm the bucket is empty or its contents are copied elsewhere; keep force_destroy = false on buckets " +
      "that hold data; prefer lifecycle { prevent_destroy = true }.",
  },
  "aws",
  ["object-storage", "registry", "repository"],
);

const AWS_VOLUME_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-003",
    title: "AWS volume, file system or snapshot deleted",
    severity: "high",
    rationale:
      "Deleting or replacing an EBS volume, EFS or FSx file system, or a snapshot destroys the data on it.",
    remediation:
      "Snapshot or back up the volume first, or detach and keep it; check that nothing still mounts it.",
  },
  "aws",
  ["block-storage", "file-storage", "snapshot"],
);

const AWS_STREAM_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-004",
    title: "AWS queue, stream or broker deleted",
    severity: "medium",
    rationale:
      "Deleting an SQS queue, Kinesis stream, MSK cluster or MQ broker drops the messages it holds and breaks " +
      "producers and consumers.",
    remediation: "Drain the queue or stream first and move producers and consumers before deleting it.",
  },
  "aws",
  ["queue", "stream"],
);

const AWS_SECRET_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-005",
    title: "AWS secret deleted",
    severity: "high",
    rationale:
      "A deleted Secrets Manager secret is gone after its recovery window; with recovery_window_in_days = 0 it is " +
      "gone at once, and everything that reads it fails.",
    remediation:
      "Keep a recovery window of at least 7 days and make sure no workload still reads the secret.",
  },
  "aws",
  ["secret"],
);

const AWS_BACKUP_REMOVED = changeRule(
  {
    id: "AL-TF-DATA-006",
    title: "AWS backup vault, plan or selection removed",
    category: FW,
    severity: "high",
    provider: "aws",
    rationale:
      "Deleting an AWS Backup vault deletes its recovery points (force_destroy) or fails; deleting a backup plan " +
      "or selection silently stops future backups of the resources it covered.",
    remediation:
      "Keep the plan and vault, or replace them with equivalent backup coverage in the same change.",
    resourceTypes: [
      "aws_backup_vault",
      "aws_backup_plan",
      "aws_backup_selection",
      "aws_backup_vault_lock_configuration",
    ],
  },
  (change) => {
    const kind = destroyKind(change);
    if (!kind || kind === "replace-create-first") return null;
    if (change.type === "aws_backup_vault") {
      const force = asBool(getPath(change.before, ["force_destroy"])) === true;
      return {
        severity: force ? "critical" : "high",
        message: `AWS Backup vault ${change.address} is ${destroyVerb(kind)}${force ? " with force_destroy = true: its recovery points are deleted" : ": it holds recovery points"}`,
      };
    }
    const what =
      change.type === "aws_backup_plan"
        ? "backup plan"
        : change.type === "aws_backup_selection"
          ? "backup selection"
          : "vault lock";
    return {
      severity: change.type === "aws_backup_vault_lock_configuration" ? "high" : "medium",
      message: `${what} ${change.address} is ${destroyVerb(kind)}: resources it covered are no longer backed up${kind === "replace" ? " until it is re-created" : ""}`,
    };
  },
);

const AWS_CACHE_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-007",
    title: "AWS cache cluster deleted or replaced",
    severity: "medium",
    rationale:
      "Deleting or replacing an ElastiCache, MemoryDB-like or DAX cluster drops its contents; when the cache is a " +
      "primary store (sessions, queues) that is data loss, and a cold cache can overload the database behind it.",
    remediation:
      "Set final_snapshot_identifier, warm the new cache first, or keep the old one until traffic moves.",
  },
  "aws",
  ["cache"],
);

const GOOGLE_DB_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-010",
    title: "Google Cloud database deleted or replaced",
    severity: "critical",
    rationale:
      "Deleting or replacing a Cloud SQL instance or database, Spanner, Bigtable, Firestore, AlloyDB or BigQuery " +
      "data destroys it; Cloud SQL backups are deleted with the instance.",
    remediation:
      "Export or back up the data first, keep deletion_protection on, and avoid changes that force replacement " +
      "(name, region, database_version major changes).",
  },
  "google",
  ["database", "warehouse"],
);

const GOOGLE_BUCKET_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-011",
    title: "Google Cloud Storage bucket or repository deleted",
    severity: "high",
    rationale:
      "Deleting a Cloud Storage bucket (with force_destroy, including every object) or an Artifact Registry / " +
      "source repository loses its contents.",
    remediation: "Copy the contents first; keep force_destroy = false on buckets that hold data.",
  },
  "google",
  ["object-storage", "registry", "repository"],
);

const GOOGLE_DISK_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-012",
    title: "Google Cloud disk, file share or snapshot deleted",
    severity: "high",
    rationale:
      "Deleting or replacing a persistent disk, Filestore or NetApp volume, or a snapshot destroys its data.",
    remediation: "Snapshot the disk or back up the share first.",
  },
  "google",
  ["block-storage", "file-storage", "snapshot"],
);

const GOOGLE_MESSAGES_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-013",
    title: "Google Cloud Pub/Sub, cache or secret deleted",
    severity: "medium",
    rationale:
      "Deleting a Pub/Sub topic or subscription drops unacknowledged messages; deleting a Secret Manager secret " +
      "destroys all its versions; deleting a Memorystore instance drops its contents.",
    remediation: "Drain subscriptions, copy secret versions, or snapshot the cache before deleting.",
  },
  "google",
  ["queue", "secret", "cache"],
);

const AZURE_DB_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-020",
    title: "Azure database deleted or replaced",
    severity: "critical",
    rationale:
      "Deleting or replacing an Azure SQL server or database, PostgreSQL/MySQL server, Cosmos DB account or " +
      "container, or an analytics store destroys its data; a deleted server takes all its databases with it.",
    remediation:
      "Take a backup or export first, add a CanNotDelete management lock to production data, and avoid changes " +
      "that force replacement (name, location, create_mode).",
  },
  "azure",
  ["database", "warehouse", "cache"],
);

const AZURE_STORAGE_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-021",
    title: "Azure storage account, container or share deleted",
    severity: "high",
    rationale:
      "Deleting a storage account deletes every blob, file share, table and queue in it; deleting a container or " +
      "share deletes its contents.",
    remediation:
      "Copy the data first, enable soft delete for containers and blobs, and lock production accounts.",
  },
  "azure",
  ["object-storage", "registry"],
);

const AZURE_DISK_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-022",
    title: "Azure managed disk, snapshot or NetApp volume deleted",
    severity: "high",
    rationale: "Deleting or replacing a managed disk, snapshot or NetApp volume destroys its data.",
    remediation: "Snapshot the disk first and check that no VM still uses it.",
  },
  "azure",
  ["block-storage", "file-storage", "snapshot"],
);

const AZURE_BACKUP_REMOVED = changeRule(
  {
    id: "AL-TF-DATA-023",
    title: "Azure backup vault or protection removed",
    category: FW,
    severity: "high",
    provider: "azure",
    rationale:
      "Deleting a Recovery Services or Data Protection backup vault deletes its recovery points; removing a " +
      "protected item or policy stops backups of the resources it covered.",
    remediation: "Keep the vault and protection, or move the resources to equivalent backup coverage first.",
    resourceTypes: [
      "azurerm_recovery_services_vault",
      "azurerm_data_protection_backup_vault",
      "azurerm_backup_protected_vm",
      "azurerm_backup_protected_file_share",
      "azurerm_backup_policy_vm",
      "azurerm_backup_policy_file_share",
      "azurerm_data_protection_backup_instance_disk",
      "azurerm_data_protection_backup_instance_blob_storage",
      "azurerm_data_protection_backup_instance_postgresql",
      "azurerm_data_protection_backup_policy_disk",
      "azurerm_data_protection_backup_policy_blob_storage",
    ],
  },
  (change) => {
    const kind = destroyKind(change);
    if (!kind || kind === "replace-create-first") return null;
    const vault = change.type.endsWith("_vault");
    const policy = change.type.includes("_policy_");
    return {
      severity: vault ? "high" : policy ? "medium" : "high",
      message: vault
        ? `backup vault ${change.address} is ${destroyVerb(kind)}: its recovery points are lost`
        : `backup ${policy ? "policy" : "protection"} ${change.address} is ${destroyVerb(kind)}: resources it covered are no longer backed up`,
    };
  },
);

const AZURE_MESSAGES_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-024",
    title: "Azure messaging namespace, queue or secret deleted",
    severity: "medium",
    rationale:
      "Deleting a Service Bus or Event Hubs namespace, queue, topic or event hub drops the messages it holds; " +
      "deleting a Key Vault secret removes it for every reader.",
    remediation: "Drain queues and move producers and consumers first; keep Key Vault soft delete on.",
  },
  "azure",
  ["queue", "secret"],
);

const K8S_NAMESPACE_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-030",
    title: "Kubernetes namespace deleted",
    severity: "critical",
    rationale:
      "Deleting a namespace deletes every object in it: workloads, services, secrets, config maps and persistent " +
      "volume claims (and with them, volumes whose reclaim policy is Delete).",
    remediation:
      "Move or back up what lives in the namespace first; never let Terraform recreate a shared namespace.",
  },
  "kubernetes",
  ["namespace"],
);

const K8S_VOLUME_DESTROYED = changeRule(
  {
    id: "AL-TF-DATA-031",
    title: "Kubernetes persistent volume or claim deleted",
    category: FW,
    severity: "high",
    provider: "kubernetes",
    rationale:
      "Deleting a PersistentVolumeClaim releases its volume; with the usual Delete reclaim policy the disk and its " +
      "data are deleted. Deleting a PersistentVolume whose reclaim policy is Delete can delete the disk.",
    remediation: "Set the volume's reclaim policy to Retain before deleting, or back up the data.",
    resourceTypes: [
      "kubernetes_persistent_volume_claim",
      "kubernetes_persistent_volume_claim_v1",
      "kubernetes_persistent_volume",
      "kubernetes_persistent_volume_v1",
      "kubernetes_manifest",
    ],
  },
  (change) => {
    const kind = destroyKind(change);
    if (!kind) return null;
    const e = statefulEntry(change, "before");
    if (!e || (e.kind !== "volume-claim" && e.kind !== "volume")) return null;
    if (e.kind === "volume-claim")
      return {
        severity: "high",
        message: `persistent volume claim ${change.address} is ${destroyVerb(kind)}: with a Delete reclaim policy its volume and data are deleted`,
      };
    const policy =
      getPath(change.before, ["spec", 0, "persistent_volume_reclaim_policy"]) ??
      getPath(change.before, ["manifest", "spec", "persistentVolumeReclaimPolicy"]);
    const del = policy === "Delete";
    return {
      severity: del ? "high" : "low",
      message: `persistent volume ${change.address} is ${destroyVerb(kind)}${del ? " with reclaim policy Delete: its disk may be deleted" : " (reclaim policy Retain: the disk is kept)"}`,
    };
  },
);

const K8S_RETENTION_WEAKENED = transitionRule(
  {
    id: "AL-TF-DATA-032",
    title: "Kubernetes volume retention switched to Delete",
    category: FW,
    severity: "medium",
    provider: "kubernetes",
    rationale:
      "Switching a StatefulSet's persistent_volume_claim_retention_policy or a volume's reclaim policy from Retain " +
      "to Delete means the next delete or scale-down destroys the data.",
    remediation: "Keep Retain on volumes that hold data; delete volumes deliberately, after a backup.",
  },
  KUBERNETES_VOLUME_RETENTION,
  { raiseWhenPlanDestroysData: "high" },
);

const K8S_STATEFULSET_WITH_CLAIMS = changeRule(
  {
    id: "AL-TF-DATA-033",
    title: "Kubernetes StatefulSet deleted together with its volume claims",
    category: FW,
    severity: "high",
    provider: "kubernetes",
    rationale:
      "A StatefulSet whose persistent_volume_claim_retention_policy.when_deleted is Delete deletes its volume " +
      "claims when it is deleted or replaced, and with them the data.",
    remediation:
      'Set when_deleted = "Retain" before deleting or replacing the StatefulSet, or back up the volumes.',
    resourceTypes: ["kubernetes_stateful_set", "kubernetes_stateful_set_v1", "kubernetes_manifest"],
  },
  (change) => {
    const kind = destroyKind(change);
    if (!kind) return null;
    if (change.type === "kubernetes_manifest" && statefulEntry(change)?.kind !== "stateful-workload")
      return null;
    const spec = one(getPath(change.before, ["spec"])) ?? one(getPath(change.before, ["manifest", "spec"]));
    const policy =
      one(spec?.persistent_volume_claim_retention_policy) ?? one(spec?.persistentVolumeClaimRetentionPolicy);
    const whenDeleted = policy?.when_deleted ?? policy?.whenDeleted;
    if (whenDeleted !== "Delete") return null;
    const claims = list(spec?.volume_claim_template ?? spec?.volumeClaimTemplates).length;
    return {
      message: `StatefulSet ${change.address} is ${destroyVerb(kind)} with when_deleted = Delete: its ${claims || ""}${claims ? " " : ""}volume claim template(s) and their data are deleted`,
    };
  },
);

const K8S_SECRET_DESTROYED = statefulDestroyRule(
  {
    id: "AL-TF-DATA-034",
    title: "Kubernetes Secret deleted",
    severity: "medium",
    rationale:
      "Deleting a Secret removes credentials that workloads mount or read; if it was generated in the cluster " +
      "(tokens, certificates) it cannot be recreated from configuration.",
    remediation: "Check which workloads use the Secret and where its value comes from before deleting it.",
  },
  "kubernetes",
  ["secret"],
);

const AWS_DELETION_PROTECTION_OFF = transitionRule(
  {
    id: "AL-TF-DATA-040",
    title: "AWS deletion or termination protection switched off",
    category: FW,
    severity: "high",
    provider: "aws",
    rationale:
      "deletion_protection (and disable_api_termination, enable_deletion_protection) is what stops an accidental or " +
      "agent-driven delete. Switching it off is the first step of deleting the resource.",
    remediation:
      "Keep protection on for production resources; turn it off only in a reviewed change that is followed by the " +
      "intended delete.",
  },
  AWS_DELETION_PROTECTION,
  { raiseWhenPlanDestroysData: "high" },
);

const GOOGLE_DELETION_PROTECTION_OFF = transitionRule(
  {
    id: "AL-TF-DATA-041",
    title: "Google Cloud deletion protection switched off",
    category: FW,
    severity: "high",
    provider: "google",
    rationale:
      "deletion_protection on Cloud SQL, GKE, Bigtable, Spanner, BigQuery, Firestore and projects is what stops a " +
      "delete. Switching it off (or deletion_policy to DELETE) is the first step of deleting the resource.",
    remediation:
      "Keep deletion protection on for production resources; disable it only in a reviewed change.",
  },
  GOOGLE_DELETION_PROTECTION,
  { raiseWhenPlanDestroysData: "high" },
);

const AZURE_LOCK_REMOVED = changeRule(
  {
    id: "AL-TF-DATA-042",
    title: "Azure management lock removed or weakened",
    category: FW,
    severity: "high",
    provider: "azure",
    rationale:
      "A CanNotDelete or ReadOnly management lock is Azure's deletion protection; removing it lets the locked " +
      "scope (often a whole resource group) be deleted.",
    remediation:
      "Keep locks on production scopes; remove one only in a reviewed change followed by the intended action.",
    resourceTypes: ["azurerm_management_lock"],
  },
  (change, ctx) => {
    const kind = destroyKind(change);
    const level = getPath(change.before, ["lock_level"]);
    const scope = getPath(change.before, ["scope"]);
    const scopeText = typeof scope === "string" ? ` on ${reveal(change, scopeLabel(scope))}` : "";
    let hit: RuleHit | null = null;
    if (kind === "delete" || kind === "replace")
      hit = {
        message: `management lock ${change.address} (${reveal(change, render(level))})${scopeText} is ${destroyVerb(kind)}: the scope can be deleted${kind === "replace" ? " until it is re-created" : ""}`,
        severity: kind === "replace" ? "medium" : "high",
      };
    else if (
      isModification(change) &&
      level === "ReadOnly" &&
      getPath(change.after, ["lock_level"]) === "CanNotDelete"
    )
      hit = {
        message: `management lock ${change.address}${scopeText} weakened from ReadOnly to CanNotDelete`,
        severity: "low",
      };
    if (hit && (hit.severity === "high" || hit.severity === "medium")) {
      const n = planStats(ctx.changeSet).destroyed.length;
      if (n > 0) hit.message += ` (in a plan that also destroys ${n} resource${n === 1 ? "" : "s"})`;
    }
    return hit;
  },
);

function scopeLabel(scope: string): string {
  const rg = /\/resourceGroups\/([^/]+)$/i.exec(scope);
  if (rg) return `resource group ${rg[1]}`;
  if (/^\/subscriptions\/[^/]+$/i.test(scope)) return "the subscription";
  const last = scope.split("/").filter(Boolean).pop();
  return last ? `resource ${last}` : "its scope";
}

const AWS_FINAL_SNAPSHOT_SKIPPED = transitionRule(
  {
    id: "AL-TF-DATA-043",
    title: "AWS final snapshot or final backup disabled",
    category: FW,
    severity: "high",
    provider: "aws",
    rationale:
      "With skip_final_snapshot = true (or no final snapshot name) a later delete or replacement leaves no copy of " +
      "the data. Agents often flip it so a delete 'goes through'.",
    remediation:
      "Keep skip_final_snapshot = false and set final_snapshot_identifier on production databases.",
  },
  AWS_FINAL_SNAPSHOT,
  { raiseWhenPlanDestroysData: "high" },
);

const AWS_FORCE_DESTROY_ON = transitionRule(
  {
    id: "AL-TF-DATA-044",
    title: "AWS force_destroy enabled",
    category: FW,
    severity: "medium",
    provider: "aws",
    rationale:
      "force_destroy (force_delete) makes a later destroy delete every object, record, image or recovery point " +
      "inside instead of failing safely on a non-empty resource.",
    remediation:
      "Leave force_destroy = false on resources that hold data; empty them deliberately when retiring them.",
  },
  AWS_FORCE_DESTROY,
  { raiseWhenPlanDestroysData: "high" },
);

const GOOGLE_FORCE_DESTROY_ON = transitionRule(
  {
    id: "AL-TF-DATA-045",
    title: "Google Cloud force_destroy / delete_contents_on_destroy enabled",
    category: FW,
    severity: "medium",
    provider: "google",
    rationale:
      "force_destroy on buckets and DNS zones, and delete_contents_on_destroy on BigQuery datasets, make a later " +
      "destroy delete the contents instead of failing safely.",
    remediation: "Leave these off on resources that hold data.",
  },
  GOOGLE_FORCE_DESTROY,
  { raiseWhenPlanDestroysData: "high" },
);

const VERSIONING_BY_TYPE = indexByType(AWS_VERSIONING);

const AWS_VERSIONING_OFF = changeRule(
  {
    id: "AL-TF-DATA-046",
    title: "AWS S3 versioning suspended or object lock removed",
    category: FW,
    severity: "medium",
    provider: "aws",
    rationale:
      "Versioning keeps overwritten and deleted objects recoverable; suspending it (or destroying the " +
      "aws_s3_bucket_versioning resource, which suspends it) removes that safety net, as does removing object lock.",
    remediation:
      "Keep versioning enabled on buckets that hold data; use lifecycle rules to control the cost of old versions.",
    resourceTypes: [...new Set(AWS_VERSIONING.map((t) => t.type))],
  },
  (change, ctx) => {
    const hits: RuleHit[] = [];
    const kind = destroyKind(change);
    if (kind === "delete" && change.type === "aws_s3_bucket_versioning") {
      const status = getPath(change.before, ["versioning_configuration", 0, "status"]);
      const bucket = getPath(change.before, ["bucket"]);
      const bucketGone =
        typeof bucket === "string" && destroyedNames(ctx.changeSet, "aws_s3_bucket").has(bucket);
      if (status === "Enabled" && !bucketGone)
        hits.push({
          severity: "medium",
          message: `${change.address} is deleted: destroying it suspends versioning on the bucket, so overwritten and deleted objects are no longer recoverable`,
        });
    }
    if (kind === "delete" && change.type === "aws_s3_bucket_object_lock_configuration")
      hits.push({
        severity: "medium",
        message: `${change.address} is deleted: default object lock retention is removed`,
      });
    const ts = VERSIONING_BY_TYPE.get(change.type);
    if (ts) hits.push(...transitionHits(change, ts));
    return hits;
  },
);

const GOOGLE_VERSIONING_OFF = transitionRule(
  {
    id: "AL-TF-DATA-047",
    title: "Google Cloud Storage versioning, retention or soft delete weakened",
    category: FW,
    severity: "medium",
    provider: "google",
    rationale:
      "Object versioning, retention policies and soft delete are what make deleted or overwritten objects " +
      "recoverable; turning them off or shortening them removes the safety net.",
    remediation: "Keep versioning and soft delete on for buckets that hold data.",
  },
  GOOGLE_VERSIONING,
);

const AZURE_VERSIONING_OFF = transitionRule(
  {
    id: "AL-TF-DATA-048",
    title: "Azure blob versioning, soft delete or point-in-time restore weakened",
    category: FW,
    severity: "medium",
    provider: "azure",
    rationale:
      "Blob versioning, blob/container soft delete, share soft delete and point-in-time restore make deleted data " +
      "recoverable; removing or shortening them removes the safety net.",
    remediation: "Keep versioning and soft delete (at least 7 days) on storage accounts that hold data.",
  },
  AZURE_VERSIONING,
);

const AWS_BACKUP_RETENTION = transitionRule(
  {
    id: "AL-TF-DATA-049",
    title: "AWS automated backups disabled or retention reduced",
    category: FW,
    severity: "high",
    provider: "aws",
    rationale:
      "backup_retention_period = 0 turns automated backups (and point-in-time restore) off; a shorter retention " +
      "means fewer restore points.",
    remediation: "Keep automated backups on with a retention that meets your recovery objectives.",
  },
  AWS_BACKUPS,
  { raiseWhenPlanDestroysData: "high" },
);

const GOOGLE_BACKUPS_OFF = transitionRule(
  {
    id: "AL-TF-DATA-050",
    title: "Google Cloud backups or point-in-time recovery disabled",
    category: FW,
    severity: "high",
    provider: "google",
    rationale:
      "Turning off Cloud SQL or AlloyDB backups, point-in-time recovery or binary logging, or Firestore PITR, " +
      "removes the ways to recover from a bad write or a delete.",
    remediation: "Keep backups and point-in-time recovery on for production databases.",
  },
  GOOGLE_BACKUPS,
  { raiseWhenPlanDestroysData: "high" },
);

const AZURE_BACKUPS_OFF = transitionRule(
  {
    id: "AL-TF-DATA-051",
    title: "Azure database backups reduced",
    category: FW,
    severity: "medium",
    provider: "azure",
    rationale:
      "Shorter backup retention, geo-redundant backups turned off, long-term retention removed or Cosmos DB " +
      "continuous backup switched to periodic all shrink what can be restored.",
    remediation: "Keep retention and geo-redundant backups at the level your recovery objectives require.",
  },
  AZURE_BACKUPS,
  { raiseWhenPlanDestroysData: "high" },
);

const AWS_PITR_OFF = transitionRule(
  {
    id: "AL-TF-DATA-052",
    title: "AWS DynamoDB point-in-time recovery disabled",
    category: FW,
    severity: "medium",
    provider: "aws",
    rationale:
      "Without point-in-time recovery a DynamoDB table cannot be restored after a bad write or delete.",
    remediation: "Keep point_in_time_recovery { enabled = true } on tables that hold data.",
  },
  AWS_PITR,
  { raiseWhenPlanDestroysData: "high" },
);

const AWS_SECRET_RECOVERY = transitionRule(
  {
    id: "AL-TF-DATA-053",
    title: "AWS secret recovery window shortened",
    category: FW,
    severity: "medium",
    provider: "aws",
    rationale:
      "recovery_window_in_days = 0 makes a later delete of the secret immediate and permanent; a shorter window " +
      "leaves less time to notice a mistake.",
    remediation: "Keep the recovery window at 7–30 days.",
  },
  AWS_RECOVERY_WINDOW,
  { raiseWhenPlanDestroysData: "high" },
);

// ---- lifecycle expiry newly added ----

interface Expiry {
  key: string;
  days: number | undefined;
  scope: string;
}

function awsExpiries(v: unknown, legacy: boolean): Expiry[] {
  const out: Expiry[] = [];
  const rules = list(getPath(v, [legacy ? "lifecycle_rule" : "rule"]));
  rules.forEach((r, i) => {
    const rule = one(r);
    if (!rule) return;
    const enabled = legacy ? asBool(rule.enabled) !== false : rule.status !== "Disabled";
    if (!enabled) return;
    const id = typeof rule.id === "string" && rule.id ? rule.id : `#${i}`;
    const filter = one(rule.filter);
    const prefix = (legacy ? rule.prefix : (filter?.prefix ?? one(filter?.and)?.prefix ?? rule.prefix)) ?? "";
    const scope = typeof prefix === "string" && prefix ? `prefix ${prefix}` : "the whole bucket";
    for (const e of list(rule.expiration)) {
      const ex = one(e);
      if (!ex) continue;
      const days = asNumber(ex.days);
      if ((days !== undefined && days > 0) || !isEmpty(ex.date))
        out.push({ key: `${id}:current`, days, scope });
    }
    for (const e of list(rule.noncurrent_version_expiration)) {
      const ex = one(e);
      const days = asNumber(ex?.noncurrent_days ?? ex?.days);
      if (days !== undefined && days > 0)
        out.push({ key: `${id}:noncurrent`, days, scope: `${scope} (old versions)` });
    }
  });
  return out;
}

function googleExpiries(v: unknown): Expiry[] {
  const out: Expiry[] = [];
  for (const r of list(getPath(v, ["lifecycle_rule"]))) {
    const rule = one(r);
    const action = one(rule?.action);
    if (!rule || action?.type !== "Delete") continue;
    const cond = one(rule.condition) ?? {};
    const days = asNumber(cond.age) ?? asNumber(cond.days_since_noncurrent_time);
    const prefixes = list(cond.matches_prefix).filter((x) => typeof x === "string") as string[];
    const scope = prefixes.length ? `prefix ${prefixes.join("|")}` : "the whole bucket";
    const key = JSON.stringify({ ...cond, age: undefined, days_since_noncurrent_time: undefined });
    out.push({ key, days, scope });
  }
  return out;
}

function azureExpiries(v: unknown): Expiry[] {
  const out: Expiry[] = [];
  for (const r of list(getPath(v, ["rule"]))) {
    const rule = one(r);
    if (!rule || asBool(rule.enabled) === false) continue;
    const actions = one(rule.actions);
    const base = one(actions?.base_blob);
    const days =
      asNumber(base?.delete_after_days_since_modification_greater_than) ??
      asNumber(base?.delete_after_days_since_creation_greater_than) ??
      asNumber(base?.delete_after_days_since_last_access_time_greater_than);
    if (days === undefined) continue;
    const filters = one(rule.filters);
    const prefixes = list(filters?.prefix_match).filter((x) => typeof x === "string") as string[];
    out.push({
      key: String(rule.name ?? ""),
      days,
      scope: prefixes.length ? `prefix ${prefixes.join("|")}` : "all blobs",
    });
  }
  return out;
}

function newExpiries(before: Expiry[], after: Expiry[]): Expiry[] {
  const prev = new Map(before.map((e) => [e.key, e]));
  return after.filter((e) => {
    const p = prev.get(e.key);
    if (!p) return true;
    return e.days !== undefined && p.days !== undefined && e.days < p.days;
  });
}

function expiryRule(
  meta: Omit<RuleMeta, "category" | "severity">,
  read: (change: Change, side: "before" | "after") => Expiry[],
): Rule {
  return changeRule({ ...meta, category: FW, severity: "medium" }, (change) => {
    if (change.action !== "update" && change.action !== "replace") return null;
    const added = newExpiries(read(change, "before"), read(change, "after"));
    if (added.length === 0) return null;
    const whole = added.some((e) => e.scope.startsWith("the whole") || e.scope === "all blobs");
    const desc = summarize(
      added.map((e) => `${e.scope}${e.days !== undefined ? ` after ${e.days} days` : ""}`),
    );
    return {
      severity: whole ? "medium" : "low",
      message: `${change.address}: lifecycle rule newly deletes existing objects (${reveal(change, desc)})`,
    };
  });
}

const AWS_EXPIRY = expiryRule(
  {
    id: "AL-TF-DATA-055",
    title: "AWS S3 lifecycle rule newly expires objects",
    provider: "aws",
    rationale:
      "A new or shortened expiration rule on an existing bucket deletes objects that are already there once they " +
      "pass the age, without any further change.",
    remediation:
      "Check the prefix and age against what the bucket holds; scope expiration to the data meant to expire.",
    resourceTypes: ["aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket"],
  },
  (change, side) => {
    const v = side === "before" ? change.before : change.after;
    return change.type === "aws_s3_bucket" ? awsExpiries(v, true) : awsExpiries(v, false);
  },
);

const GOOGLE_EXPIRY = expiryRule(
  {
    id: "AL-TF-DATA-056",
    title: "Google Cloud Storage lifecycle rule newly deletes objects",
    provider: "google",
    rationale:
      "A new Delete lifecycle rule on an existing bucket deletes objects already in it once they match.",
    remediation: "Check the rule's conditions against what the bucket holds.",
    resourceTypes: ["google_storage_bucket"],
  },
  (change, side) => googleExpiries(side === "before" ? change.before : change.after),
);

const AZURE_EXPIRY = expiryRule(
  {
    id: "AL-TF-DATA-057",
    title: "Azure storage management policy newly deletes blobs",
    provider: "azure",
    rationale:
      "A new or shortened delete action in a storage management policy deletes existing blobs once they match.",
    remediation: "Check the rule's filters and ages against what the account holds.",
    resourceTypes: ["azurerm_storage_management_policy"],
  },
  (change, side) => azureExpiries(side === "before" ? change.before : change.after),
);

export const TERRAFORM_DATA_LOSS_RULES: Rule[] = [
  AWS_DB_DESTROYED,
  AWS_BUCKET_DESTROYED,
  AWS_VOLUME_DESTROYED,
  AWS_STREAM_DESTROYED,
  AWS_SECRET_DESTROYED,
  AWS_BACKUP_REMOVED,
  AWS_CACHE_DESTROYED,
  GOOGLE_DB_DESTROYED,
  GOOGLE_BUCKET_DESTROYED,
  GOOGLE_DISK_DESTROYED,
  GOOGLE_MESSAGES_DESTROYED,
  AZURE_DB_DESTROYED,
  AZURE_STORAGE_DESTROYED,
  AZURE_DISK_DESTROYED,
  AZURE_BACKUP_REMOVED,
  AZURE_MESSAGES_DESTROYED,
  K8S_NAMESPACE_DESTROYED,
  K8S_VOLUME_DESTROYED,
  K8S_RETENTION_WEAKENED,
  K8S_STATEFULSET_WITH_CLAIMS,
  K8S_SECRET_DESTROYED,
  AWS_DELETION_PROTECTION_OFF,
  GOOGLE_DELETION_PROTECTION_OFF,
  AZURE_LOCK_REMOVED,
  AWS_FINAL_SNAPSHOT_SKIPPED,
  AWS_FORCE_DESTROY_ON,
  GOOGLE_FORCE_DESTROY_ON,
  AWS_VERSIONING_OFF,
  GOOGLE_VERSIONING_OFF,
  AZURE_VERSIONING_OFF,
  AWS_BACKUP_RETENTION,
  GOOGLE_BACKUPS_OFF,
  AZURE_BACKUPS_OFF,
  AWS_PITR_OFF,
  AWS_SECRET_RECOVERY,
  AWS_EXPIRY,
  GOOGLE_EXPIRY,
  AZURE_EXPIRY,
];
