// Walks the syntax tree of a command line and finds every operation it would perform with a catalogued
// tool: through pipelines, lists, subshells, substitutions, loops, functions, redirections, wrappers
// (sudo, env, xargs, find -exec, watch, ssh…), nested shells (`bash -c`, here-documents, piped text),
// interpreter one-liners, eval, and shell scripts it runs. What cannot be resolved statically but could
// hide an operation is recorded as unresolved.
import { readFileSync, statSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import { stateReason } from "./catalog/files.js";
import { lookupTool } from "./catalog/index.js";
import { appliedPath, classifyWithRules, splitArgs } from "./catalog/match.js";
import type { Arg, Classified, ClassifyHelpers, Invocation, StdinSource } from "./catalog/types.js";
import { CONTAINER_CLIS, containerCommand } from "./containers.js";
import { inspectCode, lookupInterpreter } from "./interpreters.js";
import type { Command, Redirect, Script, Stmt, Word, WordPart } from "./shell/ast.js";
import { parseShell, ShellSyntaxError } from "./shell/tree-sitter.js";
import type { Operation, Unresolved } from "./types.js";
import { lookupWrapper, PACKAGE_BINARIES, SHELLS, type WrapperSpec } from "./wrappers.js";

const MAX_NESTING = 12;
const MAX_SCRIPT_BYTES = 512 * 1024;
/**
 * Everything parsed for one command line (the line, nested `bash -c` strings, scripts, here-documents): more
 * is denied rather than inspected slowly — a hook that runs past its timeout must not let a command through.
 */
const MAX_TOTAL_BYTES = 2 * 1024 * 1024;
const TIME_BUDGET_MS = 10_000;
const UNKNOWN_INPUT: Arg = { text: "(items from standard input)", literal: false, splits: true, glob: false };

export interface WalkOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

export class CommandWalker {
  readonly operations: Operation[] = [];
  readonly unresolved: Unresolved[] = [];
  private readonly env: Record<string, Arg> = {};
  private depth = 0;
  private parsedBytes = 0;
  private readonly deadline = Date.now() + TIME_BUDGET_MS;
  private outOfBudget = false;
  /** Aliases defined on the command line (`alias t=terraform` … `t destroy`). */
  private readonly aliases = new Map<string, string>();
  /** Plan files written on this line by `plan -out=F` → whether that plan destroys or replaces. */
  private readonly writtenPlans = new Map<string, boolean>();

  constructor(private readonly opts: WalkOptions = {}) {
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v !== undefined && /^TF_CLI_ARGS/.test(k))
        this.env[k] = { text: v, literal: true, splits: false, glob: false };
    }
  }

  /** Parses and walks a command line (the shell parser must be loaded: `loadShellParser()`). */
  walkText(text: string, via: string[], stdin: StdinSource = { kind: "none" }): void {
    if (this.depth > MAX_NESTING) {
      this.unresolve("commands nest too deeply to inspect", via);
      return;
    }
    this.parsedBytes += text.length;
    if (this.parsedBytes > MAX_TOTAL_BYTES || Date.now() > this.deadline) {
      if (!this.outOfBudget)
        this.unresolve(
          `the command is too large to inspect in time (${this.parsedBytes > MAX_TOTAL_BYTES ? `over ${MAX_TOTAL_BYTES} characters to parse` : `over ${TIME_BUDGET_MS / 1000} s`})`,
          via,
        );
      this.outOfBudget = true;
      return;
    }
    const bad = suspiciousCharacters(text);
    if (bad) {
      this.unresolve(bad, via);
      return;
    }
    let script: Script;
    try {
      script = parseShell(text);
    } catch (err) {
      if (err instanceof ShellSyntaxError) {
        this.unresolve(
          `cannot parse ${via.length ? `the command run by ${via[via.length - 1]}` : "the command"}: ${err.message}`,
          via,
        );
        return;
      }
      throw err;
    }
    this.collectEnv(script.stmts);
    this.depth++;
    try {
      for (const s of script.stmts) this.walkStmt(s, via, stdin);
    } finally {
      this.depth--;
    }
  }

  private unresolve(reason: string, via: string[], command?: string): void {
    const u: Unresolved = { reason };
    if (command) u.command = command;
    if (via.length) u.via = [...via];
    this.unresolved.push(u);
  }

  /** TF_CLI_ARGS* assigned anywhere on the command line (prefix, export, env) apply to every terraform. */
  private collectEnv(stmts: Stmt[]): void {
    const visit = (s: Stmt) => {
      const c = s.cmd;
      if (!c) return;
      if (c.type === "CallExpr") {
        for (const a of c.assigns)
          if (/^TF_CLI_ARGS/.test(a.name)) this.env[a.name] = a.value ? wordToArgs(a.value)[0] : emptyArg();
        const name = c.args[0] ? plainValue(c.args[0]) : undefined;
        if (
          name === "export" ||
          name === "declare" ||
          name === "env" ||
          name === "typeset" ||
          name === "local" ||
          name === "readonly"
        ) {
          for (const w of c.args.slice(1)) {
            const arg = wordToArgs(w)[0];
            const m = /^(TF_CLI_ARGS\w*)=(.*)$/s.exec(arg.text);
            if (m) this.env[m[1]] = { ...arg, text: m[2] };
          }
        }
      } else if (c.type === "BinaryCmd") {
        visit(c.x);
        visit(c.y);
      } else if (c.type === "Subshell" || c.type === "Block") c.stmts.forEach(visit);
      else if (c.type === "Compound") c.bodies.flat().forEach(visit);
      else if (c.type === "FuncDecl") visit(c.body);
    };
    stmts.forEach(visit);
  }

  // ---- tree --------------------------------------------------------------------------------------------

  private walkStmt(stmt: Stmt, via: string[], stdin: StdinSource): void {
    let input = stdin;
    for (const r of stmt.redirs) {
      this.walkWord(r.word, via);
      if (r.hdoc && !r.hdoc.quoted) this.walkParts(r.hdoc.parts, via);
      this.checkOutputRedirect(r, via);
      input = redirectInput(r, input);
    }
    if (stmt.cmd) this.walkCmd(stmt.cmd, via, input, stmt.redirs);
  }

  private walkCmd(cmd: Command, via: string[], stdin: StdinSource, redirs: Redirect[]): void {
    switch (cmd.type) {
      case "CallExpr":
        this.walkCall(cmd, via, stdin, redirs);
        return;
      case "BinaryCmd":
        if (cmd.op === "|" || cmd.op === "|&") {
          this.walkStmt(cmd.x, via, stdin);
          this.walkStmt(cmd.y, via, producedOutput(cmd.x));
        } else {
          this.walkStmt(cmd.x, via, stdin);
          this.walkStmt(cmd.y, via, stdin);
        }
        return;
      case "Subshell":
      case "Block":
        for (const s of cmd.stmts) this.walkStmt(s, via, stdin);
        return;
      case "Compound":
        for (const w of cmd.words) this.walkWord(w, via);
        for (const body of cmd.bodies) for (const s of body) this.walkStmt(s, via, stdin);
        return;
      case "FuncDecl":
        // A function body is classified where it is defined: calling it runs exactly that.
        this.walkStmt(cmd.body, [...via, `function ${cmd.name}`], stdin);
        return;
      case "ExprCmd":
        for (const w of cmd.words) this.walkWord(w, via);
        return;
    }
  }

  private walkWord(word: Word, via: string[]): void {
    this.walkParts(word.parts, via);
  }

  private walkParts(parts: WordPart[], via: string[]): void {
    for (const p of parts) {
      switch (p.type) {
        case "DblQuoted":
          this.walkParts(p.parts, via);
          break;
        case "ParamExp":
        case "ArithmExp":
          this.walkParts(p.nested, via);
          break;
        case "CmdSubst":
          for (const s of p.stmts) this.walkStmt(s, [...via, p.backquote ? "`…`" : "$(…)"], { kind: "none" });
          break;
        case "ProcSubst":
          for (const s of p.stmts) this.walkStmt(s, [...via, `${p.op}…)`], { kind: "none" });
          break;
        default:
          break;
      }
    }
  }

  private checkOutputRedirect(r: Redirect, via: string[]): void {
    if (![">", ">>", ">|", "&>", "&>>"].includes(r.op)) return;
    const target = wordToArgs(r.word)[0];
    if (!target || (r.op === ">" && /^\d+$/.test(target.text) && r.n)) return;
    const why = stateReason(target, this.opts.cwd, false);
    if (why) {
      this.operations.push({
        tool: "state-files",
        program: r.op,
        action: r.op === ">>" || r.op === "&>>" ? "append to state" : "overwrite state",
        target: target.text,
        effect: "destructive",
        category: "data-loss",
        reason: `output redirection: ${why}`,
        command: `${r.op} ${target.text}`,
        ...(via.length ? { via: [...via] } : {}),
      });
    }
  }

  private walkCall(
    call: Extract<Command, { type: "CallExpr" }>,
    via: string[],
    stdin: StdinSource,
    redirs: Redirect[],
  ): void {
    const env: Record<string, Arg> = {};
    for (const a of call.assigns) {
      if (a.value) this.walkWord(a.value, via);
      for (const w of a.array ?? []) this.walkWord(w, via);
      env[a.name] = a.value ? wordToArgs(a.value)[0] : emptyArg();
    }
    for (const w of call.args) this.walkWord(w, via);
    const args = call.args.flatMap(wordToArgs);
    if (!args.length) return;
    void redirs;
    this.runArgv(args, via, stdin, env);
  }

  // ---- commands ----------------------------------------------------------------------------------------

  /** Classifies one command (program + arguments) as it would be executed. */
  runArgv(args: Arg[], via: string[], stdin: StdinSource, env: Record<string, Arg> = {}): void {
    if (!args.length) return;
    const a0 = args[0];
    const command = renderArgs(args);
    if (!a0.literal) {
      this.unresolve(
        `the program to run (\`${a0.text}\`) is known only at run time, so it could be any command`,
        via,
        command,
      );
      return;
    }
    if (/[^\x21-\x7e]/.test(a0.text)) {
      this.unresolve(
        `the program name \`${a0.text}\` contains non-ASCII or invisible characters`,
        via,
        command,
      );
      return;
    }
    const name = basename(a0.text);
    const rest = args.slice(1);
    if (this.depth > MAX_NESTING) {
      this.unresolve("commands nest too deeply to inspect", via, command);
      return;
    }
    const alias = this.aliases.get(a0.text);
    if (alias !== undefined && !via.includes(`alias ${a0.text}`)) {
      // with `shopt -s expand_aliases` (or a shell that sources the user's aliases) `t destroy` runs the alias
      this.nested([alias, ...rest.map(quoteArg)].join(" "), [...via, `alias ${a0.text}`], stdin);
      return;
    }

    switch (name) {
      case "eval": {
        if (rest.some((a) => !a.literal)) {
          this.unresolve("`eval` runs text known only at run time", via, command);
          return;
        }
        this.nested(rest.map((a) => a.text).join(" "), [...via, "eval"], stdin);
        return;
      }
      case "source":
      case ".": {
        const f = rest[0];
        if (!f) return;
        if (!f.literal) {
          this.unresolve(`\`${name}\` runs a script whose name is known only at run time`, via, command);
          return;
        }
        this.runScriptFile(f.text, [...via, `${name} ${f.text}`], stdin);
        return;
      }
      case "alias":
        for (const a of rest) {
          const m = /^[^=]+=(.*)$/s.exec(a.text);
          if (!m) continue;
          if (!a.literal)
            this.unresolve("an alias is defined with text known only at run time", via, command);
          else {
            this.aliases.set(a.text.slice(0, a.text.indexOf("=")), m[1]);
            // a body that is only a program name (`alias t=terraform`) does nothing until used, and uses on
            // this line are expanded; a longer body is classified where it is defined
            if (!/^\s*[\w./-]+\s*$/.test(m[1])) this.nested(m[1], [...via, "alias"], { kind: "none" });
          }
        }
        return;
      case "trap": {
        const action = rest[0];
        if (!action || action.text.startsWith("-")) return;
        if (!action.literal) this.unresolve("`trap` runs text known only at run time", via, command);
        else this.nested(action.text, [...via, "trap"], { kind: "none" });
        return;
      }
      case "find":
        this.find(rest, via, command);
        return;
      case "at":
      case "batch":
        this.shellInput(name, stdin, [...via, name], command);
        return;
      case "tmux":
        this.tmux(rest, via, command);
        return;
      case "parallel":
        this.parallel(rest, via, command);
        return;
      case "git":
        this.gitCommands(rest, env, via, command); // then classified as the git tool below
        break;
    }
    if (CONTAINER_CLIS.has(name)) {
      const inner = containerCommand(name, rest);
      if (inner && "unresolved" in inner) this.unresolve(inner.unresolved, via, command);
      else if (inner?.argv.length) this.runArgv(inner.argv, [...via, inner.label], stdin);
      if (inner) return;
    }

    if (SHELLS.has(name)) {
      this.shell(name, rest, via, stdin, command);
      return;
    }
    const interp = lookupInterpreter(name);
    if (interp && this.interpreter(name, rest, via, interp, command, stdin)) return;
    if (PACKAGE_MANAGERS.has(name) && this.packageScript(name, rest, via)) return;
    const wrapper = lookupWrapper(name);
    if (wrapper) {
      this.wrapper(name, wrapper, rest, via, stdin, env, command);
      return;
    }
    const entry = lookupTool(name);
    if (entry) {
      this.classifyTool(a0.text, name, rest, via, stdin, env, command);
      return;
    }
    // ./deploy.sh: a shell script run by path is read and classified
    if (a0.text.includes("/") && isShellScript(a0.text, this.opts.cwd))
      this.runScriptFile(a0.text, [...via, a0.text]);
  }

  /** `npm run X`, `yarn X`, `pnpm X`, `bun run X`: the package.json script (and its pre/post scripts). */
  private packageScript(name: string, rest: Arg[], via: string[]): boolean {
    const words = rest.filter((a) => !(a.literal && a.text.startsWith("-")));
    let script: Arg | undefined;
    if (words[0]?.literal && ["run", "run-script", "rum", "urn"].includes(words[0].text)) script = words[1];
    else if (
      (name === "yarn" || name === "pnpm") &&
      words[0]?.literal &&
      !["install", "add", "remove", "exec", "dlx", "x"].includes(words[0].text)
    )
      script = words[0];
    else if (
      name === "npm" &&
      words[0]?.literal &&
      ["test", "t", "start", "stop", "restart"].includes(words[0].text)
    )
      script = { ...words[0], text: words[0].text === "t" ? "test" : words[0].text };
    if (!script) return false;
    if (!script.literal) {
      this.unresolve(`${name} runs a package script whose name is known only at run time`, via);
      return true;
    }
    const pkg = readSmallFile("package.json", this.opts.cwd);
    if (pkg === undefined) return false;
    let scripts: Record<string, unknown> = {};
    try {
      scripts = (JSON.parse(pkg) as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      this.unresolve("package.json cannot be parsed, so the script it runs is unknown", via);
      return true;
    }
    if (typeof scripts[script.text] !== "string") return false;
    for (const key of [`pre${script.text}`, script.text, `post${script.text}`]) {
      const body = scripts[key];
      if (typeof body === "string") this.walkText(body, [...via, `${name} run ${key}`]);
    }
    return true;
  }

  private classifyTool(
    program: string,
    name: string,
    rest: Arg[],
    via: string[],
    stdin: StdinSource,
    env: Record<string, Arg>,
    command: string,
  ): void {
    const entry = lookupTool(name);
    if (!entry) return;
    const inv: Invocation = {
      program,
      name,
      args: rest,
      env: { ...this.env, ...env },
      stdin,
      via,
      cwd: this.opts.cwd,
    };
    let results: Classified[];
    let args = rest;
    if (entry.prepareArgs) {
      const prepared = entry.prepareArgs(inv);
      if (!Array.isArray(prepared)) {
        this.unresolve(prepared.unresolved, via, command);
        return;
      }
      args = prepared;
    }
    if (entry.classify) results = entry.classify({ ...inv, args }, this.helpers(via));
    else results = classifyWithRules(entry, { ...inv, args }, args);
    for (const r of results) {
      if (r.kind === "unresolved") {
        this.unresolve(r.reason, via, command);
        continue;
      }
      const op: Operation = {
        tool: entry.id,
        program,
        action: r.action,
        effect: r.effect,
        reason: r.reason,
        command,
      };
      if (r.target) op.target = r.target;
      if (r.category) op.category = r.category;
      if (via.length) op.via = [...via];
      if (r.effect !== "destructive" && !entry.classify) {
        const path = appliedPath(entry, { ...inv, args }, args);
        const rule = entry.rules.find((x) => x.applies && r.action.startsWith(x.action));
        if (path && rule?.applies) {
          const chdir = args
            .find((a) => a.literal && /^--?chdir=/.test(a.text))
            ?.text.replace(/^--?chdir=/, "");
          op.applies = {
            kind: rule.applies.kind,
            path: chdir && !isAbsolute(path) ? join(chdir, path) : path,
          };
        }
      }
      if (entry.id === "terraform" || entry.id === "terragrunt") this.trackDestroyPlan(op, args);
      this.operations.push(op);
    }
    // kubectl exec POD -- CMD: the command runs inside the container
    if (entry.id === "kubectl") {
      const split = splitArgs(args, entry.valueOptions);
      if (split.positionals[0]?.text === "exec") {
        const dd = args.findIndex((a) => a.literal && a.text === "--");
        if (dd >= 0) this.runArgv(args.slice(dd + 1), [...via, `${name} exec`], { kind: "none" });
      }
    }
  }

  /**
   * `terraform plan [-destroy] -out=p && terraform apply p`: the file applied is the one this line writes, not
   * the one on disk now, so no approval of the file on disk covers it; with -destroy/-replace it destroys.
   */
  private trackDestroyPlan(op: Operation, args: Arg[]): void {
    const flag = (re: RegExp) => args.some((a) => a.literal && re.test(a.text));
    if (/^plan\b/.test(op.action)) {
      const i = args.findIndex((a) => a.literal && /^--?out(=|$)/.test(a.text));
      const out =
        i < 0
          ? undefined
          : args[i].text.includes("=")
            ? args[i].text.replace(/^--?out=/, "")
            : args[i + 1]?.text;
      if (out) this.writtenPlans.set(out, flag(/^--?(destroy(=(true|1|t))?|replace(=.*)?)$/i));
      return;
    }
    const path = op.applies?.path;
    if (!path || !this.writtenPlans.has(path)) return;
    const destroys = this.writtenPlans.get(path);
    delete op.applies;
    if (destroys) {
      op.effect = "destructive";
      op.category = "data-loss";
      op.reason = `applies ${path}, written on this command line by a plan with -destroy or -replace`;
    } else {
      op.effect = "mutating";
      op.reason = `applies ${path}, written on this command line (an approval of the file on disk does not cover it)`;
    }
  }

  private helpers(via: string[]): ClassifyHelpers {
    return {
      readFile: (p) => readSmallFile(p, this.opts.cwd),
      classifyShell: (text, how) => this.nested(text, [...via, how], { kind: "none" }),
    };
  }

  private nested(text: string, via: string[], stdin: StdinSource): void {
    this.walkText(text, via, stdin);
  }

  private runScriptFile(path: string, via: string[], stdin: StdinSource = { kind: "none" }): void {
    // `source /dev/stdin <<< …`, `bash /dev/fd/0 < x`: the script is standard input
    if (STDIN_PATHS.has(path)) {
      this.shellInput(basename(path), stdin, via, path);
      return;
    }
    if (/^\/(dev\/fd|proc\/[^/]+\/fd)\//.test(path)) {
      this.unresolve(`script ${path} is a file descriptor; its text cannot be inspected`, via);
      return;
    }
    const full = resolvePath(path, this.opts.cwd);
    let size: number;
    try {
      const st = statSync(full);
      if (st.isDirectory() || full === "/dev/null") return;
      if (!st.isFile()) {
        this.unresolve(
          `script ${path} is not a regular file (a device, pipe or descriptor); its text cannot be inspected`,
          via,
        );
        return;
      }
      size = st.size;
    } catch {
      return; // does not exist: the shell fails to run it
    }
    if (size > MAX_SCRIPT_BYTES) {
      this.unresolve(`script ${path} is too large to inspect`, via);
      return;
    }
    const text = readSmallFile(path, this.opts.cwd);
    if (text === undefined) {
      this.unresolve(`script ${path} cannot be read`, via);
      return;
    }
    this.walkText(text.replace(/^#![^\n]*\n/, "\n"), via, { kind: "none" });
  }

  private shellInput(name: string, stdin: StdinSource, via: string[], command: string): void {
    if (stdin.kind === "none") return;
    if (stdin.kind === "unknown") {
      this.unresolve(
        `\`${stdin.from}\` is piped into ${name}; text produced at run time cannot be inspected`,
        via,
        command,
      );
      return;
    }
    if (stdin.kind === "file") {
      this.runScriptFile(stdin.path, via);
      return;
    }
    this.walkText(stdin.text, via, { kind: "none" });
  }

  private shell(name: string, rest: Arg[], via: string[], stdin: StdinSource, command: string): void {
    let args = rest;
    if (name === "busybox") {
      if (!args[0]) return;
      this.runArgv(args, via, stdin);
      return;
    }
    let commandFlag = false;
    let readsStdin = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (!a.literal) {
        this.unresolve(`${name}: option \`${a.text}\` is known only at run time`, via, command);
        return;
      }
      if (a.text === "--" || a.text === "-") {
        i++;
        break;
      }
      if (/^[-+][oO]$/.test(a.text) || ["--rcfile", "--init-file"].includes(a.text)) {
        i++;
        continue;
      }
      if (/^--/.test(a.text)) continue;
      if (/^[-+][A-Za-z]+$/.test(a.text)) {
        if (a.text.startsWith("-") && a.text.includes("c")) commandFlag = true;
        if (a.text.startsWith("-") && a.text.includes("s")) readsStdin = true;
        continue;
      }
      break;
    }
    args = args.slice(i);
    const label = `${name}${commandFlag ? " -c" : ""}`;
    if (commandFlag) {
      const c = args[0];
      if (!c) return;
      if (!c.literal) {
        this.unresolve(`\`${name} -c\` runs text known only at run time (\`${c.text}\`)`, via, command);
        return;
      }
      this.nested(c.text, [...via, label], { kind: "none" });
      return;
    }
    if (readsStdin || !args.length) {
      this.shellInput(name, stdin, [...via, name], command);
      return;
    }
    const script = args[0];
    if (!script.literal) {
      this.unresolve(`${name} runs a script whose name is known only at run time`, via, command);
      return;
    }
    this.runScriptFile(script.text, [...via, `${name} ${script.text}`], stdin);
  }

  private interpreter(
    name: string,
    rest: Arg[],
    via: string[],
    spec: ReturnType<typeof lookupInterpreter>,
    command: string,
    stdin: StdinSource,
  ): boolean {
    if (!spec) return false;
    const codes: Arg[] = [];
    let operand: Arg | undefined;
    // awk reads its program from an operand or -f, never from standard input (that is its data)
    let module = !!spec.positionalCode;
    let programFile = false;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a.literal && spec.codeSubcommands?.includes(a.text) && i === 0) {
        if (rest[i + 1]) codes.push(rest[i + 1]);
        break;
      }
      if (!a.literal) {
        if (i > 0 && isCodeFlag(rest[i - 1], spec.codeFlags)) codes.push(a);
        else if (spec.positionalCode && !programFile && !(i > 0 && isValueOption(rest[i - 1], spec))) {
          // awk "…$CMD…": a program built at run time matters only when it can start processes
          if (/system|getline|\|/.test(a.text)) codes.push(a);
          break;
        }
        continue;
      }
      const m = /^--?([A-Za-z-]+)(=([\s\S]*))?$/.exec(a.text);
      if (m && spec.codeFlags.includes(m[1])) {
        if (m[3] !== undefined) codes.push({ ...a, text: m[3] });
        else if (rest[i + 1]) {
          codes.push(rest[i + 1]);
          i++;
        }
        break;
      }
      if (a.text === "-m") module = true;
      if (spec.positionalCode && /^(-f|--file)$/.test(a.text)) programFile = true;
      if (a.text === "-" || !a.text.startsWith("-")) {
        operand = a; // a script file (not inspected, see docs), or `-` for standard input
        if (spec.positionalCode && !programFile && a.text !== "-") {
          codes.push(a); // awk 'program' files…
          operand = undefined;
        }
        break;
      }
      if (spec.valueOptions?.includes(a.text.replace(/^--?/, ""))) i++;
    }
    if (!codes.length && !module && (!operand || operand.text === "-") && stdin.kind !== "none") {
      // `python3 - <<EOF`, `node <<< '…'`, `curl … | python3`: the program text is standard input
      if (stdin.kind === "unknown") {
        this.unresolve(
          `\`${stdin.from}\` is piped into ${name}; code produced at run time cannot be inspected`,
          via,
          command,
        );
        return true;
      }
      const text = stdin.kind === "file" ? readSmallFile(stdin.path, this.opts.cwd) : stdin.text;
      if (text === undefined) {
        this.unresolve(`${name} reads code from ${stdin.from}, which cannot be read`, via, command);
        return true;
      }
      codes.push({ text, literal: true, splits: false, glob: false });
    }
    const how = `${name} ${spec.codeFlags[0] ? `-${spec.codeFlags[0]}` : "eval"}`;
    for (const code of codes) {
      if (!code.literal) {
        this.unresolve(`\`${how}\` runs code known only at run time`, via, command);
        continue;
      }
      const f = inspectCode(code.text);
      if (f.unresolved) this.unresolve(`\`${how}\` ${f.unresolved}`, via, command);
      if (f.sdk) {
        this.operations.push({
          tool: "sdk",
          program: name,
          action: f.sdk.destructive ? "sdk delete" : "sdk call",
          effect: f.sdk.destructive ? "destructive" : "mutating",
          ...(f.sdk.destructive ? { category: "data-loss" as const } : {}),
          reason: `${how} ${f.sdk.detail}`,
          command,
          ...(via.length ? { via: [...via] } : {}),
        });
      }
      // the code can write anything to the process it starts (`print "DROP …" | "psql"`, `input=`)
      for (const c of f.commands)
        this.quietNested(c, [...via, how], { kind: "unknown", from: `${how} code` });
    }
    return codes.length > 0;
  }

  /** Walks text that may or may not be a shell command (interpreter string literals): parse errors are ignored. */
  private quietNested(text: string, via: string[], stdin: StdinSource): void {
    let script: Script;
    try {
      script = parseShell(text);
    } catch {
      return;
    }
    this.depth++;
    try {
      for (const s of script.stmts) this.walkStmt(s, via, stdin);
    } finally {
      this.depth--;
    }
  }

  private wrapper(
    name: string,
    spec: WrapperSpec,
    rest: Arg[],
    via: string[],
    stdin: StdinSource,
    env: Record<string, Arg>,
    command: string,
  ): void {
    let args = rest;
    if (spec.sub) {
      const match = spec.sub.find((s) => s.every((w, i) => args[i]?.literal && args[i].text === w));
      if (!match) {
        if (spec.packageRunner && name === "yarn" && args[0]?.literal && !args[0].text.startsWith("-")) {
          // `yarn <bin> …` runs a local binary
          this.runArgv(args, [...via, name], stdin, env);
        }
        return;
      }
      args = args.slice(match.length);
    }
    const label = spec.sub
      ? `${name} ${rest
          .slice(0, rest.length - args.length)
          .map((a) => a.text)
          .join(" ")}`.trim()
      : name;
    const innerVia = [...via, label];
    const takesValue = new Set(spec.valueOptions ?? []);
    const innerEnv = { ...env };
    let shellMode = !!spec.viaShell;
    // Positional words before the command (timeout DURATION, flock FILE, ssh HOST, su USER): options may
    // come after them (`flock /tmp/l -c CMD`, `su root -c CMD`, `ssh host -t CMD`).
    const commandMode = spec.shellArgsAfterUser?.commandModeOptions?.some((o) =>
      args.some(
        (a) => a.literal && (a.text === `-${o}` || a.text === `--${o}` || a.text.startsWith(`--${o}=`)),
      ),
    );
    const skip = spec.shellArgsAfterUser ? (commandMode ? 0 : 1) : (spec.skip ?? 0);
    let skipped = 0;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      const isOption = a.literal && a.text.startsWith("-") && (a.text.length > 1 || !!spec.loneDashOption);
      if (!isOption && a.text !== "--" && skipped < skip) {
        skipped++;
        continue;
      }
      if (!a.literal) {
        this.unresolve(
          `${name}: \`${a.text}\` is known only at run time, so the command it runs is unknown`,
          via,
          command,
        );
        return;
      }
      if (a.text === "--") {
        i++;
        break;
      }
      if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a.text)) {
        const eq = a.text.indexOf("=");
        innerEnv[a.text.slice(0, eq)] = { ...a, text: a.text.slice(eq + 1) };
        if (/^TF_CLI_ARGS/.test(a.text)) this.env[a.text.slice(0, eq)] = { ...a, text: a.text.slice(eq + 1) };
        continue;
      }
      if (isOption) {
        let nextTaken = false;
        for (const { opt, inline } of optionWords(a.text, spec)) {
          if (spec.inertFlags?.includes(opt)) return;
          if (spec.shellFlags?.includes(opt)) shellMode = true;
          if (spec.shellOptions?.includes(opt)) {
            const value = inline !== undefined ? { ...a, text: inline } : args[i + 1];
            if (!value) return;
            if (!value.literal) {
              this.unresolve(`\`${name} -${opt}\` runs text known only at run time`, via, command);
              return;
            }
            if (opt === "S" || opt === "split-string") {
              // env -S "cmd args": split into words, then the remaining arguments follow
              const after = args.slice(inline !== undefined ? i + 1 : i + 2);
              this.nested([value.text, ...after.map(quoteArg)].join(" "), innerVia, stdin);
            } else this.nested(value.text, [...innerVia.slice(0, -1), `${label} -${opt}`], stdin);
            return;
          }
          if (inline === undefined && takesValue.has(opt) && !nextTaken) {
            nextTaken = true;
            i++;
          }
        }
        continue;
      }
      break;
    }
    args = args.slice(i);
    if (args[0]?.literal && args[0].text === "--") args = args.slice(1);
    if (spec.shellArgsAfterUser && !commandMode) {
      // su USER ARGS…: the user's shell gets ARGS (`su root -- -c CMD`); no ARGS: it reads standard input
      this.shell("sh", args, innerVia, stdin, command);
      return;
    }
    if (!args.length) {
      if (shellMode || name === "sudo") this.shellInput(name, stdin, innerVia, command);
      return;
    }
    if (spec.packageRunner) {
      const pkg = args[0].text.replace(/@[^@/]*$/, "").replace(/^@[^/]+\/(cli)$/, "$&");
      const bin = PACKAGE_BINARIES[pkg] ?? basename(pkg);
      args = [{ ...args[0], text: bin }, ...args.slice(1)];
    }
    if (spec.appendsInput) {
      const replace = findReplaceString(rest);
      args = replace
        ? args.map((a) => (a.text.includes(replace) ? { ...UNKNOWN_INPUT, text: a.text } : a))
        : [...args, UNKNOWN_INPUT];
    }
    if (shellMode) {
      if (args.some((a) => !a.literal && a !== UNKNOWN_INPUT)) {
        this.unresolve(`${name} runs text known only at run time`, via, command);
        return;
      }
      this.nested(args.map((a) => a.text).join(" "), innerVia, stdin);
      return;
    }
    this.runArgv(args, innerVia, stdin, innerEnv);
  }

  private find(rest: Arg[], via: string[], command: string): void {
    const filters: string[] = [];
    let deletes = false;
    const starts: Arg[] = [];
    let inExpr = false;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (!inExpr && !(a.literal && /^[-!(]/.test(a.text))) {
        starts.push(a);
        continue;
      }
      inExpr = true;
      if (!a.literal) continue;
      if (
        ["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex"].includes(
          a.text,
        )
      ) {
        const v = rest[i + 1];
        if (v) filters.push(v.literal ? v.text : "*");
        i++;
      } else if (a.text === "-delete") deletes = true;
      else if (["-exec", "-execdir", "-ok", "-okdir"].includes(a.text)) {
        const inner: Arg[] = [];
        let j = i + 1;
        for (; j < rest.length; j++) {
          if (rest[j].literal && (rest[j].text === ";" || rest[j].text === "+")) break;
          inner.push(
            rest[j].literal && rest[j].text.includes("{}")
              ? { ...UNKNOWN_INPUT, text: rest[j].text }
              : rest[j],
          );
        }
        i = j;
        this.runArgv(inner, [...via, `find ${a.text}`], { kind: "none" });
      }
    }
    if (!deletes) return;
    const couldMatchState =
      !filters.length ||
      filters.some((f) => {
        const re = new RegExp(
          `^${f
            .replace(/[.+^${}()|\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
          "i",
        );
        return (
          ["terraform.tfstate", "terraform.tfstate.backup", "x.tfstate", "./terraform.tfstate"].some((s) =>
            re.test(s),
          ) || /tfstate/i.test(f)
        );
      });
    if (!couldMatchState) return;
    let why: string | undefined;
    if (filters.length) why = `deletes files matching ${filters.join(", ")}, which includes Terraform state`;
    else {
      for (const s of starts.length ? starts : [{ text: ".", literal: true, splits: false, glob: false }]) {
        why = stateReason(s, this.opts.cwd, true);
        if (why) break;
      }
      if (why) why = `-delete removes everything below: ${why}`;
    }
    if (!why) return;
    this.operations.push({
      tool: "state-files",
      program: "find",
      action: "find -delete",
      effect: "destructive",
      category: "data-loss",
      reason: why,
      command,
      ...(via.length ? { via: [...via] } : {}),
    });
  }

  /**
   * GNU parallel: a command template run by a shell once per input (`::: a b`, `:::: file`, or standard input),
   * with `{}`-style replacement strings or the input appended; without a template each input is a command.
   */
  private parallel(rest: Arg[], via: string[], command: string): void {
    const takesValue = new Set(lookupWrapper("parallel")?.valueOptions ?? []);
    let i = 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (!a.literal || !a.text.startsWith("-") || /^::::?\+?$/.test(a.text)) break;
      if (a.text === "--") {
        i++;
        break;
      }
      if (takesValue.has(a.text.replace(/^--?/, ""))) i++;
    }
    const args = rest.slice(i);
    const sep = args.findIndex((a) => a.literal && /^::::?\+?$/.test(a.text));
    const template = sep < 0 ? args : args.slice(0, sep);
    // every value of every input source is tried in every replacement string (an over-approximation of
    // the combinations parallel runs)
    let inputs: Arg[] = sep < 0 ? [UNKNOWN_INPUT] : [];
    let source = "";
    for (const a of sep < 0 ? [] : args.slice(sep)) {
      if (a.literal && /^::::?\+?$/.test(a.text)) {
        source = a.text;
        if (source.startsWith("::::")) inputs.push(UNKNOWN_INPUT);
      } else if (!source.startsWith("::::")) inputs.push(a);
    }
    inputs = inputs.slice(0, 32);
    const innerVia = [...via, "parallel"];
    if (template.some((a) => !a.literal)) {
      this.unresolve("parallel runs a command template known only at run time", via, command);
      return;
    }
    for (const input of inputs) {
      const value = input.literal && input !== UNKNOWN_INPUT ? input.text : undefined;
      if (!template.length) {
        if (value === undefined) this.unresolve("parallel runs commands read from its input", via, command);
        else this.nested(value, innerVia, { kind: "none" });
        continue;
      }
      const item = value === undefined ? '"$PARALLEL_ITEM"' : quoteArg({ ...input, literal: true });
      const words = template.map((a) => a.text);
      const replaced = words.map((w) => w.replace(/\{[^}\s]*\}/g, item));
      const text = replaced.join(" ") + (replaced.join(" ") === words.join(" ") ? ` ${item}` : "");
      this.nested(text, innerVia, { kind: "none" });
    }
  }

  /**
   * Git runs shell commands named in its configuration: `git -c alias.x='!cmd' x`, `git config alias.x
   * '!cmd'` (run by a later `git x`), `core.pager`, `core.sshCommand`, `GIT_SSH_COMMAND=…`, and others.
   */
  private gitCommands(rest: Arg[], env: Record<string, Arg>, via: string[], command: string): void {
    const found: [string, Arg][] = [];
    for (const [k, v] of Object.entries(env)) if (GIT_COMMAND_ENV.has(k)) found.push([k, v]);
    let i = 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (!a.literal || !a.text.startsWith("-")) break;
      if (a.text === "-c" || a.text === "--config-env") {
        const kv = rest[++i];
        if (!kv) break;
        const eq = kv.text.indexOf("=");
        if (a.text === "-c" && eq > 0)
          found.push([kv.text.slice(0, eq), { ...kv, text: kv.text.slice(eq + 1) }]);
      } else if (["-C", "--git-dir", "--work-tree", "--namespace", "--exec-path"].includes(a.text)) i++;
    }
    const sub = rest[i];
    if (sub?.literal && sub.text === "config") {
      const words = rest.slice(i + 1).filter((w) => !(w.literal && w.text.startsWith("-")));
      if (words[0]?.literal && ["set", "--add"].includes(words[0].text)) words.shift();
      if (words.length >= 2 && words[0].literal) found.push([words[0].text, words[1]]);
    }
    for (const [key, value] of found) {
      if (!GIT_COMMAND_KEY.test(key) && !GIT_COMMAND_ENV.has(key)) continue;
      if (/^alias\./i.test(key) && !value.text.startsWith("!")) continue; // a git alias, not a shell command
      if (!value.literal) {
        this.unresolve(`git runs \`${key}\`, which is known only at run time`, via, command);
        continue;
      }
      this.nested(value.text.replace(/^!/, ""), [...via, `git ${key}`], { kind: "none" });
    }
  }

  private tmux(rest: Arg[], via: string[], command: string): void {
    const sub = rest[0]?.text ?? "";
    const runs = [
      "new-session",
      "new",
      "new-window",
      "neww",
      "split-window",
      "splitw",
      "respawn-pane",
      "respawn-window",
      "send-keys",
      "send",
      "run-shell",
      "run",
    ];
    if (!runs.includes(sub)) return;
    const words: Arg[] = [];
    for (let i = 1; i < rest.length; i++) {
      const a = rest[i];
      if (a.literal && /^-[A-Za-z]+$/.test(a.text)) {
        if (/[tsnFcxyeTlp]$/.test(a.text) && !(sub.startsWith("send") && a.text === "-l")) i++;
        continue;
      }
      words.push(a);
    }
    const keys = sub.startsWith("send") ? words.filter((w) => !/^(Enter|C-m|KPEnter)$/.test(w.text)) : words;
    if (!keys.length) return;
    if (keys.some((a) => !a.literal)) {
      this.unresolve(`tmux ${sub} runs text known only at run time`, via, command);
      return;
    }
    this.nested(keys.map((a) => a.text).join(" "), [...via, `tmux ${sub}`], { kind: "none" });
  }
}

