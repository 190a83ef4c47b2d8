// Generates a realistic Terraform plan JSON with N resource changes: modules, count/for_each instances,
// references between resources and modules, nested attributes, sensitive values and unknowns.
import { writeFileSync } from "node:fs";

const TYPES = [
  [
    "aws_instance",
    (i) => ({
      ami: `ami-0${i.toString(16).padStart(16, "0")}`,
      instance_type: "t3.medium",
      subnet_id: `subnet-${i}`,
      vpc_security_group_ids: [`sg-${i}`, `sg-${i + 1}`],
      monitoring: true,
      ebs_optimized: true,
      root_block_device: [
        { volume_size: 50, volume_type: "gp3", encrypted: true, delete_on_termination: true, iops: 3000 },
      ],
      metadata_options: [
        { http_tokens: "required", http_endpoint: "enabled", http_put_response_hop_limit: 1 },
      ],
      user_data: null,
    }),
  ],
  [
    "aws_security_group",
    (i) => ({
      name: `sg-${i}`,
      description: "managed",
      vpc_id: `vpc-${i % 7}`,
      ingress: [
        {
          from_port: 443,
          to_port: 443,
          protocol: "tcp",
          cidr_blocks: ["10.0.0.0/8"],
          ipv6_cidr_blocks: [],
          description: "https",
          self: false,
          prefix_list_ids: [],
          security_groups: [],
        },
      ],
      egress: [
        {
          from_port: 0,
          to_port: 0,
          protocol: "-1",
          cidr_blocks: ["0.0.0.0/0"],
          ipv6_cidr_blocks: [],
          description: "",
          self: false,
          prefix_list_ids: [],
          security_groups: [],
        },
      ],
      revoke_rules_on_delete: false,
    }),
  ],
  [
    "aws_s3_bucket",
    (i) => ({
      bucket: `acme-bucket-${i}`,
      force_destroy: false,
      object_lock_enabled: false,
      region: "eu-west-1",
      bucket_domain_name: `acme-bucket-${i}.s3.amazonaws.com`,
    }),
  ],
  [
    "aws_db_instance",
    (i) => ({
      identifier: `db-${i}`,
      engine: "postgres",
      engine_version: "15.4",
      instance_class: "db.r6g.large",
      allocated_storage: 100,
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      backup_retention_period: 7,
      multi_az: true,
      username: "admin",
      password: `pw-${i}-secret`,
      publicly_accessible: false,
      kms_key_id: `arn:aws:kms:eu-west-1:123456789012:key/${i}`,
    }),
  ],
  [
    "aws_iam_role",
    (i) => ({
      name: `role-${i}`,
      path: "/",
      max_session_duration: 3600,
      assume_role_policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
      force_detach_policies: false,
    }),
  ],
  [
    "aws_lambda_function",
    (i) => ({
      function_name: `fn-${i}`,
      runtime: "nodejs20.x",
      handler: "index.handler",
      memory_size: 256,
      timeout: 30,
      role: `arn:aws:iam::123456789012:role/role-${i}`,
      environment: [{ variables: { STAGE: "prod", TABLE: `t-${i}` } }],
      tracing_config: [{ mode: "Active" }],
      architectures: ["arm64"],
    }),
  ],
  [
    "aws_cloudwatch_metric_alarm",
    (i) => ({
      alarm_name: `alarm-${i}`,
      comparison_operator: "GreaterThanThreshold",
      evaluation_periods: 2,
      metric_name: "CPUUtilization",
      namespace: "AWS/EC2",
      period: 60,
      statistic: "Average",
      threshold: 80,
      actions_enabled: true,
      alarm_actions: [`arn:aws:sns:eu-west-1:123456789012:alerts`],
    }),
  ],
  [
    "aws_route53_record",
    (i) => ({
      zone_id: "Z123",
      name: `svc-${i}.example.com`,
      type: "CNAME",
      ttl: 300,
      records: [`lb-${i}.example.com`],
    }),
  ],
];

const ACTIONS = [
  [["create"], 40],
  [["update"], 30],
  [["no-op"], 10],
  [["delete", "create"], 8],
  [["create", "delete"], 4],
  [["delete"], 8],
];

function pickAction(i) {
  const r = (i * 2654435761) % 100;
  let acc = 0;
  for (const [a, w] of ACTIONS) {
    acc += w;
    if (r < acc) return a;
  }
  return ["update"];
}

function withTags(v, i, extra) {
  return {
    ...v,
    tags: { env: "prod", team: `team-${i % 13}`, ...extra },
    tags_all: { env: "prod", team: `team-${i % 13}`, ...extra },
    id: `id-${i}`,
    arn: `arn:aws:x:eu-west-1:123456789012:thing/${i}`,
  };
}

/** Terraform writes attribute objects with sorted keys; so do we. */
function sorted(v) {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted(v[k])]),
    );
  return v;
}

/** Omits what Terraform leaves out of planned values: attributes unknown until apply. */
function known(values, unknown) {
  if (!values) return values;
  const out = {};
  for (const [k, v] of Object.entries(values)) if (!unknown?.[k]) out[k] = v;
  return out;
}

/** Sensitivity as Terraform writes `sensitive_values`: true for sensitive attributes, {} / [] shapes elsewhere. */
function sensitiveValues(values, sensitive) {
  const out = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (sensitive[k]) out[k] = true;
    else if (Array.isArray(v)) out[k] = v.map((x) => (x && typeof x === "object" ? {} : false));
    else if (v && typeof v === "object") out[k] = {};
  }
  return sorted(out);
}

