// Commands run inside containers: `docker exec CTR psql -c 'DROP …'`, `docker run IMAGE sh -c '…'`,
// `docker compose exec db psql …`, and images whose entrypoint is a catalogued tool
// (`docker run hashicorp/terraform destroy`). Kept as data: which options take a value, which images run
// which tool. The guard classifies the command the container runs like any other.
import type { Arg } from "./catalog/types.js";

export const CONTAINER_CLIS = new Set([
  "docker",
  "podman",
  "nerdctl",
  "finch",
  "docker-compose",
  "podman-compose",
]);

const GLOBAL_VALUE = [
  "H",
  "host",
  "c",
  "context",
  "config",
  "l",
  "log-level",
  "url",
  "connection",
  "root",
  "runroot",
];
const COMPOSE_GLOBAL_VALUE = [
  "f",
  "file",
  "p",
  "project-name",
  "profile",
  "env-file",
  "project-directory",
  "ansi",
];

const EXEC_VALUE = ["e", "env", "env-file", "u", "user", "w", "workdir", "detach-keys", "index"];
const RUN_VALUE = [
  ...EXEC_VALUE,
  "a",
  "attach",
  "add-host",
  "annotation",
  "blkio-weight",
  "blkio-weight-device",
  "cap-add",
  "cap-drop",
  "cgroup-parent",
  "cgroupns",
  "cidfile",
  "cpu-period",
  "cpu-quota",
  "cpu-rt-period",
  "cpu-rt-runtime",
  "c",
  "cpu-shares",
  "cpus",
  "cpuset-cpus",
  "cpuset-mems",
  "device",
  "device-cgroup-rule",
  "device-read-bps",
  "device-read-iops",
  "device-write-bps",
  "device-write-iops",
  "dns",
  "dns-option",
  "dns-search",
  "domainname",
  "entrypoint",
  "expose",
  "gpus",
  "group-add",
  "health-cmd",
  "health-interval",
  "health-retries",
  "health-start-interval",
  "health-start-period",
  "health-timeout",
  "h",
  "hostname",
  "ip",
  "ip6",
  "ipc",
  "isolation",
  "kernel-memory",
  "l",
  "label",
  "label-file",
  "link",
  "link-local-ip",
  "log-driver",
  "log-opt",
  "mac-address",
  "m",
  "memory",
  "memory-reservation",
  "memory-swap",
  "memory-swappiness",
  "mount",
  "name",
  "network",
  "net",
  "network-alias",
  "oom-score-adj",
  "pid",
  "pids-limit",
  "platform",
  "p",
  "publish",
  "pull",
  "restart",
  "runtime",
  "security-opt",
  "shm-size",
  "stop-signal",
  "stop-timeout",
  "storage-opt",
  "sysctl",
  "tmpfs",
  "ulimit",
  "userns",
  "uts",
  "v",
  "volume",
  "volume-driver",
  "volumes-from",
  "pod",
  "secret",
  "arch",
  "os",
  "variant",
];

/** Images whose entrypoint is a catalogued tool (last path component, without tag or digest). */
const IMAGE_TOOLS: Record<string, string> = {
  terraform: "terraform",
  opentofu: "tofu",
  tofu: "tofu",
  terragrunt: "terragrunt",
  kubectl: "kubectl",
  helm: "helm",
  "aws-cli": "aws",
  awscli: "aws",
  "cloud-sdk": "gcloud",
  "google-cloud-cli": "gcloud",
  "azure-cli": "az",
  pulumi: "pulumi",
};

export interface ContainerCommand {
  /** The command the container runs (empty: the image's default). */
  argv: Arg[];
  label: string;
}

/** What a container CLI invocation runs inside a container, or undefined when it runs nothing. */
export function containerCommand(
  name: string,
  rest: Arg[],
): ContainerCommand | { unresolved: string } | undefined {
  let args = rest;
  let compose = name.endsWith("-compose");
  const ep: { value?: Arg } = {};
  const skipOptions = (valueOpts: string[]): boolean => {
    while (args.length && args[0].literal && args[0].text.startsWith("-") && args[0].text !== "-") {
      const t = args[0].text;
      if (t === "--") {
        args = args.slice(1);
        break;
      }
      const m = /^--?([^=]+)(=|$)/.exec(t);
      const opt = m?.[1] ?? "";
      const inline = t.includes("=");
      let takesNext = !inline && valueOpts.includes(opt);
      if (!t.startsWith("--") && opt.length > 1 && !valueOpts.includes(opt)) {
        // -it, -itu root, -ePASS=x: the first letter that takes a value ends the cluster
        takesNext = false;
        for (let k = 0; k < opt.length; k++) {
          if (valueOpts.includes(opt[k])) {
            takesNext = k === opt.length - 1;
            break;
          }
        }
      }
      if (opt === "entrypoint")
        ep.value = inline ? { ...args[0], text: t.slice(t.indexOf("=") + 1) } : args[1];
      args = args.slice(takesNext ? 2 : 1);
    }
    return !!args.length && args[0].literal;
  };
  if (!skipOptions(compose ? COMPOSE_GLOBAL_VALUE : GLOBAL_VALUE)) return undefined;
  if (!compose && args[0].text === "compose") {
    compose = true;
    args = args.slice(1);
    if (!skipOptions(COMPOSE_GLOBAL_VALUE)) return undefined;
  }
  if (!compose && args[0].text === "container") args = args.slice(1);
  const sub = args[0]?.text;
  if (sub !== "exec" && sub !== "run") return undefined;
  args = args.slice(1);
  const valueOpts = sub === "exec" ? EXEC_VALUE : RUN_VALUE;
  ep.value = undefined;
  skipOptions(valueOpts);
  const entrypoint = ep.value as Arg | undefined;
  if (!args.length) return undefined;
  const target = args[0]; // container, service or image
  const label = `${name}${compose && name !== "docker-compose" && name !== "podman-compose" ? " compose" : ""} ${sub}`;
  let argv = args.slice(1);
  if (argv[0]?.literal && argv[0].text === "--") argv = argv.slice(1);
  if (entrypoint) {
    if (!entrypoint.literal)
      return { unresolved: `${label}: the entrypoint \`${entrypoint.text}\` is known only at run time` };
    argv = [
      ...entrypoint.text
        .split(/\s+/)
        .filter(Boolean)
        .map((text) => ({ ...entrypoint, text })),
      ...argv,
    ];
    return { argv, label };
  }
  if (!compose && sub === "run" && target.literal) {
    const image = target.text.replace(/@.*$/, "").replace(/:[^/]*$/, "");
    const tool = IMAGE_TOOLS[image.split("/").pop() ?? ""];
    if (tool && argv.length && argv[0].text !== tool)
      argv = [{ text: tool, literal: true, splits: false, glob: false }, ...argv];
  }
  return { argv, label };
}