/**
 * The options one word holds: `--opt`, `--opt=value`, `-o`, `-ovalue` for an option that takes a value,
 * and clusters of single-letter flags (`-qc CMD`, `-lc`): a letter that takes a value ends the cluster.
 */
function optionWords(text: string, spec: WrapperSpec): { opt: string; inline?: string }[] {
  const long = /^--([^=]+)(=([\s\S]*))?$/.exec(text);
  if (long) return [{ opt: long[1], ...(long[3] !== undefined ? { inline: long[3] } : {}) }];
  const body = text.slice(1);
  const eq = /^([^=]+)=([\s\S]*)$/.exec(body);
  if (eq) return [{ opt: eq[1], inline: eq[2] }];
  const known = (o: string) =>
    !!(
      spec.valueOptions?.includes(o) ||
      spec.shellOptions?.includes(o) ||
      spec.shellFlags?.includes(o) ||
      spec.inertFlags?.includes(o)
    );
  if (body.length <= 1 || known(body) || !/^[A-Za-z0-9]+$/.test(body)) return [{ opt: body }];
  const out: { opt: string; inline?: string }[] = [];
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (spec.valueOptions?.includes(c) || spec.shellOptions?.includes(c)) {
      const rest = body.slice(k + 1);
      out.push(rest ? { opt: c, inline: rest } : { opt: c });
      break;
    }
    out.push({ opt: c });
  }
  return out;
}

