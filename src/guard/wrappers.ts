// Programs that run another program: the guard looks through them to the command they run. Kept as data:
// which options take a value, how many positional words come before the command, whether the command is
// handed to a shell as one string.

export interface WrapperSpec {
  names: string[];
  /** Options (without dashes) that take a separate value. */
  valueOptions?: string[];
  /** Positional words before the wrapped command (timeout DURATION, flock FILE, aws-vault exec PROFILE). */
  skip?: number;
  /** Leading subcommand words that must be present (`npm exec`, `poetry run`, `aws-vault exec`). */
  sub?: string[][];
  /** The remaining words are joined with spaces and run by a shell (`watch`, `ssh host cmd`). */
  viaShell?: boolean;
  /** Options whose value is a shell command string (`su -c`, `flock -c`, `npx -c`, `nix-shell --run`). */
  shellOptions?: string[];
  /** Options that make the wrapper run its words through a shell (`sudo -s`, `watch` without `-x`). */
  shellFlags?: string[];
  /** Options after which nothing is executed (`command -v`). */
  inertFlags?: string[];
  /** Leading `NAME=value` words are environment assignments (`env`). */
  assignments?: boolean;
  /** The first word is a package spec whose binary is run (`npx aws-cdk@2` → `cdk`). */
  packageRunner?: boolean;
  /** Arguments read from standard input are appended (xargs). */
  appendsInput?: boolean;
  /** A lone `-` is an option (`su -`, `sg -`), not the start of the command. */
  loneDashOption?: boolean;
  /**
   * `su [opts] [-] [user [args…]]`: the words after the user are arguments of the user's shell
   * (`su root -- -c CMD`, `su root script.sh`), not a command — unless one of these options names the user
   * and switches to command mode (`runuser -u bob -- cmd`).
   */
  shellArgsAfterUser?: { commandModeOptions?: string[] };
}

