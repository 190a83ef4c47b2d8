// Test evidence given with --evidence: JUnit XML (any test runner, including `terraform test -junit-xml`)
// and `terraform test` output (human text or `-json` lines). Parsed for real: a failure or error anywhere,
// or no test at all, means the evidence does not pass.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { InputError } from "../model/types.js";
import type { EvidenceKind, EvidenceWanted } from "./types.js";

export interface EvidenceResult {
  file: string;
  /** Kinds this file counts as (terraform's JUnit output is both junit and terraform-test). */
  kinds: EvidenceKind[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  passed: boolean;
  sha256: string;
  detail: string;
}

export function readEvidence(file: string): EvidenceResult {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read evidence (${code === "ENOENT" ? "no such file" : (code ?? "error")})`,
      file,
    );
  }
  const sha256 = createHash("sha256").update(buf).digest("hex");
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  const trimmed = text.trimStart();
  let r: Omit<EvidenceResult, "file" | "sha256" | "passed" | "detail">;
  if (trimmed.startsWith("<")) r = parseJUnit(text, file);
  else if (trimmed.startsWith("{")) r = parseTerraformTestJson(text, file);
  else r = parseTerraformTestText(text, file);
  // Passing means at least one test ran and passed: skipped tests prove nothing.
  const ran = r.tests - r.failures - r.errors - r.skipped;
  const passed = ran > 0 && r.failures === 0 && r.errors === 0;
  const detail = `${r.kinds.join("/")}: ${r.tests} test(s), ${r.failures} failed, ${r.errors} errored, ${r.skipped} skipped`;
  return { file, sha256, passed, detail, ...r };
}

type Counts = Omit<EvidenceResult, "file" | "sha256" | "passed" | "detail">;

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

function num(v: string | undefined): number {
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** A failure/error count attribute: present but not a count (`failures="some"`) counts as one, never zero. */
function badCount(v: string | undefined): number {
  if (v === undefined || v.trim() === "") return 0;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

/** JUnit XML: <testsuites>/<testsuite>/<testcase> with <failure>, <error>, <skipped> children. */
export function parseJUnit(text: string, file = "evidence"): Counts {
  const body = text
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\?[\s\S]*?\?>/g, "");
  const tags = body.match(/<\/?[A-Za-z_][\w:.-]*(?:"[^"]*"|'[^']*'|[^<>"'])*>/g) ?? [];
  const root = tags.find((t) => !t.startsWith("</"));
  const rootName = root ? /^<([\w:.-]+)/.exec(root)?.[1] : undefined;
  if (rootName !== "testsuites" && rootName !== "testsuite") {
    throw new InputError(
      `${file}: not JUnit XML (root element is ${rootName ? `<${rootName}>` : "missing"})`,
      file,
    );
  }
  let opened = 0;
  for (const t of tags) {
    if (t.startsWith("</")) opened--;
    else if (!t.endsWith("/>")) opened++;
  }
  if (opened !== 0)
    throw new InputError(`${file}: JUnit XML is truncated or malformed (unbalanced elements)`, file);

  let cases = 0;
  let failedCases = 0;
  let erroredCases = 0;
  let skippedCases = 0;
  let inCase = false;
  let caseState = { failed: false, errored: false, skipped: false };
  let suiteTests = 0;
  let suiteFailures = 0;
  let suiteErrors = 0;
  let suiteSkipped = 0;
  let rootFailures = 0;
  let rootErrors = 0;
  let terraform = false;
  const endCase = () => {
    if (caseState.errored) erroredCases++;
    else if (caseState.failed) failedCases++;
    else if (caseState.skipped) skippedCases++;
    inCase = false;
  };
  for (const t of tags) {
    const name = /^<\/?([\w:.-]+)/.exec(t)?.[1];
    const closing = t.startsWith("</");
    const selfClosing = t.endsWith("/>");
    if (name === "testsuites" && !closing) {
      // The root's totals count too (some runners record errors only there).
      rootFailures += badCount(attr(t, "failures"));
      rootErrors += badCount(attr(t, "errors"));
    } else if (name === "testsuite" && !closing) {
      suiteTests += num(attr(t, "tests"));
      suiteFailures += badCount(attr(t, "failures"));
      suiteErrors += badCount(attr(t, "errors"));
      suiteSkipped += num(attr(t, "skipped"));
      if (/\.tftest\.(hcl|json)$/.test(attr(t, "name") ?? "")) terraform = true;
    } else if (name === "testcase") {
      if (closing) {
        if (inCase) endCase();
      } else {
        cases++;
        inCase = true;
        caseState = { failed: false, errored: false, skipped: false };
        if (selfClosing) endCase();
      }
    } else if (inCase && !closing && name === "failure") caseState.failed = true;
    else if (inCase && !closing && name === "error") caseState.errored = true;
    else if (inCase && !closing && name === "skipped") caseState.skipped = true;
  }
  // Attributes and elements can disagree (hand-edited files, runners that count differently): the worse wins.
  return {
    kinds: terraform ? ["junit", "terraform-test"] : ["junit"],
    tests: Math.max(cases, suiteTests),
    failures: Math.max(failedCases, suiteFailures, rootFailures),
    errors: Math.max(erroredCases, suiteErrors, rootErrors),
    skipped: Math.max(skippedCases, suiteSkipped),
  };
}

/** `terraform test -json`: the `test_summary` message, cross-checked with `test_run` statuses. */
export function parseTerraformTestJson(text: string, file = "evidence"): Counts {
  let summary:
    | { status?: string; passed?: number; failed?: number; errored?: number; skipped?: number }
    | undefined;
  let runFailures = 0;
  let runErrors = 0;
  let diagnosticsErrors = 0;
  let lines = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new InputError(`${file}: not terraform test -json output (line ${lines + 1} is not JSON)`, file);
    }
    lines++;
    if (msg.type === "test_summary") summary = msg.test_summary as typeof summary;
    if (msg.type === "test_run") {
      const status = (msg.test_run as { status?: string } | undefined)?.status;
      if (status === "fail") runFailures++;
      if (status === "error") runErrors++;
    }
    if (msg.type === "diagnostic" && msg["@level"] === "error") diagnosticsErrors++;
  }
  if (!summary)
    throw new InputError(
      `${file}: terraform test -json output has no test_summary (test run incomplete?)`,
      file,
    );
  const failures = Math.max(num(String(summary.failed ?? 0)), runFailures);
  let errors = Math.max(num(String(summary.errored ?? 0)), runErrors);
  if (summary.status && summary.status !== "pass" && failures === 0 && errors === 0)
    errors = Math.max(1, diagnosticsErrors);
  const passed = num(String(summary.passed ?? 0));
  const skipped = num(String(summary.skipped ?? 0));
  return {
    kinds: ["terraform-test"],
    tests: passed + failures + errors + skipped,
    failures,
    errors,
    skipped,
  };
}

/** `terraform test` human output: `Success! 2 passed, 0 failed.` / `Failure! 1 passed, 1 failed, 1 errored, 0 skipped.` */
export function parseTerraformTestText(text: string, file = "evidence"): Counts {
  // Every summary line counts (several runs concatenated into one file): one failing run fails the file.
  const all = [
    ...text.matchAll(
      /^(Success|Failure)! (\d+) passed, (\d+) failed(?:, (\d+) errored)?(?:, (\d+) skipped)?\.\s*$/gm,
    ),
  ];
  if (!all.length) {
    if (/^Executed 0 tests/m.test(text))
      return { kinds: ["terraform-test"], tests: 0, failures: 0, errors: 0, skipped: 0 };
    throw new InputError(
      `${file}: not JUnit XML or terraform test output (no "Success!/Failure! N passed" summary)`,
      file,
    );
  }
  let passed = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const m of all) {
    passed += Number(m[2]);
    failures += Number(m[3]);
    let e = Number(m[4] ?? 0);
    if (m[1] === "Failure" && Number(m[3]) === 0 && e === 0) e = 1;
    errors += e;
    skipped += Number(m[5] ?? 0);
  }
  return {
    kinds: ["terraform-test"],
    tests: passed + failures + errors + skipped,
    failures,
    errors,
    skipped,
  };
}

/** A requirement for `wanted` kinds is met when some evidence of those kinds exists and all of it passes. */
export function evidenceSatisfies(
  results: readonly EvidenceResult[],
  wanted: readonly EvidenceWanted[],
): { satisfied: boolean; detail: string } {
  const accepts = (r: EvidenceResult) => wanted.includes("tests") || r.kinds.some((k) => wanted.includes(k));
  const relevant = results.filter(accepts);
  if (!relevant.length)
    return { satisfied: false, detail: `no ${wanted.join(" or ")} evidence given (--evidence FILE)` };
  const failing = relevant.filter((r) => !r.passed);
  if (failing.length) {
    return {
      satisfied: false,
      detail: failing.map((r) => `${r.file}: ${r.tests === 0 ? "no tests ran" : r.detail}`).join("; "),
    };
  }
  return {
    satisfied: true,
    detail: relevant.map((r) => `${r.file} (${r.detail}, sha256 ${r.sha256.slice(0, 12)})`).join("; "),
  };
}
