// A parser for the bash command language (the subset agents write on one command line or in short scripts):
// lists, pipelines, && / ||, subshells, blocks, if/while/until/for/select/case, functions, [[ ]], (( )),
// redirections incl. here-documents and here-strings, assignments and arrays, every quoting form, parameter
// expansion, command and process substitution, arithmetic expansion. Anything it does not understand is a
// ShellSyntaxError: the guard treats that as "cannot be resolved" and denies.
//
// sh-syntax (mvdan/sh in WebAssembly) exposes only top-level statement positions, not a walkable tree, so
// the guard walks this tree and cross-checks its statements against mvdan/sh (see mvdan-check.ts).
import type {
  Assign,
  Command,
  Compound,
  DblQuoted,
  ExprCmd,
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
const META = new Set([" ", "\t", "\n", "|", "&", ";", "(", ")", "<", ">"]);
const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "do",
  "done",
  "case",
  "esac",
  "while",
  "until",
  "for",
  "select",
  "in",
  "function",
  "time",
  "{",
  "}",
  "!",
  "[[",
  "]]",
]);
const ENDERS = new Set(["then", "elif", "else", "fi", "do", "done", "esac", "}", "]]"]);
const REDIRECT_RE = /^(\d+|\{[A-Za-z_][A-Za-z0-9_]*\})?(&>>|&>|<<<|<<-|<<|>>|<>|<&|>&|>\||<|>)/;
const ASSIGN_RE = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/;

interface PendingHeredoc {
  redir: Redirect;
  delim: string;
  quoted: boolean;
  strip: boolean;
}

/** Parses a complete command line / script. Throws ShellSyntaxError. */
export function parseShell(text: string, depth = 0): Script {
  const p = new Parser(text, depth);
  return { stmts: p.parseScript(), text };
}

/** Parses text where only `$…`, backquotes and backslashes are special (here-document bodies, arithmetic). */
export function parseTextParts(text: string, depth = 0): WordPart[] {
  return new Parser(text, depth).readTextParts();
}

class Parser {
  private i = 0;
  private pending: PendingHeredoc[] = [];

  constructor(
    private readonly s: string,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new ShellSyntaxError("command nests too deeply to inspect", 0);
  }

  private fail(msg: string, at = this.i): never {
    throw new ShellSyntaxError(msg, at);
  }

  parseScript(): Stmt[] {
    const stmts = this.parseList(() => false);
    this.skipBlanks();
    if (this.i < this.s.length) this.fail(`unexpected \`${this.s[this.i]}\``);
    if (this.pending.length) this.fail(`here-document \`${this.pending[0].delim}\` has no body`);
    return stmts;
  }

  // ---- lexical helpers -------------------------------------------------------------------------------

