import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { check, none, one, patch, tfChange } from "./helpers.js";
import {
  AWS_IAM_POLICY,
  AWS_IAM_ROLE,
  AWS_IAM_ROLE_POLICY_ATTACHMENT,
  AZURE_ROLE_ASSIGNMENT,
  GOOGLE_PROJECT_IAM_MEMBER,
  iamDoc,
  K8S_CLUSTER_ROLE_BINDING,
  K8S_DEPLOYMENT,
} from "./shapes.js";

const policyUpdate = (statements: Record<string, unknown>[], before = AWS_IAM_POLICY.policy) =>
  tfChange({
    type: "aws_iam_policy",
    action: "update",
    before: { ...AWS_IAM_POLICY, policy: before },
    after: { ...AWS_IAM_POLICY, policy: iamDoc(statements) },
  });

describe("AL-TF-PRIV-001 full administrator", () => {
  it("Action * on Resource * is critical", () => {
    one(
      check("AL-TF-PRIV-001", policyUpdate([{ Effect: "Allow", Action: "*", Resource: "*" }])),
      "critical",
      "newly allows * on *",
    );
  });
  it("with a condition it is high", () => {
    const c = policyUpdate([
      {
        Effect: "Allow",
        Action: ["*"],
        Resource: ["*"],
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      },
    ]);
    one(check("AL-TF-PRIV-001", c), "high");
  });
  it("an admin policy that was already admin, or a Deny *, does not fire", () => {
    const admin = iamDoc([{ Effect: "Allow", Action: "*", Resource: "*" }]);
    none(check("AL-TF-PRIV-001", policyUpdate([{ Effect: "Allow", Action: "*", Resource: "*" }], admin)));
    none(check("AL-TF-PRIV-001", policyUpdate([{ Effect: "Deny", Action: "*", Resource: "*" }])));
  });
  it("inline policies on aws_iam_role count", () => {
    const after = {
      ...AWS_IAM_ROLE,
      inline_policy: [{ name: "all", policy: iamDoc([{ Effect: "Allow", Action: "*", Resource: "*" }]) }],
    };
    one(
      check(
        "AL-TF-PRIV-001",
        tfChange({ type: "aws_iam_role", action: "update", before: AWS_IAM_ROLE, after }),
      ),
      "critical",
      "inline_policy[0].policy",
    );
  });
  it("a tag-only update never fires", () => {
    none(
      check(
        "AL-TF-PRIV-001",
        tfChange({
          type: "aws_iam_policy",
          action: "update",
          before: AWS_IAM_POLICY,
          after: { ...AWS_IAM_POLICY, tags: { a: "b" } },
        }),
      ),
    );
  });
});

