// `--terraform-bin` for binary plan files: a path is the user's (relative to their current directory, even
// though `terraform show` runs in the plan's folder when that folder has `.terraform/`); a bare name is
// looked up on PATH.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT } from "../helpers/cli.js";
import { plan, rc } from "../helpers/plan-builder.js";

/** The built CLI (dist/) run from `cwd`: the test's point is the current directory, outside the checkout. */
function airlock(args: string[], opts: { cwd: string; env?: Record<string, string> }) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "airlock.js"), ...args], {
    cwd: opts.cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const skip = process.platform === "win32" ? "shell-script fake terraform: POSIX only" : false;

describe("--terraform-bin", { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-tfbin-"));
    // An initialized folder holding a "binary plan" (a zip's magic bytes are all the reader looks at).
    mkdirSync(join(dir, "tf1", ".terraform"), { recursive: true });
    writeFileSync(join(dir, "tf1", "p"), Buffer.from("PK\x03\x04not really a zip", "latin1"));
    const json = join(dir, "plan.json");
    writeFileSync(
      json,
      JSON.stringify(
        plan([rc({ address: "aws_s3_bucket.fake", actions: ["create"], after: { bucket: "f" } })]),
      ),
    );
    // The fake prints the plan only where airlock runs it: in the plan's folder.
    const script = `#!/bin/sh
[ "$1 $2" = "show -json" ] || { echo "unexpected arguments: $*" >&2; exit 3; }
[ "$(basename "$(pwd -P)")" = tf1 ] || { echo "run in $(pwd -P)" >&2; exit 4; }
cat '${json}'
`;
    writeFileSync(join(dir, "fake-tf.sh"), script);
    chmodSync(join(dir, "fake-tf.sh"), 0o755);
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin", "faketf"), script);
    chmodSync(join(dir, "bin", "faketf"), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const created = (stdout: string): string[] =>
    JSON.parse(stdout).changes.map((c: { address: string; action: string }) => `${c.address} ${c.action}`);

  it("resolves a relative path against the current directory, not the plan's folder", () => {
    const r = airlock(["analyze", "tf1/p", "--terraform-bin", "./fake-tf.sh", "--format", "json"], {
      cwd: dir,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(created(r.stdout), ["aws_s3_bucket.fake create"]);
    assert.equal(JSON.parse(r.stdout).source.convertedFromBinary, true);
  });

  it("resolves a relative path given in AIRLOCK_TERRAFORM_BIN the same way", () => {
    const r = airlock(["analyze", "tf1/p", "--format", "json"], {
      cwd: dir,
      env: { AIRLOCK_TERRAFORM_BIN: "./fake-tf.sh" },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(created(r.stdout), ["aws_s3_bucket.fake create"]);
  });

  it("still looks a bare name up on PATH", () => {
    const r = airlock(["analyze", "tf1/p", "--terraform-bin", "faketf", "--format", "json"], {
      cwd: dir,
      env: { PATH: `${join(dir, "bin")}${delimiter}${process.env.PATH}` },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(created(r.stdout), ["aws_s3_bucket.fake create"]);
  });

  it("a relative path that does not exist is a clear input error naming it as given", () => {
    const r = airlock(["analyze", "tf1/p", "--terraform-bin", "./nope.sh"], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /tf1\/p: binary plan file, but `\.\/nope\.sh` was not found/);
  });
});
