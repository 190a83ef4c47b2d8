// The guard's messages (`guard check` text, the Claude Code hook's reason and its errors, `airlock exec`)
// quote the command, its working directory and file names only in printable form: no control or
// bidirectional-control character reaches the terminal (or the reason Claude Code shows) raw. The JSON
// verdict of `guard check --format json` keeps the exact values.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatGuardText } from "../../src/guard/format.js";
import { runClaudeCodeHook } from "../../src/guard/hook.js";
import type { GuardResult } from "../../src/guard/types.js";
import { assertNoRaw, assertShown, cli, EVIL, EVIL_SHOWN } from "../helpers/hostile.js";

describe("formatGuardText with hostile strings", () => {
  it("nothing raw; every value shown escaped", () => {
    const v = (s: string) => `${s}${EVIL}`;
    const r: GuardResult = {
      schemaVersion: 1,
      command: v("kubectl delete"),
      verdict: "deny",
      reason: v("destructive: kubectl delete"),
      operations: [
        {
          tool: v("kubectl"),
          program: "kubectl",
          action: v("delete"),
          target: v("ns/prod"),
          effect: "destructive",
          reason: v("deletes Kubernetes objects"),
          command: v("kubectl delete ns prod"),
          via: [v("bash -c")],
        },
      ],
      unresolved: [{ reason: v("`$X` is known only at run time"), via: [v("eval")] }],
      approvals: [{ path: v("/work/tfplan"), approved: false, reason: v("no change request") }],
    };
    const out = formatGuardText(r);
    assertNoRaw(out, "guard text");
    for (const s of [
      "DENY: destructive: kubectl delete",
      "kubectl",
      "delete",
      "ns/prod",
      "(via bash -c",
      "deletes Kubernetes objects",
      "`$X` is known only at run time",
      "(via eval",
      "approval    /work/tfplan",
      "not approved: no change request",
    ])
      assertShown(out, `${s}${EVIL_SHOWN}`, "guard text");
  });
});

// The reasons quote the first line of an error: no line break in the directory's name.
const DIR_EVIL = EVIL.replace("\n", "");
const DIR_SHOWN = EVIL_SHOWN.replace("\\n", "");

describe("guard check, the hook and exec with a hostile working directory", () => {
  let home: string;
  let evilDir: string;
  const saved = process.env.AIRLOCK_HOME;
  const env = () => ({ AIRLOCK_HOME: home, AIRLOCK_DATABASE_URL: undefined });

  before(() => {
    home = mkdtempSync(join(tmpdir(), "airlock-ctl-guard-"));
    evilDir = join(home, `d${DIR_EVIL}`);
    mkdirSync(evilDir);
    process.env.AIRLOCK_HOME = join(home, ".airlock");
  });
  after(() => {
    if (saved === undefined) delete process.env.AIRLOCK_HOME;
    else process.env.AIRLOCK_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  it("guard check: text escaped, JSON exact", () => {
    const args = ["guard", "check", "--no-ledger", "--cwd", evilDir, "--command", "terraform apply tfplan"];
    const text = cli(args, { cwd: home, env: env() });
    assert.equal(text.status, 1, text.stderr);
    assertNoRaw(text.stdout, "guard check");
    assertShown(text.stdout, `d${DIR_SHOWN}/tfplan`, "guard check");
    const json = cli([...args, "--format", "json"], { cwd: home, env: env() });
    assert.ok(JSON.parse(json.stdout).reason.includes(`d${DIR_EVIL}/tfplan`), json.stdout);
  });

  it("the hook's permission reason and its errors", async () => {
    const input = { hook_event_name: "PreToolUse", tool_name: "Bash", cwd: evilDir };
    const r = await runClaudeCodeHook(
      JSON.stringify({ ...input, tool_input: { command: "terraform apply tfplan" } }),
      { noLedger: true, env: {} },
    );
    assert.equal(r.exitCode, 0, r.stderr);
    const reason: string = JSON.parse(r.stdout).hookSpecificOutput.permissionDecisionReason;
    assertNoRaw(reason, "hook reason");
    assertShown(reason, `d${DIR_SHOWN}/tfplan`, "hook reason");
    const bad = await runClaudeCodeHook(JSON.stringify({ ...input, hook_event_name: `Pre${EVIL}` }), {
      noLedger: true,
    });
    assert.equal(bad.exitCode, 2);
    assertNoRaw(bad.stderr, "hook error");
    assertShown(bad.stderr, `unexpected hook event Pre${EVIL_SHOWN}; denying`, "hook error");
    // The same through the command line.
    const child = cli(["guard", "hook", "claude-code", "--no-ledger"], {
      cwd: home,
      env: env(),
      input: JSON.stringify({ ...input, hook_event_name: `Pre${EVIL}` }),
    });
    assert.equal(child.status, 2, child.stderr);
    assertNoRaw(child.stderr, "hook error (CLI)");
    assertShown(child.stderr, `Pre${EVIL_SHOWN}; denying`, "hook error (CLI)");
  });

  it("exec: the reason it does not run the command", () => {
    const r = cli(["exec", "--no-ledger", "--", "terraform", "apply", "tfplan"], {
      cwd: evilDir,
      env: env(),
    });
    assert.equal(r.status, 1, r.stderr);
    assertNoRaw(r.stderr, "exec");
    assertShown(r.stderr, `d${DIR_SHOWN}/tfplan`, "exec");
  });
});
