// Evidence parsing against real outputs: `terraform test` (text, -json, -junit-xml) and node's JUnit reporter.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { evidenceSatisfies, parseJUnit, readEvidence } from "../../src/policy/evidence.js";

const TF_ENV = {
  ...process.env,
  TF_CLI_CONFIG_FILE: "/dev/null",
  TF_IN_AUTOMATION: "1",
  CHECKPOINT_DISABLE: "1",
};

let dir: string;
const files: Record<string, string> = {};

function tfProject(name: string, expected: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, "tests"), { recursive: true });
  writeFileSync(
    join(p, "main.tf"),
    'variable "name" {\n  default = "web"\n}\nresource "terraform_data" "x" {\n  input = var.name\n}\noutput "name" {\n  value = terraform_data.x.output\n}\n',
  );
  writeFileSync(
    join(p, "tests", "name.tftest.hcl"),
    `run "default_name" {\n  command = apply\n  assert {\n    condition     = output.name == "${expected}"\n    error_message = "unexpected name"\n  }\n}\nrun "plan_only" {\n  command = plan\n  assert {\n    condition     = var.name == "web"\n    error_message = "variable"\n  }\n}\n`,
  );
  const init = spawnSync("terraform", ["init", "-no-color", "-input=false"], {
    cwd: p,
    env: TF_ENV,
    encoding: "utf8",
  });
  assert.equal(init.status, 0, init.stderr);
  return p;
}

