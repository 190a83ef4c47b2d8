// Policy evaluation tables: the built-in policy, enforcement levels, overrides, freezes, environments, and
// the rule that CEL errors never turn into allow.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { Assessment } from "../../src/model/assessment.js";
import type { PolicyDecision, Provenance, ProvenanceClass } from "../../src/model/decision.js";
import { checkChange } from "../../src/policy/check.js";
import { loadPolicy, parsePolicy } from "../../src/policy/load.js";
import type { Override } from "../../src/policy/types.js";
import { assessment, change, finding } from "./assessment-builder.js";

let dir: string;
let passing: string;
let failing: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-eval-"));
  passing = join(dir, "pass.xml");
  failing = join(dir, "fail.xml");
  writeFileSync(
    passing,
    '<testsuite name="t" tests="2"><testcase name="a"/><testcase name="b"/></testsuite>\n',
  );
  writeFileSync(
    failing,
    '<testsuite name="t" tests="2"><testcase name="a"/><testcase name="b"><failure message="boom"/></testcase></testsuite>\n',
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

function prov(
  cls: ProvenanceClass,
  a: Assessment,
  addresses: Record<string, ProvenanceClass> = {},
): Provenance {
  const map: Record<string, ProvenanceClass> = {};
  for (const c of a.changes) map[c.address] = addresses[c.address] ?? cls;
  return { classification: cls, agents: [], commits: [], files: [], addresses: map, notes: [] };
}

interface Opts {
  policy?: string;
  provenance?: ProvenanceClass;
  addresses?: Record<string, ProvenanceClass>;
  evidence?: string[];
  overrides?: Override[];
  now?: Date;
  workspace?: string;
  kubeContext?: string;
  stack?: string;
}

async function decide(a: Assessment, o: Opts = {}): Promise<PolicyDecision> {
  return checkChange({
    assessment: a,
    policy: o.policy ? parsePolicy(o.policy, "test.yaml") : loadPolicy(),
    provenance: prov(o.provenance ?? "unknown", a, o.addresses),
    evidence: o.evidence,
    overrides: o.overrides,
    now: o.now ?? new Date("2026-03-04T10:00:00Z"),
    workspace: o.workspace,
    kubeContext: o.kubeContext,
    stack: o.stack,
    cwd: dir,
    env: {},
  });
}

const openIds = (d: PolicyDecision) =>
  d.requirements
    .filter((q) => !q.satisfied && q.enforcement !== "advisory")
    .map((q) => q.id)
    .sort();

const PROD = "envs/prod/plan.json";
const DEV = "envs/dev/plan.json";
const dbDelete = (path: string, sev: "high" | "critical" = "high") =>
  assessment(
    [change("aws_db_instance.main", "delete")],
    [finding("aws_db_instance.main", "data-loss", sev)],
    {},
    path,
  );

describe("built-in policy: decision table", () => {
  const rows: {
    name: string;
    a: () => Assessment;
    o?: () => Opts;
    decision: PolicyDecision["decision"];
    open: string[];
    env?: string;
  }[] = [
    {
      name: "prod, AI-authored database delete → 2 approvals + tests + high-risk approval",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "ai-authored" }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
      env: "production",
    },
    {
      name: "prod, AI-assisted counts as AI-written",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "ai-assisted" }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
    },
    {
      name: "prod, unknown provenance is treated like AI",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "unknown" }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
    },
    {
      name: "prod, human-written delete → only the high-risk approval",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "human" }),
      decision: "require-approval",
      open: ["approval:prod-high-risk"],
    },
    {
      name: "prod, AI delete with passing tests → evidence satisfied, approvals open",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "ai-authored", evidence: [passing] }),
      decision: "require-approval",
      open: ["approval:prod-ai-destructive-approval", "approval:prod-high-risk"],
    },
    {
      name: "prod, AI delete with a failing test → evidence not satisfied",
      a: () => dbDelete(PROD),
      o: () => ({ provenance: "ai-authored", evidence: [passing, failing] }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
    },
    {
      name: "dev, AI delete (high) → allowed",
      a: () => dbDelete(DEV),
      o: () => ({ provenance: "ai-authored" }),
      decision: "allow",
      open: [],
      env: "development",
    },
    {
      name: "critical data loss is blocked everywhere",
      a: () => dbDelete(DEV, "critical"),
      o: () => ({ provenance: "human" }),
      decision: "block",
      open: ["block:critical-data-loss"],
    },
    {
      name: "critical data loss with a break-glass override → passes the block (soft-mandatory)",
      a: () => dbDelete(DEV, "critical"),
      o: () => ({
        provenance: "human",
        overrides: [
          { requirement: "critical-data-loss", reason: "restore tested in staging", by: "hanna@example.com" },
        ],
      }),
      decision: "allow",
      open: [],
    },
    {
      name: "an override without a reason does not count",
      a: () => dbDelete(DEV, "critical"),
      o: () => ({
        provenance: "human",
        overrides: [{ requirement: "block:critical-data-loss", reason: " ", by: "x" }],
      }),
      decision: "block",
      open: ["block:critical-data-loss"],
    },
    {
      name: "an override cannot pass a hard-mandatory approval",
      a: () => dbDelete(PROD),
      o: () => ({
        provenance: "human",
        overrides: [{ requirement: "prod-high-risk", reason: "in a hurry", by: "x" }],
      }),
      decision: "require-approval",
      open: ["approval:prod-high-risk"],
    },
    {
      name: "AI IAM broadening needs an owner's approval (any environment)",
      a: () =>
        assessment(
          [change("aws_iam_policy.admin", "update")],
          [finding("aws_iam_policy.admin", "privilege", "medium")],
          {},
          DEV,
        ),
      o: () => ({ provenance: "ai-authored" }),
      decision: "require-approval",
      open: ["approval:ai-privilege-broadening"],
    },
    {
      name: "human IAM broadening in dev → allowed",
      a: () =>
        assessment(
          [change("aws_iam_policy.admin", "update")],
          [finding("aws_iam_policy.admin", "privilege", "medium")],
          {},
          DEV,
        ),
      o: () => ({ provenance: "human" }),
      decision: "allow",
      open: [],
    },
    {
      name: "provenance is per address: only the AI-written resource's finding counts",
      a: () =>
        assessment(
          [change("aws_iam_policy.a", "update"), change("aws_iam_policy.b", "update")],
          [finding("aws_iam_policy.a", "privilege", "medium")],
          {},
          DEV,
        ),
      o: () => ({ provenance: "ai-authored", addresses: { "aws_iam_policy.a": "human" } }),
      decision: "allow",
      open: [],
    },
    {
      name: "low-risk AI change in prod → allowed",
      a: () =>
        assessment(
          [change("aws_s3_bucket_policy.p", "update")],
          [finding("aws_s3_bucket_policy.p", "audit", "low")],
          {},
          PROD,
        ),
      o: () => ({ provenance: "ai-authored" }),
      decision: "allow",
      open: [],
    },
    {
      name: "an unrecognised target counts as important (unclassified, high)",
      a: () => dbDelete("plan.json"),
      o: () => ({ provenance: "ai-authored" }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
      env: "unclassified",
    },
    {
      name: "environment from the Terraform workspace",
      a: () => dbDelete("plan.json"),
      o: () => ({ provenance: "human", workspace: "prod-eu" }),
      decision: "require-approval",
      open: ["approval:prod-high-risk"],
      env: "production",
    },
    {
      name: "environment from a Kubernetes namespace",
      a: () =>
        assessment(
          [change("Deployment/payments-prod/api", "delete", { type: "apps/v1/Deployment", name: "api" })],
          [finding("Deployment/payments-prod/api", "availability", "high")],
          {
            framework: "kubernetes",
            source: { path: "k8s", framework: "kubernetes", format: "kubernetes-manifests" },
          },
        ),
      o: () => ({ provenance: "ai-authored" }),
      decision: "require-approval",
      open: [
        "approval:prod-ai-destructive-approval",
        "approval:prod-high-risk",
        "evidence:prod-ai-destructive-tests",
      ],
      env: "production",
    },
    {
      name: "environment from the Kubernetes context",
      a: () =>
        assessment([change("ConfigMap/default/cfg", "update")], [], {
          framework: "kubernetes",
          source: { path: "k8s", framework: "kubernetes", format: "kubernetes-manifests" },
        }),
      o: () => ({ provenance: "human", kubeContext: "kind-local" }),
      decision: "allow",
      open: [],
      env: "development",
    },
    {
      name: "an errored plan is always blocked",
      a: () =>
        assessment([change("aws_s3_bucket.b", "create")], [], {
          source: { path: DEV, framework: "terraform", format: "terraform-plan-json", errored: true },
        }),
      o: () => ({ provenance: "human" }),
      decision: "block",
      open: ["block:errored-input"],
    },
    {
      name: "a partial plan (complete: false) is never allowed without a human look",
      a: () =>
        assessment([change("aws_s3_bucket.b", "create")], [], {
          source: { path: DEV, framework: "terraform", format: "terraform-plan-json", complete: false },
        }),
      o: () => ({ provenance: "human" }),
      decision: "require-approval",
      open: ["approval:partial-input"],
    },
    {
      name: "deferred changes (partial analysis) need a human look",
      a: () => {
        const x = assessment([change("Table", "update")], [], {
          source: { path: DEV, framework: "cloudformation", format: "cloudformation-change-set" },
        });
        x.summary.deferred = 2;
        return x;
      },
      o: () => ({ provenance: "human" }),
      decision: "require-approval",
      open: ["approval:partial-input"],
    },
  ];
  for (const r of rows) {
    test(r.name, async () => {
      const d = await decide(r.a(), r.o?.());
      assert.equal(d.decision, r.decision, JSON.stringify(d.reasons));
      assert.deepEqual(openIds(d), [...r.open].sort());
      if (r.env) assert.equal(d.environment?.name, r.env);
      assert.equal(d.digest, `sha256:${"ab".repeat(32)}`);
      assert.equal(d.policy, "builtin");
    });
  }

  test("environment from a CloudFormation change set's StackName, or --stack", async () => {
    const cs = join(dir, "changeset.json");
    writeFileSync(cs, JSON.stringify({ StackName: "orders-prod", ChangeSetName: "cs1", Changes: [] }));
    const a = assessment([change("Table", "delete", { type: "AWS::DynamoDB::Table", name: "Table" })], [], {
      framework: "cloudformation",
      source: { path: cs, framework: "cloudformation", format: "cloudformation-change-set" },
    });
    const d = await decide(a, { provenance: "human" });
    assert.equal(d.environment?.name, "production");
    assert.ok(d.reasons.some((r) => /stack orders-prod ~ \*-prod/.test(r)));
    const explicit = await decide(a, { provenance: "human", stack: "orders-dev" });
    assert.equal(explicit.environment?.name, "development");
  });

  test("requirement details: counts, evidence kinds, enforcement", async () => {
    const d = await decide(dbDelete(PROD), { provenance: "ai-authored" });
    const approval = d.requirements.find((q) => q.id === "approval:prod-ai-destructive-approval");
    assert.equal(approval?.kind, "approval");
    assert.equal(approval?.approval?.count, 2);
    assert.equal(approval?.enforcement, "hard-mandatory");
    assert.match(approval?.description ?? "", /aws_db_instance\.main/);
    const ev = d.requirements.find((q) => q.id === "evidence:prod-ai-destructive-tests");
    assert.deepEqual(ev?.evidence, ["tests"]);
  });
});