const PACKAGE_MANAGERS = new Set(["npm", "yarn", "pnpm", "bun"]);
/** Git configuration keys whose value git runs as a shell command. */
const GIT_COMMAND_KEY =
  /^(alias\..+|core\.(pager|editor|sshcommand|fsmonitor|askpass)|sequence\.editor|pager\..+|diff\.external|diff\..+\.(command|textconv)|(diff|merge)tool\..+\.cmd|merge\..+\.driver|filter\..+\.(clean|smudge|process)|credential(\..+)?\.helper|gpg(\..+)?\.program|interactive\.difffilter|uploadpack\.packobjectshook)$/i;
const GIT_COMMAND_ENV = new Set([
  "GIT_SSH_COMMAND",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "GIT_PAGER",
  "GIT_EXTERNAL_DIFF",
  "GIT_ASKPASS",
]);
const STDIN_PATHS = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

/** A small file that starts with a shell shebang (or none) and holds text. */
function isShellScript(path: string, cwd: string | undefined): boolean {
  const text = readSmallFile(path, cwd);
  if (text === undefined || text.includes("\0")) return false;
  const first = text.split("\n", 1)[0];
  return !first.startsWith("#!") || /\b(ba|z|da|k|mk)?sh\b/.test(first);
}

// ---- words -------------------------------------------------------------------------------------------------

