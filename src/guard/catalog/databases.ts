// Database clients: the SQL / script / command they are given (options, here-documents, here-strings,
// redirected or piped files) is read and classified. Input the command line does not show is unresolved.
import { splitArgs } from "./match.js";
import { classifySql, type SqlDialect } from "./sql.js";
import type { Classified, ClassifyHelpers, Invocation, Rule, ToolEntry } from "./types.js";

const DYNAMIC = (what: string): Classified => ({
  kind: "unresolved",
  reason: `${what} is known only at run time`,
});

/** SQL from options, files and standard input of a SQL client. */
function sqlClient(opts: {
  dialect: SqlDialect;
  valueOptions: string[];
  sqlOptions: string[];
  fileOptions: string[];
  /** Positionals after the first that are SQL (sqlite3 db "SQL"). */
  positionalSql?: boolean;
  readOnlyFlags?: string[];
}) {
  return (inv: Invocation, helpers: ClassifyHelpers): Classified[] => {
    const split = splitArgs(inv.args, opts.valueOptions);
    const out: Classified[] = [];
    let sawInput = false;
    for (const item of split.items) {
      if (item.kind === "dynamic" && opts.positionalSql)
        return [DYNAMIC(`${inv.name}: \`${item.arg.text}\``)];
      if (item.kind !== "flag") continue;
      if (opts.sqlOptions.includes(item.name)) {
        sawInput = true;
        if (!item.value) continue;
        if (!item.value.literal) return [DYNAMIC(`${inv.name} -${item.name} SQL \`${item.value.text}\``)];
        out.push(...classifySql(item.value.text, opts.dialect, helpers, `${inv.name} -${item.name}`));
      } else if (opts.fileOptions.includes(item.name)) {
        sawInput = true;
        if (!item.value?.literal) return [DYNAMIC(`${inv.name}: the SQL file name`)];
        if (item.value.text === "-") out.push(...fromStdin(inv, helpers, opts.dialect));
        else {
          const text = helpers.readFile(item.value.text);
          if (text === undefined)
            return [
              { kind: "unresolved", reason: `${inv.name}: SQL file ${item.value.text} cannot be read` },
            ];
          out.push(...classifySql(text, opts.dialect, helpers, `${inv.name} ${item.value.text}`));
        }
      } else if (opts.readOnlyFlags?.includes(item.name)) sawInput = true;
    }
    if (opts.positionalSql) {
      for (const p of split.positionals.slice(1)) {
        sawInput = true;
        out.push(...classifySql(p.text, opts.dialect, helpers, inv.name));
      }
    }
    if (!sawInput) out.push(...fromStdin(inv, helpers, opts.dialect));
    if (!out.length) out.push({ kind: "op", action: "list", effect: "read-only", reason: "lists databases" });
    return out;
  };
}

function fromStdin(inv: Invocation, helpers: ClassifyHelpers, dialect: SqlDialect): Classified[] {
  const s = inv.stdin;
  if (s.kind === "none")
    return [
      { kind: "op", action: "session", effect: "read-only", reason: "no SQL given on the command line" },
    ];
  if (s.kind === "unknown")
    return [
      { kind: "unresolved", reason: `${inv.name} reads SQL from \`${s.from}\`, which cannot be inspected` },
    ];
  if (s.kind === "file") {
    const text = helpers.readFile(s.path);
    if (text === undefined)
      return [{ kind: "unresolved", reason: `${inv.name}: SQL file ${s.path} cannot be read` }];
    return classifySql(text, dialect, helpers, `${inv.name} < ${s.path}`);
  }
  return classifySql(s.text, dialect, helpers, `${inv.name} ${s.from}`);
}

export const psql: ToolEntry = {
  id: "psql",
  programs: ["psql"],
  summary:
    "PostgreSQL client: SQL from -c/--command, -f/--file, here-documents, here-strings, `< file` and visible pipes.",
  rules: [],
  fallback: { effect: "mutating", reason: "runs SQL" },
  classify: sqlClient({
    dialect: "postgres",
    valueOptions: [
      "c",
      "command",
      "f",
      "file",
      "d",
      "dbname",
      "h",
      "host",
      "p",
      "port",
      "U",
      "username",
      "v",
      "set",
      "variable",
      "o",
      "output",
      "L",
      "log-file",
      "P",
      "pset",
      "F",
      "R",
      "T",
    ],
    sqlOptions: ["c", "command"],
    fileOptions: ["f", "file"],
    readOnlyFlags: ["l", "list", "V", "version", "help", "?"],
  }),
  notes: [
    "DROP/TRUNCATE, DELETE or UPDATE without WHERE are destructive; `\\i` files are read; `\\!`, `\\gexec`, `COPY … PROGRAM` and pipes from unknown commands are unresolved.",
  ],
};