describe("enforcement levels and effects", () => {
  const policy = (rules: string) => `version: 1\nrules:\n${rules}`;

  test("advisory rules are reported but never change the decision", async () => {
    const d = await decide(dbDelete(DEV), {
      policy: policy(
        "  - id: note\n    when: summary.delete > 0\n    effect: block\n    enforcement: advisory\n",
      ),
    });
    assert.equal(d.decision, "allow");
    assert.equal(d.requirements[0].id, "block:note");
    assert.ok(d.reasons.some((r) => /advisory only/.test(r)));
  });

  test("most restrictive wins: block beats approval beats allow", async () => {
    const d = await decide(dbDelete(DEV), {
      policy: policy(
        '  - id: a\n    when: "true"\n    effect: allow\n  - id: b\n    when: "true"\n    effect: require-approval\n  - id: c\n    when: summary.delete > 0\n    effect: block\n',
      ),
    });
    assert.equal(d.decision, "block");
    assert.deepEqual(openIds(d), ["approval:b", "block:c"]);
  });

  test("forEach change with unless: only matching items, listed in the requirement", async () => {
    const a = assessment(
      [
        change("aws_db_instance.a", "delete"),
        change("aws_db_instance.b", "replace"),
        change("aws_db_instance.c", "update"),
      ],
      [],
      {},
      DEV,
    );
    const d = await decide(a, {
      addresses: { "aws_db_instance.b": "human" },
      provenance: "ai-authored",
      policy: policy(
        '  - id: db\n    forEach: change\n    when: change.type == "aws_db_instance" && change.destructive\n    unless: change.provenance == "human"\n    effect: require-approval\n    approval: { count: 2, ttl: 12h }\n',
      ),
    });
    assert.equal(d.decision, "require-approval");
    const q = d.requirements[0];
    assert.match(q.description, /\[aws_db_instance\.a\]$/);
    assert.deepEqual(q.approval, { count: 2, ttlSeconds: 43200 });
  });

  test("treatUnknownAs: human relaxes unknown provenance", async () => {
    const rules = "  - id: ai\n    forEach: change\n    when: change.ai\n    effect: block\n";
    const strict = await decide(dbDelete(DEV), { policy: policy(rules) });
    assert.equal(strict.decision, "block");
    const relaxed = await decide(dbDelete(DEV), {
      policy: `version: 1\nprovenance: { treatUnknownAs: human }\nrules:\n${rules}`,
    });
    assert.equal(relaxed.decision, "allow");
  });

  test("groups are carried into the approval requirement", async () => {
    const d = await decide(dbDelete(DEV), {
      policy: `version: 1\ngroups: { dba: ["dana@example.com"] }\nrules:\n  - id: r\n    when: "true"\n    effect: require-approval\n    approval: { groups: [dba] }\n`,
    });
    assert.deepEqual(d.requirements[0].approval, { count: 1, groups: ["dba"] });
  });
});