function emptyArg(): Arg {
  return { text: "", literal: true, splits: false, glob: false };
}

function plainValue(w: Word): string | undefined {
  const a = wordToArgs(w)[0];
  return a?.literal ? a.text : undefined;
}

/** The words a shell word becomes: literal words are brace-expanded; others render their source. */
export function wordToArgs(word: Word): Arg[] {
  let literal = true;
  let splits = false;
  let glob = false;
  let text = "";
  let brace = false;
  const visit = (parts: WordPart[], quoted: boolean) => {
    for (const p of parts) {
      switch (p.type) {
        case "Lit":
          text += p.value;
          if (!quoted && p.glob) {
            glob = true;
            literal = false;
          }
          if (!quoted && p.brace) brace = true;
          break;
        case "SglQuoted":
          text += p.value;
          break;
        case "DblQuoted":
          visit(p.parts, true);
          break;
        case "ParamExp":
          literal = false;
          if (!quoted) splits = true;
          text +=
            /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.text) || p.text.length === 1 ? `$${p.text}` : `\${${p.text}}`;
          break;
        case "CmdSubst":
          literal = false;
          if (!quoted) splits = true;
          text += "$(…)";
          break;
        case "ArithmExp":
          literal = false;
          text += `$((${p.text}))`;
          break;
        case "ProcSubst":
          literal = false;
          text += `${p.op}…)`;
          break;
      }
    }
  };
  visit(word.parts, false);
  if (brace && word.parts.length === 1 && word.parts[0].type === "Lit" && !glob) {
    const expanded = expandBraces(word.parts[0].raw);
    if (expanded) return expanded.map((t) => ({ text: t, literal: true, splits: false, glob: false }));
  }
  if (brace) literal = false;
  return [{ text, literal, splits, glob }];
}

