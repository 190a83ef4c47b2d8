// Property tests: the digest is canonical, and no sensitive value reaches any report format.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { assessChangeSet } from "../../src/assess/assess.js";
import { normalizePlan } from "../../src/ingest/terraform/normalize.js";
import { validatePlan } from "../../src/ingest/terraform/plan-reader.js";
import { readPlanBytes } from "../../src/ingest/terraform/plan-stream.js";
import { render } from "../../src/report/index.js";
import { writeJsonReport } from "../../src/report/json-stream.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";
import { plan, rc } from "../helpers/plan-builder.js";

function analyzeText(text: string) {
  const p = validatePlan(JSON.parse(text), "prop.json");
  return assessChangeSet(normalizePlan(p, "prop.json"), ALL_RULES);
}

/** The JSON report as the CLI writes it: the plan read from its bytes, the report streamed. */
function streamedJsonReport(text: string): string {
  const cs = readPlanBytes(Buffer.from(text), "prop.json");
  const chunks: Buffer[] = [];
  writeJsonReport(assessChangeSet(cs, ALL_RULES, { attributes: false }), cs, (c) => chunks.push(c));
  return Buffer.concat(chunks).toString("utf8");
}

/** Every format of the plan's report: text, json, sarif and markdown rendered whole, then the streamed JSON. */
function everyFormat(text: string): string[] {
  const a = analyzeText(text);
  const outputs = (["text", "json", "sarif", "markdown"] as const).map((f) =>
    render(a, f, { color: false, rules: ALL_RULES }),
  );
  outputs.push(streamedJsonReport(text));
  return outputs;
}

/** A plan that updates one instance from a plain start-up script to `after` (user_data, tags…). */
function instanceUpdate(after: Record<string, unknown>) {
  return plan([
    rc({
      address: "aws_instance.app",
      actions: ["update"],
      before: { ami: "ami-1", user_data: "#!/bin/sh\necho start", tags: { Name: "app" } },
      after,
    }),
  ]);
}

/** Re-serializes with keys in a different order at every level. */
function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    entries.sort(
      (a, b) =>
        ((a[0].charCodeAt(0) * 31 + seed) % 7) - ((b[0].charCodeAt(0) * 31 + seed) % 7) ||
        (seed % 2 ? 1 : -1),
    );
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, seed + 1)]));
  }
  return v;
}

const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
const attrs = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z_]{0,10}$/),
  fc.oneof(
    leaf,
    fc.array(leaf, { maxLength: 3 }),
    fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), leaf, { maxKeys: 3 }),
  ),
  { maxKeys: 6 },
);
const actionList = fc.constantFrom<string[]>(
  ["create"],
  ["update"],
  ["delete"],
  ["delete", "create"],
  ["create", "delete"],
  ["no-op"],
);
const planArb = fc
  .array(
    fc.record({ name: fc.stringMatching(/^[a-z]{1,8}$/), actions: actionList, before: attrs, after: attrs }),
    { minLength: 1, maxLength: 6 },
  )
  .map((items) => {
    const seen = new Set<string>();
    return items
      .filter((i) => !seen.has(i.name) && seen.add(i.name))
      .map((i) =>
        rc({
          address: `aws_s3_bucket.${i.name}`,
          actions: i.actions,
          before: i.actions[0] === "create" && i.actions.length === 1 ? null : i.before,
          after: i.actions[0] === "delete" && i.actions.length === 1 ? null : i.after,
        }),
      );
  });