/**
 * A plan as `terraform show -json` writes it for `n` resource changes in modules of 25. `shape`:
 * "full" (default) includes planned_values and prior_state with every resource's values, as Terraform
 * always writes them; "lean" leaves both empty (resource_changes and configuration only), the shape used by
 * the first benchmarks, kept so results stay comparable.
 */
export function generatePlan(n, shape = "full") {
  const full = shape !== "lean";
  const perModule = 25;
  const modules = Math.ceil(n / perModule);
  const resourceChanges = [];
  const plannedModules = [];
  const priorModules = [];
  const rootCalls = {};
  for (let m = 0; m < modules; m++) {
    const modName = `svc${m}`;
    const resources = [];
    const planned = [];
    const prior = [];
    const count = Math.min(perModule, n - m * perModule);
    for (let k = 0; k < count; k++) {
      const i = m * perModule + k;
      const [type, gen] = TYPES[i % TYPES.length];
      const name = `r${k}`;
      const actions = pickAction(i);
      const base = withTags(gen(i), i, {});
      const before = actions[0] === "create" && actions.length === 1 ? null : base;
      let after =
        actions[0] === "delete" && actions.length === 1
          ? null
          : withTags(gen(i), i, actions[0] === "update" ? { owner: "platform" } : {});
      const afterUnknown = after && actions.length > 1 ? { arn: true, id: true } : {};
      if (after && actions.length > 1) after = { ...after, id: null, arn: null };
      const sensitive = type === "aws_db_instance" ? { password: true } : {};
      const instance = {
        address: `module.${modName}.${type}.${name}[0]`,
        mode: "managed",
        type,
        name,
        index: 0,
        provider_name: "registry.terraform.io/hashicorp/aws",
        schema_version: 0,
      };
      if (after) {
        const values = sorted(known(after, afterUnknown));
        planned.push({ ...instance, values, sensitive_values: sensitiveValues(values, sensitive) });
      }
      resourceChanges.push({
        address: `module.${modName}.${type}.${name}[0]`,
        module_address: `module.${modName}`,
        mode: "managed",
        type,
        name,
        index: 0,
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: {
          actions,
          before: sorted(before),
          after: sorted(after),
          after_unknown: afterUnknown,
          before_sensitive: before ? sensitive : false,
          after_sensitive: after ? sensitive : false,
          ...(actions.length > 1 ? { replace_paths: [["ami"]] } : {}),
        },
        ...(actions.length > 1 ? { action_reason: "replace_because_cannot_update" } : {}),
      });
      // Star-shaped modules, as most real modules are: every resource refers to the module's first one
      // (a VPC, a cluster, a bucket), and every fifth one also to its predecessor.
      const hub = TYPES[(m * perModule) % TYPES.length][0];
      const prev = TYPES[(i - 1 + TYPES.length) % TYPES.length][0];
      const refs =
        k === 0
          ? ["var.upstream"]
          : k % 5 === 0
            ? [`${hub}.r0.id`, `${hub}.r0`, `${prev}.r${k - 1}.arn`, `${prev}.r${k - 1}`]
            : [`${hub}.r0.id`, `${hub}.r0`];
      if (before) {
        const dependsOn = refs
          .filter((r) => !r.startsWith("var.") && r.split(".").length === 2)
          .map((r) => `module.${modName}.${r}`);
        prior.push({
          ...instance,
          values: sorted(before),
          sensitive_values: sensitiveValues(before, sensitive),
          ...(dependsOn.length ? { depends_on: dependsOn } : {}),
        });
      }
      resources.push({
        address: `${type}.${name}`,
        mode: "managed",
        type,
        name,
        provider_config_key: `${modName}:aws`,
        expressions: {
          name: { constant_value: `${name}` },
          depends_ref: { references: refs },
          tags: { references: ["var.tags"] },
        },
        schema_version: 0,
        count_expression: { constant_value: 1 },
      });
    }
    if (planned.length) plannedModules.push({ address: `module.${modName}`, resources: planned });
    if (prior.length) priorModules.push({ address: `module.${modName}`, resources: prior });
    rootCalls[modName] = {
      source: `./modules/${modName}`,
      expressions: {
        // Services are wired in pairs: svc1 reads svc0's output, svc3 reads svc2's, …
        upstream:
          m % 2 === 1
            ? { references: [`module.svc${m - 1}.out`, `module.svc${m - 1}`] }
            : { constant_value: "none" },
        tags: { constant_value: { env: "prod" } },
      },
      module: {
        resources,
        outputs: {
          out: {
            expression: {
              references: [
                `${TYPES[(m * perModule) % TYPES.length][0]}.r0.id`,
                `${TYPES[(m * perModule) % TYPES.length][0]}.r0`,
              ],
            },
          },
        },
        variables: { upstream: {}, tags: {} },
      },
    };
  }
  // Terraform lists changes and modules in address order (module names compare as strings).
  const byAddress = (a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
  resourceChanges.sort(byAddress);
  plannedModules.sort(byAddress);
  priorModules.sort(byAddress);
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: full ? { child_modules: plannedModules } : {} },
    resource_changes: resourceChanges,
    ...(full
      ? {
          prior_state: {
            format_version: "1.0",
            terraform_version: "1.11.4",
            values: { root_module: { child_modules: priorModules } },
          },
        }
      : {}),
    configuration: {
      provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws" } },
      root_module: { module_calls: rootCalls },
    },
    timestamp: "2026-11-24T12:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const n = Number(process.argv[2] ?? 1000);
  const out = process.argv[3] ?? `plan-${n}.json`;
  writeFileSync(out, JSON.stringify(generatePlan(n, process.argv[4] ?? "full")));
  console.log(out);
}
