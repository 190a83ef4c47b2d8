// Terraform, OpenTofu and Terragrunt.
import type { Arg, Invocation, Rule, ToolEntry } from "./types.js";

/** Appends `TF_CLI_ARGS` and `TF_CLI_ARGS_<command>` (as Terraform does) to the arguments. */
export function withTfCliArgs(inv: Invocation, args: Arg[] = inv.args): Arg[] | { unresolved: string } {
  const sub = args.find((a) => a.literal && !a.text.startsWith("-"))?.text;
  const extra: Arg[] = [];
  for (const name of ["TF_CLI_ARGS", sub ? `TF_CLI_ARGS_${sub.replace(/-/g, "_")}` : ""]) {
    const v = name ? inv.env[name] : undefined;
    if (!v) continue;
    if (!v.literal)
      return {
        unresolved: `${name} is set to a value known only at run time; it adds arguments to terraform`,
      };
    for (const t of v.text.split(/\s+/).filter(Boolean))
      extra.push({ text: t, literal: true, splits: false, glob: false });
  }
  if (!extra.length) return args;
  const at = sub ? args.findIndex((a) => a.text === sub) + 1 : args.length;
  return [...args.slice(0, at), ...extra, ...args.slice(at)];
}

function terragruntArgs(inv: Invocation): Arg[] | { unresolved: string } {
  let a = inv.args;
  if (a[0]?.text === "run-all") a = a.slice(1);
  else if (a[0]?.text === "run" || (a[0]?.text === "stack" && a[1]?.text === "run")) {
    a = a
      .slice(a[0].text === "run" ? 1 : 2)
      .filter((x) => !(x.literal && ["--all", "--graph", "--"].includes(x.text)));
  }
  return withTfCliArgs(inv, a);
}

const HELP = [{ flag: ["help", "h"] }];

export const TERRAFORM_RULES: Rule[] = [
  {
    action: "destroy",
    effect: "destructive",
    category: "data-loss",
    reason: "destroys every resource it manages",
  },
  {
    action: "apply",
    effect: "destructive",
    category: "data-loss",
    reason: "`apply -destroy` destroys every resource",
    when: { flag: ["destroy"] },
  },
  {
    action: "apply",
    effect: "destructive",
    category: "data-loss",
    reason: "`-replace` destroys and recreates the resource",
    when: { flag: ["replace"] },
  },
  {
    action: "apply",
    effect: "mutating",
    reason: "changes live infrastructure",
    applies: { kind: "terraform-plan", from: "positional" },
  },
  { action: "plan", effect: "read-only", reason: "only computes a plan" },
  {
    action: "state rm",
    effect: "destructive",
    category: "data-loss",
    reason: "removes resources from state (Terraform stops managing them)",
  },
  {
    action: "state mv",
    effect: "destructive",
    category: "data-loss",
    reason: "moves resources in state; a wrong address orphans or destroys them",
  },
  {
    action: "state push",
    effect: "destructive",
    category: "data-loss",
    reason: "overwrites the remote state",
  },
  {
    action: "state replace-provider",
    effect: "destructive",
    category: "data-loss",
    reason: "rewrites provider addresses in state",
  },
  { action: "state list", effect: "read-only", reason: "reads state" },
  { action: "state show", effect: "read-only", reason: "reads state" },
  { action: "state pull", effect: "read-only", reason: "reads state" },
  { action: "state identities", effect: "read-only", reason: "reads state" },
  { action: "state", effect: "mutating", reason: "changes state" },
  {
    action: "workspace delete",
    effect: "destructive",
    category: "data-loss",
    reason: "deletes a workspace and its state",
  },
  { action: "workspace new", effect: "mutating", reason: "creates a workspace (new state)" },
  { action: "workspace", effect: "read-only", reason: "selects or lists workspaces" },
  {
    action: "taint",
    effect: "destructive",
    category: "data-loss",
    reason: "forces the resource to be destroyed and recreated",
  },
  { action: "untaint", effect: "mutating", reason: "changes state" },
  {
    action: "force-unlock",
    effect: "destructive",
    category: "data-loss",
    reason: "removes a state lock held by another run (can corrupt state)",
  },
  { action: "import", effect: "mutating", reason: "writes state" },
  { action: "refresh", effect: "mutating", reason: "rewrites state from live infrastructure" },
  { action: "test", effect: "mutating", reason: "creates and destroys real infrastructure" },
  { action: "init", effect: "read-only", reason: "installs providers and modules locally" },
  { action: "get", effect: "read-only", reason: "downloads modules locally" },
  { action: "validate", effect: "read-only", reason: "checks configuration" },
  { action: "fmt", effect: "read-only", reason: "formats local files" },
  { action: "output", effect: "read-only", reason: "reads outputs" },
  { action: "show", effect: "read-only", reason: "shows state or a plan" },
  { action: "providers", effect: "read-only", reason: "lists providers" },
  { action: "version", effect: "read-only", reason: "prints the version" },
  { action: "graph", effect: "read-only", reason: "prints the dependency graph" },
  { action: "console", effect: "read-only", reason: "evaluates expressions" },
  { action: "modules", effect: "read-only", reason: "lists modules" },
  { action: "metadata", effect: "read-only", reason: "prints metadata" },
  { action: "login", effect: "read-only", reason: "stores local credentials" },
  { action: "logout", effect: "read-only", reason: "removes local credentials" },
  { action: "help", effect: "read-only", reason: "prints help" },
];

