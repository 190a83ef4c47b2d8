// Which files define each changed resource, so provenance can be asked per address ("did AI write the code
// that deletes this database?").
//   Terraform: the module path of the address (`module.a["x"].module.b` → `a.b`) → the module's directory
//     (.terraform/modules/modules.json when `terraform init` ran, else local `source` paths from the plan's
//     configuration) → the .tf files in that directory containing `resource "TYPE" "NAME"` (`data` for data
//     sources). A block that no longer exists (a delete) is traced with `git log -G` to the files of the
//     range whose diff removed it.
//   CloudFormation templates / change sets and Kubernetes manifests: the input file itself.
//   `sourceFiles` filled by ingest win over all of this.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ConfigModuleJson, PlanJson } from "../ingest/terraform/plan-types.js";
import type { AssessedChange, Assessment } from "../model/assessment.js";
import { filesTouchingPattern } from "./git.js";
import { blockKey, blockLines } from "./tf-blocks.js";

export interface SourceMapOptions {
  assessment: Assessment;
  cwd: string;
  repoRoot?: string;
  range?: { base: string; head: string };
  /** Terraform root module directory; default: the plan's directory, else cwd, when it holds .tf files. */
  terraformDir?: string;
}

export interface SourceMap {
  /** Address → files (repository-relative when inside the repository; empty when unknown). Directories end with `/`. */
  byAddress: Map<string, string[]>;
  notes: string[];
}

export async function mapSourceFiles(opts: SourceMapOptions): Promise<SourceMap> {
  const { assessment, cwd } = opts;
  const byAddress = new Map<string, string[]>();
  const notes: string[] = [];
  const toRepo = (abs: string): string => {
    let p = abs;
    if (opts.repoRoot) {
      const rel = relative(opts.repoRoot, abs);
      if (!rel.startsWith("..") && !isAbsolute(rel)) p = rel || ".";
    }
    return isDir(abs) && !p.endsWith("/") ? `${p}/` : p;
  };
  const inputPath = assessment.source.path ? resolve(cwd, assessment.source.path) : undefined;

  // No-op and read entries are not part of the change: nothing to attribute.
  const changes = assessment.changes.filter((c) => c.action !== "no-op" && c.action !== "read");
  if (assessment.framework !== "terraform") {
    for (const ch of changes) {
      const given = ch.sourceFiles?.length
        ? ch.sourceFiles.map((p) => resolve(cwd, p))
        : inputPath
          ? [inputPath]
          : [];
      byAddress.set(ch.address, given.map(toRepo));
    }
    return { byAddress, notes };
  }

  const tf = new TerraformSources(opts, inputPath, notes);
  for (const ch of changes) {
    if (ch.sourceFiles?.length) {
      byAddress.set(
        ch.address,
        ch.sourceFiles.map((p) => toRepo(resolve(tf.rootDir ?? cwd, p))),
      );
      continue;
    }
    byAddress.set(ch.address, (await tf.filesFor(ch)).map(toRepo));
  }
  if (tf.unmapped.length) {
    notes.push(
      `no defining .tf file found for ${tf.unmapped.length} address(es) (e.g. ${tf.unmapped[0]}); their provenance is that of the whole range`,
    );
  }
  return { byAddress, notes };
}

/** Where a resource is defined: an absolute file path and the 1-based line of its block. */
export interface ResourceBlock {
  file: string;
  line: number;
}

/**
 * Address → the `resource`/`data` block that defines it in the Terraform configuration, for each change of a
 * Terraform assessment whose block is found in its module's directory (see TerraformSources); empty for
 * other frameworks, or when no root module directory with .tf files is found.
 */
export function locateResourceBlocks(
  assessment: Assessment,
  cwd: string,
  terraformDir?: string,
): Map<string, ResourceBlock> {
  const out = new Map<string, ResourceBlock>();
  if (assessment.framework !== "terraform") return out;
  const inputPath =
    assessment.source.path && assessment.source.path !== "-"
      ? resolve(cwd, assessment.source.path)
      : undefined;
  const tf = new TerraformSources({ assessment, cwd, terraformDir }, inputPath, []);
  for (const ch of assessment.changes) {
    const block = tf.blockFor(ch);
    if (block) out.set(ch.address, block);
  }
  return out;
}

/** A .tf file and where its blocks start (see blockLines). */
interface TfFile {
  file: string;
  blocks: Map<string, number>;
}

/** Largest .tf file read (a generated file may be large; a device or a runaway file is not read). */
const MAX_TF_BYTES = 32 * 1024 * 1024;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function hasTf(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => f.endsWith(".tf"));
  } catch {
    return false;
  }
}

