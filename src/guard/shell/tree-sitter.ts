// The guard's shell parser: tree-sitter-bash (the grammar GitHub and editors use, compiled to WebAssembly,
// run by web-tree-sitter) parses the text; this module converts its concrete syntax tree into the guard's
// own tree (ast.ts), which classify.ts walks.
//
// Fail closed: a tree with an ERROR or MISSING node, a node type this adapter does not know, statements
// not separated by `;`, `&` or a newline, or text the grammar skipped (a backquote in a here-document) is a
// ShellSyntaxError, which the guard reports as "cannot be resolved" (deny).
//
// The grammar is loaded once per process by loadShellParser() (async, ~30 ms); parseShell() is synchronous
// so that the walker can parse nested text (`bash -c '…'`, piped scripts) as it finds it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Node, Parser as TSParser } from "web-tree-sitter";
import type {
  Assign,
  Command,
  DblQuoted,
  HereDoc,
  Lit,
  ParamExp,
  Redirect,
  Script,
  Stmt,
  Word,
  WordPart,
} from "./ast.js";

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "ShellSyntaxError";
  }
}

const MAX_DEPTH = 40;

let parser: TSParser | undefined;
let loading: Promise<void> | undefined;

/** Loads web-tree-sitter and the bash grammar (once per process). */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    // One short-lived process parses a few lines: V8's baseline WebAssembly compiler (Liftoff) is enough.
    // Without this, the optimizing tier compiles tree-sitter in the background and the process waits for
    // it at exit (~1 s per hook run, measured with bench/guard-hook.mjs). Affects only WebAssembly compiled
    // after this point.
    const v8 = await import("node:v8");
    v8.setFlagsFromString("--liftoff-only");
    const { Parser, Language } = await import("web-tree-sitter");
    await Parser.init();
    const wasm = readFileSync(
      createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm"),
    );
    const bash = await Language.load(wasm);
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })();
  return loading;
}

