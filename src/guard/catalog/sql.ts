// SQL text as database clients receive it (psql -c, mysql -e, here-documents, files): split into
// statements outside quotes and comments, then classified by statement kind. Client meta-commands that run
// files, shell commands or generated SQL are followed or reported as unresolved.
import type { Classified, ClassifyHelpers } from "./types.js";

export type SqlDialect = "postgres" | "mysql" | "sqlite" | "generic";

interface Piece {
  kind: "sql" | "meta";
  /** For SQL: the statement with string literals blanked and comments removed; for meta: the line. */
  text: string;
  /** The statement as written (for targets and bodies). */
  raw: string;
}

const MAX_SQL_DEPTH = 4;

/** Splits SQL into statements and client meta-commands. */
export function splitSql(sql: string, dialect: SqlDialect): Piece[] {
  const pieces: Piece[] = [];
  let masked = "";
  let raw = "";
  let i = 0;
  const push = () => {
    if (masked.trim()) pieces.push({ kind: "sql", text: masked.trim(), raw: raw.trim() });
    masked = "";
    raw = "";
  };
  while (i < sql.length) {
    const c = sql[i];
    // client meta-commands: backslash (psql, mysql) or dot (sqlite) at the start of a statement
    if (!masked.trim() && (c === "\\" || (c === "." && dialect === "sqlite"))) {
      let nl = sql.indexOf("\n", i);
      if (nl < 0) nl = sql.length;
      pieces.push({ kind: "meta", text: sql.slice(i, nl).trim(), raw: sql.slice(i, nl) });
      i = nl + 1;
      continue;
    }
    if (c === "\\" && dialect === "postgres" && /^\\g/.test(sql.slice(i, i + 2))) {
      // `SELECT … \gexec` / `\g |cmd` ends the statement and acts on it
      let nl = sql.indexOf("\n", i);
      if (nl < 0) nl = sql.length;
      push();
      pieces.push({ kind: "meta", text: sql.slice(i, nl).trim(), raw: sql.slice(i, nl) });
      i = nl + 1;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl;
      continue;
    }
    if (c === "#" && dialect === "mysql") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      masked += " ";
      continue;
    }
    if (c === "'" || c === '"' || (c === "`" && dialect === "mysql")) {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === "\\" && dialect === "mysql") j++;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j++;
          else break;
        }
      }
      const lit = sql.slice(i, j + 1);
      raw += lit;
      // identifiers keep their text (targets); string literals are blanked
      masked += c === "'" ? "''" : lit;
      i = j + 1;
      continue;
    }
    if (c === "$" && dialect !== "mysql") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        const stop = end < 0 ? sql.length : end + m[0].length;
        const body = sql.slice(i, stop);
        raw += body;
        // dollar-quoted bodies (DO blocks, functions) stay visible to the keyword scan
        masked += ` ${body.slice(m[0].length, body.length - (end < 0 ? 0 : m[0].length))} `;
        i = stop;
        continue;
      }
    }
    if (c === ";") {
      push();
      i++;
      continue;
    }
    masked += c;
    raw += c;
    i++;
  }
  push();
  return pieces;
}

const READ_ONLY_FIRST = new Set([
  "SELECT",
  "WITH",
  "VALUES",
  "TABLE",
  "SHOW",
  "DESCRIBE",
  "DESC",
  "EXPLAIN",
  "SET",
  "RESET",
  "BEGIN",
  "START",
  "COMMIT",
  "ROLLBACK",
  "END",
  "ABORT",
  "SAVEPOINT",
  "RELEASE",
  "USE",
  "LISTEN",
  "UNLISTEN",
  "NOTIFY",
  "DISCARD",
  "FETCH",
  "MOVE",
  "CLOSE",
  "DECLARE",
  "DEALLOCATE",
  "CHECKPOINT",
  "PRAGMA",
  "ATTACH",
  "DETACH",
  "HELP",
]);