describe("AL-TF-PRIV-002/003 escalation and wildcards", () => {
  it("iam:PassRole on * is high; on one role it does not count", () => {
    one(
      check("AL-TF-PRIV-002", policyUpdate([{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }])),
      "high",
      "iam:PassRole",
    );
    none(
      check(
        "AL-TF-PRIV-002",
        policyUpdate([
          { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/ecs-task" },
        ]),
      ),
    );
  });
  it("iam:* covers every escalation action", () => {
    const h = one(
      check("AL-TF-PRIV-002", policyUpdate([{ Effect: "Allow", Action: "iam:*", Resource: "*" }])),
      "high",
    );
    assert.match(h.message, /iam:PassRole/);
  });
  it("iam:CreatePolicyVersion on a specific policy is medium", () => {
    one(
      check(
        "AL-TF-PRIV-002",
        policyUpdate([
          {
            Effect: "Allow",
            Action: "iam:CreatePolicyVersion",
            Resource: "arn:aws:iam::123456789012:policy/app",
          },
        ]),
      ),
      "medium",
    );
  });
  it("s3:* on * is medium, NotAction is high", () => {
    one(
      check("AL-TF-PRIV-003", policyUpdate([{ Effect: "Allow", Action: "s3:*", Resource: "*" }])),
      "medium",
      "s3:*",
    );
    one(
      check("AL-TF-PRIV-003", policyUpdate([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])),
      "high",
      "NotAction",
    );
  });
});

describe("AL-TF-PRIV-004 admin managed policies", () => {
  it("attaching AdministratorAccess is critical; ReadOnlyAccess nothing", () => {
    const admin = {
      ...AWS_IAM_ROLE_POLICY_ATTACHMENT,
      policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
    };
    one(
      check(
        "AL-TF-PRIV-004",
        tfChange({ type: "aws_iam_role_policy_attachment", action: "create", after: admin }),
      ),
      "critical",
      "AdministratorAccess to role deploy",
    );
    none(
      check(
        "AL-TF-PRIV-004",
        tfChange({
          type: "aws_iam_role_policy_attachment",
          action: "create",
          after: AWS_IAM_ROLE_POLICY_ATTACHMENT,
        }),
      ),
    );
  });
  it("managed_policy_arns gaining PowerUserAccess is high", () => {
    const after = {
      ...AWS_IAM_ROLE,
      managed_policy_arns: [...AWS_IAM_ROLE.managed_policy_arns, "arn:aws:iam::aws:policy/PowerUserAccess"],
    };
    one(
      check(
        "AL-TF-PRIV-004",
        tfChange({ type: "aws_iam_role", action: "update", before: AWS_IAM_ROLE, after }),
      ),
      "high",
    );
  });
  it("job-function paths and other partitions are recognised", () => {
    const a = {
      ...AWS_IAM_ROLE_POLICY_ATTACHMENT,
      policy_arn: "arn:aws-us-gov:iam::aws:policy/job-function/SystemAdministrator",
    };
    one(
      check(
        "AL-TF-PRIV-004",
        tfChange({ type: "aws_iam_role_policy_attachment", action: "create", after: a }),
      ),
      "high",
    );
  });
});

describe("AL-TF-PRIV-005/006/007 trust policies", () => {
  const trust = (st: Record<string, unknown>[]) => ({ ...AWS_IAM_ROLE, assume_role_policy: iamDoc(st) });
  it("trust to AWS * is critical; with a condition medium", () => {
    one(
      check(
        "AL-TF-PRIV-005",
        tfChange({
          type: "aws_iam_role",
          action: "update",
          before: AWS_IAM_ROLE,
          after: trust([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]),
        }),
      ),
      "critical",
    );
    const cond = trust([
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } },
      },
    ]);
    one(
      check(
        "AL-TF-PRIV-005",
        tfChange({ type: "aws_iam_role", action: "update", before: AWS_IAM_ROLE, after: cond }),
      ),
      "medium",
    );
  });
  it("GitHub OIDC without a sub condition is high; with one nothing", () => {
    const gh = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const loose = trust([
      {
        Effect: "Allow",
        Principal: { Federated: gh },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
      },
    ]);
    one(
      check("AL-TF-PRIV-006", tfChange({ type: "aws_iam_role", action: "create", after: loose })),
      "high",
      "GitHub Actions",
    );
    const tight = trust([
      {
        Effect: "Allow",
        Principal: { Federated: gh },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main" },
        },
      },
    ]);
    none(check("AL-TF-PRIV-006", tfChange({ type: "aws_iam_role", action: "create", after: tight })));
  });
  it("a newly trusted account is low", () => {
    const after = trust([
      { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "sts:AssumeRole" },
    ]);
    one(
      check(
        "AL-TF-PRIV-007",
        tfChange({ type: "aws_iam_role", action: "update", before: AWS_IAM_ROLE, after }),
      ),
      "low",
      "999988887777",
    );
  });
});

describe("AL-TF-PRIV-008 long-lived credentials", () => {
  it("an access key is medium and its secret never appears", () => {
    const key = {
      create_date: "2024-01-01T00:00:00Z",
      encrypted_secret: null,
      id: "AKIAEXAMPLE",
      key_fingerprint: null,
      pgp_key: null,
      secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      ses_smtp_password_v4: "smtp-secret",
      status: "Active",
      user: "ci",
    };
    const h = one(
      check(
        "AL-TF-PRIV-008",
        tfChange({
          type: "aws_iam_access_key",
          action: "create",
          after: key,
          afterSensitive: { secret: true, ses_smtp_password_v4: true },
        }),
      ),
      "medium",
    );
    assert.ok(!h.message.includes("wJalr") && !h.message.includes("smtp-secret"));
  });
});