export const WRAPPERS: WrapperSpec[] = [
  {
    names: ["sudo"],
    valueOptions: [
      "u",
      "user",
      "g",
      "group",
      "h",
      "host",
      "p",
      "prompt",
      "C",
      "close-from",
      "D",
      "chdir",
      "r",
      "role",
      "t",
      "type",
      "U",
      "other-user",
      "T",
      "command-timeout",
    ],
    shellFlags: ["s", "shell", "i", "login"],
  },
  { names: ["doas"], valueOptions: ["u", "C"], shellFlags: ["s"] },
  {
    names: ["env"],
    valueOptions: ["u", "unset", "C", "chdir", "S", "split-string", "P", "a", "argv0"],
    assignments: true,
    shellOptions: ["S", "split-string"],
  },
  { names: ["command"], inertFlags: ["v", "V"] },
  { names: ["builtin"] },
  { names: ["exec"], valueOptions: ["a"] },
  {
    names: [
      "nohup",
      "coproc",
      "setsid",
      "chronic",
      "unbuffer",
      "caffeinate",
      "catchsegv",
      "with-contenv",
      "tsp",
      "nq",
      "proxychains",
      "proxychains4",
      "torsocks",
      "firejail",
      "faketime",
    ],
  },
  { names: ["time"], valueOptions: ["f", "format", "o", "output"] },
  { names: ["nice"], valueOptions: ["n", "adjustment"] },
  { names: ["ionice"], valueOptions: ["c", "class", "n", "classdata", "p", "pid", "P", "pgid", "u", "uid"] },
  { names: ["stdbuf"], valueOptions: ["i", "input", "o", "output", "e", "error"] },
  { names: ["timeout", "gtimeout"], valueOptions: ["s", "signal", "k", "kill-after"], skip: 1 },
  {
    names: ["flock"],
    valueOptions: ["w", "timeout", "E", "conflict-exit-code"],
    skip: 1,
    shellOptions: ["c", "command"],
  },
  { names: ["taskset"], skip: 1 },
  { names: ["chroot"], valueOptions: ["userspec", "groups"], skip: 1 },
  {
    names: ["strace", "ltrace"],
    valueOptions: ["o", "e", "p", "s", "u", "E", "a", "b", "I", "O", "P", "S", "X"],
  },
  {
    names: ["script"],
    skip: 1, // the typescript file; options may follow it (`script -q /dev/null -c CMD`)
    valueOptions: [
      "c",
      "command",
      "E",
      "echo",
      "I",
      "log-in",
      "O",
      "log-out",
      "T",
      "log-timing",
      "m",
      "logging-format",
    ],
    shellOptions: ["c", "command"],
  },
  {
    names: ["watch"],
    valueOptions: ["n", "interval", "d", "differences", "q", "equexit", "g"],
    viaShell: true,
  },
  {
    names: ["ssh"],
    valueOptions: [
      "b",
      "c",
      "D",
      "E",
      "e",
      "F",
      "I",
      "i",
      "J",
      "L",
      "l",
      "m",
      "O",
      "o",
      "p",
      "Q",
      "R",
      "S",
      "W",
      "w",
      "B",
    ],
    skip: 1,
    viaShell: true,
  },
  {
    names: ["su"],
    valueOptions: ["g", "group", "G", "supp-group", "s", "shell", "w", "whitelist-environment"],
    shellOptions: ["c", "command", "session-command"],
    loneDashOption: true,
    shellArgsAfterUser: {},
  },
  {
    names: ["runuser"],
    valueOptions: ["u", "user", "g", "group", "G", "s", "shell"],
    shellOptions: ["c", "command", "session-command"],
    loneDashOption: true,
    shellArgsAfterUser: { commandModeOptions: ["u", "user"] },
  },
  // sg [-] [group [-c] command]: the command is run by /bin/sh -c
  { names: ["sg", "newgrp"], shellOptions: ["c"], skip: 1, viaShell: true, loneDashOption: true },
  { names: ["gosu", "su-exec", "chpst", "setpriv"], skip: 1 },
  {
    names: ["systemd-run"],
    valueOptions: [
      "u",
      "unit",
      "p",
      "property",
      "E",
      "setenv",
      "M",
      "machine",
      "on-calendar",
      "on-active",
      "working-directory",
      "slice",
      "description",
    ],
  },
  {
    names: ["xargs"],
    valueOptions: [
      "I",
      "i",
      "n",
      "max-args",
      "P",
      "max-procs",
      "L",
      "l",
      "max-lines",
      "d",
      "delimiter",
      "E",
      "e",
      "eof",
      "s",
      "max-chars",
      "a",
      "arg-file",
      "replace",
    ],
    appendsInput: true,
  },
  {
    names: ["parallel"],
    valueOptions: ["j", "jobs", "S", "sshlogin", "I", "joblog", "results", "delay", "timeout", "retries"],
    appendsInput: true,
  },
  {
    names: ["npx", "bunx", "pnpx"],
    valueOptions: ["p", "package", "call"],
    packageRunner: true,
    shellOptions: ["c", "call"],
  },
  {
    names: ["uvx", "pipx"],
    valueOptions: ["from", "with", "python", "p"],
    packageRunner: true,
    sub: [["run"], []],
  },
  {
    names: ["npm"],
    sub: [["exec"], ["x"]],
    valueOptions: ["package", "p", "w", "workspace"],
    packageRunner: true,
    shellOptions: ["c", "call"],
  },
  {
    names: ["pnpm"],
    sub: [["exec"], ["dlx"]],
    valueOptions: ["C", "dir", "filter", "F", "package"],
    packageRunner: true,
  },
  { names: ["yarn"], sub: [["exec"], ["dlx"], ["run"]], valueOptions: ["p", "package"], packageRunner: true },
  { names: ["bun"], sub: [["x"], ["run"]], packageRunner: true },
  {
    names: ["poetry", "pipenv", "pdm", "rye", "hatch", "devbox", "bundle", "pixi"],
    sub: [["run"], ["exec"]],
  },
  {
    names: ["uv"],
    sub: [["run"]],
    valueOptions: [
      "with",
      "python",
      "p",
      "project",
      "directory",
      "package",
      "env-file",
      "extra",
      "group",
      "index",
      "index-url",
    ],
  },
  { names: ["mise", "rtx"], sub: [["exec"], ["x"]], valueOptions: ["C", "cd", "E", "env", "j", "jobs"] },
  { names: ["asdf"], sub: [["exec"]] },
  { names: ["direnv"], sub: [["exec"]], skip: 1 },
  {
    names: ["aws-vault"],
    sub: [["exec"]],
    skip: 1,
    valueOptions: ["duration", "d", "region", "mfa-token", "t", "prompt", "backend", "b"],
  },
  { names: ["aws-okta", "chamber"], sub: [["exec"]], skip: 1 },
  {
    names: ["op", "doppler", "infisical", "teller", "sops"],
    sub: [["run"], ["exec"]],
    valueOptions: ["env-file", "project", "p", "config", "c", "env", "e", "account", "no-masking"],
  },
  { names: ["dotenv", "dotenvx"], sub: [["run"], []], valueOptions: ["e", "f", "v", "c", "env-file"] },
  { names: ["summon"], valueOptions: ["f", "p", "provider", "D"] },
  {
    names: ["nix-shell"],
    valueOptions: ["p", "packages", "I", "attr", "A", "arg", "argstr"],
    shellOptions: ["run", "command"],
  },
];

const BY_NAME = new Map<string, WrapperSpec>();
for (const w of WRAPPERS) for (const n of w.names) BY_NAME.set(n, w);

export function lookupWrapper(name: string): WrapperSpec | undefined {
  return BY_NAME.get(name);
}

export const SHELLS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "ash",
  "mksh",
  "fish",
  "busybox",
  "rbash",
  "yash",
  "pdksh",
  "tcsh",
  "csh",
]);

/** Package names that install a catalogued binary under another name. */
export const PACKAGE_BINARIES: Record<string, string> = {
  "aws-cdk": "cdk",
  "cdktf-cli": "cdktf",
  "@pulumi/pulumi": "pulumi",
  "@aws-cdk/cli": "cdk",
};
