// The helper thread that reads a large plan's state trees and configuration while the main thread reads its
// resource changes (plan-side.ts, plan-side-client.ts, plan-side-thread.ts): where it guesses the members
// start, that a wrong guess never changes the result (the main thread takes the helper's part only where its
// own walk meets that member at that very position), and that the CLI reports the same with and without it.
// Every plan of stream-reader.test.ts is also read with the helper and compared there.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generatePlan } from "../../bench/gen-plan.mjs";
import { JsonBytes } from "../../src/ingest/json-bytes.js";
import { MAX_MODULE_DEPTH } from "../../src/ingest/terraform/module-depth.js";
import { guessMembers } from "../../src/ingest/terraform/plan-side.js";
import {
  SIDE_THREAD_MIN_BYTES,
  SideThread,
  sideThreadWanted,
} from "../../src/ingest/terraform/plan-side-client.js";
import { readPlanBytes } from "../../src/ingest/terraform/plan-stream.js";
import { edgesOf } from "../../src/model/edge-table.js";
import type { ChangeSet } from "../../src/model/types.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function shared(text: string): Buffer {
  const plain = Buffer.from(text, "utf8");
  const buf = Buffer.from(new SharedArrayBuffer(plain.length));
  plain.copy(buf);
  return buf;
}

function comparable(cs: ChangeSet): unknown {
  const { edgeTable, ...rest } = cs;
  const edges = edgeTable ? edgesOf(edgeTable) : cs.edges;
  return { ...rest, edges: edges.map((e) => `${e.from} -> ${e.to} (${e.via})`).sort() };
}

/** The value start of each top-level member, found by walking the document (no guessing). */
function actualStarts(text: string): Record<string, number> {
  const doc = new JsonBytes(Buffer.from(text, "utf8"), "p.json");
  const out: Record<string, number> = {};
  doc.forEachMember(doc.skipWs(0), (key, vs) => {
    out[key] = vs;
    return doc.check(vs);
  });
  return out;
}

/** Reads `text` with a helper that never leaves a member to the main thread, and alone; both must agree. */
function readBoth(text: string, helper: SideThread): { cs: ChangeSet; fromThread: number } {
  const before = helper.fromThread;
  const cs = readPlanBytes(shared(text), "p.json", 0, helper);
  const alone = readPlanBytes(Buffer.from(text, "utf8"), "p.json");
  assert.deepStrictEqual(comparable(cs), comparable(alone));
  assert.equal(cs.digest, alone.digest);
  return { cs, fromThread: helper.fromThread - before };
}

/** What these tests edit in a generated plan. */
interface GeneratedPlan {
  format_version: string;
  resource_changes: unknown[];
  planned_values: { root_module: { child_modules: { resources: { values: Record<string, unknown> }[] }[] } };
  [member: string]: unknown;
}

