// Identity and access: where AWS identity policies live, admin managed policies, privilege-escalation
// actions, trust policies, Google primitive/administrative roles, Azure privileged roles, Kubernetes RBAC.
import type { Severity } from "../../model/types.js";

/** AWS identity policies (attached to users, groups, roles, permission sets): type → attribute paths. */
export const AWS_IDENTITY_POLICY_ATTRS: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_role: ["inline_policy.*.policy"],
  aws_ssoadmin_permission_set_inline_policy: ["inline_policy"],
};

/** Role trust policies: type → attribute path. */
export const AWS_TRUST_POLICY_ATTRS: Readonly<Record<string, string>> = {
  aws_iam_role: "assume_role_policy",
};

/** Resources that attach a managed policy by ARN: type → attribute path (a string or a list of ARNs). */
export const AWS_POLICY_ATTACHMENT_ATTRS: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_user_policy_attachments_exclusive: "policy_arns",
  aws_iam_group_policy_attachments_exclusive: "policy_arns",
  aws_ssoadmin_managed_policy_attachment: "managed_policy_arn",
};

/** AWS managed policies that grant administration (name after `arn:aws:iam::aws:policy/[path/]`). */
export const AWS_ADMIN_MANAGED_POLICIES: Readonly<Record<string, Severity>> = {
  AdministratorAccess: "critical",
  IAMFullAccess: "critical",
  PowerUserAccess: "high",
  AWSOrganizationsFullAccess: "high",
  "AdministratorAccess-Amplify": "high",
  "AdministratorAccess-AWSElasticBeanstalk": "high",
  SystemAdministrator: "high",
  NetworkAdministrator: "medium",
  DatabaseAdministrator: "medium",
  SecurityAudit: "low",
  AWSCloudFormationFullAccess: "medium",
  AmazonEC2FullAccess: "medium",
  AmazonS3FullAccess: "medium",
  AWSLambda_FullAccess: "medium",
  AWSKeyManagementServicePowerUser: "medium",
  SecretsManagerReadWrite: "medium",
};

/**
 * Actions that let a principal raise its own privileges (known IAM privilege-escalation paths).
 * `broadOnly`: only counts when the statement's resource is "*" (or a whole-account wildcard).
 */
export const AWS_ESCALATION_ACTIONS: readonly { action: string; broadOnly?: boolean; why: string }[] = [
  { action: "iam:PassRole", broadOnly: true, why: "pass any role to a service" },
  { action: "iam:CreatePolicyVersion", why: "rewrite a managed policy" },
  { action: "iam:SetDefaultPolicyVersion", why: "activate another policy version" },
  { action: "iam:AttachUserPolicy", why: "attach any policy to a user" },
  { action: "iam:AttachGroupPolicy", why: "attach any policy to a group" },
  { action: "iam:AttachRolePolicy", why: "attach any policy to a role" },
  { action: "iam:PutUserPolicy", why: "write an inline policy on a user" },
  { action: "iam:PutGroupPolicy", why: "write an inline policy on a group" },
  { action: "iam:PutRolePolicy", why: "write an inline policy on a role" },
  { action: "iam:AddUserToGroup", why: "join any group" },
  { action: "iam:CreateAccessKey", why: "create keys for other users" },
  { action: "iam:CreateLoginProfile", why: "set a console password for other users" },
  { action: "iam:UpdateLoginProfile", why: "reset other users' console passwords" },
  { action: "iam:UpdateAssumeRolePolicy", why: "let anyone assume a role" },
  { action: "iam:PutUserPermissionsBoundary", why: "lift a permissions boundary" },
  { action: "iam:DeleteUserPermissionsBoundary", why: "lift a permissions boundary" },
  { action: "iam:PutRolePermissionsBoundary", why: "lift a permissions boundary" },
  { action: "iam:DeleteRolePermissionsBoundary", why: "lift a permissions boundary" },
  { action: "sts:AssumeRole", broadOnly: true, why: "assume any role that trusts the account" },
  { action: "lambda:UpdateFunctionCode", broadOnly: true, why: "run code as any function's role" },
  { action: "ssm:SendCommand", broadOnly: true, why: "run commands on any managed instance" },
  { action: "ec2-instance-connect:SendSSHPublicKey", broadOnly: true, why: "log in to any instance" },
  { action: "glue:UpdateDevEndpoint", broadOnly: true, why: "run code as a Glue role" },
  { action: "cloudformation:CreateStack", broadOnly: true, why: "create stacks with a passed role" },
  { action: "organizations:*", why: "control the organization" },
  { action: "kms:PutKeyPolicy", broadOnly: true, why: "rewrite any key policy" },
  { action: "s3:PutBucketPolicy", broadOnly: true, why: "rewrite any bucket policy" },
];