/** Bash brace expansion of an unquoted literal (escapes kept in raw); undefined when too complex. */
function expandBraces(raw: string): string[] | undefined {
  const unescapeRaw = (s: string) => s.replace(/\\([\s\S])/g, "$1");
  const find = (s: string): [number, number] | undefined => {
    for (let i = 0; i < s.length; i++) {
      if (s[i] === "\\") {
        i++;
        continue;
      }
      if (s[i] !== "{") continue;
      let depth = 0;
      for (let j = i; j < s.length; j++) {
        if (s[j] === "\\") {
          j++;
          continue;
        }
        if (s[j] === "{") depth++;
        else if (s[j] === "}" && --depth === 0) {
          const inner = s.slice(i + 1, j);
          if (/(^|[^\\]),/.test(inner) || /^-?\w+\.\.-?\w+(\.\.-?\d+)?$/.test(inner)) return [i, j];
          break;
        }
      }
    }
    return undefined;
  };
  const expand = (s: string, budget: { n: number }): string[] => {
    const r = find(s);
    if (!r) return [s];
    const [i, j] = r;
    const pre = s.slice(0, i);
    const post = s.slice(j + 1);
    const inner = s.slice(i + 1, j);
    let alts: string[];
    const seq =
      /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
    if (seq) {
      const num = /^-?\d+$/.test(seq[1]);
      const a = num ? Number(seq[1]) : seq[1].charCodeAt(0);
      const b = num ? Number(seq[2]) : seq[2].charCodeAt(0);
      const step = Math.abs(Number(seq[3] ?? 1)) || 1;
      alts = [];
      for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
        alts.push(num ? String(v) : String.fromCharCode(v));
        if (alts.length > 256) break;
      }
    } else {
      alts = [];
      let depth = 0;
      let cur = "";
      for (let k = 0; k < inner.length; k++) {
        const c = inner[k];
        if (c === "\\") {
          cur += c + (inner[k + 1] ?? "");
          k++;
          continue;
        }
        if (c === "{") depth++;
        if (c === "}") depth--;
        if (c === "," && depth === 0) {
          alts.push(cur);
          cur = "";
        } else cur += c;
      }
      alts.push(cur);
    }
    const out: string[] = [];
    for (const alt of alts) {
      for (const e of expand(pre + alt + post, budget)) {
        if (--budget.n < 0) return out;
        out.push(e);
      }
    }
    return out;
  };
  const budget = { n: 512 };
  const out = expand(raw, budget);
  if (budget.n < 0) return undefined;
  return out.map(unescapeRaw);
}

