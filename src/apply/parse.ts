// What an apply command will apply: the saved Terraform/OpenTofu plan, the Kubernetes manifest, or the
// CloudFormation change set. Anything else — and any form that could apply something other than what was
// reviewed — is refused.
import { basename } from "node:path";

export type ApplyTarget =
  | { tool: "terraform"; bin: string; planArg: number; plan: string; chdir?: string }
  | { tool: "kubectl"; bin: string; fileArg: number; file: string; fileInline: string | undefined }
  | {
      tool: "cloudformation";
      bin: string;
      changeSet: string;
      stack?: string;
      region?: string;
      profile?: string;
    };

export type ParsedApply = { ok: true; target: ApplyTarget } | { ok: false; reason: string };

/**
 * `terraform apply PLANFILE` options that cannot change what a saved plan does. Everything else is refused
 * (fail closed): -var/-var-file/-target/-replace/-destroy/-refresh*, and the legacy -state/-state-out/-backup.
 * Value is "bool" for flags that take no separate value (`-flag` or `-flag=true`), "value" for `-flag=V`
 * or `-flag V`.
 */
const TF_SAFE_FLAGS: Record<string, "bool" | "value"> = {
  "auto-approve": "bool",
  "compact-warnings": "bool",
  "no-color": "bool",
  json: "bool",
  input: "bool",
  lock: "bool",
  "lock-timeout": "value",
  parallelism: "value",
};

/** Terraform (Go `flag`) accepts `-name` and `--name`; returns the bare name and any `=value`. */
function goFlag(arg: string): { name: string; value?: string } {
  const body = arg.replace(/^--?/, "");
  const eq = body.indexOf("=");
  return eq < 0 ? { name: body } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

function parseTerraform(argv: string[]): ParsedApply {
  const bin = argv[0];
  const tool = basename(bin);
  let i = 1;
  let chdir: string | undefined;
  for (; i < argv.length && argv[i].startsWith("-"); i++) {
    const f = goFlag(argv[i]);
    if (f.name !== "chdir" || f.value === undefined || f.value === "") {
      return {
        ok: false,
        reason: `${argv[i]}: only -chdir=DIR may come before \`${tool} apply\` under airlock apply`,
      };
    }
    if (chdir !== undefined) return { ok: false, reason: "-chdir given more than once" };
    chdir = f.value;
  }
  if (argv[i] !== "apply") {
    return {
      ok: false,
      reason: `${tool} ${argv[i] ?? ""}: only \`${tool} apply PLANFILE\` runs through airlock apply`,
    };
  }
  const positionals: number[] = [];
  let flagsDone = false;
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j];
    if (!flagsDone && a === "--") {
      flagsDone = true;
      continue;
    }
    if (!flagsDone && a.startsWith("-") && a !== "-") {
      // Go's flag package stops at the first positional argument; anything after the plan is refused below.
      if (positionals.length > 0) return { ok: false, reason: `${a}: nothing may follow the plan file` };
      const f = goFlag(a);
      const kind = TF_SAFE_FLAGS[f.name];
      if (!kind) {
        return {
          ok: false,
          reason: `${a}: refused (only ${Object.keys(TF_SAFE_FLAGS)
            .map((k) => `-${k}`)
            .join(", ")} may be given with a reviewed plan)`,
        };
      }
      if (kind === "value" && f.value === undefined) j++;
      continue;
    }
    positionals.push(j);
  }
  if (positionals.length === 0) {
    return {
      ok: false,
      reason: `${tool} apply without a saved plan is refused: nothing was reviewed (run \`${tool} plan -out tfplan\`, request approval, then apply tfplan)`,
    };
  }
  if (positionals.length > 1) return { ok: false, reason: "more than one plan file given" };
  const plan = argv[positionals[0]];
  if (!plan || plan === "-") return { ok: false, reason: `${plan || "(empty)"}: not a saved plan file` };
  return {
    ok: true,
    target: { tool: "terraform", bin, planArg: positionals[0], plan, chdir },
  };
}

/**
 * kubectl options allowed around `apply -f FILE`: they choose the cluster or how the apply is carried out,
 * never which objects are applied. Anything else (-n, -k, -R, --prune, -l, combined short flags…) is refused.
 */
const KUBECTL_SAFE_FLAGS: Record<string, "bool" | "value"> = {
  "--dry-run": "bool",
  "--server-side": "bool",
  "--force-conflicts": "bool",
  "--field-manager": "value",
  "--validate": "bool",
  "--wait": "bool",
  "--timeout": "value",
  "--request-timeout": "value",
  "--context": "value",
  "--kubeconfig": "value",
  "--cluster": "value",
  "--user": "value",
  "-o": "value",
  "--output": "value",
};