export const terraform: ToolEntry = {
  id: "terraform",
  // `tf` is the usual shell alias, which agents' shells load from the user's profile
  programs: ["terraform", "tofu", "terraform.exe", "tofu.exe", "tf"],
  summary:
    "Terraform and OpenTofu. `TF_CLI_ARGS` / `TF_CLI_ARGS_<command>` set on the command line are read as arguments.",
  readOnly: HELP,
  prepareArgs: (inv) => withTfCliArgs(inv),
  rules: TERRAFORM_RULES,
  fallback: { effect: "mutating", reason: "unknown Terraform command" },
  notes: [
    "`apply PLANFILE` applies a saved plan: allowed only when an approved change request covers that plan's digest.",
    "`plan -destroy` is read-only (it only plans); `apply -destroy`, `destroy`, `-replace`, `taint` are destructive.",
  ],
};

/** Terragrunt: `run-all X`, `run --all X`, `run -- X`, `X-all` map to the Terraform command X. */
export const terragrunt: ToolEntry = {
  id: "terragrunt",
  programs: ["terragrunt"],
  summary:
    "Terragrunt, including `run-all`, `run --all`, `run -- <cmd>` and the `*-all` commands (mapped to Terraform's rules).",
  readOnly: HELP,
  prepareArgs: terragruntArgs,
  rules: [
    { action: "destroy-all", effect: "destructive", category: "data-loss", reason: "destroys every module" },
    { action: "apply-all", effect: "mutating", reason: "applies every module" },
    { action: "plan-all", effect: "read-only", reason: "plans every module" },
    { action: "output-all", effect: "read-only", reason: "reads outputs" },
    { action: "validate-all", effect: "read-only", reason: "validates every module" },
    { action: "hclfmt", effect: "read-only", reason: "formats local files" },
    { action: "hcl", effect: "read-only", reason: "formats or validates local files" },
    { action: "render-json", effect: "read-only", reason: "renders configuration" },
    { action: "render", effect: "read-only", reason: "renders configuration" },
    { action: "graph-dependencies", effect: "read-only", reason: "prints the dependency graph" },
    { action: "dag", effect: "read-only", reason: "prints the dependency graph" },
    { action: "terragrunt-info", effect: "read-only", reason: "prints information" },
    { action: "info", effect: "read-only", reason: "prints information" },
    { action: "find", effect: "read-only", reason: "lists units" },
    { action: "list", effect: "read-only", reason: "lists units" },
    { action: "validate-inputs", effect: "read-only", reason: "validates inputs" },
    { action: "catalog", effect: "read-only", reason: "browses the module catalog" },
    { action: "scaffold", effect: "read-only", reason: "writes local files" },
    ...TERRAFORM_RULES,
  ],
  fallback: { effect: "mutating", reason: "unknown Terragrunt command" },
};
