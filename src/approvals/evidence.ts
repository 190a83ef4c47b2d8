// Evidence attached to a change request (`--evidence FILE` or `--evidence KIND=FILE`): JUnit XML test reports
// and `terraform test -json` output. Recorded by hash, kind and whether it shows success.
import { createHash } from "node:crypto";
import { readInputBytes } from "../ingest/read-input.js";
import { InputError } from "../model/types.js";
import type { EvidenceRecord } from "./types.js";

function junit(text: string): { passed: boolean; detail: string } {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const m of text.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(m[1])?.[1] ?? 0);
    tests += attr("tests");
    failures += attr("failures");
    errors += attr("errors");
  }
  const failing = failures + errors;
  const hasFailureElement = /<failure\b|<error\b/.test(text);
  const passed = tests > 0 && failing === 0 && !hasFailureElement;
  return { passed, detail: `${tests} test(s), ${failures} failure(s), ${errors} error(s)` };
}

function terraformTest(text: string): { passed: boolean; detail: string } {
  // `terraform test -json` prints one JSON object per line; the summary line has type "test_summary".
  for (const line of text.split("\n").reverse()) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as {
        type?: string;
        test_summary?: { status?: string; passed?: number; failed?: number; errored?: number };
      };
      if (o.type === "test_summary" && o.test_summary) {
        const s = o.test_summary;
        return {
          passed: s.status === "pass" && !s.failed && !s.errored,
          detail: `status ${s.status}, ${s.passed ?? 0} passed, ${s.failed ?? 0} failed, ${s.errored ?? 0} errored`,
        };
      }
    } catch {
      // not a JSON line
    }
  }
  return { passed: false, detail: "no test_summary line found" };
}

export function readEvidence(arg: string): EvidenceRecord {
  const eq = arg.indexOf("=");
  const explicitKind = eq > 0 && !arg.slice(0, eq).includes("/") ? arg.slice(0, eq) : undefined;
  const file = explicitKind ? arg.slice(eq + 1) : arg;
  const bytes = readInputBytes(file);
  const text = bytes.toString("utf8");
  const detected = /<testsuites?\b/.test(text)
    ? "junit"
    : /"test_summary"/.test(text)
      ? "terraform-test"
      : "";
  // "tests" names either test format: the file is parsed as what it is, never taken on trust.
  const kind = explicitKind === "tests" ? detected || "junit" : (explicitKind ?? detected);
  if (!kind)
    throw new InputError(
      `${file}: not recognized as evidence (JUnit XML or terraform test -json output); use KIND=FILE`,
      file,
    );
  const result =
    kind === "junit"
      ? junit(text)
      : kind === "terraform-test"
        ? terraformTest(text)
        : // Other kinds cannot be checked here: recorded by hash, never counted as passing.
          { passed: false, detail: "recorded (not a test report Airlock can check)" };
  return { file, sha256: createHash("sha256").update(bytes).digest("hex"), kind, ...result };
}