function run(cwd: string, args: string[], out: string): number {
  const r = spawnSync("terraform", args, { cwd, env: TF_ENV, encoding: "utf8" });
  writeFileSync(out, r.stdout);
  return r.status ?? -1;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-evidence-"));
  const good = tfProject("good", "web");
  const bad = tfProject("bad", "db");
  files.goodText = join(dir, "good.txt");
  files.goodJson = join(dir, "good.jsonl");
  files.badText = join(dir, "bad.txt");
  files.badJson = join(dir, "bad.jsonl");
  files.goodJunit = join(dir, "good-junit.xml");
  files.badJunit = join(dir, "bad-junit.xml");
  assert.equal(run(good, ["test", "-no-color"], files.goodText), 0);
  assert.equal(run(good, ["test", "-json"], files.goodJson), 0);
  assert.equal(run(bad, ["test", "-no-color"], files.badText), 1);
  assert.equal(run(bad, ["test", "-json"], files.badJson), 1);
  run(good, ["test", "-no-color", `-junit-xml=${files.goodJunit}`], join(dir, "ignore1"));
  run(bad, ["test", "-no-color", `-junit-xml=${files.badJunit}`], join(dir, "ignore2"));
  // node's own test runner, JUnit reporter.
  const nodeTests = join(dir, "node");
  mkdirSync(nodeTests);
  writeFileSync(
    join(nodeTests, "ok.test.mjs"),
    'import test from "node:test";\ntest("one", () => {});\ntest("two", () => {});\ntest("skipped", { skip: true }, () => {});\n',
  );
  writeFileSync(
    join(nodeTests, "bad.test.mjs"),
    'import test from "node:test";\nimport assert from "node:assert";\ntest("fails", () => { assert.equal(1, 2); });\n',
  );
  // A nested runner must not think it reports to ours.
  const nodeEnv = { ...process.env };
  delete nodeEnv.NODE_TEST_CONTEXT;
  files.nodeOk = join(dir, "node-ok.xml");
  files.nodeBad = join(dir, "node-bad.xml");
  spawnSync(
    process.execPath,
    [
      "--test",
      "--test-reporter=junit",
      `--test-reporter-destination=${files.nodeOk}`,
      join(nodeTests, "ok.test.mjs"),
    ],
    { env: nodeEnv },
  );
  spawnSync(
    process.execPath,
    [
      "--test",
      "--test-reporter=junit",
      `--test-reporter-destination=${files.nodeBad}`,
      join(nodeTests, "bad.test.mjs"),
    ],
    { env: nodeEnv },
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("terraform test output", () => {
  test("human text: success", () => {
    const r = readEvidence(files.goodText);
    assert.deepEqual([r.kinds, r.tests, r.failures, r.errors, r.passed], [["terraform-test"], 2, 0, 0, true]);
  });
  test("human text: failure", () => {
    const r = readEvidence(files.badText);
    assert.deepEqual([r.tests, r.failures, r.passed], [2, 1, false]);
  });
  test("-json: success and failure", () => {
    const ok = readEvidence(files.goodJson);
    assert.deepEqual([ok.kinds, ok.tests, ok.passed], [["terraform-test"], 2, true]);
    const bad = readEvidence(files.badJson);
    assert.deepEqual([bad.failures, bad.passed], [1, false]);
  });
  test("-junit-xml counts as junit and terraform-test", () => {
    const ok = readEvidence(files.goodJunit);
    assert.deepEqual([ok.kinds, ok.tests, ok.passed], [["junit", "terraform-test"], 2, true]);
    const bad = readEvidence(files.badJunit);
    assert.deepEqual([bad.failures, bad.passed], [1, false]);
  });
  test("a truncated -json run (no summary) is an input error", () => {
    const f = join(dir, "trunc.jsonl");
    writeFileSync(f, '{"@level":"info","type":"version","terraform":"1.11.4"}\n');
    assert.throws(() => readEvidence(f), /no test_summary/);
  });
});

describe("JUnit XML", () => {
  test("node --test junit reporter: pass with a skipped test", () => {
    const r = readEvidence(files.nodeOk);
    assert.deepEqual([r.kinds, r.tests, r.failures, r.skipped, r.passed], [["junit"], 3, 0, 1, true]);
  });
  test("node --test junit reporter: failure", () => {
    const r = readEvidence(files.nodeBad);
    assert.equal(r.passed, false);
    assert.equal(r.failures + r.errors, 1);
  });
  test("attributes and elements: the worse one wins", () => {
    assert.equal(
      parseJUnit('<testsuite tests="3" failures="1"><testcase name="a"/></testsuite>').failures,
      1,
    );
    assert.equal(
      parseJUnit(
        '<testsuites><testsuite tests="1"><testcase name="a"><error message="x > y"/></testcase></testsuite></testsuites>',
      ).errors,
      1,
    );
  });
  test("CDATA and comments do not confuse the count", () => {
    const x = parseJUnit(
      '<?xml version="1.0"?><!-- <testcase> --><testsuite><testcase name="a"><system-out><![CDATA[<failure>not really</failure>]]></system-out></testcase></testsuite>',
    );
    assert.deepEqual([x.tests, x.failures], [1, 0]);
  });
  test("not JUnit, truncated, empty, missing", () => {
    const f = (name: string, body: string) => {
      const p = join(dir, name);
      writeFileSync(p, body);
      return p;
    };
    assert.throws(
      () => readEvidence(f("html.xml", "<html><body/></html>")),
      /not JUnit XML \(root element is <html>\)/,
    );
    assert.throws(() => readEvidence(f("trunc.xml", '<testsuite><testcase name="a">')), /truncated/);
    assert.throws(() => readEvidence(f("empty.txt", "")), /not JUnit XML or terraform test output/);
    assert.throws(() => readEvidence(join(dir, "nope.xml")), /cannot read evidence \(no such file\)/);
  });
  test("zero tests never pass", () => {
    const p = join(dir, "zero.xml");
    writeFileSync(p, '<testsuites tests="0"></testsuites>');
    assert.equal(readEvidence(p).passed, false);
  });
});

describe("evidence that proves nothing never passes", () => {
  const f = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  test("JUnit where every test was skipped", () => {
    const r = readEvidence(
      f(
        "all-skipped.xml",
        '<testsuites><testsuite name="s" tests="2" skipped="2"><testcase name="a"><skipped/></testcase><testcase name="b"><skipped message="later"/></testcase></testsuite></testsuites>',
      ),
    );
    assert.deepEqual([r.tests, r.skipped, r.passed], [2, 2, false]);
    assert.equal(evidenceSatisfies([r], ["tests"]).satisfied, false);
  });
  test("errors and failures counted on the <testsuites> root", () => {
    const e = readEvidence(
      f(
        "root-errors.xml",
        '<testsuites tests="1" errors="1"><testsuite name="s" tests="1"><testcase name="a"/></testsuite></testsuites>',
      ),
    );
    assert.deepEqual([e.errors, e.passed], [1, false]);
    const x = readEvidence(
      f(
        "root-failures.xml",
        '<testsuites failures="2"><testsuite name="s"><testcase name="a"/></testsuite></testsuites>',
      ),
    );
    assert.deepEqual([x.failures, x.passed], [2, false]);
  });
  test("a non-numeric count attribute is not read as zero", () => {
    const r = readEvidence(
      f("nan.xml", '<testsuite name="s" tests="1" failures="some"><testcase name="a"/></testsuite>'),
    );
    assert.equal(r.passed, false);
  });
  test("terraform test text: all skipped, or several runs where one failed", () => {
    assert.equal(
      readEvidence(f("tf-skipped.txt", "Success! 0 passed, 0 failed, 2 skipped.\n")).passed,
      false,
    );
    const two = readEvidence(
      f(
        "tf-two.txt",
        "tests/a.tftest.hcl... pass\n\nSuccess! 2 passed, 0 failed.\ntests/b.tftest.hcl... fail\n\nFailure! 0 passed, 1 failed.\n",
      ),
    );
    assert.deepEqual([two.tests, two.failures, two.passed], [3, 1, false]);
  });
  test("terraform test -json where every run was skipped", () => {
    const p = f(
      "tf-skipped.jsonl",
      `${JSON.stringify({ type: "test_summary", test_summary: { status: "skip", passed: 0, failed: 0, errored: 0, skipped: 2 } })}\n`,
    );
    assert.equal(readEvidence(p).passed, false);
  });
});

describe("requirement satisfaction", () => {
  test("needs evidence of a wanted kind, all of it passing", () => {
    const ok = readEvidence(files.goodJunit);
    const tf = readEvidence(files.goodText);
    const nodeOk = readEvidence(files.nodeOk);
    const nodeBad = readEvidence(files.nodeBad);
    assert.equal(evidenceSatisfies([], ["tests"]).satisfied, false);
    assert.equal(evidenceSatisfies([nodeOk], ["terraform-test"]).satisfied, false);
    assert.equal(evidenceSatisfies([nodeOk], ["junit"]).satisfied, true);
    assert.equal(evidenceSatisfies([tf], ["terraform-test"]).satisfied, true);
    assert.equal(evidenceSatisfies([ok], ["terraform-test"]).satisfied, true);
    assert.equal(evidenceSatisfies([nodeOk, nodeBad], ["tests"]).satisfied, false);
    assert.equal(
      evidenceSatisfies([tf, nodeBad], ["terraform-test"]).satisfied,
      true,
      "failing junit is not terraform-test evidence",
    );
    assert.match(evidenceSatisfies([nodeOk], ["tests"]).detail, /sha256 [0-9a-f]{12}/);
  });
});
