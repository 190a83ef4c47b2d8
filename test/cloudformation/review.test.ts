// Gaps found in review: each case a pair of hand-written templates in the exact CloudFormation format, and
// what a reviewer needs to see.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInput } from "../../src/assess/analyze.js";
import type { Assessment } from "../../src/model/assessment.js";

const R = new URL("../fixtures/cloudformation/review/", import.meta.url).pathname;

async function run(before: string, after: string): Promise<Assessment> {
  return analyzeInput({ before: R + before, after: R + after });
}

function pins(a: Assessment): string[] {
  return a.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}`);
}

describe("cloudformation review cases", () => {
  it('Action "*:*" is Action "*": full administrator access', async () => {
    const a = await run("iam-before.yaml", "iam-after.yaml");
    assert.deepEqual(pins(a), ["critical AL-CFN-PRIV-001 DeployPolicy"]);
    assert.match(a.findings[0].message, /full administrator access/);
  });
});
