// Safe YAML loading shared by CloudFormation templates and Kubernetes manifests: multi-document streams,
// duplicate keys rejected, alias expansion bounded (YAML bombs), unknown tags rejected, errors as one line
// naming the file, line and column. CloudFormation short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`, …) are
// read as their long JSON forms (`{"Ref": …}`, `{"Fn::GetAtt": […]}`) so both template syntaxes compare equal.
import {
  type CollectionTag,
  Composer,
  type CST,
  type Document,
  isAlias,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  type ParsedNode,
  Parser,
  type ScalarTag,
  YAMLMap,
  YAMLSeq,
} from "yaml";
import { InputError } from "../model/types.js";
import { decodeText } from "./read-input.js";

/** Alias expansions allowed per document (the `yaml` package's resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Source characters that alias expansion may add to one document. A hundred aliases of a 10 MB anchor are
 * within the alias count but expand to a gigabyte; refused before converting.
 */
export const MAX_ALIAS_EXPANSION = 16 * 1024 * 1024;

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
  const mayHaveAliases = text.includes("&") && text.includes("*");
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
    if (mayHaveAliases) {
      const big = aliasExpansionProblem(doc, contents);
      if (big)
        throw new InputError(
          `${where(path, lc, big.offset)}: YAML ${big.why === "cycle" ? "alias refers to the collection that contains it" : `aliases expand too much (more than ${MAX_ALIAS_EXPANSION / 1024 / 1024} MiB of text; a "YAML bomb")`}`,
          path,
        );
    }
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

/**
 * Sums the source size every alias in a document stands for (an alias of an anchor that holds aliases counts
 * them too). Returns the first alias past MAX_ALIAS_EXPANSION, or one that refers to its own ancestor.
 */
function aliasExpansionProblem(
  doc: Document.Parsed,
  root: ParsedNode,
): { offset: number; why: "size" | "cycle" } | null {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let total = 0;
  let problem: { offset: number; why: "size" | "cycle" } | null = null;
  const sizeOf = (node: unknown, counting: boolean): number => {
    if (problem || node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) return 0;
      if (open.has(target)) {
        problem = { offset: node.range?.[0] ?? 0, why: "cycle" };
        return 0;
      }
      const n = sizeOf(target, false);
      if (counting) {
        total += n;
        if (total > MAX_ALIAS_EXPANSION && !problem) problem = { offset: node.range?.[0] ?? 0, why: "size" };
      }
      return n;
    }
    const known = sizes.get(node);
    if (known !== undefined && !counting) return known;
    let n = 0;
    if (isScalar(node)) {
      const r = node.range;
      n = r ? Math.max(1, r[1] - r[0]) : String(node.value).length;
    } else if (isCollection(node)) {
      open.add(node);
      for (const item of node.items as unknown[])
        if (isPair(item)) n += 1 + sizeOf(item.key, counting) + sizeOf(item.value, counting);
        else n += 1 + sizeOf(item, counting);
      open.delete(node);
    }
    sizes.set(node, n);
    return n;
  };
  try {
    sizeOf(root, true);
  } catch (err) {
    if (err instanceof RangeError) return { offset: root.range?.[0] ?? 0, why: "cycle" };
    throw err;
  }
  return problem;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a manifest or template file like `decodeText` (UTF-8 with or without a BOM, UTF-16 with a BOM), but
 * refuses bytes that are not UTF-8 (a Latin-1 file, a binary) instead of silently turning them into U+FFFD:
 * the compared values would not be the ones the file holds.
 */
export function decodeTextStrict(bytes: Buffer, path: string): string {
  const text = decodeText(bytes);
  if (!text.includes("\uFFFD")) return text;
  const utf16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) return text;
  try {
    strictUtf8.decode(bytes);
    return text; // a real U+FFFD character
  } catch {
    const bad = text.indexOf("\uFFFD");
    const lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = text.indexOf("\n"); i !== -1 && i < bad; i = text.indexOf("\n", i + 1)) lc.addNewLine(i + 1);
    throw new InputError(`${where(path, lc, bad)}: not UTF-8 text (save the file as UTF-8)`, path);
  }
}