export const mysql: ToolEntry = {
  id: "mysql",
  programs: ["mysql", "mariadb"],
  summary:
    "MySQL / MariaDB client: SQL from -e/--execute, --init-command, here-documents, `< file` and visible pipes.",
  rules: [],
  fallback: { effect: "mutating", reason: "runs SQL" },
  classify: sqlClient({
    dialect: "mysql",
    valueOptions: [
      "e",
      "execute",
      "u",
      "user",
      "h",
      "host",
      "P",
      "port",
      "D",
      "database",
      "S",
      "socket",
      "defaults-file",
      "init-command",
      "default-character-set",
    ],
    sqlOptions: ["e", "execute", "init-command"],
    fileOptions: [],
    readOnlyFlags: ["V", "version", "help", "?"],
  }),
};

export const sqlite3: ToolEntry = {
  id: "sqlite3",
  programs: ["sqlite3", "sqlite"],
  summary: "SQLite shell: SQL given after the database file, -cmd, here-documents and `< file`.",
  rules: [],
  fallback: { effect: "mutating", reason: "runs SQL" },
  classify: sqlClient({
    dialect: "sqlite",
    valueOptions: ["cmd", "separator", "nullvalue", "newline"],
    sqlOptions: ["cmd"],
    fileOptions: [],
    positionalSql: true,
    readOnlyFlags: ["version", "help"],
  }),
};

// ---- MongoDB ---------------------------------------------------------------------------------------------