describe("plan helper thread", () => {
  const helper = SideThread.start({ steal: false });
  assert.ok(helper, "a helper thread starts here");
  const base = generatePlan(40, "full") as GeneratedPlan;
  const text = JSON.stringify(base);

  it("guesses where the members start, as written compactly or indented", () => {
    for (const t of [
      text,
      JSON.stringify(base, null, 2),
      JSON.stringify(generatePlan(40, "lean"), null, "\t"),
    ]) {
      const actual = actualStarts(t);
      const guess = guessMembers(Buffer.from(t, "utf8"), 0);
      for (const key of ["planned_values", "resource_changes", "prior_state", "configuration"] as const)
        assert.equal(guess[key], actual[key], key);
    }
  });

  it("reads all three side members on the helper, with the same ChangeSet and digest", () => {
    const { cs, fromThread } = readBoth(text, helper);
    assert.equal(fromThread, 3);
    assert.equal(cs.changes.length, 40);
  });

  it("is not misled by members of the same names deeper in the document", () => {
    // Decoys the guesses take for the plan's own members: each is read (on whichever thread) somewhere
    // that is not the member, and the main thread, meeting the real member elsewhere, reads it itself.
    const decoy = {
      planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.decoy" }] } },
      resource_changes: [base.resource_changes[0]],
      prior_state: { format_version: "1.0", values: { root_module: {} } },
      configuration: { root_module: { resources: [] } },
    };
    const { format_version, ...rest } = base;
    // The decoys in `variables` come first (found by the forward searches), in a trailing member last (found
    // by the backward ones).
    const tricked = {
      format_version,
      variables: { v: { value: decoy } },
      ...rest,
      checks: [{ decoy }],
    };
    const t = JSON.stringify(tricked);
    const guess = guessMembers(Buffer.from(t, "utf8"), 0);
    const actual = actualStarts(t);
    for (const key of ["planned_values", "resource_changes", "prior_state", "configuration"] as const)
      assert.notEqual(guess[key], actual[key], `${key} is misguessed, as intended`);
    const { fromThread } = readBoth(t, helper);
    assert.equal(fromThread, 0, "nothing read at a wrong position is taken");
    // Only the changes misguessed (a decoy inside planned_values, after which the search starts): the
    // changes read ahead are dropped and the plan is read again in order, the helper's parts with it.
    const inValues = structuredClone(base);
    inValues.planned_values.root_module.child_modules[0].resources[0].values.decoy = { resource_changes: [] };
    const t2 = JSON.stringify(inValues);
    assert.notEqual(
      guessMembers(Buffer.from(t2, "utf8"), 0).resource_changes,
      actualStarts(t2).resource_changes,
    );
    assert.ok(readBoth(t2, helper).fromThread <= 1, "only planned_values, met before the changes, is taken");
  });

  it("raises the error the main thread alone raises, where the document order puts it", () => {
    const cases = [
      // In a member the helper reads.
      text.replace('"root_module":{', '"root_module":{"resources":1,'),
      JSON.stringify({ ...base, prior_state: { values: { root_module: { resources: [{}] } } } }),
      JSON.stringify({ ...base, configuration: { root_module: { resources: [1] } } }),
      text.replace(/"sensitive_values":\{/, '"sensitive_values":{,'),
      // In the changes, and in both.
      text.replace('"actions":["create"]', '"actions":["launch"]'),
      text
        .replace('"actions":["create"]', '"actions":["launch"]')
        .replace('"root_module":{', '"root_module":[{'),
      // Between members, and a member written twice.
      text.replace(',"prior_state":', ',"prior_state":{},"prior_state":'),
      text.replace(',"configuration":', ' "configuration":'),
    ];
    for (const [i, t] of cases.entries()) {
      assert.notEqual(t, text, `case ${i} edits the plan`);
      const alone = (() => {
        try {
          readPlanBytes(Buffer.from(t, "utf8"), "p.json");
        } catch (err) {
          return err as Error;
        }
        assert.fail(`case ${i}: read without an error`);
      })();
      assert.equal(alone.name, "InputError", `case ${i}`);
      assert.throws(
        () => readPlanBytes(shared(t), "p.json", 0, helper),
        { message: alone.message },
        `case ${i}`,
      );
    }
  });

  it("refuses modules nested deeper than the limit on either thread, whatever the thread's stack", () => {
    const nestedConfig = (n: number) =>
      `{"root_module":${'{"module_calls":{"m":{"source":"./m","module":'.repeat(n)}{"resources":[]}${"}}}".repeat(n)}}`;
    const nestedState = (n: number) => `{"root_module":${'{"child_modules":['.repeat(n)}{}${"]}".repeat(n)}}`;
    const withConfig = (c: string) =>
      JSON.stringify({ ...base, configuration: "CONFIG" }).replace('"CONFIG"', c);
    const withPlanned = (v: string) =>
      JSON.stringify({ ...base, planned_values: "PLANNED" }).replace('"PLANNED"', v);
    assert.notEqual(withConfig(nestedConfig(1)), text);
    for (const make of [
      (n: number) => withConfig(nestedConfig(n)),
      (n: number) => withPlanned(nestedState(n)),
    ]) {
      // MAX_MODULE_DEPTH levels are read, one more is refused, and far more (deeper than the main
      // thread's stack would go) is refused with the same line, not a stack overflow on one thread only.
      readBoth(make(MAX_MODULE_DEPTH), helper);
      for (const n of [MAX_MODULE_DEPTH + 1, 1500]) {
        const t = make(n);
        const alone = (() => {
          try {
            readPlanBytes(Buffer.from(t, "utf8"), "p.json");
          } catch (err) {
            return err as Error;
          }
          assert.fail(`${n} levels read alone`);
        })();
        assert.equal(alone.name, "InputError");
        assert.match(alone.message, /^p\.json:1:\d+: modules nested more than 100 levels deep$/);
        assert.throws(() => readPlanBytes(shared(t), "p.json", 0, helper), { message: alone.message });
      }
    }
  });

  it("gives the same result when the main thread takes members the helper has not begun", () => {
    // A helper that has only just been started: the main thread claims whatever it reaches first.
    for (let i = 0; i < 3; i++) {
      const eager = SideThread.start();
      assert.ok(eager);
      try {
        const cs = readPlanBytes(shared(text), "p.json", 0, eager);
        assert.deepStrictEqual(
          comparable(cs),
          comparable(readPlanBytes(Buffer.from(text, "utf8"), "p.json")),
        );
      } finally {
        eager.close();
      }
    }
  });

  it("is used for large plans only, always with AIRLOCK_THREADS=2 and never with AIRLOCK_THREADS=1", () => {
    const saved = process.env.AIRLOCK_THREADS;
    try {
      process.env.AIRLOCK_THREADS = "";
      assert.equal(sideThreadWanted(SIDE_THREAD_MIN_BYTES), true);
      assert.equal(sideThreadWanted(SIDE_THREAD_MIN_BYTES - 1), false);
      process.env.AIRLOCK_THREADS = "1";
      assert.equal(sideThreadWanted(SIDE_THREAD_MIN_BYTES * 100), false);
      process.env.AIRLOCK_THREADS = "2";
      assert.equal(sideThreadWanted(1), true);
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, "AIRLOCK_THREADS");
      else process.env.AIRLOCK_THREADS = saved;
    }
  });
});

