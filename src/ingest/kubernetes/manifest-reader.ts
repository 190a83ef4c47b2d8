// Reads one side of a manifest pair: a file or a folder (recursively) of multi-document YAML/JSON, as produced
// by `helm template`, `kustomize build` or written by hand; `List` kinds are flattened. Every document must be
// a Kubernetes object (apiVersion, kind, metadata.name); anything else is an InputError naming file and line.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../model/types.js";
import { readInputBytes } from "../read-input.js";
import { decodeTextStrict, loadYamlDocuments } from "../yaml.js";
import type { KubeObject } from "./manifest-types.js";

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
/** Files in a folder that show it is not rendered manifests. */
const NOT_RENDERED: Record<string, string> = {
  "chart.yaml": "is a Helm chart; render it first (`helm template …`) and compare the output",
  "kustomization.yaml": "is a kustomization; render it first (`kustomize build …`) and compare the output",
  "kustomization.yml": "is a kustomization; render it first (`kustomize build …`) and compare the output",
  kustomization: "is a kustomization; render it first (`kustomize build …`) and compare the output",
};

/** A document read from a manifest file, not yet given an identity. */
export interface RawManifestObject {
  object: KubeObject;
  file: string;
  line: number;
}

export interface RawManifestSide {
  path: string;
  files: string[];
  objects: RawManifestObject[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Manifest files under a folder, sorted, skipping hidden entries. */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (err) {
      throw new InputError(`${d}: cannot read folder (${(err as NodeJS.ErrnoException).code ?? "error"})`, d);
    }
    for (const e of entries) {
      const why = NOT_RENDERED[e.toLowerCase()];
      if (why) throw new InputError(`${d}: ${why}`, d);
    }
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.startsWith(".")) continue;
      const p = join(d, e);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) subdirs.push(p);
      else if (MANIFEST_EXT.test(e)) out.push(p);
    }
    for (const s of subdirs.reverse()) stack.push(s);
  }
  return out.sort();
}

function checkObject(v: unknown, file: string, line: number, where: string): KubeObject {
  const at = `${file}:${line}`;
  if (!isObject(v))
    throw new InputError(
      `${at}: ${where} is not a Kubernetes object (expected a mapping with apiVersion and kind)`,
      file,
    );
  if (typeof v.apiVersion !== "string" || v.apiVersion === "")
    throw new InputError(`${at}: ${where} has no apiVersion`, file);
  if (typeof v.kind !== "string" || v.kind === "") throw new InputError(`${at}: ${where} has no kind`, file);
  if (v.metadata !== undefined && !isObject(v.metadata))
    throw new InputError(`${at}: ${v.kind} ${where}: metadata is not a mapping`, file);
  return v as KubeObject;
}

function checkNamed(o: KubeObject, file: string, line: number, where: string): void {
  const at = `${file}:${line}`;
  const md = o.metadata ?? {};
  if (typeof md.name !== "string" || md.name === "") {
    if (typeof md.generateName === "string")
      throw new InputError(
        `${at}: ${o.kind} ${where} uses metadata.generateName; such objects get a new name on every create and cannot be compared`,
        file,
      );
    throw new InputError(`${at}: ${o.kind} ${where} has no metadata.name`, file);
  }
  if (md.namespace !== undefined && typeof md.namespace !== "string")
    throw new InputError(`${at}: ${o.kind} ${md.name}: metadata.namespace is not a string`, file);
  for (const field of ["labels", "annotations"] as const) {
    const m = md[field];
    if (m === undefined || m === null) continue;
    if (!isObject(m))
      throw new InputError(`${at}: ${o.kind} ${md.name}: metadata.${field} is not a mapping`, file);
  }
}

/** Objects of one parsed document: the object itself, or the items of a `List`. */
function objectsOf(doc: unknown, file: string, line: number, docNo: number, out: RawManifestObject[]): void {
  const o = checkObject(doc, file, line, `document ${docNo + 1}`);
  if (o.kind.endsWith("List") && Array.isArray(o.items)) {
    const items = o.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = checkObject(items[i], file, line, `${o.kind} item ${i}`);
      if (item.kind.endsWith("List") && Array.isArray(item.items))
        throw new InputError(`${file}:${line}: ${o.kind} item ${i} is itself a list`, file);
      checkNamed(item, file, line, `(${o.kind} item ${i})`);
      out.push({ object: item, file, line });
    }
    return;
  }
  checkNamed(o, file, line, `(document ${docNo + 1})`);
  out.push({ object: o, file, line });
}

export function readManifestFile(file: string, out: RawManifestObject[] = []): RawManifestObject[] {
  const text = decodeTextStrict(readInputBytes(file), file);
  let docs: ReturnType<typeof loadYamlDocuments>;
  try {
    docs = loadYamlDocuments(text, file);
  } catch (err) {
    if (err instanceof InputError && /\{\{.*\}\}/.test(text))
      throw new InputError(`${err.message} (an unrendered Helm template? run \`helm template\` first)`, file);
    throw err;
  }
  for (const d of docs)
    if (d.value !== null && d.value !== undefined) objectsOf(d.value, file, d.line, d.index, out);
  return out;
}

/** Reads a `--before`/`--after` side: one manifest file or a folder of them. */
export function readManifestSide(path: string): RawManifestSide {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read (${code === "ENOENT" ? "no such file or folder" : code})`,
      path,
    );
  }
  const files = isDir ? manifestFiles(path) : [path];
  if (isDir && files.length === 0)
    throw new InputError(`${path}: folder holds no manifest files (.yaml, .yml, .json)`, path);
  const objects: RawManifestObject[] = [];
  for (const f of files) readManifestFile(f, objects);
  return { path, files, objects };
}