const MONGO_DESTRUCTIVE =
  /\.\s*(dropDatabase|drop|dropIndex|dropIndexes|dropUser|dropAllUsers|dropRole|dropAllRoles|remove)\s*\(|\.\s*deleteMany\s*\(\s*\{\s*\}\s*\)|shutdown(Server)?\s*[(:]|\.\s*renameCollection\s*\([^)]*,\s*true\s*\)/;
const MONGO_WRITE =
  /\.\s*(insert\w*|update\w*|replace\w*|delete\w*|findOneAnd\w+|findAndModify|bulkWrite|create\w*|rename\w*|runCommand|adminCommand|grant\w*|revoke\w*|setProfilingLevel|eval|aggregate\s*\([^)]*\$(out|merge))\s*\(/;
const MONGO_READ =
  /\b(find|findOne|count\w*|aggregate|distinct|getCollectionNames|getCollectionInfos|stats|explain|getIndexes|show|listCollections|getName|version|serverStatus|printjson|print|hostInfo|isMaster|hello|ping)\b/;

export function classifyMongoScript(code: string, source: string): Classified[] {
  const short = code.replace(/\s+/g, " ").slice(0, 80);
  if (MONGO_DESTRUCTIVE.test(code)) {
    return [
      {
        kind: "op",
        action: "drop/delete",
        effect: "destructive",
        category: "data-loss",
        reason: `${source} drops or deletes data (${short})`,
      },
    ];
  }
  if (MONGO_WRITE.test(code))
    return [{ kind: "op", action: "write", effect: "mutating", reason: `${source} writes (${short})` }];
  if (MONGO_READ.test(code) || !code.trim())
    return [{ kind: "op", action: "read", effect: "read-only", reason: `${source} only reads` }];
  return [
    {
      kind: "op",
      action: "script",
      effect: "mutating",
      reason: `${source} runs code whose effect is not recognized (${short})`,
    },
  ];
}

function mongoClient(inv: Invocation, helpers: ClassifyHelpers): Classified[] {
  const split = splitArgs(inv.args, [
    "eval",
    "f",
    "file",
    "u",
    "username",
    "p",
    "password",
    "host",
    "port",
    "authenticationDatabase",
    "db",
  ]);
  const out: Classified[] = [];
  let saw = false;
  for (const item of split.items) {
    if (item.kind === "dynamic") continue;
    if (item.kind === "flag" && item.name === "eval") {
      saw = true;
      if (!item.value?.literal) return [DYNAMIC(`${inv.name} --eval code`)];
      out.push(...classifyMongoScript(item.value.text, `${inv.name} --eval`));
    } else if (item.kind === "flag" && (item.name === "f" || item.name === "file")) {
      saw = true;
      const text = item.value?.literal ? helpers.readFile(item.value.text) : undefined;
      if (text === undefined)
        return [
          { kind: "unresolved", reason: `${inv.name}: script ${item.value?.text ?? ""} cannot be read` },
        ];
      out.push(...classifyMongoScript(text, `${inv.name} ${item.value?.text}`));
    } else if (item.kind === "pos" && /\.js$/.test(item.arg.text)) {
      saw = true;
      const text = helpers.readFile(item.arg.text);
      if (text === undefined)
        return [{ kind: "unresolved", reason: `${inv.name}: script ${item.arg.text} cannot be read` }];
      out.push(...classifyMongoScript(text, `${inv.name} ${item.arg.text}`));
    }
  }
  if (!saw) {
    const s = inv.stdin;
    if (s.kind === "unknown")
      return [
        {
          kind: "unresolved",
          reason: `${inv.name} reads code from \`${s.from}\`, which cannot be inspected`,
        },
      ];
    if (s.kind === "text") out.push(...classifyMongoScript(s.text, `${inv.name} ${s.from}`));
    else if (s.kind === "file") {
      const text = helpers.readFile(s.path);
      if (text === undefined)
        return [{ kind: "unresolved", reason: `${inv.name}: ${s.path} cannot be read` }];
      out.push(...classifyMongoScript(text, `${inv.name} < ${s.path}`));
    } else
      out.push({
        kind: "op",
        action: "session",
        effect: "read-only",
        reason: "no code given on the command line",
      });
  }
  return out;
}

export const mongosh: ToolEntry = {
  id: "mongosh",
  programs: ["mongosh", "mongo"],
  summary: "MongoDB shell: code from --eval, --file, .js arguments and standard input.",
  rules: [],
  fallback: { effect: "mutating", reason: "runs code" },
  classify: mongoClient,
};

// ---- Redis -----------------------------------------------------------------------------------------------

const REDIS_DESTRUCTIVE: Record<string, string> = {
  FLUSHALL: "deletes every key in every database",
  FLUSHDB: "deletes every key in the database",
  DEL: "deletes keys",
  UNLINK: "deletes keys",
  SHUTDOWN: "stops the server",
  DEBUG: "can crash or reset the server",
  REPLICAOF: "turns the server into a replica (its data is replaced)",
  SLAVEOF: "turns the server into a replica (its data is replaced)",
  SWAPDB: "swaps whole databases",
};
const REDIS_READ = new Set(
  "GET MGET KEYS SCAN SSCAN HSCAN ZSCAN EXISTS TTL PTTL TYPE INFO PING DBSIZE HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS LRANGE LLEN LINDEX SMEMBERS SISMEMBER SCARD ZRANGE ZRANGEBYSCORE ZREVRANGE ZCARD ZSCORE ZRANK STRLEN GETRANGE MONITOR TIME LASTSAVE ROLE COMMAND LATENCY SLOWLOG MEMORY OBJECT XRANGE XREVRANGE XLEN XINFO XREAD SUBSCRIBE PSUBSCRIBE PUBSUB ECHO DUMP RANDOMKEY BITCOUNT GETBIT PFCOUNT GEOPOS GEODIST GEORADIUS GEOSEARCH AUTH SELECT HELLO QUIT CLIENT WAIT READONLY".split(
    " ",
  ),
);

export function classifyRedisCommand(words: string[], source: string): Classified {
  const cmd = (words[0] ?? "").toUpperCase();
  const sub = (words[1] ?? "").toUpperCase();
  const text = words.join(" ").slice(0, 80);
  if (cmd in REDIS_DESTRUCTIVE) {
    return {
      kind: "op",
      action: cmd,
      effect: "destructive",
      category: cmd === "SHUTDOWN" ? "availability" : "data-loss",
      reason: `${REDIS_DESTRUCTIVE[cmd]} (${text})`,
      target: words[1],
    };
  }
  if ((cmd === "SCRIPT" || cmd === "FUNCTION") && sub === "FLUSH")
    return {
      kind: "op",
      action: `${cmd} FLUSH`,
      effect: "destructive",
      category: "data-loss",
      reason: `deletes every script (${text})`,
    };
  if (cmd === "CLUSTER" && (sub === "RESET" || sub === "FAILOVER" || sub === "FORGET"))
    return {
      kind: "op",
      action: `CLUSTER ${sub}`,
      effect: "destructive",
      category: "availability",
      reason: `changes cluster membership (${text})`,
    };
  if (cmd === "CONFIG" && (sub === "GET" || sub === "HELP"))
    return { kind: "op", action: "CONFIG GET", effect: "read-only", reason: "reads configuration" };
  if (cmd === "EVAL" || cmd === "EVALSHA" || cmd === "FCALL" || cmd === "EVAL_RO") {
    const script = words[1] ?? "";
    if (/redis\.call\s*\(\s*['"](FLUSHALL|FLUSHDB|DEL|UNLINK|SHUTDOWN)['"]/i.test(script))
      return {
        kind: "op",
        action: cmd,
        effect: "destructive",
        category: "data-loss",
        reason: `script deletes data (${text})`,
      };
    return { kind: "op", action: cmd, effect: "mutating", reason: `runs a server-side script (${text})` };
  }
  if (REDIS_READ.has(cmd))
    return { kind: "op", action: cmd, effect: "read-only", reason: `${source}: reads` };
  return {
    kind: "op",
    action: cmd || "(command)",
    effect: "mutating",
    reason: `writes (${text})`,
    target: words[1],
  };
}

function redisClient(inv: Invocation, helpers: ClassifyHelpers): Classified[] {
  const split = splitArgs(inv.args, [
    "h",
    "p",
    "a",
    "n",
    "u",
    "s",
    "r",
    "i",
    "d",
    "user",
    "pass",
    "eval",
    "cacert",
    "cert",
    "key",
    "sni",
    "tls-ciphers",
    "pattern",
    "count",
    "D",
  ]);
  for (const item of split.items) {
    if (
      item.kind === "flag" &&
      [
        "scan",
        "bigkeys",
        "memkeys",
        "stat",
        "latency",
        "latency-history",
        "hotkeys",
        "version",
        "help",
      ].includes(item.name)
    ) {
      return [{ kind: "op", action: `--${item.name}`, effect: "read-only", reason: "reads statistics" }];
    }
    if (item.kind === "flag" && item.name === "eval") {
      const text = item.value?.literal ? helpers.readFile(item.value.text) : undefined;
      if (text === undefined)
        return [{ kind: "unresolved", reason: `${inv.name} --eval: script cannot be read` }];
      return [classifyRedisCommand(["EVAL", text], inv.name)];
    }
  }
  const firstDynamic = split.items.findIndex((i) => i.kind === "dynamic");
  const words = split.positionals.map((p) => p.text);
  if (words.length) {
    if (firstDynamic >= 0 && split.items.findIndex((i) => i.kind === "pos") > firstDynamic) {
      return [DYNAMIC(`${inv.name}: the command \`${split.items[firstDynamic].arg.text}\``)];
    }
    const r = classifyRedisCommand(words, inv.name);
    if (r.kind === "op" && r.effect === "mutating" && firstDynamic >= 0)
      return [DYNAMIC(`${inv.name} ${words[0]}: \`${split.items[firstDynamic].arg.text}\``)];
    return [r];
  }
  if (firstDynamic >= 0)
    return [DYNAMIC(`${inv.name}: the command \`${split.items[firstDynamic].arg.text}\``)];
  const s = inv.stdin;
  let text: string | undefined;
  if (s.kind === "none")
    return [
      { kind: "op", action: "session", effect: "read-only", reason: "no command given on the command line" },
    ];
  if (s.kind === "unknown")
    return [
      {
        kind: "unresolved",
        reason: `${inv.name} reads commands from \`${s.from}\`, which cannot be inspected`,
      },
    ];
  if (s.kind === "file") text = helpers.readFile(s.path);
  else text = s.text;
  if (text === undefined) return [{ kind: "unresolved", reason: `${inv.name}: input file cannot be read` }];
  const out: Classified[] = [];
  for (const line of text.split("\n")) {
    const w = line.trim().split(/\s+/).filter(Boolean);
    if (w.length) out.push(classifyRedisCommand(w, inv.name));
  }
  return out.length ? out : [{ kind: "op", action: "(none)", effect: "read-only", reason: "no commands" }];
}

export const redisCli: ToolEntry = {
  id: "redis-cli",
  programs: ["redis-cli", "valkey-cli", "keydb-cli"],
  summary: "Redis client: the command after the options, or one command per line of standard input.",
  rules: [],
  fallback: { effect: "mutating", reason: "runs commands" },
  classify: redisClient,
};

// ---- companion tools -------------------------------------------------------------------------------------

const del = (action: string, reason: string): Rule => ({
  action,
  effect: "destructive",
  category: "data-loss",
  reason,
});

export const pgAdminTools: ToolEntry = {
  id: "postgres-tools",
  programs: ["dropdb", "dropuser", "createdb", "createuser", "pg_restore", "pg_dump", "pg_dumpall", "pg_ctl"],
  summary:
    "PostgreSQL utilities: dropdb/dropuser destructive, pg_restore --clean destructive, pg_dump read-only.",
  rules: [],
  fallback: { effect: "mutating", reason: "changes the database" },
  classify: (inv) => {
    const split = splitArgs(inv.args, [
      "d",
      "dbname",
      "h",
      "host",
      "p",
      "port",
      "U",
      "username",
      "f",
      "file",
      "j",
      "jobs",
      "D",
      "pgdata",
      "m",
      "mode",
      "l",
      "log",
      "o",
    ]);
    const target = split.positionals.find((p) => p.literal)?.text;
    switch (inv.name) {
      case "dropdb":
        return [
          {
            kind: "op",
            action: "dropdb",
            effect: "destructive",
            category: "data-loss",
            reason: "drops a database",
            target,
          },
        ];
      case "dropuser":
        return [
          {
            kind: "op",
            action: "dropuser",
            effect: "destructive",
            category: "privilege",
            reason: "drops a role",
            target,
          },
        ];
      case "createdb":
      case "createuser":
        return [
          { kind: "op", action: inv.name, effect: "mutating", reason: "creates a database object", target },
        ];
      case "pg_restore":
        if (split.flags.has("c") || split.flags.has("clean"))
          return [
            {
              kind: "op",
              action: "pg_restore --clean",
              effect: "destructive",
              category: "data-loss",
              reason: "drops objects before restoring them",
            },
          ];
        if (!split.flags.has("d") && !split.flags.has("dbname"))
          return [
            {
              kind: "op",
              action: "pg_restore",
              effect: "read-only",
              reason: "writes a script, not to a database",
            },
          ];
        return [{ kind: "op", action: "pg_restore", effect: "mutating", reason: "restores into a database" }];
      case "pg_ctl": {
        const a = split.positionals[0]?.text ?? "";
        if (a === "stop" || a === "kill")
          return [
            {
              kind: "op",
              action: `pg_ctl ${a}`,
              effect: "destructive",
              category: "availability",
              reason: "stops the database server",
            },
          ];
        if (a === "status")
          return [{ kind: "op", action: "pg_ctl status", effect: "read-only", reason: "reads status" }];
        return [
          { kind: "op", action: `pg_ctl ${a}`, effect: "mutating", reason: "controls the database server" },
        ];
      }
      default:
        return [{ kind: "op", action: inv.name, effect: "read-only", reason: "dumps data" }];
    }
  },
};

export const mysqladmin: ToolEntry = {
  id: "mysqladmin",
  programs: ["mysqladmin", "mariadb-admin"],
  summary: "MySQL administration: drop and shutdown are destructive.",
  valueOptions: ["u", "user", "h", "host", "P", "port", "S", "socket"],
  rules: [
    del("drop", "drops a database"),
    { action: "shutdown", effect: "destructive", category: "availability", reason: "stops the server" },
    { action: "stop-replica", effect: "destructive", category: "availability", reason: "stops replication" },
    { action: "stop-slave", effect: "destructive", category: "availability", reason: "stops replication" },
    ...["status", "ping", "version", "variables", "processlist", "extended-status"].map(
      (a): Rule => ({ action: a, effect: "read-only", reason: "reads server status" }),
    ),
  ],
  fallback: { effect: "mutating", reason: "changes the server" },
};

export const mongoTools: ToolEntry = {
  id: "mongo-tools",
  programs: ["mongorestore", "mongoimport", "mongodump", "mongoexport"],
  summary: "MongoDB tools: mongorestore/mongoimport --drop destructive, dump/export read-only.",
  rules: [],
  fallback: { effect: "mutating", reason: "writes data" },
  classify: (inv) => {
    const drop = inv.args.some((a) => a.literal && (a.text === "--drop" || a.text === "--mode=delete"));
    if (inv.name === "mongodump" || inv.name === "mongoexport")
      return [{ kind: "op", action: inv.name, effect: "read-only", reason: "exports data" }];
    if (drop)
      return [
        {
          kind: "op",
          action: `${inv.name} --drop`,
          effect: "destructive",
          category: "data-loss",
          reason: "drops collections before loading",
        },
      ];
    return [{ kind: "op", action: inv.name, effect: "mutating", reason: "loads data" }];
  },
};
