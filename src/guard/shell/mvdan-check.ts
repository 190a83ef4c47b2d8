// Second opinion from mvdan/sh (the parser behind shfmt, compiled to WebAssembly by sh-syntax). sh-syntax
// returns only statement-level information (positions, flags, redirect operators), so the guard compares
// exactly that with its own tree: a command mvdan/sh rejects, or splits into statements differently, is not
// classified on the guard parser's word alone.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Stmt } from "./ast.js";

interface MvdanPos {
  Offset: number;
}
interface MvdanStmt {
  Pos: MvdanPos;
  Negated: boolean;
  Background: boolean;
  Redirs: { Op: string }[];
}
interface MvdanFile {
  Stmts: MvdanStmt[];
}
type Processor = (text: string, opts?: Record<string, unknown>) => Promise<MvdanFile>;

/** The part of the WebAssembly API used here (the project's TypeScript lib has no DOM/WebAssembly types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  instantiate(module: object, imports: object): Promise<object>;
}
const WASM = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

let processor: Promise<Processor> | undefined;

async function loadProcessor(): Promise<Processor> {
  // One short-lived parse per process: Liftoff (V8's baseline WebAssembly compiler) alone is enough, and
  // skipping the optimizing tier roughly halves the cost of a cold hook process (measured in
  // bench/guard-hook.mjs). The flag only affects WebAssembly compiled after this point.
  const v8 = await import("node:v8");
  v8.setFlagsFromString("--liftoff-only");
  const mod = (await import("sh-syntax")) as unknown as {
    getProcessor: (get: (imports: object) => Promise<object>) => Processor;
  };
  const wasmPath = createRequire(import.meta.url).resolve("sh-syntax/main.wasm");
  const compiled = new WASM.Module(readFileSync(wasmPath));
  return mod.getProcessor((imports) => WASM.instantiate(compiled, imports));
}

export type CrossCheck = { ok: true } | { ok: false; reason: string };

/**
 * Text made only of plain words and the list/pipeline operators (no quotes, expansions, escapes,
 * redirections, grouping, comments, globs or non-ASCII): every shell parser splits it the same way, so
 * the second parse is skipped.
 */
export function needsCrossCheck(text: string): boolean {
  return !/^[A-Za-z0-9_./:=@%+,^ |&;-]*$/.test(text);
}

/** Parses `text` with mvdan/sh and compares its statements with `mine`. */
export async function crossCheck(text: string, mine: Stmt[]): Promise<CrossCheck> {
  processor ??= loadProcessor();
  let file: MvdanFile;
  try {
    file = await (await processor)(text, { keepComments: false });
  } catch (err) {
    const e = err as { Text?: string; message?: string };
    return { ok: false, reason: `mvdan/sh cannot parse it: ${e.Text ?? e.message ?? String(err)}` };
  }
  const theirs = file.Stmts ?? [];
  if (theirs.length !== mine.length) {
    return {
      ok: false,
      reason: `the two shell parsers disagree on the statements (${mine.length} vs ${theirs.length})`,
    };
  }
  const toIndex = byteToIndex(text);
  for (let k = 0; k < mine.length; k++) {
    const a = mine[k];
    const b = theirs[k];
    const pos = toIndex(b.Pos.Offset);
    const ops = (b.Redirs ?? []).map((r) => r.Op).join(" ");
    const myOps = a.redirs.map((r) => r.op).join(" ");
    if (pos !== a.pos || b.Background !== a.background || ops !== myOps || b.Negated !== a.negated) {
      return { ok: false, reason: `the two shell parsers disagree on statement ${k + 1}` };
    }
  }
  return { ok: true };
}

/** Maps UTF-8 byte offsets (mvdan/sh) to string indices (this parser). */
function byteToIndex(text: string): (offset: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (o) => o;
  const map = new Map<number, number>();
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    map.set(bytes, i);
    const cp = text.codePointAt(i) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (cp >= 0x10000) i++;
  }
  map.set(bytes, text.length);
  return (o) => map.get(o) ?? -1;
}
