// Safe YAML loading shared by CloudFormation templates and Kubernetes manifests: multi-document streams,
// duplicate keys rejected, alias expansion bounded (YAML bombs), unknown tags rejected, errors as one line
// naming the file, line and column. CloudFormation short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`, …) are
// read as their long JSON forms (`{"Ref": …}`, `{"Fn::GetAtt": […]}`) so both template syntaxes compare equal.
import {
  type CollectionTag,
  Composer,
  type CST,
  type Document,
  LineCounter,
  type ParsedNode,
  Parser,
  type ScalarTag,
  YAMLMap,
  YAMLSeq,
} from "yaml";
import { InputError } from "../model/types.js";

/** Alias expansions allowed per document (the `yaml` package's resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = 100;

/** Deepest collection nesting accepted; deeper input is refused before it reaches the recursive composer. */
export const MAX_YAML_DEPTH = 256;

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
  /** 0-based position in the stream. */
  index: number;
}

export interface YamlLoadOptions {
  /** Read CloudFormation short-form intrinsic function tags. */
  cloudFormationTags?: boolean;
}

/** Intrinsic functions with a short form, and the long-form key each one maps to. */
const INTRINSICS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  GetAtt: "Fn::GetAtt",
  Sub: "Fn::Sub",
  If: "Fn::If",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  ImportValue: "Fn::ImportValue",
  GetAZs: "Fn::GetAZs",
  Equals: "Fn::Equals",
  And: "Fn::And",
  Or: "Fn::Or",
  Not: "Fn::Not",
  Transform: "Fn::Transform",
  Length: "Fn::Length",
  ToJsonString: "Fn::ToJsonString",
};

/** A tagged sequence or mapping that becomes `{ "Fn::X": value }` when converted to JS. */
class IntrinsicSeq extends YAMLSeq {
  fn = "";
  override toJSON(_?: unknown, ctx?: Parameters<YAMLSeq["toJSON"]>[1]): unknown[] {
    // The declared return type is an array; the intrinsic wraps it in `{ "Fn::X": [...] }`.
    return { [this.fn]: super.toJSON(_, ctx) } as unknown as unknown[];
  }
}

class IntrinsicMap extends YAMLMap {
  fn = "";
  override toJSON(_?: unknown, ctx?: Parameters<YAMLMap["toJSON"]>[1]): unknown {
    return { [this.fn]: super.toJSON(_, ctx) };
  }
}

function scalarIntrinsic(name: string, key: string): ScalarTag {
  return {
    tag: `!${name}`,
    resolve(value: string) {
      if (key === "Fn::GetAtt") {
        const dot = value.indexOf(".");
        return { [key]: dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [key]: value };
    },
  };
}

function seqIntrinsic(name: string, key: string): CollectionTag {
  return {
    tag: `!${name}`,
    collection: "seq",
    resolve(node) {
      const out = new IntrinsicSeq();
      out.fn = key;
      out.items = (node as YAMLSeq).items;
      return out;
    },
  } as CollectionTag;
}

function mapIntrinsic(name: string, key: string): CollectionTag {
  return {
    tag: `!${name}`,
    collection: "map",
    resolve(node) {
      const out = new IntrinsicMap();
      out.fn = key;
      out.items = (node as YAMLMap).items;
      return out;
    },
  } as CollectionTag;
}

let cfnTags: (ScalarTag | CollectionTag)[] | undefined;

function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  if (cfnTags) return cfnTags;
  cfnTags = [];
  for (const [name, key] of Object.entries(INTRINSICS)) {
    cfnTags.push(scalarIntrinsic(name, key), seqIntrinsic(name, key), mapIntrinsic(name, key));
  }
  return cfnTags;
}

/** First line of a `yaml` error message, without the code-frame it appends. */
function shortMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
}

function where(path: string, lc: LineCounter, offset: number | undefined): string {
  if (offset === undefined) return path;
  const pos = lc.linePos(offset);
  return `${path}:${pos.line}:${pos.col}`;
}