export function renderArgs(args: Arg[]): string {
  return args.map(quoteArg).join(" ");
}

function quoteArg(a: Arg): string {
  if (!a.literal) return a.text;
  return /^[\w@%+=:,./~^-]+$/.test(a.text) ? a.text : `'${a.text.replace(/'/g, "'\\''")}'`;
}

function isValueOption(a: Arg | undefined, spec: { valueOptions?: string[] }): boolean {
  return !!a?.literal && !!spec.valueOptions?.includes(a.text.replace(/^--?/, ""));
}

function isCodeFlag(a: Arg | undefined, flags: string[]): boolean {
  if (!a?.literal) return false;
  const m = /^--?([A-Za-z-]+)$/.exec(a.text);
  return !!m && flags.includes(m[1]);
}

function findReplaceString(args: Arg[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === "-I" || t === "--replace") return args[i + 1]?.text ?? "{}";
    if (t.startsWith("-I") && t.length > 2) return t.slice(2);
    if (t.startsWith("--replace=")) return t.slice(10);
    if (t === "-i") return "{}";
  }
  return undefined;
}

// ---- standard input ----------------------------------------------------------------------------------------

function redirectInput(r: Redirect, current: StdinSource): StdinSource {
  if (r.n && r.n !== "0") return current;
  if (r.op === "<<" || r.op === "<<-") {
    const h = r.hdoc;
    if (!h) return current;
    if (h.quoted || h.parts.every((p) => p.type === "Lit"))
      return { kind: "text", text: h.body, from: "here-document" };
    return { kind: "unknown", from: "a here-document with expansions" };
  }
  if (r.op === "<<<") {
    const a = wordToArgs(r.word)[0];
    return a.literal
      ? { kind: "text", text: `${a.text}\n`, from: "here-string" }
      : { kind: "unknown", from: `<<< ${a.text}` };
  }
  if (r.op === "<") {
    const a = wordToArgs(r.word)[0];
    return a.literal
      ? { kind: "file", path: a.text, from: `< ${a.text}` }
      : { kind: "unknown", from: `< ${a.text}` };
  }
  return current;
}

