// Syntax tree of a shell command line as the guard walks it (Script → Stmt → Command → Word → WordPart),
// built from tree-sitter-bash's concrete syntax tree by tree-sitter.ts. Offsets are indices into the parsed
// JavaScript string.

export interface Script {
  stmts: Stmt[];
  /** Source text the offsets refer to. */
  text: string;
}

export interface Stmt {
  type: "Stmt";
  pos: number;
  end: number;
  cmd: Command | null;
  redirs: Redirect[];
  negated: boolean;
  background: boolean;
}

export type Command = CallExpr | BinaryCmd | Subshell | Block | Compound | FuncDecl | ExprCmd;

/** A simple command: `A=1 B=2 cmd arg…` (a command with only assignments has no args). */
export interface CallExpr {
  type: "CallExpr";
  assigns: Assign[];
  args: Word[];
}

export interface Assign {
  name: string;
  append: boolean;
  /** Scalar value (absent for `X=`). */
  value?: Word;
  /** Array value `X=(a b c)`. */
  array?: Word[];
}

/** `x && y`, `x || y`, `x | y`, `x |& y`. */
export interface BinaryCmd {
  type: "BinaryCmd";
  op: "&&" | "||" | "|" | "|&";
  x: Stmt;
  y: Stmt;
}

export interface Subshell {
  type: "Subshell";
  stmts: Stmt[];
}

export interface Block {
  type: "Block";
  stmts: Stmt[];
}

/** if / while / until / for / select / case: every statement list it holds and every word it evaluates. */
export interface Compound {
  type: "Compound";
  kind: "if" | "while" | "until" | "for" | "select" | "case";
  bodies: Stmt[][];
  words: Word[];
}

export interface FuncDecl {
  type: "FuncDecl";
  name: string;
  body: Stmt;
}

/** `(( arithmetic ))` and `[[ test ]]`: evaluated, not executed, but may hold command substitutions. */
export interface ExprCmd {
  type: "ExprCmd";
  kind: "arithmetic" | "test";
  words: Word[];
}

export interface Word {
  pos: number;
  end: number;
  parts: WordPart[];
}

export type WordPart = Lit | SglQuoted | DblQuoted | ParamExp | CmdSubst | ArithmExp | ProcSubst;

/** Unquoted text after backslash removal. `glob`/`brace` mark unescaped pattern characters. */
export interface Lit {
  type: "Lit";
  value: string;
  /** Unescaped `*`, `?` or `[` (pathname expansion may change the word). */
  glob: boolean;
  /** Unescaped `{` … `}` with `,` or `..` (brace expansion may split the word). */
  brace: boolean;
  /** Starts with an unquoted `~` (tilde expansion). */
  tilde: boolean;
  /** The unquoted source text (escapes kept), for brace expansion. */
  raw: string;
}

export interface SglQuoted {
  type: "SglQuoted";
  value: string;
  /** `$'…'` (ANSI-C escapes already decoded into value). */
  dollar: boolean;
}

export interface DblQuoted {
  type: "DblQuoted";
  parts: WordPart[];
}

/** `$x`, `${x}`, `${x:-…}`, `$@`…; `nested` holds anything executable inside the braces. */
export interface ParamExp {
  type: "ParamExp";
  name: string;
  text: string;
  nested: WordPart[];
}

export interface CmdSubst {
  type: "CmdSubst";
  stmts: Stmt[];
  backquote: boolean;
}

export interface ArithmExp {
  type: "ArithmExp";
  text: string;
  nested: WordPart[];
}

export interface ProcSubst {
  type: "ProcSubst";
  op: "<(" | ">(";
  stmts: Stmt[];
}

export interface Redirect {
  pos: number;
  op: string;
  /** File descriptor number or `{var}` before the operator. */
  n?: string;
  word: Word;
  /** Here-document body (for `<<` and `<<-`). */
  hdoc?: HereDoc;
}

export interface HereDoc {
  /** Body text as the command reads it when `quoted` (no expansion); otherwise the raw body. */
  body: string;
  /** Delimiter was quoted: the body is taken literally. */
  quoted: boolean;
  /** Expansions inside an unquoted body. */
  parts: WordPart[];
}