/** Parses a complete command line / script. Throws ShellSyntaxError. Call loadShellParser() first. */
export function parseShell(text: string): Script {
  if (!parser) throw new Error("the shell parser is not loaded (loadShellParser() was not awaited)");
  try {
    return parseWith(parser, text, text);
  } catch (err) {
    // tree-sitter-bash reads `{` at the start of a command as the start of a `{ …; }` group even when a
    // word follows without a blank (`{terraform,destroy}`), where bash reads one word and brace-expands it.
    // Such a `{` is re-read as a word character (same length, so offsets and source text are unchanged).
    const alt = text.replace(/(^|[;&|(\n`]|\$\()([ \t]*)\{(?=[^\s}])/g, "$1$2_");
    if (!(err instanceof ShellSyntaxError) || alt === text) throw err;
    try {
      return parseWith(parser, alt, text);
    } catch {
      throw err;
    }
  }
}

/** Parses `parsed` (the text, or the text with `{` re-read as a word character) and converts the tree, taking
 * every value from `source`. */
function parseWith(p: TSParser, parsed: string, source: string): Script {
  const tree = p.parse(parsed);
  if (!tree) throw new ShellSyntaxError("the shell parser returned no tree", 0);
  try {
    const root = tree.rootNode;
    if (root.hasError)
      throw new ShellSyntaxError(describeError(root, source), firstError(root)?.startIndex ?? 0);
    if (root.endIndex !== parsed.length)
      throw new ShellSyntaxError("the shell parser stopped early", root.endIndex);
    return { stmts: new Converter(source).stmtList(root.children, 0), text: source };
  } finally {
    tree.delete();
  }
}

function firstError(n: Node): Node | undefined {
  if (n.type === "ERROR" || n.isMissing) return n;
  for (const c of n.children) {
    if (c?.hasError || c?.isMissing) {
      const e = firstError(c);
      if (e) return e;
    }
  }
  return undefined;
}

function describeError(root: Node, source: string): string {
  const e = firstError(root);
  if (!e) return "syntax error";
  if (e.isMissing) return `syntax error: missing \`${e.type}\` at offset ${e.startIndex}`;
  const near = source.slice(e.startIndex, Math.min(e.endIndex, e.startIndex + 20));
  return `syntax error near \`${near || "end of input"}\` at offset ${e.startIndex}`;
}

/** A command that tree-sitter-bash attached to a here-document redirect (`cat <<EOF | psql`). */
interface Tail {
  op: "&&" | "||" | "|" | "|&";
  node: Node;
}

/** Node types that are statements (commands) in a statement list. */
const STATEMENTS = new Set([
  "command",
  "variable_assignments",
  "variable_assignment",
  "declaration_command",
  "unset_command",
  "redirected_statement",
  "pipeline",
  "list",
  "negated_command",
  "subshell",
  "compound_statement",
  "if_statement",
  "while_statement",
  "for_statement",
  "c_style_for_statement",
  "case_statement",
  "function_definition",
  "test_command",
]);

const REDIRECTS = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);

/** Nodes that may appear inside arithmetic and `[[ ]]` expressions (their expansions are collected). */
const EXPRESSION_NODES = new Set([
  "binary_expression",
  "unary_expression",
  "ternary_expression",
  "postfix_expression",
  "parenthesized_expression",
  "number",
  "word",
  "variable_name",
  "test_operator",
  "regex",
  "extglob_pattern",
  "subscript",
  "variable_assignment",
  "concatenation",
  "string",
  "raw_string",
  "ansi_c_string",
  "translated_string",
  "string_content",
  "simple_expansion",
  "expansion",
  "command_substitution",
  "process_substitution",
  "arithmetic_expansion",
  "brace_expression",
  "special_variable_name",
]);

function fail(n: Node, msg: string): never {
  throw new ShellSyntaxError(msg, n.startIndex);
}

function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
}

function kids(n: Node): Node[] {
  return n.children.filter((c): c is Node => !!c && c.type !== "comment");
}

class Converter {
  constructor(private readonly src: string) {}

  /** A node's text, from the original source. */
  private t(n: Node): string {
    return this.src.slice(n.startIndex, n.endIndex);
  }

  // ---- statement lists -----------------------------------------------------------------------------

  /** Statements among `nodes` (keywords and separators skipped); consecutive ones must be separated. */
  stmtList(nodes: (Node | null)[], depth: number): Stmt[] {
    if (depth > MAX_DEPTH) throw new ShellSyntaxError("command nests too deeply to inspect", 0);
    const out: Stmt[] = [];
    let prevEnd = -1;
    for (const n of nodes) {
      if (!n || n.type === "comment") continue;
      if (!n.isNamed) {
        if (n.type === "&" && out.length) out[out.length - 1].background = true;
        continue;
      }
      if (!STATEMENTS.has(n.type)) fail(n, `unexpected \`${n.type}\` in a list of commands`);
      if (prevEnd >= 0 && !/[;&\n]/.test(this.src.slice(prevEnd, n.startIndex)))
        fail(n, `commands at offset ${n.startIndex} are not separated by \`;\`, \`&\` or a newline`);
      out.push(this.stmt(n, depth));
      prevEnd = n.endIndex;
    }
    return out;
  }

  private mk(n: Node, cmd: Command | null, redirs: Redirect[] = []): Stmt {
    return {
      type: "Stmt",
      pos: n.startIndex,
      end: n.endIndex,
      cmd,
      redirs,
      negated: false,
      background: false,
    };
  }

  private binary(op: "&&" | "||" | "|" | "|&", x: Stmt, y: Stmt): Stmt {
    return {
      type: "Stmt",
      pos: x.pos,
      end: y.end,
      cmd: { type: "BinaryCmd", op, x, y },
      redirs: [],
      negated: false,
      background: false,
    };
  }

  /** `acc | y`, where tree-sitter-bash may have attached a following `&&`/`||` list to the pipe's right
   * side (`a | b && c` read as `a | (b && c)`): the pipe binds tighter, so it goes to the leftmost command. */
  private pipe(op: "|" | "|&", acc: Stmt, y: Stmt): Stmt {
    const c = y.cmd;
    if (c?.type === "BinaryCmd" && (c.op === "&&" || c.op === "||") && !y.negated && !y.redirs.length) {
      const x = this.pipe(op, acc, c.x);
      return { ...y, pos: x.pos, cmd: { ...c, x } };
    }
    return this.binary(op, acc, y);
  }

  private stmt(n: Node, depth: number): Stmt {
    const d = depth + 1;
    switch (n.type) {
      case "command":
        return this.command(n, d);
      case "variable_assignments":
        return this.mk(n, {
          type: "CallExpr",
          assigns: named(n).map((a) => this.assign(a, d)),
          args: [],
        });
      case "variable_assignment":
        return this.mk(n, { type: "CallExpr", assigns: [this.assign(n, d)], args: [] });
      case "declaration_command":
      case "unset_command":
        return this.declaration(n, d);
      case "redirected_statement":
        return this.redirected(n, d);
      case "pipeline": {
        let acc: Stmt | undefined;
        let op: "|" | "|&" = "|";
        for (const c of kids(n)) {
          if (!c.isNamed) {
            if (c.type === "|" || c.type === "|&") op = c.type;
            else fail(c, `unexpected \`${c.type}\` in a pipeline`);
            continue;
          }
          const s = this.stmt(c, d);
          acc = acc ? this.pipe(op, acc, s) : s;
        }
        if (!acc) fail(n, "empty pipeline");
        return acc;
      }
      case "list": {
        const parts = kids(n);
        if (parts.length !== 3 || (parts[1].type !== "&&" && parts[1].type !== "||"))
          fail(n, "unexpected list shape");
        return this.binary(parts[1].type as "&&" | "||", this.stmt(parts[0], d), this.stmt(parts[2], d));
      }
      case "negated_command": {
        const inner = named(n);
        if (inner.length !== 1) fail(n, "`!` must be followed by one command");
        const s = this.stmt(inner[0], d);
        if (s.cmd?.type === "BinaryCmd" || s.negated) {
          const b = this.mk(n, { type: "Block", stmts: [s] });
          b.negated = true;
          return b;
        }
        s.negated = true;
        s.pos = n.startIndex;
        return s;
      }
      case "subshell":
        return this.mk(n, { type: "Subshell", stmts: this.stmtList(n.children, d) });
      case "compound_statement": {
        if (n.child(0)?.type === "((")
          return this.mk(n, { type: "ExprCmd", kind: "arithmetic", words: [this.exprWord(n, d)] });
        return this.mk(n, { type: "Block", stmts: this.stmtList(n.children, d) });
      }
      case "if_statement":
        return this.mk(n, { type: "Compound", kind: "if", bodies: this.ifBodies(n, d), words: [] });
      case "while_statement": {
        const kw = n.child(0)?.type;
        if (kw !== "while" && kw !== "until") fail(n, "unexpected loop keyword");
        const body = n.childForFieldName("body");
        const cond = n.childrenForFieldName("condition");
        if (!body) fail(n, "loop without body");
        return this.mk(n, {
          type: "Compound",
          kind: kw,
          bodies: [this.stmtList(cond, d), this.groupBody(body, d)],
          words: [],
        });
      }
      case "for_statement": {
        const kw = n.child(0)?.type;
        if (kw !== "for" && kw !== "select") fail(n, "unexpected loop keyword");
        const body = n.childForFieldName("body");
        if (!body) fail(n, "loop without body");
        const words = this.words(
          n.childrenForFieldName("value").filter((c): c is Node => !!c),
          d,
        );
        return this.mk(n, { type: "Compound", kind: kw, bodies: [this.groupBody(body, d)], words });
      }
      case "c_style_for_statement": {
        const body = n.childForFieldName("body");
        if (!body) fail(n, "loop without body");
        const exprs = kids(n).filter((c) => c.isNamed && c.id !== body.id);
        const words = exprs.map((e) => this.exprWord(e, d));
        return this.mk(n, { type: "Compound", kind: "for", bodies: [this.groupBody(body, d)], words });
      }
      case "case_statement":
        return this.caseStmt(n, d);
      case "function_definition": {
        const name = n.childForFieldName("name");
        const body = n.childForFieldName("body");
        if (!name || !body) fail(n, "incomplete function definition");
        const extra = named(n).filter((c) => c.id !== name.id && c.id !== body.id);
        if (extra.length) fail(extra[0], `unexpected \`${extra[0].type}\` in a function definition`);
        return this.mk(n, { type: "FuncDecl", name: this.t(name), body: this.stmt(body, d) });
      }
      case "test_command":
        return this.mk(n, { type: "ExprCmd", kind: "test", words: [this.exprWord(n, d)] });
    }
    return fail(n, `unsupported shell construct \`${n.type}\``);
  }

  /** Body of a loop: `do … done` or `{ … }`. */
  private groupBody(body: Node, depth: number): Stmt[] {
    if (body.type === "do_group" || body.type === "compound_statement")
      return this.stmtList(body.children, depth);
    return fail(body, `unexpected loop body \`${body.type}\``);
  }

  private ifBodies(n: Node, depth: number): Stmt[][] {
    const bodies: Stmt[][] = [];
    // if COND then BODY [elif COND then BODY]… [else BODY] fi — keywords split the statement lists.
    const walk = (nodes: Node[]) => {
      let cur: Node[] = [];
      for (const c of nodes) {
        if (c.type === "then" || c.type === "elif_clause" || c.type === "else_clause") {
          if (cur.some((k) => k.isNamed)) bodies.push(this.stmtList(cur, depth));
          cur = [];
          if (c.type === "elif_clause") walk(kids(c));
          else if (c.type === "else_clause") bodies.push(this.stmtList(kids(c), depth));
        } else cur.push(c);
      }
      if (cur.some((c) => c.isNamed)) bodies.push(this.stmtList(cur, depth));
    };
    walk(kids(n));
    return bodies;
  }

  private caseStmt(n: Node, depth: number): Stmt {
    const value = n.childForFieldName("value");
    if (!value) fail(n, "`case` needs a word");
    const words: Word[] = [this.word([value], depth)];
    const bodies: Stmt[][] = [];
    for (const c of named(n)) {
      if (c.id === value.id) continue;
      if (c.type !== "case_item") fail(c, `unexpected \`${c.type}\` in case`);
      const pats = c.childrenForFieldName("value").filter((x): x is Node => !!x);
      pushAll(words, this.words(pats, depth));
      const patIds = new Set(pats.map((p) => p.id));
      bodies.push(
        this.stmtList(
          kids(c).filter((k) => !patIds.has(k.id)),
          depth,
        ),
      );
    }
    return this.mk(n, { type: "Compound", kind: "case", bodies, words });
  }

  // ---- simple commands -----------------------------------------------------------------------------

  private command(n: Node, depth: number): Stmt {
    const assigns: Assign[] = [];
    const argNodes: Node[] = [];
    const redirs: Redirect[] = [];
    for (const c of kids(n)) {
      if (c.type === "variable_assignment") assigns.push(this.assign(c, depth));
      else if (c.type === "command_name") pushAll(argNodes, named(c));
      else if (REDIRECTS.has(c.type)) redirs.push(this.redirect(c, depth));
      else if (c.isNamed) argNodes.push(c);
      else if (c.type !== "$") fail(c, `unexpected \`${c.type}\` in a command`);
      else argNodes.push(c);
    }
    return this.mk(n, { type: "CallExpr", assigns, args: this.words(argNodes, depth) }, redirs);
  }

  /** `export A=1 B`, `local x=$(y)`, `declare -a x=(1 2)`, `unset x`: the keyword and its words. */
  private declaration(n: Node, depth: number): Stmt {
    const args: Word[] = [];
    const first = n.child(0);
    if (!first || first.isNamed) fail(n, "declaration without keyword");
    args.push(litWord(first.startIndex, first.endIndex, this.t(first)));
    const rest: Node[] = [];
    const flush = () => {
      if (rest.length) pushAll(args, this.words(rest.splice(0), depth));
    };
    for (const c of kids(n).slice(1)) {
      if (c.type === "variable_assignment") {
        flush();
        const value = c.childForFieldName("value");
        const head = this.src.slice(c.startIndex, value ? value.startIndex : c.endIndex);
        if (value?.type === "array") {
          args.push(litWord(c.startIndex, value.startIndex, head));
          pushAll(args, this.words(named(value), depth));
        } else {
          const w = value ? this.word([value], depth) : undefined;
          args.push(
            mergeLits({
              pos: c.startIndex,
              end: c.endIndex,
              parts: [makeLit(removeBackslashes(head), head, false), ...(w?.parts ?? [])],
            }),
          );
        }
      } else if (REDIRECTS.has(c.type)) fail(c, "redirection inside a declaration");
      else if (c.isNamed) rest.push(c);
      else fail(c, `unexpected \`${c.type}\` in a declaration`);
    }
    flush();
    return this.mk(n, { type: "CallExpr", assigns: [], args });
  }

  private assign(n: Node, depth: number): Assign {
    if (n.type !== "variable_assignment") fail(n, `unexpected \`${n.type}\` in an assignment`);
    const nameNode = n.childForFieldName("name");
    if (!nameNode) fail(n, "assignment without a name");
    const name =
      nameNode.type === "subscript" ? (nameNode.childForFieldName("name")?.text ?? "") : this.t(nameNode);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(n, `invalid variable name \`${name}\``);
    if (nameNode.type === "subscript") this.exprWord(nameNode, depth); // validates the index
    const append = kids(n).some((c) => c.type === "+=");
    const value = n.childForFieldName("value");
    if (!value) return { name, append };
    if (value.type === "array") return { name, append, array: this.words(named(value), depth) };
    return { name, append, value: this.word([value], depth) };
  }

  private redirected(n: Node, depth: number): Stmt {
    const body = n.childForFieldName("body");
    let s: Stmt = body ? this.stmt(body, depth) : this.mk(n, { type: "CallExpr", assigns: [], args: [] });
    const tails: Tail[] = [];
    for (const c of kids(n)) {
      if (body && c.id === body.id) continue;
      if (!REDIRECTS.has(c.type)) fail(c, `unexpected \`${c.type}\` after a command`);
      const extra: Redirect[] = [];
      s.redirs.push(this.redirect(c, depth, tails, extra), ...extra);
    }
    s.end = n.endIndex;
    if (!body) s.pos = n.startIndex;
    // tree-sitter-bash puts what follows a here-document operator on its line (`cat <<EOF | psql`,
    // `cat <<EOF && x`) inside the redirect node; it belongs after the statement.
    for (const t of tails) {
      const right = this.stmt(t.node, depth);
      s = t.op === "|" || t.op === "|&" ? this.pipe(t.op, s, right) : this.binary(t.op, s, right);
    }
    return s;
  }

  private redirect(n: Node, depth: number, tails?: Tail[], extra?: Redirect[]): Redirect {
    const all = kids(n);
    let i = 0;
    let fd: string | undefined;
    if (all[i]?.type === "file_descriptor") fd = all[i++].text;
    const opNode = all[i++];
    if (!opNode || opNode.isNamed) fail(n, "redirection without operator");
    const op = opNode.type;
    const r: Redirect = { pos: n.startIndex, op, word: litWord(opNode.endIndex, opNode.endIndex, "") };
    if (fd !== undefined) r.n = fd;
    if (n.type === "heredoc_redirect") return this.heredoc(n, r, all.slice(i), depth, tails, extra);
    const dest = all.slice(i);
    if (op === "<&-" || op === ">&-") {
      if (dest.length) fail(n, "unexpected word after a close redirection");
      return r;
    }
    if (!dest.length) fail(n, `\`${op}\` must be followed by a word`);
    if (dest.some((d) => !d.isNamed && d.type !== "$")) fail(n, "unexpected token in a redirection");
    // `>|g {fd}`: tree-sitter-bash attaches following words to the redirect; bash would not.
    const words = this.words(dest, depth);
    if (words.length !== 1) fail(n, `\`${op}\` must be followed by exactly one word`);
    r.word = words[0];
    return r;
  }

  private heredoc(
    n: Node,
    r: Redirect,
    rest: Node[],
    depth: number,
    tails?: Tail[],
    extra?: Redirect[],
  ): Redirect {
    const start = rest.find((c) => c.type === "heredoc_start");
    const end = rest.find((c) => c.type === "heredoc_end");
    const bodyNode = rest.find((c) => c.type === "heredoc_body");
    if (!start || !end) fail(n, "here-document is not closed");
    const delimWord = this.parseDelimiter(start);
    r.word = delimWord.word;
    let pendingOp: "&&" | "||" | undefined;
    for (const c of rest) {
      if (c === start || c === end || c === bodyNode) continue;
      if (c.type === "&&" || c.type === "||") {
        pendingOp = c.type;
        continue;
      }
      if (REDIRECTS.has(c.type) && c.type !== "heredoc_redirect" && extra && !pendingOp && !tails?.length) {
        // `cat <<EOF > out`: a further redirection of the same command
        extra.push(this.redirect(c, depth));
        continue;
      }
      if (!tails) fail(c, "unexpected command after a here-document operator");
      if (pendingOp) {
        tails.push({ op: pendingOp, node: c });
        pendingOp = undefined;
      } else if (c.type === "pipeline") {
        // `| cmd [| cmd…]` with a leading pipe operator
        let op: "|" | "|&" | undefined;
        for (const k of kids(c)) {
          if (!k.isNamed) {
            if (k.type === "|" || k.type === "|&") op = k.type;
            else fail(k, `unexpected \`${k.type}\` after a here-document operator`);
          } else {
            if (!op) fail(k, "unexpected command after a here-document operator");
            tails.push({ op, node: k });
            op = undefined;
          }
        }
      } else fail(c, `unexpected \`${c.type}\` after a here-document operator`);
    }
    if (pendingOp) fail(n, `\`${pendingOp}\` must be followed by a command`);
    const quoted = delimWord.quoted;
    const strip = r.op === "<<-";
    // The body as the command reads it, taken from the source: from the start of the body's first line
    // up to the delimiter line.
    let from = end.startIndex;
    if (bodyNode) from = this.src.lastIndexOf("\n", bodyNode.startIndex - 1) + 1;
    let body = this.src.slice(from, end.startIndex);
    if (strip) body = body.replace(/^\t+/gm, "");
    if (body.length && !body.endsWith("\n")) body = body.replace(/[\t ]*$/, "");
    const hdoc: HereDoc = { body, quoted, parts: [] };
    if (!quoted && bodyNode) {
      let covered = bodyNode.startIndex;
      for (const c of kids(bodyNode)) {
        if (c.type === "heredoc_content") continue;
        if (/[`]/.test(this.src.slice(covered, c.startIndex)))
          fail(c, "a here-document runs a backquoted command the parser did not read");
        pushAll(hdoc.parts, this.parts(c, depth));
        covered = c.endIndex;
      }
      if (/[`]/.test(this.src.slice(covered, end.startIndex)))
        fail(bodyNode, "a here-document runs a backquoted command the parser did not read");
    }
    r.hdoc = hdoc;
    return r;
  }

  private parseDelimiter(start: Node): { word: Word; quoted: boolean } {
    const raw = this.t(start);
    let quoted = false;
    let value = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c === "'" || c === '"') {
        quoted = true;
        const close = raw.indexOf(c, i + 1);
        if (close < 0) fail(start, "unclosed quote in a here-document delimiter");
        value += raw.slice(i + 1, close);
        i = close;
      } else if (c === "\\") {
        quoted = true;
        value += raw[i + 1] ?? "";
        i++;
      } else if (c === "$" || c === "`") fail(start, "here-document delimiter must be a plain word");
      else value += c;
    }
    return { word: litWord(start.startIndex, start.endIndex, value), quoted };
  }

  // ---- words ---------------------------------------------------------------------------------------

  /** Groups nodes into words: nodes that touch (no blank between them) are one word. */
  private words(nodes: Node[], depth: number): Word[] {
    const out: Word[] = [];
    let group: Node[] = [];
    for (const n of nodes) {
      if (group.length && group[group.length - 1].endIndex !== n.startIndex) {
        out.push(this.word(group, depth));
        group = [];
      }
      group.push(n);
    }
    if (group.length) out.push(this.word(group, depth));
    return out;
  }

  private word(nodes: Node[], depth: number): Word {
    const parts: WordPart[] = [];
    nodes.forEach((n, k) => {
      // `$"…"` (locale translation): the `$` is not part of the value.
      if (n.type === "$" && nodes[k + 1]?.type === "string" && nodes[k + 1].startIndex === n.endIndex) return;
      pushAll(parts, this.parts(n, depth));
    });
    return mergeLits({ pos: nodes[0].startIndex, end: nodes[nodes.length - 1].endIndex, parts });
  }

  private parts(n: Node, depth: number): WordPart[] {
    switch (n.type) {
      case "word":
      case "number":
      case "extglob_pattern":
      case "regex":
      case "test_operator":
      case "variable_name":
      case "special_variable_name":
      case "brace_expression":
      case "$":
        return [makeLit(removeBackslashes(this.t(n)), this.t(n), false)];
      case "raw_string":
        return [{ type: "SglQuoted", value: this.t(n).slice(1, -1), dollar: false }];
      case "ansi_c_string":
        return [{ type: "SglQuoted", value: decodeAnsiC(this.t(n).slice(2, -1)), dollar: true }];
      case "string":
      case "translated_string":
        return [this.dblQuoted(n, depth)];
      case "concatenation":
        return kids(n).flatMap((c) => this.parts(c, depth));
      case "simple_expansion": {
        const v = named(n)[0];
        if (!v) fail(n, "empty parameter expansion");
        return [{ type: "ParamExp", name: this.t(v), text: this.t(v), nested: [] }];
      }
      case "expansion":
        return [this.expansion(n, depth)];
      case "command_substitution": {
        const backquote = n.child(0)?.type === "`";
        return [{ type: "CmdSubst", stmts: this.stmtList(n.children, depth + 1), backquote }];
      }
      case "process_substitution": {
        const op = n.child(0)?.type;
        if (op !== "<(" && op !== ">(") fail(n, "unexpected process substitution");
        return [{ type: "ProcSubst", op, stmts: this.stmtList(n.children, depth + 1) }];
      }
      case "arithmetic_expansion": {
        const open = n.child(0);
        const close = n.child(n.childCount - 1);
        const text = this.src.slice(open?.endIndex ?? n.startIndex, close?.startIndex ?? n.endIndex);
        return [{ type: "ArithmExp", text, nested: this.collect(n, depth) }];
      }
    }
    return fail(n, `unsupported shell word \`${n.type}\``);
  }

  private dblQuoted(n: Node, depth: number): DblQuoted {
    const parts: WordPart[] = [];
    for (const c of n.children) {
      if (!c) continue;
      if (!c.isNamed) {
        if (c.type === '"' || c.type === '$"') continue;
        if (c.type === "$") {
          parts.push(makeLit("$", "", false));
          continue;
        }
        fail(c, `unexpected \`${c.type}\` in a double-quoted string`);
      }
      if (c.type === "string_content") parts.push(makeLit(unescapeDq(this.t(c)), "", false));
      else pushAll(parts, this.parts(c, depth));
    }
    const merged: WordPart[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (p.type === "Lit" && last?.type === "Lit")
        merged[merged.length - 1] = makeLit(last.value + p.value, "", false);
      else merged.push(p);
    }
    return { type: "DblQuoted", parts: merged };
  }

  private expansion(n: Node, depth: number): ParamExp {
    const open = n.child(0);
    const close = n.child(n.childCount - 1);
    if (open?.type !== "${" || close?.type !== "}") fail(n, "unexpected parameter expansion");
    const text = this.src.slice(open.endIndex, close.startIndex);
    const m = /^[!#]?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/.exec(text);
    return { type: "ParamExp", name: m ? m[1] : text, text, nested: this.collect(n, depth) };
  }

  /** The executable or quoted parts anywhere below `n` (inside `${…}`, arithmetic, `[[ ]]`). */
  private collect(n: Node, depth: number): WordPart[] {
    const out: WordPart[] = [];
    for (const c of n.children) {
      if (!c?.isNamed || c.type === "comment") continue;
      switch (c.type) {
        case "string":
        case "translated_string":
        case "command_substitution":
        case "process_substitution":
        case "arithmetic_expansion":
        case "simple_expansion":
        case "expansion":
          pushAll(out, this.parts(c, depth));
          break;
        default:
          if (!EXPRESSION_NODES.has(c.type) && !isExpansionPiece(c.type))
            fail(c, `unsupported shell construct \`${c.type}\` in an expression`);
          pushAll(out, this.collect(c, depth));
      }
    }
    return out;
  }

  /** An arithmetic or `[[ ]]` expression as one word of the expansions it holds. */
  private exprWord(n: Node, depth: number): Word {
    return { pos: n.startIndex, end: n.endIndex, parts: this.collect(n, depth) };
  }
}

/** Named nodes that occur inside `${…}` besides expressions. */
function isExpansionPiece(type: string): boolean {
  return type === "array" || type === "raw_string" || type === "ansi_c_string";
}

function litWord(pos: number, end: number, value: string): Word {
  return { pos, end, parts: value ? [makeLit(value, value, false)] : [] };
}

/** Joins adjacent unquoted literals (tree-sitter splits `{a,b}` into pieces) and marks a leading `~`. */
function mergeLits(w: Word): Word {
  const parts: WordPart[] = [];
  for (const p of w.parts) {
    const last = parts[parts.length - 1];
    if (p.type === "Lit" && last?.type === "Lit" && last.raw && p.raw)
      parts[parts.length - 1] = makeLit(last.value + p.value, last.raw + p.raw, false);
    else parts.push(p);
  }
  const first = parts[0];
  if (first?.type === "Lit" && first.raw.startsWith("~")) first.tilde = true;
  return { pos: w.pos, end: w.end, parts };
}

export function makeLit(value: string, raw: string, tilde: boolean): Lit {
  let glob = false;
  let brace = false;
  if (raw) {
    // Mask escaped characters, then look for pattern characters that the shell would act on.
    const masked = raw.replace(/\\[\s\S]/g, "\0\0");
    glob = /[*?[]/.test(masked);
    brace = /\{[^{}]*(,|\.\.)[^{}]*\}/.test(masked);
  }
  return { type: "Lit", value, glob, brace, tilde, raw };
}

/** Backslash removal in unquoted text (`\<newline>` is a line continuation). */
function removeBackslashes(raw: string): string {
  return raw.replace(/\\(\n|[\s\S]?)/g, (_, c: string) => (c === "\n" ? "" : c || "\\"));
}

/** Backslash removal inside double quotes: only before `$`, backquote, `"`, `\` and newline. */
function unescapeDq(raw: string): string {
  return raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
}

/** The value of a word made only of one unquoted literal (no expansions, no quotes). */
export function plainLit(w: Word): string | undefined {
  if (w.parts.length === 1 && w.parts[0].type === "Lit") return w.parts[0].value;
  return undefined;
}

/** Decodes the body of `$'…'` (ANSI-C escapes). */
export function decodeAnsiC(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      out += s[i];
      continue;
    }
    const [ch, len] = decodeAnsiEscape(s, i + 1);
    out += ch;
    i += len;
  }
  return out;
}

/** Decodes one ANSI-C escape starting after the backslash; returns [text, consumed length]. */
function decodeAnsiEscape(s: string, at: number): [string, number] {
  const c = s[at];
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    a: "\x07",
    b: "\b",
    e: "\x1b",
    E: "\x1b",
    f: "\f",
    v: "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
  };
  if (c === undefined) return ["\\", 0];
  if (c in simple) return [simple[c], 1];
  const hex = (re: RegExp, from: number): [string, number] | undefined => {
    const m = re.exec(s.slice(from));
    if (!m) return undefined;
    const cp = Number.parseInt(m[0], 16);
    return [cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd", 1 + m[0].length];
  };
  if (c === "x") {
    const r = hex(/^[0-9a-fA-F]{1,2}/, at + 1);
    if (r) return r;
  }
  if (c === "u") {
    const r = hex(/^[0-9a-fA-F]{1,4}/, at + 1);
    if (r) return r;
  }
  if (c === "U") {
    const r = hex(/^[0-9a-fA-F]{1,8}/, at + 1);
    if (r) return r;
  }
  const oct = /^[0-7]{1,3}/.exec(s.slice(at, at + 3));
  if (oct) return [String.fromCodePoint(Number.parseInt(oct[0], 8) & 0xff), oct[0].length];
  if (c === "c" && s[at + 1] !== undefined) return [String.fromCharCode(s.charCodeAt(at + 1) & 0x1f), 2];
  return [`\\${c}`, 1];
}

/** Appends without spreading (a word of 100,000 parts would overflow the argument limit). */
function pushAll<T>(to: T[], items: T[]): void {
  for (const x of items) to.push(x);
}