/** What a pipeline's left side writes, when the command line shows it (echo/printf/cat). */
function producedOutput(stmt: Stmt): StdinSource {
  const c = stmt.cmd;
  if (c?.type !== "CallExpr" || !c.args.length) return { kind: "unknown", from: "a compound command" };
  const args = c.args.flatMap(wordToArgs);
  const cmd = renderArgs(args);
  const name = args[0].literal ? basename(args[0].text) : "";
  const rest = args.slice(1);
  if ((name === "echo" || name === "printf") && rest.every((a) => a.literal)) {
    let words = rest.map((a) => a.text);
    if (name === "echo") {
      while (words[0] && /^-[neE]+$/.test(words[0])) words = words.slice(1);
      return { kind: "text", text: `${decodeEscapes(words.join(" "))}\n`, from: `echo` };
    }
    const [fmt = "", ...vals] = words;
    let k = 0;
    const text = decodeEscapes(fmt).replace(/%[-+ #0-9.]*[sdqbciouxXeEfgG%]/g, (m) =>
      m === "%%" ? "%" : (vals[k++] ?? ""),
    );
    return { kind: "text", text: `${text}${vals.slice(k).join(" ")}`, from: "printf" };
  }
  if (name === "cat") {
    const files = rest.filter((a) => !a.text.startsWith("-") || a.text === "-");
    if (!files.length) {
      let input: StdinSource = { kind: "unknown", from: cmd };
      for (const r of stmt.redirs) input = redirectInput(r, input);
      return input;
    }
    if (files.length === 1 && files[0].literal && files[0].text !== "-")
      return { kind: "file", path: files[0].text, from: cmd };
  }
  return { kind: "unknown", from: cmd };
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(n|t|\\)/g, (_, c) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
}

// ---- files and characters ----------------------------------------------------------------------------------

function resolvePath(path: string, cwd: string | undefined): string {
  const p = path.startsWith("~/") && process.env.HOME ? join(process.env.HOME, path.slice(2)) : path;
  return isAbsolute(p) ? p : join(cwd ?? process.cwd(), p);
}

export function readSmallFile(path: string, cwd: string | undefined): string | undefined {
  try {
    const full = resolvePath(path, cwd);
    const st = statSync(full);
    if (!st.isFile() || st.size > MAX_SCRIPT_BYTES) return undefined;
    return readFileSync(full, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Characters that make a command read differently to a person than to the shell: bidirectional controls,
 * zero-width characters, non-ASCII spaces, control characters.
 */
export function suspiciousCharacters(text: string): string | undefined {
  const m =
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0080-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/.exec(
      text,
    );
  if (!m) return undefined;
  const code = m[0].codePointAt(0)?.toString(16).padStart(4, "0").toUpperCase();
  return `the command contains an invisible or control character (U+${code}) that can make it read differently than it runs`;
}
