// Reads one CloudFormation template (JSON or YAML with short-form intrinsics) and checks its shape:
// a mapping with a Resources mapping whose entries have a Type. Problems are InputErrors naming the file.
import { InputError } from "../../model/types.js";
import { readInputBytes } from "../read-input.js";
import { decodeTextStrict, loadYamlDocuments } from "../yaml.js";
import type { Template, TemplateJson } from "./template-types.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseTemplate(text: string, path: string): Template {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.trim() === "") throw new InputError(`${path}: file is empty`, path);
  const docs = loadYamlDocuments(t, path, { cloudFormationTags: true }).filter(
    (d) => d.value !== null && d.value !== undefined,
  );
  const fail = (why: string): never => {
    throw new InputError(`${path}: not a valid CloudFormation template: ${why}`, path);
  };
  if (docs.length === 0) return fail("no content");
  if (docs.length > 1) return fail(`holds ${docs.length} YAML documents; a template is one document`);
  const doc = docs[0].value;
  if (!isObject(doc)) return fail("the top level is not a mapping");
  if ("apiVersion" in doc && "kind" in doc)
    throw new InputError(`${path}: this is a Kubernetes manifest, not a CloudFormation template`, path);
  if (doc.AWSTemplateFormatVersion !== undefined && typeof doc.AWSTemplateFormatVersion !== "string")
    fail("AWSTemplateFormatVersion is not a string");
  if (doc.Resources === undefined) return fail("it has no Resources section");
  if (!isObject(doc.Resources)) return fail("Resources is not a mapping");
  for (const [id, r] of Object.entries(doc.Resources)) {
    if (id.startsWith("Fn::ForEach::")) {
      if (!Array.isArray(r) || r.length !== 3) fail(`${id} is not a [identifier, collection, template] list`);
      continue;
    }
    if (!/^[A-Za-z0-9]+$/.test(id)) fail(`resource logical id ${JSON.stringify(id)} is not alphanumeric`);
    if (!isObject(r)) fail(`resource ${id} is not a mapping`);
    const res = r as Record<string, unknown>;
    if (typeof res.Type !== "string" || res.Type === "") fail(`resource ${id} has no Type`);
    if (res.Properties !== undefined && res.Properties !== null && !isObject(res.Properties))
      fail(`resource ${id}: Properties is not a mapping`);
    const dep = res.DependsOn;
    if (
      dep !== undefined &&
      typeof dep !== "string" &&
      !(Array.isArray(dep) && dep.every((d) => typeof d === "string"))
    )
      fail(`resource ${id}: DependsOn is not a logical id or a list of them`);
  }
  for (const section of ["Parameters", "Outputs", "Mappings", "Conditions"]) {
    const s = doc[section];
    if (s !== undefined && s !== null && !isObject(s)) fail(`${section} is not a mapping`);
  }
  const noEcho = new Set<string>();
  for (const [name, p] of Object.entries((doc.Parameters ?? {}) as Record<string, unknown>)) {
    if (!isObject(p)) fail(`parameter ${name} is not a mapping`);
    const ne = (p as Record<string, unknown>).NoEcho;
    if (ne === true || ne === "true" || ne === "True") noEcho.add(name);
  }
  for (const [name, o] of Object.entries((doc.Outputs ?? {}) as Record<string, unknown>))
    if (!isObject(o)) fail(`output ${name} is not a mapping`);
  return { path, doc: doc as unknown as TemplateJson, noEcho };
}

export function readTemplate(path: string): Template {
  return parseTemplate(decodeTextStrict(readInputBytes(path), path), path);
}
