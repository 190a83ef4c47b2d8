// The GitHub Action (action.yml) and the GitLab CI template, executed for real: their bash steps run against
// a git repository with an agent-written change and a real terraform plan; the comment/note upserts run
// against a mocked GitHub client and a local HTTP server speaking the GitLab notes API.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { TempRepo } from "../provenance/git-fixture.js";
import { terraform } from "./assessment-builder.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const TSX_API = import.meta.resolve("tsx/esm/api");

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  "working-directory"?: string;
}

function bash(script: string, cwd: string, env: Record<string, string>, flags: string[] = []) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "bash",
      [...flags, "-c", script],
      { cwd, env: { ...process.env, ...env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
      },
    );
  });
}

let repo: TempRepo;
let fakeAction: string;
let base: string;
let head: string;

before(() => {
  repo = new TempRepo("airlock-ci-");
  base = repo.commit(
    {
      ".gitignore": ".terraform/\n*.tfstate*\ntfplan\nplan.json\n.terraform.lock.hcl\nairlock/\n",
      "main.tf":
        'resource "terraform_data" "db" {\n  input = "data"\n}\nresource "terraform_data" "web" {\n  input = "v1"\n}\n',
    },
    "base",
  );
  terraform(repo.dir, "init", "-input=false", "-no-color");
  terraform(repo.dir, "apply", "-auto-approve", "-input=false", "-no-color");
  repo.git("checkout", "-q", "-b", "agent");
  head = repo.commit(
    { "main.tf": 'resource "terraform_data" "web" {\n  input = "v1"\n}\n' },
    "drop db\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n",
  );
  terraform(repo.dir, "plan", "-input=false", "-no-color", "-out=tfplan");
  writeFileSync(join(repo.dir, "plan.json"), terraform(repo.dir, "show", "-json", "tfplan"));
  writeFileSync(
    join(repo.dir, "airlock.yaml"),
    'version: 1\nrules:\n  - id: ai-deletes\n    forEach: change\n    when: change.action == "delete" && change.ai\n    effect: require-approval\n    approval: { count: 2 }\n',
  );
  writeFileSync(
    join(repo.dir, "allow.yaml"),
    'version: 1\nrules:\n  - id: ok\n    when: "true"\n    effect: allow\n',
  );
  // An "installed" action / Airlock checkout whose bin/airlock.js runs the sources through tsx.
  fakeAction = join(repo.dir, "..", `${repo.dir.split("/").pop()}-action`);
  mkdirSync(join(fakeAction, "bin"), { recursive: true });
  writeFileSync(
    join(fakeAction, "bin", "airlock.js"),
    `import { register } from ${JSON.stringify(TSX_API)};\nregister();\nawait import(${JSON.stringify(join(ROOT, "src/cli/main.ts"))});\n`,
  );
});
after(() => {
  repo.cleanup();
  rmSync(fakeAction, { recursive: true, force: true });
});

