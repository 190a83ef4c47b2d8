// The catalog: every tool the guard knows, looked up by program name.
import { aws } from "./aws.js";
import {
  mongosh,
  mongoTools,
  mysql,
  mysqladmin,
  pgAdminTools,
  psql,
  redisCli,
  sqlite3,
} from "./databases.js";
import { gitClean, stateFiles } from "./files.js";
import { bq, gcloud, gsutil } from "./gcp.js";
import { az, cdk, cdktf, pulumi } from "./iac.js";
import { helm, kubectl } from "./kubernetes.js";
import { terraform, terragrunt } from "./terraform.js";
import type { ToolEntry } from "./types.js";

export const CATALOG: readonly ToolEntry[] = [
  terraform,
  terragrunt,
  kubectl,
  helm,
  aws,
  gcloud,
  gsutil,
  bq,
  az,
  pulumi,
  cdk,
  cdktf,
  psql,
  mysql,
  sqlite3,
  mongosh,
  redisCli,
  pgAdminTools,
  mysqladmin,
  mongoTools,
  stateFiles,
  gitClean,
];

const BY_PROGRAM = new Map<string, ToolEntry>();
for (const e of CATALOG) for (const p of e.programs) BY_PROGRAM.set(p, e);

export function lookupTool(name: string): ToolEntry | undefined {
  return BY_PROGRAM.get(name) ?? BY_PROGRAM.get(name.toLowerCase().replace(/\.exe$/, ""));
}

/** Program names of infrastructure tools (not the generic file utilities), for interpreter scanning. */
export const INFRA_PROGRAMS: readonly string[] = CATALOG.filter(
  (e) => e.id !== "state-files" && e.id !== "git",
).flatMap((e) => e.programs);