describe("AL-TF-PRIV-020..024 Google Cloud", () => {
  it("roles/owner at project level is critical; roles/viewer nothing", () => {
    one(
      check(
        "AL-TF-PRIV-020",
        tfChange({
          type: "google_project_iam_member",
          action: "create",
          after: { ...GOOGLE_PROJECT_IAM_MEMBER, role: "roles/owner" },
        }),
      ),
      "critical",
      "roles/owner",
    );
    none(
      check(
        "AL-TF-PRIV-020",
        tfChange({ type: "google_project_iam_member", action: "create", after: GOOGLE_PROJECT_IAM_MEMBER }),
      ),
    );
  });
  it("roles/editor on a single bucket is one level lower than on the project", () => {
    const b = {
      bucket: "b/acme",
      condition: [],
      etag: "x",
      id: "x",
      members: ["group:devs@example.com"],
      role: "roles/editor",
    };
    one(
      check(
        "AL-TF-PRIV-020",
        tfChange({ type: "google_storage_bucket_iam_binding", action: "create", after: b }),
      ),
      "medium",
    );
  });
  it("a binding that only adds an unrelated member to a viewer role does not fire, adding to owner does", () => {
    const b = (members: string[], role: string) => ({
      condition: [],
      etag: "x",
      id: "x",
      members,
      project: "acme-prod",
      role,
    });
    none(
      check(
        "AL-TF-PRIV-020",
        tfChange({
          type: "google_project_iam_binding",
          action: "update",
          before: b(["user:a@example.com"], "roles/viewer"),
          after: b(["user:a@example.com", "user:b@example.com"], "roles/viewer"),
        }),
      ),
    );
    one(
      check(
        "AL-TF-PRIV-020",
        tfChange({
          type: "google_project_iam_binding",
          action: "update",
          before: b(["user:a@example.com"], "roles/owner"),
          after: b(["user:a@example.com", "user:b@example.com"], "roles/owner"),
        }),
      ),
      "critical",
      "user:b@example.com",
    );
  });
  it("serviceAccountTokenCreator on a service account is high", () => {
    const m = {
      condition: [],
      etag: "x",
      id: "x",
      member: "serviceAccount:ci@acme-prod.iam.gserviceaccount.com",
      role: "roles/iam.serviceAccountTokenCreator",
      service_account_id: "projects/acme-prod/serviceAccounts/deploy@acme-prod.iam.gserviceaccount.com",
    };
    one(
      check(
        "AL-TF-PRIV-021",
        tfChange({ type: "google_service_account_iam_member", action: "create", after: m }),
      ),
      "high",
    );
  });
  it("an authoritative project IAM policy is high", () => {
    const p = {
      etag: "x",
      id: "acme-prod",
      policy_data: JSON.stringify({
        bindings: [{ role: "roles/viewer", members: ["group:all@example.com"] }],
      }),
      project: "acme-prod",
    };
    one(
      check("AL-TF-PRIV-022", tfChange({ type: "google_project_iam_policy", action: "create", after: p })),
      "high",
      "entire IAM policy",
    );
  });
});

