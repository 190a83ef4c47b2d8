// The MCP server over stdio, driven by the official SDK client: tool list, guard_check, analyze_plan,
// check_policy, request_approval, approval_status and apply_approved_plan on a real terraform plan.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const ROOT = resolve(import.meta.dirname, "../..");
const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

type Content = { type: string; text: string }[];

describe("airlock mcp (SDK client over stdio)", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-mcp-"));
  const client = new Client({ name: "airlock-test", version: "1.0.0" });
  let transport: StdioClientTransport;
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as {
      content: Content;
      isError?: boolean;
      structuredContent?: unknown;
    };
    return {
      text: r.content.map((c) => c.text).join(""),
      isError: r.isError === true,
      structured: r.structuredContent,
    };
  };

  before(async () => {
    if (!existsSync(join(ROOT, "dist", "mcp", "server.js")) || !process.env.AIRLOCK_TEST_NO_BUILD) {
      spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "ignore" });
    }
    assert.ok(existsSync(join(ROOT, "dist", "mcp", "server.js")), "dist/mcp/server.js was not built");
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, "bin", "airlock.js"), "mcp"],
      cwd: dir,
      env: {
        ...(process.env as Record<string, string>),
        AIRLOCK_HOME: join(dir, ".airlock"),
        TF_CLI_CONFIG_FILE: "/dev/null",
        AIRLOCK_IDENTITY: "agent-runner@example.com",
      },
      stderr: "pipe",
    });
    await client.connect(transport);
  });
  after(async () => {
    await client.close();
  });

  it("lists the governed tools and no tool to approve", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, [
      "analyze_plan",
      "apply_approved_plan",
      "approval_status",
      "check_policy",
      "guard_check",
      "request_approval",
    ]);
    assert.ok(tools.every((t) => t.description && t.inputSchema.type === "object"));
  });

  it("analyze_plan runs only a terraform or tofu binary (red-team review: any program ran unguarded)", async () => {
    writeFileSync(join(dir, "show"), `touch ${join(dir, "pwned")}\n`);
    writeFileSync(join(dir, "p.bin"), "PK\u0003\u0004 not json");
    const d = await call("analyze_plan", { plan: join(dir, "p.bin"), terraformBin: "bash" });
    assert.equal(d.isError, true);
    assert.match(d.text, /terraform or tofu/);
    assert.equal(existsSync(join(dir, "pwned")), false);
  });

  it("guard_check returns the verdict as structured content", async () => {
    const d = await call("guard_check", { command: "bash -c 'kubectl delete ns prod'" });
    assert.equal(d.isError, false);
    const result = d.structured as {
      verdict: string;
      operations: { tool: string; effect: string; via: string[] }[];
    };
    assert.equal(result.verdict, "deny");
    assert.deepEqual(
      result.operations.map((o) => [o.tool, o.effect, o.via]),
      [["kubectl", "destructive", ["bash -c"]]],
    );
    const a = await call("guard_check", { command: "terraform plan" });
    assert.equal((a.structured as { verdict: string }).verdict, "allow");
  });

  it("reports bad input as a tool error, not a crash", async () => {
    const r = await call("analyze_plan", { plan: join(dir, "missing.json") });
    assert.equal(r.isError, true);
    assert.match(r.text, /^error: /);
    const s = await call("approval_status", { id: "req-doesnotexist" });
    assert.equal(s.isError, true);
  });

  it("analyzes, checks policy, requests approval, shows status, refuses the unapproved apply", {
    skip: !hasTerraform && "terraform is not installed",
  }, async () => {
    writeFileSync(
      join(dir, "airlock.yaml"),
      'version: 1\ngroups:\n  platform: [bob@example.com]\nrules:\n  - id: any-change\n    description: one approval\n    when: "true"\n    effect: require-approval\n    approval: { count: 1, groups: [platform] }\n    enforcement: hard-mandatory\n',
    );
    writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {\n  input = "one"\n}\n');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, stdio: "ignore", env });
    execFileSync("terraform", ["plan", "-input=false", "-no-color", "-out", "tfplan"], {
      cwd: dir,
      stdio: "ignore",
      env,
    });
    const plan = join(dir, "tfplan");

    const analysis = JSON.parse((await call("analyze_plan", { plan })).text);
    assert.match(analysis.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(analysis.summary.create, 1);

    const policy = await call("check_policy", { plan });
    assert.equal(policy.isError, false, policy.text);
    assert.equal(JSON.parse(policy.text).digest, analysis.digest);

    const req = JSON.parse((await call("request_approval", { plan })).text);
    assert.equal(req.digest, analysis.digest);
    const status = JSON.parse((await call("approval_status", { id: req.id })).text);
    assert.equal(status.id, req.id);

    assert.equal(status.satisfied, false);
    assert.equal(JSON.parse(policy.text).decision, "require-approval");

    const apply = await call("apply_approved_plan", {
      command: ["terraform", "apply", "-input=false", "tfplan"],
      cwd: dir,
    });
    assert.equal(apply.isError, true);
    assert.match(apply.text, /^exit 1\b[\s\S]*apply refused/);
    assert.equal(existsSync(join(dir, "terraform.tfstate")), false);
  });
});