/** OIDC identity providers whose tokens need a subject condition, and that condition key suffix. */
export const AWS_OIDC_SUBJECT_KEYS: readonly { issuer: string; label: string }[] = [
  { issuer: "token.actions.githubusercontent.com", label: "GitHub Actions" },
  { issuer: "gitlab.com", label: "GitLab CI" },
  { issuer: "app.terraform.io", label: "HCP Terraform" },
  { issuer: "oidc.circleci.com", label: "CircleCI" },
  { issuer: "accounts.google.com", label: "Google" },
  { issuer: "oidc.eks.", label: "EKS service accounts" },
  { issuer: "vstoken.actions.githubusercontent.com", label: "GitHub Actions" },
];

/** Google roles that grant broad or administrative power, by severity. */
export const GOOGLE_PRIMITIVE_ROLES: Readonly<Record<string, Severity>> = {
  "roles/owner": "critical",
  "roles/editor": "high",
};
export const GOOGLE_ADMIN_ROLES: Readonly<Record<string, Severity>> = {
  "roles/resourcemanager.organizationAdmin": "critical",
  "roles/resourcemanager.folderAdmin": "high",
  "roles/resourcemanager.projectIamAdmin": "high",
  "roles/resourcemanager.folderIamAdmin": "high",
  "roles/iam.securityAdmin": "high",
  "roles/iam.organizationRoleAdmin": "high",
  "roles/iam.roleAdmin": "high",
  "roles/iam.serviceAccountTokenCreator": "high",
  "roles/iam.serviceAccountKeyAdmin": "high",
  "roles/iam.serviceAccountAdmin": "medium",
  "roles/iam.serviceAccountUser": "medium",
  "roles/iam.workloadIdentityUser": "medium",
  "roles/iam.workloadIdentityPoolAdmin": "high",
  "roles/orgpolicy.policyAdmin": "high",
  "roles/billing.admin": "medium",
  "roles/cloudkms.admin": "medium",
  "roles/secretmanager.admin": "medium",
  "roles/storage.admin": "medium",
  "roles/compute.admin": "medium",
  "roles/container.admin": "medium",
  "roles/cloudsql.admin": "medium",
};

/** Google IAM resources: `google_<thing>_iam_(member|binding|policy)`. */
export const GOOGLE_IAM_TYPE = /^google_(.+)_iam_(member|binding|policy)$/;