describe("CEL errors never turn into allow", () => {
  const policy = (when: string, effect = "require-approval", unless?: string) =>
    `version: 1\nrules:\n  - id: r\n    when: ${JSON.stringify(when)}\n${unless ? `    unless: ${JSON.stringify(unless)}\n` : ""}    effect: ${effect}\n${effect === "require-evidence" ? "    evidence: [tests]\n" : ""}`;

  const ERRORS = [
    "findings[0].severity == 'high'", // index out of range: there are no findings
    "changes[0].attributes[7].path == 'x'", // out of range
    "int(changes[0].name) > 3", // not a number
    "1 / (size(findings)) > 0", // division by zero
  ];
  for (const expr of ERRORS) {
    test(`a failing condition counts as matching: ${expr}`, async () => {
      const a = assessment([change("aws_s3_bucket.b", "delete")], [], {}, DEV);
      const d = await decide(a, { policy: policy(expr) });
      assert.equal(d.decision, "require-approval");
      assert.ok(
        d.reasons.some((r) => /condition could not be evaluated .*treated as matching/.test(r)),
        JSON.stringify(d.reasons),
      );
      const b = await decide(a, { policy: policy(expr, "block") });
      assert.equal(b.decision, "block");
    });
  }

  test("a non-bool result at run time counts as matching", async () => {
    const a = assessment([change("aws_s3_bucket.b", "delete")], [], {}, DEV);
    const d = await decide(a, {
      policy: `version: 1\nrules:\n  - id: r\n    forEach: change\n    when: change.name\n    effect: block\n`,
    });
    assert.equal(d.decision, "block");
  });

  test("a failing unless does not grant the exception", async () => {
    const a = assessment([change("aws_s3_bucket.b", "delete")], [], {}, DEV);
    const d = await decide(a, { policy: policy("true", "block", "findings[3].severity == 'low'") });
    assert.equal(d.decision, "block");
  });

  test("a failing freeze exception keeps the freeze", async () => {
    const a = assessment([change("aws_s3_bucket.b", "update")], [], {}, DEV);
    const d = await decide(a, {
      policy: `version: 1\nfreezes:\n  - name: f\n    start: 2026-03-01\n    end: 2026-03-10\n    unless: "findings[0].severity == 'low'"\n`,
    });
    assert.equal(d.decision, "block");
  });

  test("property: an erroring condition decides exactly like a true one (and an erroring unless like a false one)", async () => {
    const a = assessment(
      [change("aws_s3_bucket.b", "delete")],
      [finding("aws_s3_bucket.b", "data-loss", "medium")],
      {},
      DEV,
    );
    const cond = fc.constantFrom("true", "false", "ERR");
    const rule = fc.record({
      effect: fc.constantFrom("allow", "require-approval", "block", "require-evidence"),
      when: cond,
      unless: fc.option(cond, { nil: undefined }),
      enforcement: fc.constantFrom("advisory", "soft-mandatory", "hard-mandatory"),
      forEach: fc.constantFrom(undefined, "change", "finding"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { minLength: 1, maxLength: 5 }), async (rules) => {
        const render = (errWhen: string, errUnless: string) =>
          `version: 1\nrules:\n${rules
            .map((r, i) => {
              const w = r.when === "ERR" ? errWhen : r.when;
              const u = r.unless === "ERR" ? errUnless : r.unless;
              return `  - id: r${i}\n${r.forEach ? `    forEach: ${r.forEach}\n` : ""}    when: ${JSON.stringify(w)}\n${
                u ? `    unless: ${JSON.stringify(u)}\n` : ""
              }    effect: ${r.effect}\n    enforcement: ${r.enforcement}\n${r.effect === "require-evidence" ? "    evidence: [tests]\n" : ""}`;
            })
            .join("")}`;
        const withErrors = await decide(a, {
          policy: render("findings[9].rank > 0", "findings[9].rank > 0"),
        });
        const resolved = await decide(a, { policy: render("true", "false") });
        assert.equal(withErrors.decision, resolved.decision);
        assert.deepEqual(openIds(withErrors), openIds(resolved));
        const restrictive = rules.some(
          (r) =>
            r.when === "ERR" && r.effect !== "allow" && r.enforcement !== "advisory" && r.unless !== "true",
        );
        if (restrictive) assert.notEqual(withErrors.decision, "allow");
      }),
      { numRuns: 60 },
    );
  });
});

