// The tree-sitter-bash adapter: trees of tricky inputs, and syntax errors that must fail closed.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { checkCommand } from "../../src/guard/check.js";
import type { CallExpr, DblQuoted, Stmt, Word } from "../../src/guard/shell/ast.js";
import { loadShellParser, parseShell, ShellSyntaxError } from "../../src/guard/shell/tree-sitter.js";

before(() => loadShellParser());

function call(s: Stmt): CallExpr {
  assert.equal(s.cmd?.type, "CallExpr");
  return s.cmd as CallExpr;
}

/** The shell's value of a word without expansions. */
function value(w: Word): string {
  return w.parts
    .map((p) => {
      if (p.type === "Lit" || p.type === "SglQuoted") return p.value;
      if (p.type === "DblQuoted")
        return (p as DblQuoted).parts.map((q) => (q.type === "Lit" ? q.value : "?")).join("");
      return "?";
    })
    .join("");
}

describe("tree-sitter-bash adapter", () => {
  it("unquotes every quoting form to the shell's value", () => {
    const s = parseShell(`echo 'a b' "c\\"d\\$e" $'x\\x41\\ty' f\\ g h"i"'j' $"k" \\
  l`);
    assert.equal(s.stmts.length, 1);
    assert.deepEqual(call(s.stmts[0]).args.map(value), [
      "echo",
      "a b",
      'c"d$e',
      "xA\ty",
      "f g",
      "hij",
      "k",
      "l",
    ]);
  });

  it("keeps brace, glob and tilde marks on unquoted literals only", () => {
    const [w1, w2, w3, w4] = call(parseShell(`x {a,b} '*' ~/f *.tf`).stmts[0]).args.slice(1);
    assert.equal(w1.parts[0].type === "Lit" && w1.parts[0].brace, true);
    assert.equal(w2.parts[0].type, "SglQuoted");
    assert.equal(w3.parts[0].type === "Lit" && w3.parts[0].tilde, true);
    assert.equal(w4.parts[0].type === "Lit" && w4.parts[0].glob, true);
  });

  it("reads `{` glued to a word at command position as brace expansion, not a group", () => {
    const w = call(parseShell("{terraform,destroy}").stmts[0]).args[0];
    assert.equal(w.parts[0].type === "Lit" && w.parts[0].raw, "{terraform,destroy}");
  });

  it("binds pipes tighter than && / || (tree-sitter-bash nests them the other way)", () => {
    const s = parseShell("a | b && c").stmts[0];
    assert.equal(s.cmd?.type, "BinaryCmd");
    const top = s.cmd as Extract<Stmt["cmd"], { type: "BinaryCmd" }>;
    assert.equal(top.op, "&&");
    assert.equal(top.x.cmd?.type === "BinaryCmd" && top.x.cmd.op, "|");
  });

  it("moves commands after a here-document operator behind the statement", () => {
    const s = parseShell("cat <<EOF | psql prod\nDROP TABLE users;\nEOF").stmts[0];
    assert.equal(s.cmd?.type, "BinaryCmd");
    const b = s.cmd as Extract<Stmt["cmd"], { type: "BinaryCmd" }>;
    assert.equal(b.op, "|");
    assert.equal(b.x.redirs[0].hdoc?.body, "DROP TABLE users;\n");
    assert.equal(value(call(b.y).args[1]), "prod");
  });

  it("strips tabs in <<- bodies and marks quoted delimiters", () => {
    const r = parseShell("cat <<-'E'\n\tone $x\n\tE").stmts[0].redirs[0];
    assert.deepEqual(r.hdoc, { body: "one $x\n", quoted: true, parts: [] });
  });

  it("finds command substitutions in parameter defaults, arithmetic, [[ ]] and here-documents", () => {
    const s = parseShell(
      ['echo "$' + '{x:-$(a)}" $(( $(b) + 1 ))', "[[ $(c) ]]", "cat <<E\n$(d)\nE"].join("; "),
    );
    const kinds = JSON.stringify(s.stmts).match(/"CmdSubst"/g)?.length;
    assert.equal(kinds, 4);
  });

  it("maps compound commands", () => {
    const s = parseShell(
      "if a; then b; elif c; then d; else e; fi; while x; do y; done; until u; do v; done; for i in 1 2; do z; done; case $q in a|b) p;; esac; f() { g; }; (h); { k; } &",
    );
    assert.deepEqual(
      s.stmts.map((t) => (t.cmd?.type === "Compound" ? `${t.cmd.kind}:${t.cmd.bodies.length}` : t.cmd?.type)),
      ["if:5", "while:2", "until:2", "for:1", "case:1", "FuncDecl", "Subshell", "Block"],
    );
    assert.equal(s.stmts[7].background, true);
  });

  it("parses assignments, arrays and declarations", () => {
    const s = parseShell("A=1 B=(x y) C+=z cmd; export TF_CLI_ARGS=-destroy; declare -a arr=(1 2)");
    const c = call(s.stmts[0]);
    assert.deepEqual(
      c.assigns.map((a) => [a.name, a.append, a.value && value(a.value), a.array?.map(value)]),
      [
        ["A", false, "1", undefined],
        ["B", false, undefined, ["x", "y"]],
        ["C", true, "z", undefined],
      ],
    );
    assert.deepEqual(call(s.stmts[1]).args.map(value), ["export", "TF_CLI_ARGS=-destroy"]);
    assert.deepEqual(call(s.stmts[2]).args.map(value), ["declare", "-a", "arr=", "1", "2"]);
  });

  for (const bad of [
    "echo 'unclosed",
    'echo "unclosed',
    "a && ",
    "if a; then b",
    "echo \\$(x)",
    "cat <<EOF && x; y\nEOF\n",
    "cat <<EOF\n`rm -rf /`\nEOF",
    "(a",
    "a | | b",
  ]) {
    it(`fails closed on ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseShell(bad), ShellSyntaxError);
    });
  }

  it("a command that cannot be parsed is denied", async () => {
    const r = await checkCommand("echo \\$(terraform destroy)", { skipApprovals: true });
    assert.equal(r.verdict, "deny");
    assert.match(r.reason, /cannot be resolved statically: cannot parse/);
  });
});