/** A structural problem found in the token stream before composing: too deep, or a collection used as a key. */
interface TokenProblem {
  offset: number;
  why: "depth" | "complex-key";
}

const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/** Walks the parsed token stream once (iteratively): nesting deeper than `max`, or a collection as a key. */
function tokenProblem(tokens: CST.Token[], max: number): TokenProblem | null {
  const stack: [CST.Token, number][] = [];
  for (const t of tokens) stack.push([t, 0]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    if (depth > max) return { offset: "offset" in t ? t.offset : 0, why: "depth" };
    switch (t.type) {
      case "document":
        if (t.value) stack.push([t.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        for (const item of t.items) {
          if (item.key) {
            if (COLLECTIONS.has(item.key.type))
              return { offset: "offset" in item.key ? item.key.offset : 0, why: "complex-key" };
            stack.push([item.key, depth + 1]);
          }
          if (item.value) stack.push([item.value, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return null;
}

/**
 * Parses every document of a YAML (or JSON) stream. Empty documents (only comments, `---` separators) are
 * skipped. Throws InputError naming `path:line:col` for any syntax error, duplicate key, unknown tag,
 * non-scalar mapping key or excessive alias expansion.
 */
export function loadYamlDocuments(text: string, path: string, opts: YamlLoadOptions = {}): YamlDocument[] {
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const tokens = Array.from(new Parser(lc.addNewLine).parse(text));
    const problem = tokenProblem(tokens, MAX_YAML_DEPTH);
    if (problem)
      throw new InputError(
        problem.why === "depth"
          ? `${where(path, lc, problem.offset)}: YAML nests deeper than ${MAX_YAML_DEPTH} levels`
          : `${where(path, lc, problem.offset)}: not valid here: a mapping key must be a plain value, not a collection`,
        path,
      );
    const composer = new Composer({
      uniqueKeys: true,
      merge: true,
      logLevel: "error",
      strict: true,
      customTags: opts.cloudFormationTags ? cloudFormationTags() : [],
    });
    docs = Array.from(composer.compose(tokens));
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof RangeError) throw new InputError(`${path}: YAML is nested too deeply to read`, path);
    throw new InputError(`${path}: not valid YAML (${(err as Error).message.split("\n")[0]})`, path);
  }
  const out: YamlDocument[] = [];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    if (doc.errors.length) {
      const e = doc.errors[0];
      const why = e.code === "DUPLICATE_KEY" ? "duplicate mapping key" : shortMessage(e.message);
      throw new InputError(`${where(path, lc, e.pos?.[0])}: not valid YAML: ${why}`, path);
    }
    for (const w of doc.warnings) {
      if (w.code === "TAG_RESOLVE_FAILED" || w.code === "BAD_COLLECTION_TYPE") {
        const tag = /Unresolved tag: (\S+)/.exec(w.message)?.[1];
        const why = tag
          ? `unknown YAML tag ${tag}${opts.cloudFormationTags ? " (not a CloudFormation intrinsic function; package or render the template first)" : ""}`
          : shortMessage(w.message);
        throw new InputError(`${where(path, lc, w.pos?.[0])}: ${why}`, path);
      }
    }
    const contents = doc.contents as ParsedNode | null;
    if (contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof ReferenceError && /alias count/i.test(err.message))
        throw new InputError(
          `${where(path, lc, contents.range?.[0])}: YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} alias expansions; a "YAML bomb")`,
          path,
        );
      if (err instanceof RangeError)
        throw new InputError(`${path}: YAML is nested too deeply or aliases are circular`, path);
      throw new InputError(
        `${where(path, lc, contents.range?.[0])}: not valid YAML: ${shortMessage((err as Error).message)}`,
        path,
      );
    }
    out.push({ value, line: lc.linePos(contents.range?.[0] ?? 0).line, index: i });
  }
  return out;
}