const SIDE_EFFECT_FUNCTIONS =
  /\b(pg_terminate_backend|pg_cancel_backend|dblink_exec|lo_unlink|pg_drop_replication_slot|pg_reload_conf|pg_promote|pg_switch_wal|set_config|pg_rotate_logfile|pg_advisory_lock)\s*\(/i;

const MODIFYING = /\b(DELETE|UPDATE|INSERT|DROP|TRUNCATE|MERGE|ALTER|GRANT|CREATE)\b/i;

/** Classifies SQL text. `source` names where it came from (for reasons). */
export function classifySql(
  sql: string,
  dialect: SqlDialect,
  helpers: ClassifyHelpers,
  source: string,
  depth = 0,
): Classified[] {
  const out: Classified[] = [];
  if (depth > MAX_SQL_DEPTH)
    return [{ kind: "unresolved", reason: `${source}: SQL files include each other too deeply` }];
  let readOnly = 0;
  for (const piece of splitSql(sql, dialect)) {
    if (piece.kind === "meta") {
      out.push(...classifyMeta(piece.text, dialect, helpers, source, depth));
      continue;
    }
    const mysqlMeta = dialect === "mysql" ? /^(SOURCE|SYSTEM)\s+([\s\S]*)$/i.exec(piece.raw) : null;
    if (mysqlMeta) {
      const meta = mysqlMeta[1].toUpperCase() === "SOURCE" ? "\\." : "\\!";
      out.push(...classifyMeta(`${meta} ${mysqlMeta[2]}`, dialect, helpers, source, depth));
      continue;
    }
    const r = classifyStatement(piece.text, piece.raw);
    if (r.kind === "op" && r.effect === "read-only") readOnly++;
    else out.push(r);
  }
  if (!out.length)
    out.push({
      kind: "op",
      action: readOnly ? "SELECT/SHOW" : "(no SQL)",
      effect: "read-only",
      reason: `${source}: only reads`,
    });
  return out;
}

function words(text: string): string[] {
  return text.replace(/[(),]/g, " ").split(/\s+/).filter(Boolean);
}

function classifyStatement(text: string, raw: string): Classified {
  const w = words(text);
  const first = (w[0] ?? "").toUpperCase();
  const u = text.toUpperCase();
  const short = raw.replace(/\s+/g, " ").slice(0, 80);
  const hasWhere = /\bWHERE\b/.test(u);
  const trivialWhere =
    /\bWHERE\s+(TRUE|1|'1'\s*=\s*'1'|1\s*=\s*1|NOT\s+FALSE)\s*($|\bRETURNING\b|\bLIMIT\b)/.test(u.trim());
  switch (first) {
    case "DROP":
      return {
        kind: "op",
        action: `DROP ${(w[1] ?? "").toUpperCase()}`.trim(),
        effect: "destructive",
        category: "data-loss",
        reason: `drops ${(w[1] ?? "an object").toLowerCase()} (${short})`,
        target: lastName(w),
      };
    case "TRUNCATE":
      return {
        kind: "op",
        action: "TRUNCATE",
        effect: "destructive",
        category: "data-loss",
        reason: `empties the table (${short})`,
        target: lastName(w),
      };
    case "DELETE":
      if (!hasWhere || trivialWhere) {
        return {
          kind: "op",
          action: "DELETE without WHERE",
          effect: "destructive",
          category: "data-loss",
          reason: `deletes every row (${short})`,
          target: nameAfter(w, "FROM"),
        };
      }
      return {
        kind: "op",
        action: "DELETE",
        effect: "mutating",
        reason: `deletes rows (${short})`,
        target: nameAfter(w, "FROM"),
      };
    case "UPDATE":
      if (!hasWhere || trivialWhere) {
        return {
          kind: "op",
          action: "UPDATE without WHERE",
          effect: "destructive",
          category: "mass-change",
          reason: `rewrites every row (${short})`,
          target: w[1],
        };
      }
      return {
        kind: "op",
        action: "UPDATE",
        effect: "mutating",
        reason: `changes rows (${short})`,
        target: w[1],
      };
    case "ALTER":
      if (/\bDROP\b/.test(u))
        return {
          kind: "op",
          action: `ALTER ${w[1]?.toUpperCase() ?? ""} … DROP`,
          effect: "destructive",
          category: "data-loss",
          reason: `drops part of an object (${short})`,
          target: w[2],
        };
      if (/(?<!NO)\b(SUPERUSER|BYPASSRLS)\b/.test(u))
        return {
          kind: "op",
          action: "ALTER ROLE … SUPERUSER",
          effect: "destructive",
          category: "privilege",
          reason: `grants superuser (${short})`,
        };
      if (/\bDISABLE\s+ROW\s+LEVEL\s+SECURITY\b/.test(u))
        return {
          kind: "op",
          action: "ALTER TABLE … DISABLE ROW LEVEL SECURITY",
          effect: "destructive",
          category: "exposure",
          reason: `removes row-level security (${short})`,
        };
      return {
        kind: "op",
        action: `ALTER ${w[1]?.toUpperCase() ?? ""}`.trim(),
        effect: "mutating",
        reason: `changes the schema (${short})`,
        target: w[2],
      };
    case "GRANT":
      if (/\bTO\s+PUBLIC\b/.test(u))
        return {
          kind: "op",
          action: "GRANT … TO PUBLIC",
          effect: "destructive",
          category: "exposure",
          reason: `grants access to every role (${short})`,
        };
      return {
        kind: "op",
        action: "GRANT",
        effect: "mutating",
        category: "privilege",
        reason: `grants privileges (${short})`,
      };
    case "COPY":
      if (/\bPROGRAM\b/.test(u))
        return {
          kind: "unresolved",
          reason: `COPY … PROGRAM runs a shell command on the database server (${short})`,
        };
      if (/\bFROM\b/.test(u))
        return { kind: "op", action: "COPY FROM", effect: "mutating", reason: `loads rows (${short})` };
      return { kind: "op", action: "COPY TO", effect: "read-only", reason: "exports rows" };
    case "DO":
    case "CALL":
    case "EXECUTE":
      if (/\b(DROP|TRUNCATE)\b/.test(u) || (/\bDELETE\b/.test(u) && !hasWhere)) {
        return {
          kind: "op",
          action: first,
          effect: "destructive",
          category: "data-loss",
          reason: `procedural code drops or deletes data (${short})`,
        };
      }
      return { kind: "op", action: first, effect: "mutating", reason: `runs procedural code (${short})` };
    case "SHUTDOWN":
      return {
        kind: "op",
        action: "SHUTDOWN",
        effect: "destructive",
        category: "availability",
        reason: "stops the database server",
      };
    case "PURGE":
      return {
        kind: "op",
        action: "PURGE",
        effect: "destructive",
        category: "audit",
        reason: `deletes logs (${short})`,
      };
    case "RESET":
      if (/^RESET\s+(MASTER|BINARY\s+LOGS)/.test(u.trim()))
        return {
          kind: "op",
          action: "RESET MASTER",
          effect: "destructive",
          category: "audit",
          reason: "deletes binary logs",
        };
      break;
    case "EXPLAIN":
      if (/^EXPLAIN\s+(\(\s*)?ANALY[SZ]E\b/.test(u.trim())) {
        const inner = text.replace(/^\s*EXPLAIN\s+(\([^)]*\)|ANALY[SZ]E(\s+VERBOSE)?)\s*/i, "");
        if (MODIFYING.test(inner)) return classifyStatement(inner, inner);
      }
      return { kind: "op", action: "EXPLAIN", effect: "read-only", reason: "explains a query" };
    case "PREPARE": {
      const m = /\bAS\s+([\s\S]*)$/i.exec(text);
      if (m) return classifyStatement(m[1], m[1]);
      break;
    }
  }
  if (READ_ONLY_FIRST.has(first)) {
    if (first === "SELECT" || first === "WITH" || first === "VALUES" || first === "TABLE") {
      const m = /\b(DELETE|UPDATE|INSERT|DROP|TRUNCATE|MERGE)\b/i.exec(text);
      if (m) return classifyStatement(text.slice(m.index), raw);
      if (SIDE_EFFECT_FUNCTIONS.test(text))
        return {
          kind: "op",
          action: "SELECT (side effects)",
          effect: "mutating",
          reason: `calls a function with side effects (${short})`,
        };
      if (/\bINTO\b/i.test(u) && first === "SELECT")
        return { kind: "op", action: "SELECT INTO", effect: "mutating", reason: "creates a table" };
    }
    return { kind: "op", action: first, effect: "read-only", reason: "reads" };
  }
  return {
    kind: "op",
    action: first || "(SQL)",
    effect: "mutating",
    reason: `changes the database (${short})`,
    target: undefined,
  };
}

function lastName(w: string[]): string | undefined {
  const skip = new Set([
    "TABLE",
    "DATABASE",
    "SCHEMA",
    "IF",
    "EXISTS",
    "CASCADE",
    "RESTRICT",
    "ONLY",
    "INDEX",
    "VIEW",
    "USER",
    "ROLE",
    "CONCURRENTLY",
    "MATERIALIZED",
    "SEQUENCE",
    "FUNCTION",
    "TYPE",
    "EXTENSION",
    "KEYSPACE",
    "COLLECTION",
    "DROP",
    "TRUNCATE",
  ]);
  const names = w.filter((x) => !skip.has(x.toUpperCase()));
  return names[0];
}

function nameAfter(w: string[], kw: string): string | undefined {
  const i = w.findIndex((x) => x.toUpperCase() === kw);
  return i >= 0 ? w[i + 1] : undefined;
}

function classifyMeta(
  line: string,
  dialect: SqlDialect,
  helpers: ClassifyHelpers,
  source: string,
  depth: number,
): Classified[] {
  const m = /^([\\.][A-Za-z!_?]+|\\!|\\\.)\s*(.*)$/s.exec(line);
  const cmd = m ? m[1] : line;
  const arg = m ? m[2].trim() : "";
  switch (cmd) {
    case "\\i":
    case "\\ir":
    case "\\include":
    case "\\include_relative":
    case "\\.":
    case ".read":
    case "\\source": {
      const file = arg.replace(/^['"]|['"]$/g, "");
      const text = helpers.readFile(file);
      if (text === undefined)
        return [
          { kind: "unresolved", reason: `${source}: \`${cmd} ${file}\` runs a SQL file that cannot be read` },
        ];
      return classifySql(text, dialect, helpers, `${source} ${cmd} ${file}`, depth + 1);
    }
    case "\\!":
    case ".shell":
    case ".system":
    case "\\system":
      helpers.classifyShell(arg, `${source} ${cmd}`);
      return [];
    case "\\gexec":
      return [{ kind: "unresolved", reason: `${source}: \\gexec runs SQL generated at run time` }];
    case "\\g":
    case "\\o":
    case "\\out":
    case ".output":
    case ".once":
      if (arg.startsWith("|"))
        return [{ kind: "unresolved", reason: `${source}: \`${cmd} ${arg}\` pipes into a shell command` }];
      return [];
    case "\\copy":
      if (/\bprogram\b/i.test(arg))
        return [{ kind: "unresolved", reason: `${source}: \\copy … program runs a shell command` }];
      if (/\bfrom\b/i.test(arg))
        return [{ kind: "op", action: "\\copy FROM", effect: "mutating", reason: "loads rows" }];
      return [];
    case ".restore":
      return [
        {
          kind: "op",
          action: ".restore",
          effect: "destructive",
          category: "data-loss",
          reason: "overwrites the database from a backup",
        },
      ];
    case ".import":
      return [{ kind: "op", action: ".import", effect: "mutating", reason: "loads rows" }];
    default:
      return [];
  }
}