/** `<thing>` of every Google resource type with IAM member/binding/policy resources (for type dispatch). */
export const GOOGLE_IAM_RESOURCES = [
  "project",
  "folder",
  "organization",
  "billing_account",
  "service_account",
  "storage_bucket",
  "storage_managed_folder",
  "pubsub_topic",
  "pubsub_subscription",
  "pubsub_schema",
  "bigquery_dataset",
  "bigquery_table",
  "bigquery_connection",
  "bigquery_analytics_hub_listing",
  "bigquery_analytics_hub_data_exchange",
  "bigtable_instance",
  "bigtable_table",
  "spanner_instance",
  "spanner_database",
  "kms_key_ring",
  "kms_crypto_key",
  "secret_manager_secret",
  "cloud_run_service",
  "cloud_run_v2_service",
  "cloud_run_v2_job",
  "cloudfunctions_function",
  "cloudfunctions2_function",
  "cloud_tasks_queue",
  "artifact_registry_repository",
  "compute_instance",
  "compute_subnetwork",
  "compute_disk",
  "compute_region_disk",
  "compute_image",
  "compute_snapshot",
  "compute_machine_image",
  "compute_backend_service",
  "compute_region_backend_service",
  "compute_backend_bucket",
  "iap_web",
  "iap_web_backend_service",
  "iap_web_type_compute",
  "iap_web_type_app_engine",
  "iap_app_engine_service",
  "iap_app_engine_version",
  "iap_tunnel",
  "iap_tunnel_instance",
  "iap_tunnel_dest_group",
  "healthcare_dataset",
  "healthcare_fhir_store",
  "healthcare_dicom_store",
  "healthcare_hl7_v2_store",
  "healthcare_consent_store",
  "sourcerepo_repository",
  "notebooks_instance",
  "workbench_instance",
  "dataproc_cluster",
  "dataproc_job",
  "data_catalog_entry_group",
  "data_catalog_tag_template",
  "dns_managed_zone",
  "endpoints_service",
  "tags_tag_key",
  "tags_tag_value",
  "container_analysis_note",
  "api_gateway_api",
  "api_gateway_gateway",
  "apigee_environment",
  "service_directory_namespace",
  "service_directory_service",
  "privateca_ca_pool",
  "privateca_certificate_template",
  "dataform_repository",
  "dataplex_lake",
  "dataplex_zone",
  "dataplex_asset",
  "gke_hub_membership",
  "binary_authorization_attestor",
  "runtimeconfig_config",
  "cloudbuildv2_connection",
  "access_context_manager_access_policy",
  "billing_account",
  "vertex_ai_endpoint",
  "secure_source_manager_repository",
  "bigquery_datapolicy_data_policy",
] as const;

/** Every `google_<thing>_iam_(member|binding|policy)` type of the resources above. */
export const GOOGLE_IAM_TYPES: readonly string[] = [...new Set(GOOGLE_IAM_RESOURCES)].flatMap((r) =>
  ["member", "binding", "policy"].map((k) => `google_${r}_iam_${k}`),
);
/** Scopes where a grant covers everything below (project, folder, organization). */
export const GOOGLE_HIERARCHY_SCOPES: ReadonlySet<string> = new Set(["project", "folder", "organization"]);
/** Authoritative IAM resources replace every grant not listed. */
export const GOOGLE_AUTHORITATIVE_POLICY_TYPES: ReadonlySet<string> = new Set([
  "google_project_iam_policy",
  "google_folder_iam_policy",
  "google_organization_iam_policy",
]);

