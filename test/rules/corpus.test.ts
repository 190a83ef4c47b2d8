// The rule catalog over every real Terraform plan in ../shared/corpus/terraform: no rule throws, messages are
// one line, and no finding quotes a sensitive or secret-named value from the plan. Skips when the corpus is absent.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadChangeSet } from "../../src/ingest/index.js";
import type { ChangeSet } from "../../src/model/types.js";
import { isSecretName, markedAt, type PathSeg } from "../../src/model/values.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";
import { runRules } from "../../src/rules/engine.js";

const CORPUS = join(import.meta.dirname, "..", "..", "..", "shared", "corpus", "terraform");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith(".json")) out.push(p);
  }
  return out.sort();
}

/** Every value that must never be shown: under a sensitive marker or a secret-like attribute name. */
function secretValues(cs: ChangeSet): Set<string> {
  const out = new Set<string>();
  for (const c of cs.changes) {
    for (const [v, marks] of [
      [c.before, c.beforeSensitive],
      [c.after, c.afterSensitive],
    ] as const) {
      const walk = (x: unknown, path: PathSeg[], secret: boolean) => {
        if (typeof x === "string" || typeof x === "number") {
          const s = String(x);
          if ((secret || markedAt(marks, path)) && s.length >= 6) out.add(s);
        } else if (Array.isArray(x)) {
          for (let i = 0; i < x.length; i++) walk(x[i], [...path, i], secret);
        } else if (x && typeof x === "object")
          for (const [k, y] of Object.entries(x)) walk(y, [...path, k], secret || isSecretName(k));
      };
      walk(v, [], false);
    }
  }
  return out;
}

describe("rule catalog on the real-world Terraform corpus", {
  skip: !existsSync(CORPUS) && "corpus not present",
}, () => {
  it("runs every rule on every readable plan without throwing or leaking", async () => {
    let plans = 0;
    let findings = 0;
    for (const file of existsSync(CORPUS) ? files(CORPUS) : []) {
      let cs: ChangeSet;
      try {
        cs = await loadChangeSet({ plan: file });
      } catch {
        continue; // unreadable input is the ingest's business (exit 2), not the rules'
      }
      if (cs.source.framework !== "terraform") continue;
      plans++;
      const fs = runRules(cs, ALL_RULES, { changeSet: cs, blastRadius: () => [] });
      findings += fs.length;
      const secrets = secretValues(cs);
      for (const f of fs) {
        assert.ok(!/[\r\n]/.test(f.message), `${file}: ${f.ruleId} message is not one line`);
        assert.ok(f.message.length < 600, `${file}: ${f.ruleId} message too long`);
        for (const s of secrets)
          assert.ok(!f.message.includes(s), `${file}: ${f.ruleId} quotes a secret value`);
      }
    }
    assert.ok(plans >= 50, `only ${plans} corpus plans could be read`);
    assert.ok(findings > 0, "the corpus produces findings");
  });
});