describe("plan helper thread in the CLI", () => {
  it("writes the same reports with it (AIRLOCK_THREADS=2) as without it (=1)", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-side-"));
    const file = join(dir, "plan.json");
    const n = 2000;
    writeFileSync(file, JSON.stringify(generatePlan(n, "full")));
    for (const format of ["json", "text", "sarif"]) {
      const run = (threads: string) => {
        const out = join(dir, `report-${threads}.${format}`);
        const r = spawnSync(
          process.execPath,
          [join(ROOT, "bin", "airlock.js"), "analyze", file, "--format", format, "--output", out],
          { encoding: "utf8", env: { ...process.env, AIRLOCK_THREADS: threads } },
        );
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        return readFileSync(out, "utf8");
      };
      const threaded = run("2");
      assert.equal(threaded, run("1"), format);
      if (format === "json") assert.equal(JSON.parse(threaded).changes.length, n);
    }
  });

  it("reads a plan from a pipe with AIRLOCK_THREADS=2 (a pipe is never read into shared memory)", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-side-"));
    const file = join(dir, "plan.json");
    writeFileSync(file, JSON.stringify(generatePlan(50, "full")));
    const run = (threads: string) =>
      spawnSync(
        "sh",
        [
          "-c",
          'cat "$1" | "$2" "$3" analyze /dev/stdin --format json',
          "sh",
          file,
          process.execPath,
          join(ROOT, "bin", "airlock.js"),
        ],
        { encoding: "utf8", env: { ...process.env, AIRLOCK_THREADS: threads } },
      );
    const threaded = run("2");
    assert.ok(threaded.status === 0 || threaded.status === 1, threaded.stderr);
    assert.ok(threaded.stdout.length > 1000);
    assert.equal(threaded.stdout, run("1").stdout);
  });
});