  private skipBlanks(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === " " || c === "\t" || c === "\r") this.i++;
      else if (c === "\\" && s[this.i + 1] === "\n") this.i += 2;
      else if (c === "#") {
        while (this.i < s.length && s[this.i] !== "\n") this.i++;
      } else return;
    }
  }

  /** Skips blanks, comments and newlines (reading here-document bodies at each newline). */
  private skipNewlines(): void {
    for (;;) {
      this.skipBlanks();
      if (this.s[this.i] === "\n") {
        this.i++;
        this.readPendingHeredocs();
      } else return;
    }
  }

  private startsWith(op: string): boolean {
    return this.s.startsWith(op, this.i);
  }

  /** A plain unquoted word at the cursor, without consuming it (for reserved-word checks). */
  private peekPlainWord(): string | undefined {
    const s = this.s;
    let j = this.i;
    while (j < s.length && !META.has(s[j]) && !"'\"`$\\".includes(s[j])) j++;
    if (j === this.i) return undefined;
    if (j < s.length && !META.has(s[j])) return undefined;
    return s.slice(this.i, j);
  }

  private peekReserved(): string | undefined {
    const w = this.peekPlainWord();
    return w && RESERVED.has(w) ? w : undefined;
  }

  private expectReserved(word: string): void {
    this.skipNewlines();
    if (this.peekReserved() !== word) this.fail(`expected \`${word}\``);
    this.i += word.length;
  }

  // ---- statement lists -------------------------------------------------------------------------------

  private parseList(stop: () => boolean): Stmt[] {
    const stmts: Stmt[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.i >= this.s.length || stop()) break;
      const stmt = this.parseAndOr();
      if (!stmt) {
        if (stop()) break;
        const r = this.peekReserved();
        this.fail(r ? `unexpected \`${r}\`` : `unexpected \`${this.s[this.i] ?? "end of input"}\``);
      }
      stmts.push(stmt);
      this.skipBlanks();
      const c = this.s[this.i];
      if (c === ";" && !this.startsWith(";;") && !this.startsWith(";&")) this.i++;
      else if (c === "&" && !this.startsWith("&&") && !this.startsWith("&>")) {
        stmt.background = true;
        this.i++;
      } else if (c === "\n") {
        this.i++;
        this.readPendingHeredocs();
      } else if (this.i >= this.s.length || stop()) break;
      else this.fail(`unexpected \`${c}\``);
    }
    return stmts;
  }

  private parseAndOr(): Stmt | null {
    let left = this.parsePipeline();
    if (!left) return null;
    for (;;) {
      this.skipBlanks();
      const op = this.startsWith("&&") ? "&&" : this.startsWith("||") ? "||" : undefined;
      if (!op) return left;
      this.i += 2;
      this.skipNewlines();
      const right = this.parsePipeline();
      if (!right) this.fail(`\`${op}\` must be followed by a command`);
      left = this.binary(op, left, right);
    }
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

  private parsePipeline(): Stmt | null {
    this.skipBlanks();
    const pos = this.i;
    let negated = false;
    let timed = false;
    for (;;) {
      const r = this.peekReserved();
      if (r === "!") {
        negated = !negated;
        this.i++;
      } else if (r === "time") {
        timed = true;
        this.i += 4;
        this.skipBlanks();
        if (this.peekPlainWord() === "-p") this.i += 2;
      } else break;
      this.skipBlanks();
    }
    let left = this.parseCommandStmt();
    if (!left) {
      if (negated || timed) {
        if (timed && !negated) return this.emptyStmt(pos);
        this.fail("`!` must be followed by a command");
      }
      return null;
    }
    for (;;) {
      this.skipBlanks();
      let op: "|" | "|&" | undefined;
      if (this.startsWith("|&")) op = "|&";
      else if (this.startsWith("|") && !this.startsWith("||")) op = "|";
      if (!op) break;
      this.i += op.length;
      this.skipNewlines();
      const right = this.parseCommandStmt();
      if (!right) this.fail(`\`${op}\` must be followed by a command`);
      left = this.binary(op, left, right);
    }
    if (negated || timed) {
      if (left.cmd?.type === "BinaryCmd" || left.negated) {
        left = {
          type: "Stmt",
          pos,
          end: left.end,
          cmd: { type: "Block", stmts: [left] },
          redirs: [],
          negated,
          background: false,
        };
      } else {
        left.negated = negated;
        left.pos = pos;
      }
    }
    return left;
  }

  private emptyStmt(pos: number): Stmt {
    return { type: "Stmt", pos, end: this.i, cmd: null, redirs: [], negated: false, background: false };
  }

  private parseCommandStmt(): Stmt | null {
    this.skipBlanks();
    const pos = this.i;
    const c = this.s[this.i];
    if (c === undefined || c === ";" || c === "&" || c === "|" || c === ")" || c === "\n") return null;
    let cmd: Command | null = null;
    const reserved = this.peekReserved();
    if (c === "(") {
      if (this.s[this.i + 1] === "(") cmd = this.parseArithCmd();
      else {
        this.i++;
        const stmts = this.parseList(() => this.s[this.i] === ")");
        if (this.s[this.i] !== ")") this.fail("missing `)` to close the subshell", pos);
        this.i++;
        cmd = { type: "Subshell", stmts };
      }
    } else if (reserved) {
      if (ENDERS.has(reserved) || reserved === "in") return null;
      switch (reserved) {
        case "{": {
          this.i++;
          const stmts = this.parseList(() => this.peekReserved() === "}");
          this.expectReserved("}");
          cmd = { type: "Block", stmts };
          break;
        }
        case "if":
          cmd = this.parseIf();
          break;
        case "while":
        case "until":
          cmd = this.parseWhile(reserved);
          break;
        case "for":
        case "select":
          cmd = this.parseFor(reserved);
          break;
        case "case":
          cmd = this.parseCase();
          break;
        case "function":
          cmd = this.parseFunction();
          break;
        case "[[":
          cmd = this.parseTest();
          break;
        default:
          // `!` / `time` in the middle of a pipeline
          this.fail(`unexpected \`${reserved}\``);
      }
    }
    if (cmd) {
      const redirs: Redirect[] = [];
      for (;;) {
        this.skipBlanks();
        const r = this.tryRedirect();
        if (!r) break;
        redirs.push(r);
      }
      return { type: "Stmt", pos, end: this.i, cmd, redirs, negated: false, background: false };
    }
    return this.parseSimple(pos);
  }

  private parseSimple(pos: number): Stmt | null {
    const assigns: Assign[] = [];
    const args: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.i >= this.s.length) break;
      const r = this.tryRedirect();
      if (r) {
        redirs.push(r);
        continue;
      }
      const c = this.s[this.i];
      if (c === "(" && !(args.length > 0 && this.arrayAssignAhead(args[args.length - 1]))) {
        const name =
          args.length === 1 && assigns.length === 0 && redirs.length === 0 ? plainLit(args[0]) : undefined;
        if (name !== undefined && /^[^\s$`'"\\]+$/.test(name)) return this.parseFuncDef(pos, name);
        this.fail("unexpected `(`");
      }
      if (c === ";" || c === "&" || c === "|" || c === ")" || c === "\n") break;
      const w = this.readWord();
      if (!w) this.fail(`unexpected \`${c}\``);
      if (args.length === 0) {
        const a = this.asAssign(w);
        if (a) {
          assigns.push(a);
          continue;
        }
      } else if (this.arrayAssignAhead(w)) {
        args.push(w, ...this.readArrayElems());
        continue;
      }
      args.push(w);
    }
    if (!assigns.length && !args.length && !redirs.length) return null;
    const cmd: Command = { type: "CallExpr", assigns, args };
    return { type: "Stmt", pos, end: this.i, cmd, redirs, negated: false, background: false };
  }

  private arrayAssignAhead(w: Word): boolean {
    if (this.s[this.i] !== "(" || w.end !== this.i) return false;
    const v = plainLit(w);
    return v !== undefined && ASSIGN_RE.test(v) && v.endsWith("=");
  }

  private asAssign(w: Word): Assign | null {
    const first = w.parts[0];
    if (first?.type !== "Lit") return null;
    const m = ASSIGN_RE.exec(first.raw);
    if (!m || m[0].includes("\\")) return null;
    const name = m[1];
    const append = m[3] === "+";
    const restRaw = first.raw.slice(m[0].length);
    const rest: WordPart[] = [];
    if (restRaw.length) rest.push(makeLit(first.value.slice(m[0].length), restRaw, false));
    rest.push(...w.parts.slice(1));
    if (rest.length === 0 && this.s[this.i] === "(" && w.end === this.i) {
      return { name, append, array: this.readArrayElems() };
    }
    return {
      name,
      append,
      value: rest.length ? { pos: w.pos + m[0].length, end: w.end, parts: rest } : undefined,
    };
  }

  private readArrayElems(): Word[] {
    const open = this.i;
    this.i++; // (
    const words: Word[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.s[this.i] === ")") {
        this.i++;
        return words;
      }
      if (this.i >= this.s.length) this.fail("missing `)` to close the array", open);
      const w = this.readWord();
      if (!w) this.fail(`unexpected \`${this.s[this.i]}\` in array`);
      words.push(w);
    }
  }

  private parseFuncDef(pos: number, name: string): Stmt {
    this.i++; // (
    this.skipBlanks();
    if (this.s[this.i] !== ")") this.fail("expected `)` in function definition");
    this.i++;
    this.skipNewlines();
    const body = this.parseCommandStmt();
    if (!body) this.fail(`function \`${name}\` has no body`);
    return {
      type: "Stmt",
      pos,
      end: this.i,
      cmd: { type: "FuncDecl", name, body },
      redirs: [],
      negated: false,
      background: false,
    };
  }

  private parseFunction(): Command {
    this.i += "function".length;
    this.skipBlanks();
    const w = this.readWord();
    const name = w ? plainLit(w) : undefined;
    if (!name) this.fail("function name expected");
    this.skipBlanks();
    if (this.s[this.i] === "(") {
      this.i++;
      this.skipBlanks();
      if (this.s[this.i] !== ")") this.fail("expected `)` in function definition");
      this.i++;
    }
    this.skipNewlines();
    const body = this.parseCommandStmt();
    if (!body) this.fail(`function \`${name}\` has no body`);
    return { type: "FuncDecl", name, body };
  }

  private parseIf(): Compound {
    this.i += 2;
    const bodies: Stmt[][] = [];
    bodies.push(this.parseList(() => this.peekReserved() === "then"));
    this.expectReserved("then");
    const stopElse = () => {
      const r = this.peekReserved();
      return r === "elif" || r === "else" || r === "fi";
    };
    bodies.push(this.parseList(stopElse));
    for (;;) {
      const r = this.peekReserved();
      if (r === "elif") {
        this.i += 4;
        bodies.push(this.parseList(() => this.peekReserved() === "then"));
        this.expectReserved("then");
        bodies.push(this.parseList(stopElse));
      } else if (r === "else") {
        this.i += 4;
        bodies.push(this.parseList(() => this.peekReserved() === "fi"));
      } else break;
    }
    this.expectReserved("fi");
    return { type: "Compound", kind: "if", bodies, words: [] };
  }

  private parseWhile(kind: "while" | "until"): Compound {
    this.i += kind.length;
    const cond = this.parseList(() => this.peekReserved() === "do");
    this.expectReserved("do");
    const body = this.parseList(() => this.peekReserved() === "done");
    this.expectReserved("done");
    return { type: "Compound", kind, bodies: [cond, body], words: [] };
  }

  private parseFor(kind: "for" | "select"): Compound {
    this.i += kind.length;
    this.skipBlanks();
    const words: Word[] = [];
    if (kind === "for" && this.startsWith("((")) {
      words.push(...this.arithWords(this.i + 2, this.findArithEnd(this.i + 2)));
    } else {
      const name = this.readWord();
      if (!name || plainLit(name) === undefined) this.fail(`\`${kind}\` needs a variable name`);
      this.skipNewlines();
      if (this.peekReserved() === "in") {
        this.i += 2;
        for (;;) {
          this.skipBlanks();
          const c = this.s[this.i];
          if (c === ";" || c === "\n" || c === undefined) break;
          const w = this.readWord();
          if (!w) this.fail(`unexpected \`${c}\` in \`${kind}\` list`);
          words.push(w);
        }
      }
    }
    this.skipBlanks();
    if (this.s[this.i] === ";") this.i++;
    this.skipNewlines();
    let body: Stmt[];
    if (this.peekReserved() === "{") {
      this.i++;
      body = this.parseList(() => this.peekReserved() === "}");
      this.expectReserved("}");
    } else {
      this.expectReserved("do");
      body = this.parseList(() => this.peekReserved() === "done");
      this.expectReserved("done");
    }
    return { type: "Compound", kind, bodies: [body], words };
  }

  private parseCase(): Compound {
    this.i += 4;
    this.skipBlanks();
    const subject = this.readWord();
    if (!subject) this.fail("`case` needs a word");
    const words: Word[] = [subject];
    const bodies: Stmt[][] = [];
    this.expectReserved("in");
    for (;;) {
      this.skipNewlines();
      if (this.peekReserved() === "esac") {
        this.i += 4;
        break;
      }
      if (this.i >= this.s.length) this.fail("missing `esac`");
      if (this.s[this.i] === "(") this.i++;
      for (;;) {
        this.skipBlanks();
        const w = this.readWord();
        if (!w) this.fail("case pattern expected");
        words.push(w);
        this.skipBlanks();
        if (this.s[this.i] === "|") {
          this.i++;
          continue;
        }
        if (this.s[this.i] !== ")") this.fail("expected `)` after case pattern");
        this.i++;
        break;
      }
      bodies.push(
        this.parseList(
          () => this.startsWith(";;") || this.startsWith(";&") || this.peekReserved() === "esac",
        ),
      );
      this.skipBlanks();
      if (this.startsWith(";;&")) this.i += 3;
      else if (this.startsWith(";;") || this.startsWith(";&")) this.i += 2;
    }
    return { type: "Compound", kind: "case", bodies, words };
  }

  private parseTest(): ExprCmd {
    this.i += 2;
    const words: Word[] = [];
    let prev = "";
    for (;;) {
      this.skipNewlines();
      if (this.i >= this.s.length) this.fail("missing `]]`");
      if (this.peekReserved() === "]]") {
        this.i += 2;
        break;
      }
      const op = ["&&", "||", "(", ")", "!", "<", ">"].find((o) => this.startsWith(o));
      if (op) {
        this.i += op.length;
        prev = op;
        continue;
      }
      if (prev === "=~") {
        // regex operand: read up to the next blank at parenthesis depth 0
        const start = this.i;
        let depthP = 0;
        while (this.i < this.s.length) {
          const c = this.s[this.i];
          if (c === "\\") {
            this.i += 2;
            continue;
          }
          if (c === "(") depthP++;
          else if (c === ")") {
            if (depthP === 0) break;
            depthP--;
          } else if ((c === " " || c === "\t" || c === "\n") && depthP === 0) break;
          this.i++;
        }
        words.push(...this.arithWords(start, this.i));
        prev = "";
        continue;
      }
      const w = this.readWord();
      if (!w) this.fail(`unexpected \`${this.s[this.i]}\` in [[ ]]`);
      words.push(w);
      prev = plainLit(w) ?? "";
    }
    return { type: "ExprCmd", kind: "test", words };
  }

  private parseArithCmd(): ExprCmd {
    const start = this.i + 2;
    const end = this.findArithEnd(start);
    return { type: "ExprCmd", kind: "arithmetic", words: this.arithWords(start, end) };
  }

  /** Index of the `))` closing an arithmetic expression whose text starts at `start`. */
  private findArithEnd(start: number): number {
    let depthP = 0;
    for (let j = start; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === "\\") j++;
      else if (c === "(") depthP++;
      else if (c === ")") {
        if (depthP === 0) {
          if (this.s[j + 1] !== ")") this.fail("expected `))`", j);
          return j;
        }
        depthP--;
      }
    }
    return this.fail("missing `))`", start);
  }

  /** Text from start to end as one word of expansions (arithmetic); moves the cursor past `))`. */
  private arithWords(start: number, end: number): Word[] {
    const text = this.s.slice(start, end);
    const parts = parseTextParts(text, this.depth + 1);
    this.i = this.s.startsWith("))", end) ? end + 2 : end;
    return [{ pos: start, end, parts }];
  }

  // ---- redirections and here-documents ---------------------------------------------------------------

  private tryRedirect(): Redirect | null {
    const m = REDIRECT_RE.exec(this.s.slice(this.i, this.i + 40));
    if (!m) return null;
    const [all, n, op] = m;
    if ((op === "<" || op === ">") && this.s[this.i + all.length] === "(") return null; // process substitution
    if (n && op.startsWith("&")) return null;
    const pos = this.i;
    this.i += all.length;
    this.skipBlanks();
    const word = this.readWord();
    if (!word) this.fail(`\`${op}\` must be followed by a word`, pos);
    const redir: Redirect = { pos, op, word };
    if (n) redir.n = n;
    if (op === "<<" || op === "<<-") {
      let delim = "";
      let quoted = false;
      for (const p of word.parts) {
        if (p.type === "Lit") {
          delim += p.value;
          if (p.raw.includes("\\")) quoted = true;
        } else if (p.type === "SglQuoted") {
          delim += p.value;
          quoted = true;
        } else if (p.type === "DblQuoted") {
          quoted = true;
          for (const q of p.parts) {
            if (q.type === "Lit") delim += q.value;
            else this.fail("here-document delimiter must be a plain word", pos);
          }
        } else this.fail("here-document delimiter must be a plain word", pos);
      }
      this.pending.push({ redir, delim, quoted, strip: op === "<<-" });
    }
    return redir;
  }

  private readPendingHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      let body = "";
      let closed = false;
      while (this.i < this.s.length) {
        let nl = this.s.indexOf("\n", this.i);
        if (nl < 0) nl = this.s.length;
        let line = this.s.slice(this.i, nl);
        this.i = Math.min(nl + 1, this.s.length);
        if (h.strip) line = line.replace(/^\t+/, "");
        if (line === h.delim) {
          closed = true;
          break;
        }
        body += `${line}\n`;
      }
      if (!closed) this.fail(`here-document \`${h.delim}\` is not closed`, h.redir.pos);
      const hdoc: HereDoc = { body, quoted: h.quoted, parts: [] };
      if (!h.quoted) hdoc.parts = parseTextParts(body, this.depth + 1);
      h.redir.hdoc = hdoc;
    }
  }

  // ---- words -----------------------------------------------------------------------------------------

  private readWord(): Word | null {
    const s = this.s;
    const pos = this.i;
    const parts: WordPart[] = [];
    let lit = "";
    let raw = "";
    const flush = () => {
      if (raw.length) parts.push(makeLit(lit, raw, parts.length === 0 && raw.startsWith("~")));
      lit = "";
      raw = "";
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (META.has(c)) {
        if ((c === "<" || c === ">") && s[this.i + 1] === "(" && parts.length === 0 && raw === "") {
          const op = c === "<" ? "<(" : ">(";
          this.i += 2;
          const stmts = this.parseList(() => this.s[this.i] === ")");
          if (s[this.i] !== ")") this.fail("missing `)` to close the process substitution", pos);
          this.i++;
          parts.push({ type: "ProcSubst", op, stmts });
          continue;
        }
        break;
      }
      if (c === "\\") {
        if (s[this.i + 1] === "\n") {
          this.i += 2;
          continue;
        }
        if (this.i + 1 >= s.length) {
          lit += "\\";
          raw += "\\";
          this.i++;
          continue;
        }
        lit += s[this.i + 1];
        raw += c + s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) this.fail("unclosed single quote", this.i);
        parts.push({ type: "SglQuoted", value: s.slice(this.i + 1, end), dollar: false });
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        flush();
        parts.push(this.readDblQuoted());
        continue;
      }
      if (c === "$") {
        const part = this.readDollar(false);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
        lit += "$";
        raw += "$";
        this.i++;
        continue;
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote());
        continue;
      }
      lit += c;
      raw += c;
      this.i++;
    }
    flush();
    if (this.i === pos) return null;
    return { pos, end: this.i, parts };
  }

  private readDblQuoted(): DblQuoted {
    const s = this.s;
    const open = this.i;
    this.i++;
    const parts: WordPart[] = [];
    let lit = "";
    const flush = () => {
      if (lit.length) parts.push(makeLit(lit, "", false));
      lit = "";
    };
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail("unclosed double quote", open);
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === "\\") {
        const n = s[this.i + 1];
        if (n === "\n") this.i += 2;
        else if (n === "$" || n === "`" || n === '"' || n === "\\") {
          lit += n;
          this.i += 2;
        } else {
          lit += "\\";
          this.i++;
        }
        continue;
      }
      if (c === "$") {
        const part = this.readDollar(true);
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += "$";
          this.i++;
        }
        continue;
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote());
        continue;
      }
      lit += c;
      this.i++;
    }
    flush();
    return { type: "DblQuoted", parts };
  }

  /** Reads a `$` construct at the cursor; returns null (cursor unchanged) for a literal `$`. */
  private readDollar(inDq: boolean): WordPart | null {
    const s = this.s;
    const start = this.i;
    const n = s[this.i + 1];
    if (n === "'" && !inDq) {
      this.i += 2;
      let value = "";
      for (;;) {
        const c = s[this.i];
        if (c === undefined) this.fail("unclosed $'…' quote", start);
        if (c === "'") {
          this.i++;
          break;
        }
        if (c === "\\") {
          const [ch, len] = decodeAnsiEscape(s, this.i + 1);
          value += ch;
          this.i += 1 + len;
          continue;
        }
        value += c;
        this.i++;
      }
      return { type: "SglQuoted", value, dollar: true };
    }
    if (n === '"' && !inDq) {
      this.i++;
      return this.readDblQuoted();
    }
    if (n === "(") {
      if (s[this.i + 2] === "(") {
        const end = this.tryFindArithEnd(this.i + 3);
        if (end >= 0) {
          const text = s.slice(this.i + 3, end);
          this.i = end + 2;
          return { type: "ArithmExp", text, nested: parseTextParts(text, this.depth + 1) };
        }
      }
      this.i += 2;
      const stmts = this.parseList(() => this.s[this.i] === ")");
      if (s[this.i] !== ")") this.fail("missing `)` to close the command substitution", start);
      this.i++;
      return { type: "CmdSubst", stmts, backquote: false };
    }
    if (n === "[") {
      const end = s.indexOf("]", this.i + 2);
      if (end < 0) this.fail("missing `]`", start);
      const text = s.slice(this.i + 2, end);
      this.i = end + 1;
      return { type: "ArithmExp", text, nested: parseTextParts(text, this.depth + 1) };
    }
    if (n === "{") return this.readParamBraces();
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      let j = this.i + 1;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j])) j++;
      const name = s.slice(this.i + 1, j);
      this.i = j;
      return { type: "ParamExp", name, text: name, nested: [] };
    }
    if (n !== undefined && /[0-9@*#?$!-]/.test(n)) {
      this.i += 2;
      return { type: "ParamExp", name: n, text: n, nested: [] };
    }
    return null;
  }

  private tryFindArithEnd(start: number): number {
    let depthP = 0;
    for (let j = start; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === "\\") j++;
      else if (c === "(") depthP++;
      else if (c === ")") {
        if (depthP === 0) return this.s[j + 1] === ")" ? j : -1;
        depthP--;
      }
    }
    return -1;
  }

  private readParamBraces(): ParamExp {
    const s = this.s;
    const start = this.i;
    this.i += 2;
    const nested: WordPart[] = [];
    let text = "";
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail("missing `}` to close the parameter expansion", start);
      if (c === "}") {
        this.i++;
        break;
      }
      if (c === "\\") {
        text += s.slice(this.i, this.i + 2);
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) this.fail("unclosed single quote", this.i);
        text += s.slice(this.i, end + 1);
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        const from = this.i;
        nested.push(this.readDblQuoted());
        text += s.slice(from, this.i);
        continue;
      }
      if (c === "$" || c === "`") {
        const from = this.i;
        const part = c === "$" ? this.readDollar(false) : this.readBackquote();
        if (part) {
          nested.push(part);
          text += s.slice(from, this.i);
          continue;
        }
      }
      text += c;
      this.i++;
    }
    const m = /^[!#]?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/.exec(text);
    return { type: "ParamExp", name: m ? m[1] : text, text, nested };
  }

  private readBackquote() {
    const s = this.s;
    const open = this.i;
    this.i++;
    let inner = "";
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail("unclosed backquote", open);
      if (c === "`") {
        this.i++;
        break;
      }
      if (c === "\\" && (s[this.i + 1] === "$" || s[this.i + 1] === "`" || s[this.i + 1] === "\\")) {
        inner += s[this.i + 1];
        this.i += 2;
        continue;
      }
      inner += c;
      this.i++;
    }
    const script = parseShell(inner, this.depth + 1);
    return { type: "CmdSubst" as const, stmts: script.stmts, backquote: true };
  }

  /** Whole input as parts where only `$`, backquote and backslash are special. */
  readTextParts(): WordPart[] {
    const s = this.s;
    const parts: WordPart[] = [];
    let lit = "";
    const flush = () => {
      if (lit.length) parts.push(makeLit(lit, "", false));
      lit = "";
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === "\\" && (s[this.i + 1] === "$" || s[this.i + 1] === "`" || s[this.i + 1] === "\\")) {
        lit += s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === "$") {
        const part = this.readDollar(true);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote());
        continue;
      }
      lit += c;
      this.i++;
    }
    flush();
    return parts;
  }
}

function makeLit(value: string, raw: string, tilde: boolean): Lit {
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

/** The value of a word made only of one unquoted literal (no expansions, no quotes). */
export function plainLit(w: Word): string | undefined {
  if (w.parts.length === 1 && w.parts[0].type === "Lit") return w.parts[0].value;
  return undefined;
}

/** Decodes one ANSI-C escape (`$'…'`) starting after the backslash; returns [text, consumed length]. */
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