/** Azure built-in roles that grant control, by role definition GUID and name. */
export const AZURE_PRIVILEGED_ROLES: readonly { id: string; name: string; level: "control" | "write" }[] = [
  { id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", name: "Owner", level: "control" },
  { id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", name: "User Access Administrator", level: "control" },
  {
    id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    name: "Role Based Access Control Administrator",
    level: "control",
  },
  { id: "b24988ac-6180-42a0-ab88-20f7382dd24c", name: "Contributor", level: "write" },
];

/** Entra ID (Azure AD) directory roles that control the tenant, by role template id. */
export const AZURE_AD_PRIVILEGED_ROLES: Readonly<Record<string, { name: string; severity: Severity }>> = {
  "62e90394-69f5-4237-9190-012177145e10": { name: "Global Administrator", severity: "critical" },
  "e8611ab8-c189-46e8-94e1-60213ab1f814": { name: "Privileged Role Administrator", severity: "critical" },
  "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": {
    name: "Privileged Authentication Administrator",
    severity: "critical",
  },
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": { name: "Application Administrator", severity: "high" },
  "158c047a-c907-4556-b7ef-446551a6b5f7": { name: "Cloud Application Administrator", severity: "high" },
  "fe930be7-5e62-47db-91af-98c3a49a38b1": { name: "User Administrator", severity: "high" },
  "194ae4cb-b126-40b2-bd5b-6091b380977d": { name: "Security Administrator", severity: "high" },
  "29232cdf-9323-42fd-ade2-1d097af3e4de": { name: "Exchange Administrator", severity: "high" },
};
export const AZURE_AD_ROLE_ASSIGNMENT_TYPES: Readonly<Record<string, string>> = {
  azuread_directory_role_assignment: "role_id",
  azuread_directory_role_member: "role_object_id",
};
/** azuread_directory_role exposes the template id and display name. */
export const AZURE_AD_ROLE_TYPES: ReadonlySet<string> = new Set(["azuread_directory_role"]);

/** Kubernetes RBAC: roles that are administrative, subjects that mean "anyone". */
export const KUBERNETES_ADMIN_ROLES: Readonly<Record<string, Severity>> = {
  "cluster-admin": "critical",
  admin: "high",
  edit: "medium",
};
export const KUBERNETES_ANONYMOUS_SUBJECTS: ReadonlySet<string> = new Set([
  "system:anonymous",
  "system:unauthenticated",
  "system:authenticated",
]);
export const KUBERNETES_BINDING_TYPES: ReadonlySet<string> = new Set([
  "kubernetes_cluster_role_binding",
  "kubernetes_cluster_role_binding_v1",
  "kubernetes_role_binding",
  "kubernetes_role_binding_v1",
]);
export const KUBERNETES_ROLE_TYPES: ReadonlySet<string> = new Set([
  "kubernetes_cluster_role",
  "kubernetes_cluster_role_v1",
  "kubernetes_role",
  "kubernetes_role_v1",
]);
/** RBAC verbs that grant privilege escalation on their own. */
export const KUBERNETES_ESCALATION_VERBS: ReadonlySet<string> = new Set(["escalate", "bind", "impersonate"]);
/** Resources whose write access is cluster takeover. */
export const KUBERNETES_SENSITIVE_RESOURCES: ReadonlySet<string> = new Set([
  "secrets",
  "clusterrolebindings",
  "rolebindings",
  "clusterroles",
  "roles",
  "nodes/proxy",
  "pods/exec",
  "serviceaccounts/token",
  "certificatesigningrequests/approval",
  "mutatingwebhookconfigurations",
  "validatingwebhookconfigurations",
]);

/**
 * Kubernetes workload types and the path to their pod spec (the provider nests blocks as lists).
 * `kubernetes_manifest` is handled by kind.
 */
export const KUBERNETES_POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  kubernetes_pod: "spec.0",
  kubernetes_pod_v1: "spec.0",
  kubernetes_deployment: "spec.0.template.0.spec.0",
  kubernetes_deployment_v1: "spec.0.template.0.spec.0",
  kubernetes_daemonset: "spec.0.template.0.spec.0",
  kubernetes_daemon_set_v1: "spec.0.template.0.spec.0",
  kubernetes_stateful_set: "spec.0.template.0.spec.0",
  kubernetes_stateful_set_v1: "spec.0.template.0.spec.0",
  kubernetes_replication_controller: "spec.0.template.0.spec.0",
  kubernetes_replication_controller_v1: "spec.0.template.0.spec.0",
  kubernetes_job: "spec.0.template.0.spec.0",
  kubernetes_job_v1: "spec.0.template.0.spec.0",
  kubernetes_cron_job: "spec.0.job_template.0.spec.0.template.0.spec.0",
  kubernetes_cron_job_v1: "spec.0.job_template.0.spec.0.template.0.spec.0",
};
/** Pod-level switches that break isolation from the node. */
export const KUBERNETES_HOST_NAMESPACE_FLAGS = ["host_network", "host_pid", "host_ipc"] as const;
/** Linux capabilities that amount to root on the node. */
export const KUBERNETES_DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  "ALL",
  "SYS_ADMIN",
  "NET_ADMIN",
  "SYS_PTRACE",
  "SYS_MODULE",
  "DAC_READ_SEARCH",
  "BPF",
]);

/** IAM resources whose mass removal can lock people or services out. */
export const IAM_GRANT_TYPES =
  /^(aws_iam_(role|user|group)_policy(_attachment)?|aws_iam_policy_attachment|aws_iam_user_group_membership|aws_iam_group_membership|google_.+_iam_(member|binding|policy)|azurerm_role_assignment|azuread_directory_role_(assignment|member)|kubernetes_(cluster_)?role_binding(_v1)?)$/;