/** `module.a["x"].module.b[0]` → `a.b` (the key terraform uses in modules.json). */
export function moduleKey(modulePath: string): string {
  const names: string[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?/g;
  for (let m = re.exec(modulePath); m; m = re.exec(modulePath)) names.push(m[1]);
  return names.join(".");
}

class TerraformSources {
  rootDir?: string;
  private moduleDirs = new Map<string, string>();
  private tfFiles = new Map<string, TfFile[]>();
  unmapped: string[] = [];

  constructor(
    private opts: SourceMapOptions,
    inputPath: string | undefined,
    private notes: string[],
  ) {
    const candidates = [opts.terraformDir ? resolve(opts.cwd, opts.terraformDir) : undefined];
    if (inputPath) candidates.push(isDir(inputPath) ? inputPath : dirname(inputPath));
    candidates.push(opts.cwd);
    this.rootDir = candidates.find((d): d is string => !!d && hasTf(d));
    if (!this.rootDir) {
      notes.push(
        "Terraform root module directory not found (no .tf files beside the plan or in the working directory)",
      );
      return;
    }
    this.moduleDirs.set("", this.rootDir);
    const modulesJson = join(this.rootDir, ".terraform", "modules", "modules.json");
    if (existsSync(modulesJson)) {
      try {
        const parsed = JSON.parse(readFileSync(modulesJson, "utf8")) as {
          Modules?: { Key?: string; Dir?: string }[];
        };
        for (const m of parsed.Modules ?? []) {
          if (typeof m.Key === "string" && typeof m.Dir === "string") {
            this.moduleDirs.set(m.Key, resolve(this.rootDir, m.Dir));
          }
        }
      } catch {
        notes.push(
          `${modulesJson}: not readable as JSON; module directories taken from the plan's configuration`,
        );
      }
    }
    if (inputPath && !isDir(inputPath)) this.readConfiguration(inputPath);
  }

  private readConfiguration(planPath: string): void {
    let plan: PlanJson | undefined;
    try {
      const text = readFileSync(planPath, "utf8");
      if (!text.trimStart().startsWith("{")) return;
      plan = JSON.parse(text) as PlanJson;
    } catch {
      return;
    }
    const walk = (mod: ConfigModuleJson | undefined, key: string, dir: string) => {
      for (const [name, call] of Object.entries(mod?.module_calls ?? {})) {
        const childKey = key ? `${key}.${name}` : name;
        let childDir = this.moduleDirs.get(childKey);
        if (!childDir && call.source && /^\.\.?[/\\]/.test(call.source)) {
          childDir = resolve(dir, call.source);
          this.moduleDirs.set(childKey, childDir);
        }
        if (childDir) walk(call.module, childKey, childDir);
      }
    };
    if (this.rootDir) walk(plan.configuration?.root_module, "", this.rootDir);
  }

  /** The .tf files of a folder (regular files of at most MAX_TF_BYTES: never a FIFO or a device) and their blocks. */
  private filesIn(dir: string): TfFile[] {
    let files = this.tfFiles.get(dir);
    if (!files) {
      files = [];
      try {
        for (const name of readdirSync(dir).sort()) {
          if (!name.endsWith(".tf")) continue;
          const file = join(dir, name);
          try {
            const st = statSync(file);
            if (!st.isFile() || st.size > MAX_TF_BYTES) continue;
            files.push({ file, blocks: blockLines(readFileSync(file, "utf8")) });
          } catch {
            // unreadable file: skipped
          }
        }
      } catch {
        // missing directory
      }
      this.tfFiles.set(dir, files);
    }
    return files;
  }

  /** A change's block key (`resource TYPE NAME`, `data TYPE NAME`). */
  private static keyOf(ch: AssessedChange): string {
    return blockKey(ch.mode === "data" ? "data" : "resource", ch.type, ch.name);
  }

  /**
   * The file and line (1-based) of the block that defines a change's resource, when it is found. A module
   * that `terraform init` fetched (its folder under `.terraform/`, which is not in the repository) is shown
   * by its `module "NAME" {` call in the nearest module that is in the repository.
   */
  blockFor(ch: AssessedChange): ResourceBlock | undefined {
    if (!this.rootDir) return undefined;
    let key = moduleKey(ch.module);
    let target = TerraformSources.keyOf(ch);
    for (;;) {
      const dir = this.moduleDirs.get(key);
      if (!dir) return undefined;
      if (!dir.split(/[\\/]/).includes(".terraform")) {
        for (const f of this.filesIn(dir)) {
          const line = f.blocks.get(target);
          if (line !== undefined) return { file: f.file, line };
        }
        return undefined;
      }
      if (!key) return undefined;
      const dot = key.lastIndexOf(".");
      target = blockKey("module", key.slice(dot + 1));
      key = dot < 0 ? "" : key.slice(0, dot);
    }
  }

  async filesFor(ch: AssessedChange): Promise<string[]> {
    if (!this.rootDir) return [];
    const keyword = ch.mode === "data" ? "data" : "resource";
    const dir = this.moduleDirs.get(moduleKey(ch.module));
    if (dir) {
      const key = TerraformSources.keyOf(ch);
      const found = this.filesIn(dir)
        .filter((f) => f.blocks.has(key))
        .map((f) => f.file);
      if (found.length) return found;
    }
    const { range, repoRoot } = this.opts;
    if (range && repoRoot) {
      const gitRe = `${keyword}[[:space:]]+"${ch.type.replace(/[^A-Za-z0-9_-]/g, ".")}"[[:space:]]+"${ch.name.replace(/[^A-Za-z0-9_-]/g, ".")}"`;
      const pathspec = dir ? relative(repoRoot, dir) || "." : undefined;
      try {
        const touched = await filesTouchingPattern(repoRoot, range.base, range.head, gitRe, pathspec);
        const tfTouched = touched.filter((f) => f.endsWith(".tf"));
        if (tfTouched.length) return tfTouched.map((f) => resolve(repoRoot, f));
      } catch (err) {
        this.notes.push(`tracing ${ch.address} through git failed: ${(err as Error).message}`);
      }
    }
    this.unmapped.push(ch.address);
    return [];
  }
}
