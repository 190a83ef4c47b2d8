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

/** Terraform apply flags that take a separate value (`-var foo=bar`). */
const TF_VALUE_FLAGS = new Set([
  "-var",
  "-var-file",
  "-target",
  "-replace",
  "-state",
  "-state-out",
  "-backup",
  "-lock-timeout",
  "-parallelism",
]);
/** Flags that would change what a saved plan does (Terraform refuses most of them with a plan anyway). */
const TF_CHANGING = /^-(var|var-file|target|replace|destroy|refresh-only|refresh)(=|$)/;

function parseTerraform(argv: string[]): ParsedApply {
  const bin = argv[0];
  let i = 1;
  let chdir: string | undefined;
  while (i < argv.length && argv[i].startsWith("-")) {
    const m = /^--?chdir=(.*)$/.exec(argv[i]);
    if (m) chdir = m[1];
    i++;
  }
  if (argv[i] !== "apply") {
    return {
      ok: false,
      reason: `${basename(bin)} ${argv[i] ?? ""}: only \`${basename(bin)} apply PLANFILE\` runs through airlock apply`,
    };
  }
  const positionals: number[] = [];
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j];
    if (a.startsWith("-")) {
      if (TF_CHANGING.test(a)) {
        return { ok: false, reason: `${a}: options that change what a saved plan applies are refused` };
      }
      if (TF_VALUE_FLAGS.has(a.replace(/^--/, "-"))) j++;
      continue;
    }
    positionals.push(j);
  }
  if (positionals.length === 0) {
    return {
      ok: false,
      reason: `${basename(bin)} apply without a saved plan is refused: nothing was reviewed (run \`${basename(bin)} plan -out tfplan\`, request approval, then apply tfplan)`,
    };
  }
  if (positionals.length > 1) return { ok: false, reason: "more than one plan file given" };
  return {
    ok: true,
    target: { tool: "terraform", bin, planArg: positionals[0], plan: argv[positionals[0]], chdir },
  };
}

function parseKubectl(argv: string[]): ParsedApply {
  const sub = argv.findIndex((a, k) => k > 0 && !a.startsWith("-"));
  if (sub < 0 || argv[sub] !== "apply")
    return { ok: false, reason: "only `kubectl apply -f FILE` runs through airlock apply" };
  const files: { arg: number; file: string; inline?: string }[] = [];
  for (let j = sub + 1; j < argv.length; j++) {
    const a = argv[j];
    if (a === "-k" || a.startsWith("--kustomize") || a.startsWith("-k")) {
      return {
        ok: false,
        reason: "kustomize (-k) is refused: apply the rendered manifest file that was reviewed",
      };
    }
    if (a === "-R" || a === "--recursive" || a.startsWith("--prune")) {
      return { ok: false, reason: `${a} is refused: apply exactly the reviewed manifest file` };
    }
    if (a === "-f" || a === "--filename") {
      files.push({ arg: j + 1, file: argv[j + 1] ?? "" });
      j++;
    } else if (a.startsWith("--filename=")) files.push({ arg: j, file: a.slice(11), inline: "--filename=" });
    else if (a.startsWith("-f") && a.length > 2)
      files.push({ arg: j, file: a.slice(2).replace(/^=/, ""), inline: a.startsWith("-f=") ? "-f=" : "-f" });
  }
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

function parseAws(argv: string[]): ParsedApply {
  const positional = argv.filter((a, k) => k > 0 && !a.startsWith("-"));
  if (positional[0] !== "cloudformation" || positional[1] !== "execute-change-set") {
    return { ok: false, reason: "only `aws cloudformation execute-change-set` runs through airlock apply" };
  }
  const opt = (name: string): string | undefined => {
    for (let j = 1; j < argv.length; j++) {
      if (argv[j] === name) return argv[j + 1];
      if (argv[j].startsWith(`${name}=`)) return argv[j].slice(name.length + 1);
    }
    return undefined;
  };
  const changeSet = opt("--change-set-name");
  if (!changeSet) return { ok: false, reason: "execute-change-set needs --change-set-name" };
  return {
    ok: true,
    target: {
      tool: "cloudformation",
      bin: argv[0],
      changeSet,
      stack: opt("--stack-name"),
      region: opt("--region"),
      profile: opt("--profile"),
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