describe("change freezes", () => {
  const a = () => assessment([change("aws_s3_bucket.b", "update")], [], {}, PROD);

  test("an absolute window blocks inside and not outside", async () => {
    const policy = `version: 1\nfreezes:\n  - name: year-end\n    start: 2026-12-20T00:00:00Z\n    end: 2027-01-04T08:00:00Z\n    reason: holidays\n`;
    const inside = await decide(a(), { policy, now: new Date("2026-12-24T12:00:00Z") });
    assert.equal(inside.decision, "block");
    assert.equal(inside.requirements[0].kind, "freeze");
    assert.match(inside.requirements[0].description, /year-end.*holidays/);
    const afterEnd = await decide(a(), { policy, now: new Date("2027-01-04T08:00:00Z") });
    assert.equal(afterEnd.decision, "allow");
  });

  test("a weekly window in a time zone: Friday 16:00 to Monday 08:00 Berlin", async () => {
    const policy = `version: 1\nfreezes:\n  - name: weekend\n    weekly: { days: [fri, sat, sun, mon], from: "16:00", to: "08:00", timezone: Europe/Berlin }\n`;
    const cases: [string, PolicyDecision["decision"]][] = [
      ["2026-03-06T14:59:00Z", "allow"], // Fri 15:59 CET
      ["2026-03-06T15:00:00Z", "block"], // Fri 16:00 CET
      ["2026-03-08T12:00:00Z", "block"], // Sunday
      ["2026-03-09T06:59:00Z", "block"], // Mon 07:59 CET
      ["2026-03-09T07:00:00Z", "allow"], // Mon 08:00 CET
      ["2026-03-04T10:00:00Z", "allow"], // Wednesday
    ];
    for (const [now, want] of cases) {
      const d = await decide(a(), { policy, now: new Date(now) });
      assert.equal(d.decision, want, now);
    }
  });

  test("weekly windows follow daylight saving time (Berlin, New York)", async () => {
    const berlin = `version: 1\nfreezes:\n  - name: weekend\n    weekly: { days: [fri, sat, sun, mon], from: "16:00", to: "08:00", timezone: Europe/Berlin }\n`;
    // Europe/Berlin switches to CEST (UTC+2) on Sunday 2026-03-29.
    const cases: [string, PolicyDecision["decision"]][] = [
      ["2026-03-27T14:59:00Z", "allow"], // Fri 15:59 CET
      ["2026-03-27T15:00:00Z", "block"], // Fri 16:00 CET
      ["2026-03-29T01:30:00Z", "block"], // Sun 03:30 CEST, right after the switch
      ["2026-03-30T05:59:00Z", "block"], // Mon 07:59 CEST
      ["2026-03-30T06:00:00Z", "allow"], // Mon 08:00 CEST (would be 07:00 in CET)
      ["2026-10-23T14:00:00Z", "block"], // Fri 16:00 CEST
      ["2026-10-26T07:00:00Z", "allow"], // Mon 08:00 CET, after the switch back on 2026-10-25
    ];
    for (const [now, want] of cases) {
      const d = await decide(a(), { policy: berlin, now: new Date(now) });
      assert.equal(d.decision, want, now);
    }
    const ny = `version: 1\nfreezes:\n  - name: nightly\n    weekly: { days: [sun, mon], from: "20:00", to: "06:00", timezone: America/New_York }\n`;
    // New York switches to EDT (UTC-4) on Sunday 2026-03-08 at 02:00.
    assert.equal(
      (await decide(a(), { policy: ny, now: new Date("2026-03-09T00:00:00Z") })).decision,
      "block",
    ); // Sun 20:00 EDT
    assert.equal(
      (await decide(a(), { policy: ny, now: new Date("2026-03-08T23:59:00Z") })).decision,
      "allow",
    ); // Sun 19:59 EDT
    assert.equal(
      (await decide(a(), { policy: ny, now: new Date("2026-03-09T09:59:00Z") })).decision,
      "block",
    ); // Mon 05:59 EDT
    assert.equal(
      (await decide(a(), { policy: ny, now: new Date("2026-03-09T10:00:00Z") })).decision,
      "allow",
    ); // Mon 06:00 EDT
  });

  test("CEL time functions take a time zone and follow DST", async () => {
    const policy =
      'version: 1\nrules:\n  - id: office-hours\n    when: now.getHours("Europe/Berlin") < 9 || now.getDayOfWeek("Europe/Berlin") == 0\n    effect: require-approval\n';
    // 07:30 UTC is 08:30 CET (before 9) in winter, 09:30 CEST in summer.
    assert.equal(
      (await decide(a(), { policy, now: new Date("2026-03-27T07:30:00Z") })).decision,
      "require-approval",
    );
    assert.equal((await decide(a(), { policy, now: new Date("2026-03-30T07:30:00Z") })).decision, "allow");
    // Saturday 23:30 UTC is already Sunday in Berlin.
    assert.equal(
      (await decide(a(), { policy, now: new Date("2026-03-28T23:30:00Z") })).decision,
      "require-approval",
    );
  });

  test("a weekly window that could never be in force, or with gaps between its days, is a load error", () => {
    const w = (weekly: string) => `version: 1\nfreezes:\n  - name: w\n    weekly: ${weekly}\n`;
    assert.throws(
      () => parsePolicy(w('{ days: [fri], from: "22:00", to: "06:00" }'), "p.yaml"),
      /p\.yaml:4:\d+: freezes\.0\.weekly: .*never/,
    );
    assert.throws(
      () => parsePolicy(w("{ days: [mon, wed] }"), "p.yaml"),
      /p\.yaml:4:\d+: freezes\.0\.weekly\.days: .*consecutive/,
    );
    assert.throws(() => parsePolicy(w("{ days: [sat, sat] }"), "p.yaml"), /consecutive/);
    // Wrapping over the week end is fine.
    assert.equal(parsePolicy(w("{ days: [sat, sun, mon] }"), "p.yaml").freezes.length, 1);
  });

  test("freezes apply only to their environments; exceptions and enforcement", async () => {
    const base =
      "version: 1\nenvironments:\n  - { name: production, criticality: critical, match: { paths: ['envs/prod/**'] } }\nfreezes:\n";
    const window = "    start: 2026-03-01\n    end: 2026-04-01\n";
    const other = await decide(a(), { policy: `${base}  - name: f\n${window}    environments: [staging]\n` });
    assert.equal(other.decision, "allow");
    const mine = await decide(a(), { policy: `${base}  - name: f\n${window}    environments: [prod*]\n` });
    assert.equal(mine.decision, "block");
    const except = await decide(a(), {
      policy: `${base}  - name: f\n${window}    unless: risk.rank < severityRank("medium")\n`,
    });
    assert.equal(except.decision, "allow");
    const soft = await decide(a(), {
      policy: `${base}  - name: f\n${window}    enforcement: soft-mandatory\n`,
      overrides: [{ requirement: "freeze:f", reason: "security patch", by: "oncall@example.com" }],
    });
    assert.equal(soft.decision, "allow");
    const advisory = await decide(a(), {
      policy: `${base}  - name: f\n${window}    enforcement: advisory\n`,
    });
    assert.equal(advisory.decision, "allow");
  });

  test("time is available to rules as `now`", async () => {
    const policy =
      'version: 1\nrules:\n  - id: nights\n    when: now.getHours("UTC") < 6\n    effect: require-approval\n';
    assert.equal(
      (await decide(a(), { policy, now: new Date("2026-03-04T03:00:00Z") })).decision,
      "require-approval",
    );
    assert.equal((await decide(a(), { policy, now: new Date("2026-03-04T13:00:00Z") })).decision, "allow");
  });
});

