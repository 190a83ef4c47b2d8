// The adapters as a user runs them: the Claude Code hook and `airlock exec` as child processes of the built
// CLI, the settings installer, and verdicts written to a real ledger.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { before, describe, it } from "node:test";
import { installClaudeCodeHook } from "../../src/guard/install.js";
import { openLedger } from "../../src/ledger/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin", "airlock.js");

function build(): void {
  if (existsSync(join(ROOT, "dist", "guard", "hook.js")) && process.env.AIRLOCK_TEST_NO_BUILD) return;
  const r = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
  // other areas may be mid-edit; the guard's own files must have compiled
  assert.ok(existsSync(join(ROOT, "dist", "guard", "hook.js")), r.stdout + r.stderr);
}

function airlock(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? "",
    encoding: "utf8",
    cwd: opts.cwd,
    env: { ...process.env, AIRLOCK_HOME: join(tmpdir(), "airlock-no-ledger-here"), ...opts.env },
  });
}

function hookInput(command: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    session_id: "sess-42",
    transcript_path: "/tmp/t.jsonl",
    cwd: tmpdir(),
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "run it" },
    tool_use_id: "toolu_1",
    ...extra,
  });
}

before(build);

describe("airlock guard hook claude-code (child process)", () => {
  it("denies a destructive command with the documented hookSpecificOutput", () => {
    const r = airlock(["guard", "hook", "claude-code"], {
      input: hookInput("cd infra && terraform destroy -auto-approve"),
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.hookSpecificOutput.hookEventName, "PreToolUse");
    assert.equal(out.hookSpecificOutput.permissionDecision, "deny");
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /terraform destroy/);
  });

  it("asks for a change to live infrastructure", () => {
    const r = airlock(["guard", "hook", "claude-code"], { input: hookInput("kubectl apply -f deploy.yaml") });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, "ask");
  });

  it("gives no opinion on read-only commands unless --emit-allow", () => {
    const r = airlock(["guard", "hook", "claude-code"], { input: hookInput("kubectl get pods -A") });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    const a = airlock(["guard", "hook", "claude-code", "--emit-allow"], {
      input: hookInput("kubectl get pods -A"),
    });
    assert.equal(JSON.parse(a.stdout).hookSpecificOutput.permissionDecision, "allow");
  });

  it("the fast entry bin/airlock-guard-hook.js answers exactly like the CLI command", () => {
    for (const command of ["terraform destroy", "kubectl apply -f x.yaml", "ls"]) {
      const viaCli = airlock(["guard", "hook", "claude-code"], { input: hookInput(command) });
      const fast = spawnSync(process.execPath, [join(ROOT, "bin", "airlock-guard-hook.js")], {
        input: hookInput(command),
        encoding: "utf8",
        env: { ...process.env, AIRLOCK_HOME: join(tmpdir(), "airlock-no-ledger-here") },
      });
      assert.equal(fast.status, viaCli.status);
      assert.equal(fast.stdout, viaCli.stdout);
    }
    const bad = spawnSync(process.execPath, [join(ROOT, "bin", "airlock-guard-hook.js")], {
      input: "{",
      encoding: "utf8",
    });
    assert.equal(bad.status, 2);
  });

  it("gives no opinion on tools other than Bash", () => {
    const r = airlock(["guard", "hook", "claude-code"], {
      input: JSON.stringify({
        session_id: "s",
        hook_event_name: "PreToolUse",
        tool_name: "Write",
        tool_input: { file_path: "/x", content: "terraform destroy" },
      }),
    });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, "");
  });

  it("denies with exit 2 when the input cannot be read", () => {
    for (const input of [
      "not json",
      "",
      "{}",
      hookInput(42),
      JSON.stringify({ tool_name: "Bash", hook_event_name: "PostToolUse", tool_input: { command: "ls" } }),
    ]) {
      const r = airlock(["guard", "hook", "claude-code"], { input });
      assert.equal(r.status, 2, `input ${input}: ${r.stdout}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^airlock guard: .*denying\n$/);
    }
  });

  it("writes every verdict to the ledger with the session as agent identity", async (t) => {
    const home = mkdtempSync(join(tmpdir(), "airlock-hook-ledger-"));
    const savedHome = process.env.AIRLOCK_HOME;
    process.env.AIRLOCK_HOME = home; // the ledger signing key lives there too
    t.after(() => {
      if (savedHome === undefined) delete process.env.AIRLOCK_HOME;
      else process.env.AIRLOCK_HOME = savedHome;
    });
    const ledger = await openLedger({ file: join(home, "airlock.db") });
    await ledger.close();
    const env = { AIRLOCK_HOME: home };
    const r1 = airlock(["guard", "hook", "claude-code"], { input: hookInput("terraform destroy"), env });
    assert.equal(r1.status, 0, r1.stderr);
    const r2 = airlock(["guard", "hook", "claude-code"], {
      input: hookInput("ls"),
      env: { ...env, AIRLOCK_AGENT: "ci-bot" },
    });
    assert.equal(r2.status, 0, r2.stderr);
    const l = await openLedger({ file: join(home, "airlock.db") });
    try {
      assert.equal(await l.size(), 2);
      const first = JSON.parse(await l.entry(0));
      assert.equal(first.type, "guard-verdict");
      assert.equal(first.actor.identity, "claude-code:sess-42");
      assert.equal(first.data.verdict, "deny");
      assert.equal(first.data.command, "terraform destroy");
      const second = JSON.parse(await l.entry(1));
      assert.equal(second.actor.identity, "ci-bot");
      assert.equal(second.data.verdict, "allow");
      assert.equal((await l.verify()).ok, true);
    } finally {
      await l.close();
    }
  });
});

describe("airlock guard check", () => {
  it("prints JSON with verdict, reason and operations; exit 0 allow, 1 deny/ask, 2 usage", () => {
    const d = airlock(["guard", "check", "--command", "aws s3 rb s3://prod --force", "--format", "json"]);
    assert.equal(d.status, 1);
    const j = JSON.parse(d.stdout);
    assert.equal(j.verdict, "deny");
    assert.deepEqual(
      j.operations.map((o: { tool: string; action: string; effect: string; target: string }) => [
        o.tool,
        o.action,
        o.effect,
        o.target,
      ]),
      [["aws", "s3 rb", "destructive", "s3://prod"]],
    );
    const a = airlock(["guard", "check", "--command", "terraform plan"]);
    assert.equal(a.status, 0);
    assert.match(a.stdout, /^ALLOW: read-only/);
    const u = airlock(["guard", "check", "--command", "ls", "--format", "yaml"]);
    assert.equal(u.status, 2);
    assert.match(u.stderr, /^airlock: --format must be text or json/);
  });
});

describe("airlock exec", () => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-exec-"));
  const binDir = join(dir, "bin");
  const marker = join(dir, "ran");
  before(() => {
    mkdirSync(binDir);
    // a stand-in `terraform` that records that it ran and prints its arguments
    writeFileSync(
      join(binDir, "terraform"),
      `#!/bin/sh\necho "$@" >> "${marker}"\necho "terraform ran: $*"\nexit 0\n`,
    );
    chmodSync(join(binDir, "terraform"), 0o755);
  });
  const env = () => ({ PATH: `${binDir}:${process.env.PATH}` });

  it("runs an allowed command, streams its output and returns its exit code", () => {
    const r = airlock(["exec", "--", "terraform", "plan", "-no-color"], { env: env(), cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "terraform ran: plan -no-color\n");
    const e = airlock(["exec", "--", "sh", "-c", "echo out; echo err >&2; exit 7"], { cwd: dir });
    assert.equal(e.status, 7);
    assert.equal(e.stdout, "out\n");
    assert.match(e.stderr, /err/);
  });

  it("denies a destructive command with exit 1 and never runs it", () => {
    const before = existsSync(marker) ? readFileSync(marker, "utf8") : "";
    const r = airlock(["exec", "--", "terraform", "destroy", "-auto-approve"], { env: env(), cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^airlock: denied: destructive: terraform destroy/);
    assert.equal(existsSync(marker) ? readFileSync(marker, "utf8") : "", before);
  });

  it("an ask verdict without a terminal is denied", () => {
    const r = airlock(["exec", "--", "terraform", "apply", "-auto-approve"], { env: env(), cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /not confirmed \(no terminal to ask\)/);
    assert.doesNotMatch(existsSync(marker) ? readFileSync(marker, "utf8") : "", /apply/);
  });

  it("looks through a shell: exec -- bash -c '…' is classified", () => {
    const r = airlock(["exec", "--", "bash", "-c", "terraform plan && terraform destroy"], {
      env: env(),
      cwd: dir,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(existsSync(marker) ? readFileSync(marker, "utf8") : "", /destroy/);
  });
});

describe("airlock guard install claude-code", () => {
  it("adds the hook, keeps existing settings and hooks, and is idempotent", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-install-"));
    mkdirSync(join(dir, ".claude"));
    const existing = {
      permissions: { allow: ["Bash(npm test)"] },
      hooks: {
        PreToolUse: [{ matcher: "Write", hooks: [{ type: "command", command: "lint-hook" }] }],
        Stop: [{ hooks: [] }],
      },
      model: "opus",
    };
    writeFileSync(join(dir, ".claude", "settings.json"), JSON.stringify(existing));
    const first = installClaudeCodeHook(dir);
    assert.equal(first.changed, true);
    const s = JSON.parse(readFileSync(first.path, "utf8"));
    assert.deepEqual(s.permissions, existing.permissions);
    assert.equal(s.model, "opus");
    assert.deepEqual(s.hooks.Stop, existing.hooks.Stop);
    assert.deepEqual(s.hooks.PreToolUse[0], existing.hooks.PreToolUse[0]);
    assert.deepEqual(s.hooks.PreToolUse[1], {
      matcher: "Bash",
      hooks: [
        {
          type: "command",
          command: `${process.execPath} ${join(ROOT, "bin", "airlock-guard-hook.js")}`,
          timeout: 30,
        },
      ],
    });
    const text = readFileSync(first.path, "utf8");
    assert.equal(installClaudeCodeHook(dir).changed, false);
    assert.equal(readFileSync(first.path, "utf8"), text);
  });

  it("creates .claude/settings.json when missing and refuses to rewrite invalid JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-install-"));
    const r = airlock(["guard", "install", "claude-code", "--project-dir", dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      JSON.parse(readFileSync(join(dir, ".claude", "settings.json"), "utf8")).hooks.PreToolUse.length,
      1,
    );
    writeFileSync(join(dir, ".claude", "settings.json"), "{ not json");
    const bad = airlock(["guard", "install", "claude-code", "--project-dir", dir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /is not valid JSON/);
    assert.equal(readFileSync(join(dir, ".claude", "settings.json"), "utf8"), "{ not json");
  });
});