describe("digest", () => {
  it("is stable across key order, whitespace and timestamp", () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 0, max: 1000 }), (rcs, seed) => {
        const p = plan(rcs);
        const a = analyzeText(JSON.stringify(p));
        const shuffled = shuffleKeys({ ...p, timestamp: "2030-01-01T00:00:00Z" }, seed);
        const b = analyzeText(JSON.stringify(shuffled, null, seed % 5));
        assert.equal(b.digest, a.digest);
        // Resource order in the plan does not matter either.
        const c = analyzeText(JSON.stringify(plan([...rcs].reverse())));
        assert.equal(c.digest, a.digest);
      }),
      { numRuns: 150 },
    );
  });

  it("changes for any difference in what would be applied", () => {
    fc.assert(
      fc.property(planArb, fc.nat(), fc.string({ minLength: 1, maxLength: 8 }), (rcs, pick, value) => {
        const base = analyzeText(JSON.stringify(plan(rcs))).digest;
        const target = rcs[pick % rcs.length] as {
          change: {
            after: Record<string, unknown> | null;
            before: Record<string, unknown> | null;
            actions: string[];
          };
        };
        const mutated = structuredClone(rcs) as (typeof target)[];
        const m = mutated[pick % rcs.length].change;
        const side = m.after ? "after" : "before";
        const obj = (m[side] ?? {}) as Record<string, unknown>;
        obj.__airlock_probe = `${value}${JSON.stringify(obj.__airlock_probe ?? "")}`;
        m[side] = obj;
        assert.notEqual(analyzeText(JSON.stringify(plan(mutated as never))).digest, base);
        // A different action on the same values is a different change too.
        const acted = structuredClone(rcs) as (typeof target)[];
        const ac = acted[pick % rcs.length].change;
        ac.actions = ac.actions.join(",") === "delete" ? ["forget"] : ["delete"];
        if (ac.actions[0] === "delete") ac.after = null;
        assert.notEqual(analyzeText(JSON.stringify(plan(acted as never))).digest, base);
        // So is the same address and values on another type, mode, provider, module, name or index: the
        // rules judge a change by its type (an edited plan must not carry a real plan's approval).
        for (const [member, other] of [
          ["type", "terraform_data"],
          ["mode", "data"],
          ["provider_name", "registry.terraform.io/hashicorp/awsx"],
          ["module_address", "module.other"],
          ["name", "other"],
          ["index", 7],
        ] as const) {
          const edited = structuredClone(rcs) as Record<string, unknown>[];
          edited[pick % rcs.length][member] = other;
          assert.notEqual(
            analyzeText(JSON.stringify(plan(edited as never))).digest,
            base,
            `${member} is not in the digest`,
          );
          // Both readers (whole document and streaming) agree on it.
          const text = JSON.stringify(plan(edited as never));
          assert.equal(readPlanBytes(Buffer.from(text), "prop.json").digest, analyzeText(text).digest);
        }
      }),
      { numRuns: 150 },
    );
  });
});

const secretArb = fc.stringMatching(/^[A-Za-z0-9]{10,20}$/).map((s) => `S3CR3T${s}`);

