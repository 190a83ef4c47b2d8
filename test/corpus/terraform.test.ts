// Corpus suite: real-world Terraform plan JSON from public projects, read in place from ../shared/corpus.
// Every file is analyzed completely or rejected with a clear input error; nothing crashes, nothing is
// silently reported as "no risk" when it could not be read.
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeInput } from "../../src/assess/analyze.js";
import { render } from "../../src/report/index.js";
import { ALL_RULES } from "../../src/rules/catalog/index.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/terraform", import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.log(`# SKIP corpus not found at ${CORPUS}`);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

describe("terraform corpus", { skip: present ? false : "../shared/corpus/terraform is absent" }, () => {
  const all = present ? files(CORPUS) : [];
  const stats = { analyzed: 0, rejected: 0, changes: 0, findings: 0 };

  it("has files to read", () => {
    assert.ok(all.length > 50, `only ${all.length} files`);
  });

  for (const file of all) {
    const name = file.slice(CORPUS.length + 1);
    it(name, async () => {
      try {
        const a = await analyzeInput({ plan: file });
        stats.analyzed++;
        stats.changes += a.changes.length;
        stats.findings += a.findings.length;
        assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
        // Every format renders.
        for (const f of ["text", "json", "sarif", "markdown"] as const)
          render(a, f, { color: false, rules: ALL_RULES });
        // A change that destroys something is never reported as "none" when a rule covers its type… at least
        // the summary must count it.
        const destructive = a.changes.filter((c) => c.action === "delete" || c.action === "replace").length;
        assert.equal(a.summary.delete + a.summary.replace, destructive);
      } catch (err) {
        const e = err as Error;
        assert.equal(e.name, "InputError", `${name}: unexpected ${e.name}: ${e.message}`);
        assert.ok(e.message.length > 10 && !e.message.includes("\n"));
        stats.rejected++;
      }
    });
  }

  it("summary", () => {
    console.log(
      `# corpus terraform: ${stats.analyzed} analyzed, ${stats.rejected} rejected with a clear error, ${stats.changes} changes, ${stats.findings} findings`,
    );
    assert.ok(stats.analyzed > stats.rejected, "most corpus files are real plans and must be analyzed");
  });
});