describe("rule context", () => {
  test("all documented variables and helpers are usable", async () => {
    const a = assessment(
      [
        change("module.db.aws_db_instance.this", "replace", {
          blastRadius: ["aws_route53_record.db"],
          risk: "high",
        }),
      ],
      [finding("module.db.aws_db_instance.this", "data-loss", "high")],
      {},
      PROD,
    );
    const exprs = [
      'assessment.framework == "terraform" && assessment.digest.startsWith("sha256:")',
      "summary.replace == 1 && summary.total == 1",
      'risk.level == "high" && risk.rank == 3 && risk.byCategory["data-loss"] == 1 && risk.byCategory.exposure == 0',
      'changes.exists(c, c.module == "module.db" && c.blastRadiusSize == 1 && c.categories == ["data-loss"] && c.replaceOrder == null)',
      'findings.all(f, f.destructive && f.action == "replace" && f.type == "aws_db_instance")',
      'provenance.effective == "ai-authored" && provenance.ai && provenance.unknown && provenance.commits == 0',
      'provenance.addresses["module.db.aws_db_instance.this"] == "ai-authored"',
      'environment.name == "unclassified" && environment.rank == 2 && environment.criticality == "high"',
      "!evidence.passed && size(evidence.kinds) == 0",
      'severityAtLeast("high", "medium") && !severityAtLeast("low", "medium") && criticalityRank("low") == 0',
      'glob("envs/prod/main.tf", "envs/*/main.tf") && !glob("envs/prod/x/main.tf", "envs/*/main.tf")',
      "now > timestamp('2026-01-01T00:00:00Z')",
    ];
    const policy = `version: 1\nrules:\n${exprs.map((e, i) => `  - id: r${i}\n    when: ${JSON.stringify(e)}\n    effect: require-approval\n`).join("")}`;
    const d = await decide(a, { policy });
    assert.ok(!d.reasons.some((r) => /could not be evaluated/.test(r)), JSON.stringify(d.reasons));
    assert.deepEqual(openIds(d), exprs.map((_, i) => `approval:r${i}`).sort());
  });
});