function parseKubectl(argv: string[]): ParsedApply {
  let sub = -1;
  const files: { arg: number; file: string; inline?: string }[] = [];
  for (let j = 1; j < argv.length; j++) {
    const a = argv[j];
    if (!a.startsWith("-") || a === "-") {
      if (sub < 0) {
        sub = j;
        continue;
      }
      return { ok: false, reason: `${a}: unexpected argument (only \`kubectl apply -f FILE\` is accepted)` };
    }
    if (a === "-f" || a === "--filename") {
      files.push({ arg: j + 1, file: argv[j + 1] ?? "" });
      j++;
      continue;
    }
    if (a.startsWith("--filename=")) {
      files.push({ arg: j, file: a.slice(11), inline: "--filename=" });
      continue;
    }
    if (a.startsWith("-f=")) {
      files.push({ arg: j, file: a.slice(3), inline: "-f=" });
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    const kind = KUBECTL_SAFE_FLAGS[name];
    if (!kind) {
      return {
        ok: false,
        reason: `${a} is refused: apply exactly the reviewed manifest file with \`kubectl apply -f FILE\``,
      };
    }
    if (kind === "value" && eq < 0) j++;
  }
  if (sub < 0 || argv[sub] !== "apply")
    return { ok: false, reason: "only `kubectl apply -f FILE` runs through airlock apply" };
  if (files.length !== 1)
    return { ok: false, reason: "kubectl apply needs exactly one -f FILE (the reviewed manifest)" };
  const f = files[0];
  if (!f.file || f.file === "-" || /^https?:\/\//.test(f.file)) {
    return {
      ok: false,
      reason: `-f ${f.file || "(missing)"}: only a local manifest file can be checked against its approval`,
    };
  }
  return {
    ok: true,
    target: { tool: "kubectl", bin: argv[0], fileArg: f.arg, file: f.file, fileInline: f.inline },
  };
}

/** Options of `aws cloudformation execute-change-set` (and global ones) that may be given, each at most once. */
const AWS_SAFE_OPTIONS = new Set([
  "--change-set-name",
  "--stack-name",
  "--region",
  "--profile",
  "--client-request-token",
  "--output",
  "--no-cli-pager",
  "--color",
  "--debug",
]);
const AWS_BOOL_OPTIONS = new Set(["--no-cli-pager", "--debug"]);

function parseAws(argv: string[]): ParsedApply {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let j = 1; j < argv.length; j++) {
    const a = argv[j];
    if (!a.startsWith("-")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!AWS_SAFE_OPTIONS.has(name)) {
      return {
        ok: false,
        reason: `${name} is refused: only --change-set-name, --stack-name, --region and --profile may select the change set`,
      };
    }
    if (values.has(name)) return { ok: false, reason: `${name} given more than once` };
    if (AWS_BOOL_OPTIONS.has(name)) values.set(name, "");
    else if (eq >= 0) values.set(name, a.slice(eq + 1));
    else {
      values.set(name, argv[j + 1] ?? "");
      j++;
    }
  }
  if (
    positional.length !== 2 ||
    positional[0] !== "cloudformation" ||
    positional[1] !== "execute-change-set"
  ) {
    return { ok: false, reason: "only `aws cloudformation execute-change-set` runs through airlock apply" };
  }
  const changeSet = values.get("--change-set-name");
  if (!changeSet) return { ok: false, reason: "execute-change-set needs --change-set-name" };
  return {
    ok: true,
    target: {
      tool: "cloudformation",
      bin: argv[0],
      changeSet,
      stack: values.get("--stack-name") || undefined,
      region: values.get("--region") || undefined,
      profile: values.get("--profile") || undefined,
    },
  };
}

export function parseApplyCommand(argv: string[]): ParsedApply {
  if (argv.length === 0)
    return { ok: false, reason: "no command given (usage: airlock apply -- terraform apply tfplan)" };
  const tool = basename(argv[0]);
  if (tool === "terraform" || tool === "tofu") return parseTerraform(argv);
  if (tool === "kubectl") return parseKubectl(argv);
  if (tool === "aws") return parseAws(argv);
  return {
    ok: false,
    reason: `${tool}: airlock apply runs terraform/tofu apply PLANFILE, kubectl apply -f FILE or aws cloudformation execute-change-set`,
  };
}