describe("AL-TF-PRIV-030..032 Azure", () => {
  it("Owner at subscription scope is critical; Reader nothing; Contributor on a resource group medium", () => {
    const owner = { ...AZURE_ROLE_ASSIGNMENT, role_definition_name: "Owner", role_definition_id: "" };
    one(
      check("AL-TF-PRIV-030", tfChange({ type: "azurerm_role_assignment", action: "create", after: owner })),
      "critical",
      "Owner",
    );
    none(
      check(
        "AL-TF-PRIV-030",
        tfChange({ type: "azurerm_role_assignment", action: "create", after: AZURE_ROLE_ASSIGNMENT }),
      ),
    );
    const contrib = {
      ...AZURE_ROLE_ASSIGNMENT,
      role_definition_name: "",
      role_definition_id:
        "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
      scope: "/subscriptions/0000/resourceGroups/prod",
    };
    one(
      check(
        "AL-TF-PRIV-030",
        tfChange({ type: "azurerm_role_assignment", action: "create", after: contrib }),
      ),
      "medium",
      "Contributor",
    );
  });
  it("a custom role with actions * is high", () => {
    const def = (actions: string[]) => ({
      assignable_scopes: ["/subscriptions/0000"],
      description: "",
      id: "x",
      name: "ops",
      permissions: [{ actions, data_actions: [], not_actions: [], not_data_actions: [] }],
      role_definition_id: "r",
      scope: "/subscriptions/0000",
    });
    one(
      check(
        "AL-TF-PRIV-031",
        tfChange({
          type: "azurerm_role_definition",
          action: "update",
          before: def(["Microsoft.Compute/*/read"]),
          after: def(["*"]),
        }),
      ),
      "high",
      "Owner-equivalent",
    );
  });
  it("Global Administrator directory role is critical", () => {
    const a = {
      app_scope_id: null,
      directory_scope_id: "/",
      id: "x",
      principal_object_id: "p",
      role_id: "62e90394-69f5-4237-9190-012177145e10",
    };
    one(
      check(
        "AL-TF-PRIV-032",
        tfChange({ type: "azuread_directory_role_assignment", action: "create", after: a }),
      ),
      "critical",
      "Global Administrator",
    );
  });
});

describe("AL-TF-PRIV-040..042 Kubernetes", () => {
  it("binding cluster-admin is critical, view nothing, anonymous critical", () => {
    const admin = patch(K8S_CLUSTER_ROLE_BINDING, {
      role_ref: [{ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }],
    });
    one(
      check(
        "AL-TF-PRIV-040",
        tfChange({ type: "kubernetes_cluster_role_binding_v1", action: "create", after: admin }),
      ),
      "critical",
      "cluster-admin",
    );
    none(
      check(
        "AL-TF-PRIV-040",
        tfChange({
          type: "kubernetes_cluster_role_binding_v1",
          action: "create",
          after: K8S_CLUSTER_ROLE_BINDING,
        }),
      ),
    );
    const anon = patch(K8S_CLUSTER_ROLE_BINDING, {
      subject: [
        {
          api_group: "rbac.authorization.k8s.io",
          kind: "Group",
          name: "system:unauthenticated",
          namespace: "",
        },
      ],
    });
    one(
      check(
        "AL-TF-PRIV-040",
        tfChange({ type: "kubernetes_cluster_role_binding", action: "create", after: anon }),
      ),
      "critical",
      "system:unauthenticated",
    );
  });
  it("a ClusterRole with * * * is critical", () => {
    const role = {
      aggregation_rule: [],
      id: "x",
      metadata: [{ name: "all" }],
      rule: [
        { api_groups: ["*"], non_resource_urls: [], resource_names: [], resources: ["*"], verbs: ["*"] },
      ],
    };
    one(
      check(
        "AL-TF-PRIV-041",
        tfChange({ type: "kubernetes_cluster_role_v1", action: "create", after: role }),
      ),
      "critical",
    );
  });
  it("a privileged container is high, only when newly privileged", () => {
    const priv = structuredClone(K8S_DEPLOYMENT);
    (priv.spec[0].template[0].spec[0].container[0] as Record<string, unknown>).security_context = [
      { privileged: true, capabilities: [{ add: ["SYS_ADMIN"], drop: [] }] },
    ];
    one(
      check(
        "AL-TF-PRIV-042",
        tfChange({ type: "kubernetes_deployment_v1", action: "update", before: K8S_DEPLOYMENT, after: priv }),
      ),
      "high",
      "privileged container web",
    );
    none(
      check(
        "AL-TF-PRIV-042",
        tfChange({ type: "kubernetes_deployment_v1", action: "update", before: priv, after: priv }),
      ),
    );
  });
});