describe("redaction", () => {
  it("no sensitive or secret-named value appears in any format", () => {
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 4, maxLength: 4 }),
        fc.constantFrom<string[]>(["create"], ["update"], ["delete"], ["delete", "create"]),
        fc.constantFrom(
          "password",
          "master_password",
          "client_secret",
          "api_token",
          "private_key",
          "access_key",
        ),
        ([s1, s2, s3, s4], actions, secretName) => {
          const before = {
            name: "db",
            [secretName]: s1,
            nested: { opaque: s2, list: [s3] },
            conn: { auth_token: s4 },
          };
          const after = {
            name: "db2",
            [secretName]: `${s1}x`,
            nested: { opaque: `${s2}y`, list: [`${s3}z`] },
            conn: { auth_token: `${s4}w` },
          };
          const sens = { nested: { opaque: true, list: [true] } };
          const p = plan([
            rc({
              address: "aws_db_instance.main",
              actions,
              before: actions[0] === "create" && actions.length === 1 ? null : before,
              after: actions[0] === "delete" && actions.length === 1 ? null : after,
              beforeSensitive: sens,
              afterSensitive: sens,
            }),
          ]);
          const a = analyzeText(JSON.stringify(p));
          for (const format of ["text", "json", "sarif", "markdown"] as const) {
            const out = render(a, format, { color: false, rules: ALL_RULES });
            for (const s of [s1, s2, s3, s4]) assert.ok(!out.includes(s), `${format} output leaks a secret`);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("canonical JSON", () => {
  it("is byte-for-byte equal to the canonicalize package (RFC 8785) on JSON data", async () => {
    const { default: canonicalize } = await import("canonicalize");
    const { canonicalJsonOfParsed: canonicalJson } = await import("../../src/util/canonical-json.js");
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const data = JSON.parse(JSON.stringify(v));
        assert.equal(canonicalJson(data), canonicalize(data));
      }),
      { numRuns: 500 },
    );
    assert.equal(
      canonicalJson({ b: [1e21, 0.1, -0], a: "é\u2028", "\u00e9": 1, Z: null }),
      canonicalize({ b: [1e21, 0.1, -0], a: "é\u2028", "\u00e9": 1, Z: null }),
    );
  });
});

describe("secret scrubber", () => {
  it("replaces every occurrence of every secret, longest first, like naive replacement", async () => {
    const { SecretScrubber } = await import("../../src/model/secrets.js");
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-c]{4,8}$/), { maxLength: 6 }),
        fc.array(fc.oneof(fc.stringMatching(/^[a-d ]{0,6}$/), fc.constantFrom("aaaa", "abcabc", "cccc")), {
          maxLength: 8,
        }),
        (secrets, parts) => {
          const text = parts.join("");
          const out = new SecretScrubber(secrets).scrub(text);
          // Exactly the naive scan: at each position the longest secret that starts there is replaced.
          const sorted = [...secrets].sort((a, b) => b.length - a.length);
          let naive = "";
          for (let i = 0; i < text.length; ) {
            const hit = sorted.find((x) => text.startsWith(x, i));
            if (hit) {
              naive += "(sensitive)";
              i += hit.length;
            } else naive += text[i++];
          }
          assert.equal(out, naive);
          for (const s of secrets)
            assert.ok(!out.includes(s) || out.includes("(sensitive)"), `${s} left in ${out}`);
          if (secrets.length === 0) assert.equal(out, text);
          // The scrubbed text never contains a secret outside a replacement.
          for (const s of secrets)
            assert.ok(!out.split("(sensitive)").some((piece) => piece.includes(s)), `${s} in ${out}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("redaction of values shown whole", () => {
  // Where the diff cannot compare leaf by leaf it shows a side whole: when the other side is unknown
  // (`after_unknown` true for the attribute), or of another type (an object becoming a string). Those
  // subtrees hold secret-named members, members marked sensitive, `{ name = "DB_PASSWORD", value = … }`
  // pairs, and unmarked copies of a value that is marked elsewhere in the plan (Terraform's
  // terraform_data `output` mirrors a sensitive `input` without marks).
  it("no secret appears in the JSON report (streamed and whole) or any other format", () => {
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 4, maxLength: 4 }),
        fc.constantFrom("unknown", "type-change", "only-after-sensitive"),
        fc.constantFrom("password", "api_token", "private_key"),
        ([s1, s2, s3, s4], how, secretName) => {
          const subtree = {
            [secretName]: s1,
            plain: "visible-value",
            marked: s2,
            env: [{ name: "DB_PASSWORD", value: s3 }],
            copy: s4,
          };
          const before = { id: "i-1", input: { copy: s4 }, output: subtree };
          const after: Record<string, unknown> = { id: "i-1", input: { copy: s4 } };
          let afterUnknown: Record<string, unknown> = {};
          let afterSensitive: Record<string, unknown> = { input: { copy: true } };
          if (how === "unknown") afterUnknown = { output: true };
          else if (how === "type-change") after.output = "now-a-string";
          else {
            after.output = subtree;
            afterSensitive = { input: { copy: true }, output: true };
          }
          const p = plan([
            rc({
              address: "terraform_data.s",
              type: "terraform_data",
              actions: ["update"],
              before,
              after,
              afterUnknown,
              beforeSensitive: { input: { copy: true }, output: { marked: true } },
              afterSensitive,
            }),
          ]);
          const text = JSON.stringify(p);
          const outputs = everyFormat(text);
          for (const out of outputs)
            for (const s of [s1, s2, s3, s4]) assert.ok(!out.includes(s), `a secret leaks (${how}): ${out}`);
          // The redaction keeps what is not secret: the reviewer still sees the rest of the subtree.
          if (how !== "only-after-sensitive") assert.ok(outputs[1].includes("visible-value"));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("no secret named inside a JSON string attribute (an ECS task's container_definitions) appears", () => {
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 2, maxLength: 2 }), ([s1, s2]) => {
        const defs = (token: string, password: string) =>
          JSON.stringify([
            {
              name: "web",
              image: "nginx:1.27",
              environment: [
                { name: "API_TOKEN", value: token },
                { name: "LOG_LEVEL", value: "info" },
              ],
              Environment: [{ Name: "DB_PASSWORD", Value: `${token}-cap` }],
              secretsConfig: { db_password: password },
            },
          ]);
        // Written as Terraform may hold it: indented (a heredoc), or with a byte-order mark (file()),
        // and with AWS's capitalized Name/Value pairs.
        const shapes = [(d: string) => d, (d: string) => `\n    ${d}\n`, (d: string) => `\ufeff${d}`];
        const shape = shapes[s1.length % shapes.length];
        const p = plan([
          rc({
            address: "aws_ecs_task_definition.web",
            actions: ["delete", "create"],
            before: { family: "web", container_definitions: shape(defs(s1, s2)) },
            after: { family: "web", container_definitions: shape(defs(`${s1}x`, `${s2}y`)) },
          }),
        ]);
        const text = JSON.stringify(p);
        const outputs = everyFormat(text);
        for (const out of outputs)
          for (const s of [s1, s2]) assert.ok(!out.includes(s), `a secret leaks: ${out}`);
        // What is not secret stays visible.
        assert.ok(outputs[4].includes("LOG_LEVEL") && outputs[4].includes("nginx:1.27"));
      }),
      { numRuns: 30 },
    );
  });

  it("no password in a URL, and no value of an environment-style KEY or PASS name, appears", () => {
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 3, maxLength: 3 }), ([s1, s2, s3]) => {
        const p = plan([
          rc({
            address: "aws_lambda_function.api",
            actions: ["update"],
            before: {
              function_name: "api",
              environment: [
                { variables: { DATABASE_URL: `postgres://app:${s1}@db.internal:5432/app`, STRIPE_KEY: s2 } },
              ],
            },
            after: {
              function_name: "api",
              environment: [
                {
                  variables: {
                    DATABASE_URL: `postgres://app:${s1}x@db.internal:5432/app`,
                    STRIPE_KEY: `${s2}x`,
                    SMTP_PASS: s3,
                    DB_PASS: `${s3}y`,
                    PARTITION_COUNT: "12",
                  },
                },
              ],
            },
          }),
          rc({
            address: "aws_codebuild_project.ci",
            actions: ["create"],
            after: {
              name: "ci",
              source: [{ location: `https://ci-bot:${s2}z@git.example.com/org/repo.git` }],
              // A short password is redacted in its URL, and the same word elsewhere is left alone.
              cache: [{ location: "mysql://admin:adm1@cache.internal/x", owner: "adm1-team admin" }],
            },
          }),
        ]);
        const text = JSON.stringify(p);
        const outputs = everyFormat(text);
        const report = outputs[4];
        for (const out of outputs)
          for (const s of [s1, s2, s3]) assert.ok(!out.includes(s), `a secret leaks: ${out}`);
        // The URL stays readable around its password; names that are not secrets stay visible.
        assert.ok(report.includes("postgres://app:(sensitive)@db.internal:5432/app"), report);
        assert.ok(report.includes("https://ci-bot:(sensitive)@git.example.com/org/repo.git"), report);
        assert.ok(report.includes("mysql://admin:(sensitive)@cache.internal/x"), report);
        assert.ok(report.includes("adm1-team admin") && !report.includes(":adm1@"), report);
        assert.ok(report.includes("PARTITION_COUNT") && report.includes('\\"12\\"'), report);
      }),
      { numRuns: 30 },
    );
  });

  it("redacts a URL's password in a plan with no other secret, also with @, # or ? left unencoded", () => {
    const passwords = ["p@ssw0rd-XYZ", "hunter2@TAILSECRET", "Abc#def1", "Abc?def2", "k9z", "a\u0026b&c"];
    for (const pw of passwords) {
      const url = `postgres://app:${pw}@db.internal:5432/app?sslmode=require`;
      const p = plan([
        rc({
          address: "aws_lambda_function.api",
          actions: ["update"],
          before: { function_name: "api", environment: [{ variables: { DATABASE_URL: "none" } }] },
          after: {
            function_name: "api",
            environment: [{ variables: { DATABASE_URL: url } }],
            // The same URL inside a JSON document (jsonencode escapes & as \u0026 and quotes).
            policy: JSON.stringify({ url }).replace(/&/g, "\\u0026"),
          },
        }),
      ]);
      const text = JSON.stringify(p);
      const report = streamedJsonReport(text);
      for (const piece of [pw, pw.split("@").pop() as string])
        assert.ok(!report.includes(piece), `${pw}: ${piece} leaks: ${report}`);
      assert.ok(report.includes("postgres://app:(sensitive)@db.internal:5432/app?sslmode=require"), report);
    }
    // A port or a path with an @ is no password.
    const p = plan([
      rc({
        address: "aws_s3_object.o",
        actions: ["create"],
        after: { key: "k", source: "https://host:8443/a@b", website: "https://npm.example/@types/node" },
      }),
    ]);
    const report = streamedJsonReport(JSON.stringify(p));
    assert.ok(report.includes("https://host:8443/a@b") && report.includes("/@types/node"), report);
  });

  it("never rewrites a finding's address, even when a secret equals the resource's name", () => {
    const p = plan([
      rc({
        address: "aws_db_instance.postgres",
        actions: ["delete"],
        before: {
          identifier: "postgres",
          engine: "postgres",
          password: "postgres",
          skip_final_snapshot: true,
        },
        beforeSensitive: { password: true },
      }),
    ]);
    const a = assessChangeSet(readPlanBytes(Buffer.from(JSON.stringify(p)), "prop.json"), ALL_RULES);
    assert.ok(a.findings.length > 0);
    for (const f of a.findings) {
      assert.equal(f.address, "aws_db_instance.postgres");
      assert.ok(!f.message.includes("aws_db_instance.(sensitive)"), f.message);
    }
    const change = a.changes.find((c) => c.address === "aws_db_instance.postgres");
    assert.ok(change && change.risk !== "none", `the deleted database keeps its risk: ${change?.risk}`);
  });

  it("redacts secrets of a known form under any name: tokens, Slack webhooks, private keys, also when cut", () => {
    const rand = (n: number, seed: string) => (seed.repeat(Math.ceil(n / seed.length)) as string).slice(0, n);
    const secrets = {
      GITHUB: `ghp_${rand(36, "A1b2C3d4")}`,
      GITHUB_FINE: `github_pat_${rand(40, "11AbCdEf_")}`,
      GITLAB: `glpat-${rand(20, "xY9-zW8_")}`,
      SLACK_BOT: `xoxb-${rand(24, "1234-abcd-")}`,
      STRIPE: `sk_live_${rand(24, "Zq7Rt3")}`,
    };
    const webhook = `https://hooks.slack.com/services/T0ABCDEF1/B0GHIJKL2/${rand(24, "Wm4Np6")}`;
    const body = rand(3000, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    const p = instanceUpdate({
      ami: "ami-1",
      // A private key pasted into user_data: the string is shown cut at 2,000 characters, before its END.
      user_data: `#!/bin/sh\ncat > /etc/key.pem <<EOF\n${pem}EOF\necho start`,
      tags: { Name: "app", notify: webhook, ...secrets },
      // The same key inside an object shown whole (its other side is absent).
      metadata: [{ key: pem }],
    });
    const text = JSON.stringify(p);
    const outputs = everyFormat(text);
    const report = outputs[4];
    for (const out of outputs) {
      for (const [name, s] of Object.entries(secrets))
        assert.ok(!out.includes(s.slice(0, 14)), `${name} leaks: ${out}`);
      assert.ok(!out.includes(body.slice(0, 24)), "the private key leaks");
      assert.ok(!out.includes("Wm4Np6"), "the webhook's secret path leaks");
    }
    assert.ok(report.includes("hooks.slack.com/services/(sensitive)"), report);
    assert.ok(report.includes("echo start") || report.includes("cat > /etc/key.pem"), report);
  });

  it("redacts values assigned to secret names inside scripts and connection strings, DSNs and URL tokens", () => {
    const secrets = {
      shell: "Sh3llPassw0rd",
      flag: "Fl4gPassw0rd",
      yaml: "Y4mlS3cret value",
      ado: "Ad0Passw0rd",
      azure: "QXp1cmVLZXkxMjM0NTY3OA==",
      dsn: "Dsn/Passw0rd",
      userToken: "0123456789abcdef0123456789abcdef01234567",
      bearer: "eyBearer0123456789.xyz",
    };
    const userData = [
      "#!/bin/sh",
      `export DB_PASSWORD=${secrets.shell}`,
      `/opt/app/run --admin-password=${secrets.flag} --port 8080`,
      "cat > /etc/app.yaml <<EOF",
      `client_secret: "${secrets.yaml}"`,
      "EOF",
      `curl -H "Authorization: Bearer ${secrets.bearer}" https://${secrets.userToken}@git.example.com/org/repo.git`,
    ].join("\n");
    const p = instanceUpdate({
      ami: "ami-1",
      user_data: userData,
      tags: {
        Name: "app",
        SQL: `Server=db;User Id=sa;Password=${secrets.ado};Encrypt=true`,
        STORAGE: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${secrets.azure};EndpointSuffix=core.windows.net`,
        MYSQL: `app:${secrets.dsn}@tcp(db.internal:3306)/app`,
        stripeKey: "whatever-value-1",
      },
    });
    const outputs = everyFormat(JSON.stringify(p));
    for (const out of outputs) {
      for (const [name, s] of Object.entries(secrets)) assert.ok(!out.includes(s), `${name} leaks: ${out}`);
      assert.ok(!out.includes("whatever-value-1"), `a camelCase secret name's value leaks: ${out}`);
    }
    const report = outputs[4];
    // What surrounds each secret stays readable.
    for (const kept of [
      "export DB_PASSWORD=(sensitive)",
      "AccountName=acct;AccountKey=(sensitive)",
      "app:(sensitive)@tcp(",
    ])
      assert.ok(report.includes(kept), `${kept} in ${report}`);
  });
  it("redacts passwords given to commands in a start-up script, in every format", () => {
    const secrets = {
      htpasswd: "Htp4sswdPw",
      awsKey: "Aws5ecretKeyValue",
      stdin: "St1nPassw0rd",
      sudo: "Sud0Passw0rd",
      cloudInit: "Cl0udInitPw",
      oracle: "0racleTiger",
      sql: "Sq1Passw0rd",
      literal: "L1teralValue",
    };
    const userData = [
      "#cloud-config",
      "chpasswd:",
      "  list: |",
      `    root:${secrets.cloudInit}`,
      "  expire: False",
      "runcmd:",
      `  - htpasswd -bc /etc/nginx/.htpasswd admin ${secrets.htpasswd}`,
      `  - aws configure set aws_secret_access_key ${secrets.awsKey}`,
      `  - echo '${secrets.stdin}' | docker login -u ci --password-stdin registry.example.com`,
      `  - echo "${secrets.sudo}" | sudo -S systemctl restart app`,
      `  - sqlplus -s app/${secrets.oracle}@ORCL @init.sql`,
      `  - mysql -e "CREATE USER 'app'@'%' IDENTIFIED BY '${secrets.sql}'"`,
      `  - kubectl create secret generic app --from-literal=api=${secrets.literal}`,
    ].join("\n");
    const outputs = everyFormat(JSON.stringify(instanceUpdate({ ami: "ami-1", user_data: userData })));
    for (const out of outputs)
      for (const [name, s] of Object.entries(secrets)) assert.ok(!out.includes(s), `${name} leaks: ${out}`);
    // The commands stay readable around the passwords.
    for (const kept of [
      "htpasswd -bc /etc/nginx/.htpasswd admin (sensitive)",
      "--password-stdin registry.example.com",
    ])
      assert.ok(outputs[4].includes(kept), `${kept} in the JSON report`);
  });

  it("redacts passwords given to a command written as a list of arguments (a container's args), in every format", () => {
    const container = (args: string[]) => ({
      metadata: [{ name: "cache" }],
      spec: [{ template: [{ spec: [{ container: [{ name: "redis", image: "redis:7", args }] }] }] }],
    });
    const text = JSON.stringify(
      plan([
        rc({
          address: "kubernetes_deployment.cache",
          type: "kubernetes_deployment",
          actions: ["update"],
          before: container(["--requirepass", "0ldRedisPw", "--port", "6379"]),
          after: container(["--requirepass", "N3wRedisPw", "--port", "6380", "--masterauth", "Ma5terPw"]),
        }),
        rc({
          address: "aws_instance.app",
          actions: ["update"],
          before: { ami: "ami-1" },
          after: {
            ami: "ami-2",
            tags: { cmd: "none" },
            launch: ["mysql", "-uapp", "-pMysq1Pw", "-e", "select 1"],
          },
        }),
        // A literal put into a Secret is hidden where it stands, not everywhere the same word appears
        rc({
          address: "aws_instance.job",
          actions: ["update"],
          before: { ami: "ami-1", arn: "arn:aws:ec2:us-east-1:123456789012:instance/i-0" },
          after: {
            ami: "ami-3",
            arn: "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
            init: [
              "kubectl",
              "create",
              "secret",
              "generic",
              "cfg",
              "--from-literal=region=us-east-1",
              "-proot",
            ],
          },
        }),
      ]),
    );
    const outputs = everyFormat(text);
    for (const out of outputs)
      for (const s of ["0ldRedisPw", "N3wRedisPw", "Ma5terPw", "Mysq1Pw"])
        assert.ok(!out.includes(s), `${s} leaks: ${out}`);
    // The other arguments are still shown.
    assert.ok(outputs[4].includes("6380") && outputs[4].includes("--masterauth"), outputs[4]);
    assert.ok(outputs[4].includes("--from-literal=region=(sensitive)"), outputs[4]);
    assert.ok(outputs[4].includes("arn:aws:ec2:us-east-1:123456789012:instance/i-1"), outputs[4]);
  });
});