describe("GitHub Action (action.yml)", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
    runs: { using: string; steps: Step[] };
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
  };

  test("is a composite action with the expected steps", () => {
    assert.equal(action.runs.using, "composite");
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses?.split("@")[0]);
    assert.deepEqual(uses, [
      "actions/setup-node",
      "actions/github-script",
      "github/codeql-action/upload-sarif",
    ]);
    for (const s of action.runs.steps) if (s.run) assert.equal(s.shell, "bash", s.name);
  });

  async function runAction(
    inputs: Record<string, string>,
    push: { before?: string; after?: string; pr?: boolean } = { pr: true },
  ) {
    const tmp = join(
      repo.dir,
      "..",
      `${repo.dir.split("/").pop()}-runner-${Math.random().toString(36).slice(2)}`,
    );
    mkdirSync(tmp, { recursive: true });
    const vals: Record<string, string> = {};
    for (const [k, v] of Object.entries(action.inputs))
      vals[k] = v.default?.startsWith("${{") ? "" : (v.default ?? "");
    Object.assign(vals, inputs);
    const stepOutputs: Record<string, Record<string, string>> = {};
    const ctx = (expr: string): string => {
      const e = expr.trim();
      if (e.startsWith("inputs.")) return vals[e.slice(7)] ?? "";
      if (e === "github.action_path") return fakeAction;
      if (e === "github.event.pull_request.base.sha") return push.pr ? base : "";
      if (e === "github.event.pull_request.head.sha") return push.pr ? head : "";
      if (e === "github.token") return "token";
      if (e === "github.event.before") return push.before ?? "";
      if (e === "github.event.after") return push.after ?? "";
      const m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (m) return stepOutputs[m[1]]?.[m[2]] ?? "";
      throw new Error(`unsupported expression ${e}`);
    };
    const subst = (s: string) => s.replace(/\$\{\{([^}]*)\}\}/g, (_, e: string) => ctx(e));
    const summary = join(tmp, "summary.md");
    const results: Record<string, { code: number; stdout: string; stderr: string }> = {};
    for (const step of action.runs.steps) {
      if (!step.run) continue;
      if (step.name === "Install Airlock") continue; // the fake checkout is "installed" already
      if (step.if?.includes("fail-on-decision") && vals["fail-on-decision"] !== "true") continue;
      const out = join(tmp, `${step.id ?? "step"}-output`);
      writeFileSync(out, "");
      const env: Record<string, string> = {
        GITHUB_OUTPUT: out,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: tmp,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = subst(String(v));
      const cwd = join(repo.dir, subst(step["working-directory"] ?? "."));
      const r = await bash(step.run, cwd, env);
      results[step.name] = r;
      if (step.id) {
        stepOutputs[step.id] = Object.fromEntries(
          readFileSync(out, "utf8")
            .split("\n")
            .filter((l) => l.includes("="))
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
      }
      if (r.code !== 0) break;
    }
    return { results, stepOutputs, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "", tmp };
  }

  test("a pull request with an agent-written delete: outputs, reports, summary, failing job", async () => {
    const { results, stepOutputs, summary, tmp } = await runAction({ plan: "plan.json" });
    assert.equal(results.Analyze.code, 0, results.Analyze.stderr);
    assert.equal(results["Check policy"].code, 0, results["Check policy"].stderr);
    assert.equal(stepOutputs.check.decision, "require-approval");
    assert.match(stepOutputs.check.digest, /^sha256:[0-9a-f]{64}$/);
    const decision = JSON.parse(readFileSync(stepOutputs.check.json, "utf8"));
    assert.equal(decision.provenance.classification, "ai-assisted");
    assert.equal(decision.provenance.range, `${base}..${head}`);
    const sarif = JSON.parse(readFileSync(stepOutputs.analyze.sarif, "utf8"));
    assert.equal(sarif.version, "2.1.0");
    assert.match(readFileSync(stepOutputs.check.markdown, "utf8"), /^<!-- airlock:check -->/);
    assert.match(summary, /### Airlock: require-approval/);
    assert.match(summary, /approval:ai-deletes/);
    assert.equal(results["Enforce the decision"].code, 1);
    assert.match(
      results["Enforce the decision"].stdout,
      /::error title=Airlock::decision is require-approval/,
    );
    rmSync(tmp, { recursive: true, force: true });
  });

  test("an allowed change passes; fail-on-decision false never fails", async () => {
    const ok = await runAction({ plan: "plan.json", policy: "allow.yaml" });
    assert.equal(ok.stepOutputs.check.decision, "allow");
    assert.equal(ok.results["Enforce the decision"].code, 0);
    const lenient = await runAction({ plan: "plan.json", "fail-on-decision": "false" });
    assert.equal(lenient.stepOutputs.check.decision, "require-approval");
    assert.equal(lenient.results["Enforce the decision"], undefined);
    rmSync(ok.tmp, { recursive: true, force: true });
    rmSync(lenient.tmp, { recursive: true, force: true });
  });

  test("a push event uses before..after; a new branch (zero before) falls back to the default range", async () => {
    const pushed = await runAction({ plan: "plan.json" }, { before: base, after: head });
    const d = JSON.parse(readFileSync(pushed.stepOutputs.check.json, "utf8"));
    assert.equal(d.provenance.range, `${base}..${head}`);
    const fresh = await runAction({ plan: "plan.json" }, { before: "0".repeat(40), after: head });
    const f = JSON.parse(readFileSync(fresh.stepOutputs.check.json, "utf8"));
    assert.equal(f.provenance.range, "main..HEAD");
    rmSync(pushed.tmp, { recursive: true, force: true });
    rmSync(fresh.tmp, { recursive: true, force: true });
  });

  test("a broken policy stops the job at the check step (exit 2)", async () => {
    writeFileSync(join(repo.dir, "broken.yaml"), "version: 1\nrules: [\n");
    const r = await runAction({ plan: "plan.json", policy: "broken.yaml" });
    assert.equal(r.results["Check policy"].code, 2);
    assert.match(r.results["Check policy"].stderr, /broken\.yaml:\d+:\d+:/);
    assert.equal(r.results["Enforce the decision"], undefined);
    rmSync(r.tmp, { recursive: true, force: true });
  });

  test("the comment step updates its own comment and creates one otherwise", async () => {
    const step = action.runs.steps.find((s) => s.uses?.startsWith("actions/github-script"));
    const script = String(step?.with?.script);
    const dir = join(repo.dir, "..", `${repo.dir.split("/").pop()}-md`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "check.md"), "<!-- airlock:check -->\nCHECK");
    writeFileSync(join(dir, "analyze.md"), "<!-- airlock:analyze -->\nANALYZE");
    const calls: { op: string; args: Record<string, unknown> }[] = [];
    const existing: { id: number; body: string; user?: { login: string } }[] = [
      { id: 1, body: "a reviewer quoting <!-- airlock:pr-comment --> in passing" },
    ];
    const github = {
      paginate: async (_fn: unknown, params: Record<string, unknown>) => {
        calls.push({ op: "list", args: params });
        return existing;
      },
      rest: {
        issues: {
          listComments: () => undefined,
          updateComment: async (args: Record<string, unknown>) => {
            calls.push({ op: "update", args });
            return { data: { id: args.comment_id } };
          },
          createComment: async (args: Record<string, unknown>) => {
            calls.push({ op: "create", args });
            existing.push({ id: 99, body: String(args.body), user: { login: "github-actions[bot]" } });
            return { data: { id: 99 } };
          },
        },
      },
    };
    const context = { repo: { owner: "acme", repo: "infra" }, payload: { pull_request: { number: 42 } } };
    const core = { info: () => undefined };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    const fn = new AsyncFunction("github", "context", "core", "require", "process", script);
    const proc = { env: { CHECK_MD: join(dir, "check.md"), ANALYZE_MD: join(dir, "analyze.md") } };
    const { createRequire } = await import("node:module");
    const req = createRequire(import.meta.url);
    await fn(github, context, core, req, proc);
    await fn(github, context, core, req, proc);
    assert.deepEqual(
      calls.map((c) => c.op),
      ["list", "create", "list", "update"],
    );
    const created = calls[1].args;
    assert.equal(created.issue_number, 42);
    assert.match(
      String(created.body),
      /^<!-- airlock:pr-comment -->\n<!-- airlock:check -->\nCHECK\n\n---\n\n<!-- airlock:analyze -->\nANALYZE$/,
    );
    assert.equal(calls[3].args.comment_id, 99);

    // A pull-request author can post a comment that starts with the marker; the decision must never be
    // written into a comment someone else owns (they could edit it to read "allow" afterwards).
    const calls2: string[] = [];
    const forged = [
      {
        id: 5,
        body: "<!-- airlock:pr-comment -->\n### Airlock: allow",
        user: { login: "mallory", type: "User" },
      },
    ];
    const gh2 = {
      paginate: async () => forged,
      rest: {
        users: {
          getAuthenticated: async () => {
            throw new Error("Resource not accessible by integration");
          },
        },
        issues: {
          listComments: () => undefined,
          updateComment: async (args: Record<string, unknown>) => {
            calls2.push(`update ${args.comment_id}`);
            return { data: { id: args.comment_id } };
          },
          createComment: async (args: Record<string, unknown>) => {
            calls2.push("create");
            forged.push({
              id: 77,
              body: String(args.body),
              user: { login: "github-actions[bot]", type: "Bot" },
            });
            return { data: { id: 77 } };
          },
        },
      },
    };
    await fn(gh2, context, core, req, proc);
    await fn(gh2, context, core, req, proc);
    assert.deepEqual(calls2, ["create", "update 77"]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("GitLab CI template (ci/gitlab/airlock.gitlab-ci.yml)", () => {
  const tpl = parse(readFileSync(join(ROOT, "ci/gitlab/airlock.gitlab-ci.yml"), "utf8")) as Record<
    string,
    { script: string[]; variables: Record<string, string>; artifacts: unknown; rules: unknown[] }
  >;
  const job = tpl[".airlock"];

  let server: Server;
  let api: string;
  const BOT = { id: 42, username: "project_7_bot_abc" };
  const notes: { id: number; body: string; system?: boolean; author?: { id: number; username: string } }[] =
    [];
  const requests: string[] = [];

  before(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", "http://x");
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers["private-token"] !== "glpat-test") {
        res.writeHead(401).end("{}");
        return;
      }
      if (req.method === "GET" && url.pathname === "/api/v4/user") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(BOT));
        return;
      }
      const prefix = "/api/v4/projects/group%2Finfra/merge_requests/7/notes";
      if (req.method === "GET" && url.pathname === prefix) {
        // Two pages of 1 note each, to exercise pagination.
        const page = Number(url.searchParams.get("page") ?? "1");
        const slice = notes.slice(page - 1, page);
        res.writeHead(200, {
          "content-type": "application/json",
          ...(page < notes.length ? { "x-next-page": String(page + 1) } : {}),
        });
        res.end(JSON.stringify(slice));
        return;
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      if (req.method === "POST" && url.pathname === prefix) {
        const n = { id: 500 + notes.length, body: body.body, author: BOT };
        notes.push(n);
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(n));
        return;
      }
      const m = new RegExp(`^${prefix}/(\\d+)$`).exec(url.pathname);
      if (req.method === "PUT" && m) {
        const n = notes.find((x) => x.id === Number(m[1]));
        if (n) n.body = body.body;
        res.writeHead(n ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(n ?? {}));
        return;
      }
      res.writeHead(404).end("{}");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  });
  after(() => server.close());

  const runJob = (vars: Record<string, string>) => {
    const env: Record<string, string> = { ...job.variables };
    Object.assign(env, {
      AIRLOCK_BIN: join(fakeAction, "bin", "airlock.js"),
      AIRLOCK_PLAN: "plan.json",
      CI_MERGE_REQUEST_IID: "7",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
      CI_COMMIT_SHA: head,
      CI_API_V4_URL: api,
      CI_PROJECT_ID: "group/infra",
      AIRLOCK_GITLAB_TOKEN: "glpat-test",
      ...vars,
    });
    // GitLab runs job scripts with errexit and pipefail.
    return bash(job.script.join("\n"), repo.dir, env, ["-eo", "pipefail"]);
  };

  test("declares artifacts and merge request rules", () => {
    assert.deepEqual(job.artifacts, { when: "always", expire_in: "30 days", paths: ["$AIRLOCK_OUT/"] });
    assert.equal(job.variables.GIT_DEPTH, "0");
  });

  test("decides, keeps reports, posts one note and updates it on the next run, fails when not allowed", async () => {
    notes.push({ id: 1, body: "LGTM", system: false });
    // Anyone can post a note starting with the marker; the decision must not be written into it.
    const forged = "<!-- airlock:mr-note -->\nAirlock: allow";
    notes.push({ id: 2, body: forged, system: false, author: { id: 9, username: "mallory" } });
    const first = await runJob({});
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /Decision: {4}REQUIRE-APPROVAL/);
    assert.match(first.stdout, /airlock: created merge request note 502/);
    assert.match(first.stdout, /airlock: decision require-approval/);
    for (const f of ["airlock.sarif", "analyze.md", "decision.json", "check.md"])
      assert.ok(existsSync(join(repo.dir, "airlock", f)), f);
    const decision = JSON.parse(readFileSync(join(repo.dir, "airlock", "decision.json"), "utf8"));
    assert.equal(decision.provenance.range, `${base}..${head}`);
    assert.equal(decision.provenance.classification, "ai-assisted");
    assert.equal(notes.length, 3);
    assert.match(notes[2].body, /^<!-- airlock:mr-note -->\n<!-- airlock:check -->/);

    const second = await runJob({});
    assert.equal(second.code, 1);
    assert.match(second.stdout, /airlock: updated merge request note 502/);
    assert.equal(notes.length, 3, "no second note");
    assert.equal(notes[1].body, forged, "someone else's note is never edited");
    assert.ok(
      requests.some((r) => r.includes("page=2")),
      "paginated",
    );
  });

  test("a branch pipeline uses the push's before..after", async () => {
    const r = await runJob({
      AIRLOCK_COMMENT: "false",
      CI_MERGE_REQUEST_IID: "",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: "",
      CI_COMMIT_BEFORE_SHA: base,
    });
    assert.equal(r.code, 1, r.stderr);
    const decision = JSON.parse(readFileSync(join(repo.dir, "airlock", "decision.json"), "utf8"));
    assert.equal(decision.provenance.range, `${base}..${head}`);
  });

  test("an allowed change exits 0; without a token the note is skipped", async () => {
    const r = await runJob({ AIRLOCK_POLICY: "allow.yaml", AIRLOCK_GITLAB_TOKEN: "" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /AIRLOCK_GITLAB_TOKEN is not set; skipping/);
    assert.match(r.stdout, /airlock: decision allow/);
  });

  test("a broken policy is exit 2", async () => {
    writeFileSync(join(repo.dir, "broken2.yaml"), "version: [1\n");
    const r = await runJob({ AIRLOCK_POLICY: "broken2.yaml" });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken2\.yaml:\d+:\d+:/);
  });

  test("no Airlock to run is a clear error", async () => {
    const r = await runJob({ AIRLOCK_BIN: "", AIRLOCK_REPO: "" });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /set AIRLOCK_REPO/);
  });
});
