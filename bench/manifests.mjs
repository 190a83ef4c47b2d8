// Kubernetes manifest pair benchmark: a generated 5,000-object pair (50 namespaces of Deployments, Services,
// Ingresses, ConfigMaps, Secrets, NetworkPolicies, PDBs, ServiceAccounts, StatefulSets), the after side in
// another document order with ~6% of objects changed, deleted, added or recreated. Reports analysis time
// (read + parse + diff + graph + rules + JSON report) ÷ bare YAML parsing of the same two files, both measured
// in fresh child processes in the same run, plus the whole CLI process. Needs `npm run build` (uses dist/).
// Usage: node bench/manifests.mjs [objects]     (default 5000; BENCH_RUNS=3)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");

// ── child modes ─────────────────────────────────────────────────────────────────────────────────────────
if (process.argv[2] === "--child") {
  const [, , , mode, before, after] = process.argv;
  const t0 = process.hrtime.bigint();
  let extra = {};
  if (mode === "parse") {
    const { parseAllDocuments } = await import("yaml");
    let docs = 0;
    for (const f of [before, after])
      for (const d of parseAllDocuments(readFileSync(f, "utf8"), { logLevel: "silent" })) {
        d.toJS();
        docs++;
      }
    extra = { docs };
  } else {
    const { analyzeInput } = await import(join(ROOT, "dist/assess/analyze.js"));
    const { renderJson } = await import(join(ROOT, "dist/report/json.js"));
    const a = await analyzeInput({ before, after });
    const out = renderJson(a);
    extra = { changes: a.changes.length, findings: a.findings.length, summary: a.summary, bytes: out.length };
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, ...extra }));
  process.exit(0);
}

// ── generator ───────────────────────────────────────────────────────────────────────────────────────────
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function app(ns, i, version) {
  const name = `svc-${i}`;
  const labels = `{app: ${name}, tier: backend}`;
  return [
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\n  namespace: ${ns}\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "a,b,c"\n  TIMEOUT_MS: "${1000 + i}"\n`,
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}-credentials\n  namespace: ${ns}\ntype: Opaque\ndata:\n  password: ${Buffer.from(`pw-${ns}-${i}`).toString("base64")}\n`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: ${labels}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      serviceAccountName: ${name}\n      containers:\n        - name: app\n          image: registry.example.com/${ns}/${name}:${version}\n          ports: [{containerPort: 8080}]\n          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}\n          env:\n            - {name: LOG_LEVEL, valueFrom: {configMapKeyRef: {name: ${name}-config, key: LOG_LEVEL}}}\n            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: ${name}-credentials, key: password}}}\n          readinessProbe: {httpGet: {path: /healthz, port: 8080}}\n`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  ingressClassName: nginx\n  tls: [{hosts: [${name}.${ns}.example.com], secretName: ${name}-tls}]\n  rules:\n    - host: ${name}.${ns}.example.com\n      http:\n        paths: [{path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {number: 80}}}}]\n`,
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: ${name}}}\n`,
  ];
}

function namespaceDocs(ns, apps, version) {
  const docs = [
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`,
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: ${ns}\nspec:\n  serviceName: db\n  replicas: 1\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: postgres, image: "postgres:16.3"}]\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Gi}}}\n`,
  ];
  for (let i = 0; i < apps; i++) docs.push(...app(ns, i, version(i)));
  return docs;
}

export function generateManifestPair(objects = 5000, seed = 7) {
  const perNs = 3 + 7 * 14; // 101 objects per namespace
  const nsCount = Math.max(1, Math.round(objects / perNs));
  const apps = Math.max(1, Math.round((objects / nsCount - 3) / 7));
  const before = [];
  const after = [];
  const r = rng(seed);
  for (let n = 0; n < nsCount; n++) {
    const ns = `team-${String(n).padStart(3, "0")}`;
    before.push(...namespaceDocs(ns, apps, () => "1.0.0"));
    const docs = namespaceDocs(ns, apps, (i) => (i % 10 === 0 ? "1.1.0" : "1.0.0"));
    for (let d = 0; d < docs.length; d++) {
      const x = r();
      if (x < 0.01) continue; // deleted
      if (x < 0.015)
        docs[d] = docs[d].replace("matchLabels: {app: svc-", "matchLabels: {track: stable, app: svc-"); // selector change → replace
      if (x > 0.99) docs[d] = docs[d].replace("LOG_LEVEL: info", "LOG_LEVEL: debug");
      after.push(docs[d]);
    }
    after.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\n  namespace: ${ns}\ndata: {k: v}\n`,
    );
  }
  // Another document order on the after side.
  for (let i = after.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [after[i], after[j]] = [after[j], after[i]];
  }
  return { before: `${before.join("---\n")}`, after: `${after.join("---\n")}`, objects: before.length };
}

// ── runner ──────────────────────────────────────────────────────────────────────────────────────────────
function child(mode, before, after) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", mode, before, after], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${mode} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function runPairBench({ label, before, after, runs, cli }) {
  const parse = [];
  const analyze = [];
  const whole = [];
  let last;
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    parse.push(child("parse", before, after).ms);
    last = child("analyze", before, after);
    analyze.push(last.ms);
    rss = Math.max(rss, last.rss);
    if (cli) {
      const t0 = process.hrtime.bigint();
      const res = spawnSync(
        process.execPath,
        [
          join(ROOT, "bin", "airlock.js"),
          "analyze",
          "--before",
          before,
          "--after",
          after,
          "--format",
          "json",
          "--output",
          "/dev/null",
        ],
        { encoding: "utf8" },
      );
      if (res.status !== 0) throw new Error(res.stderr);
      whole.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const row = {
    bench: label,
    fileMB: +((statSync(before).size + statSync(after).size) / 1e6).toFixed(2),
    yamlParseMs: +median(parse).toFixed(0),
    analyzeMs: +median(analyze).toFixed(0),
    ratio: +(median(analyze) / median(parse)).toFixed(2),
    ...(whole.length ? { cliWholeProcessMs: +median(whole).toFixed(0) } : {}),
    peakRssMB: +(rss / 1e6).toFixed(0),
    changes: last.changes,
    findings: last.findings,
    summary: last.summary,
  };
  console.log(JSON.stringify(row));
  return row;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(ROOT, "dist", "assess", "analyze.js"))) {
    console.error("bench/manifests.mjs: run `npm run build` first (it uses dist/)");
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const n = Number(process.argv[2] ?? 5000);
  const pair = generateManifestPair(n);
  const before = join(OUT, `manifests-${n}-before.yaml`);
  const after = join(OUT, `manifests-${n}-after.yaml`);
  writeFileSync(before, pair.before);
  writeFileSync(after, pair.after);
  console.log(`manifest pair: ${pair.objects} objects before (${before})`);
  runPairBench({
    label: `kubernetes ${pair.objects}-object pair`,
    before,
    after,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    cli: true,
  });
}
