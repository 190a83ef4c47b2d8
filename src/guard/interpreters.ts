// Interpreter one-liners (`python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`, `deno eval`, `bun -e`):
// code that can start processes has its string literals read as shell commands; code that builds the
// command at run time, or calls a cloud SDK / database driver, is reported.

export interface InterpreterSpec {
  /** Flags whose value is inline code. */
  codeFlags: string[];
  /** Subcommand words whose next argument is code (`deno eval`, `bun eval`). */
  codeSubcommands?: string[];
  /** Options with a separate value (so the value is not taken for a script). */
  valueOptions?: string[];
  /** The first operand is the program text (`awk 'BEGIN{system("…")}'`), unless a code flag gave it. */
  positionalCode?: boolean;
}

export const INTERPRETERS: { match: RegExp; spec: InterpreterSpec }[] = [
  { match: /^python[0-9.]*$|^pypy[0-9.]*$/, spec: { codeFlags: ["c"], valueOptions: ["m", "W", "X", "Q"] } },
  {
    match: /^(node|nodejs)$/,
    spec: {
      codeFlags: ["e", "eval", "p", "print"],
      valueOptions: ["r", "require", "import", "loader", "experimental-loader", "C", "conditions"],
    },
  },
  { match: /^bun$/, spec: { codeFlags: ["e", "eval", "p", "print"], codeSubcommands: ["eval"] } },
  { match: /^deno$/, spec: { codeFlags: [], codeSubcommands: ["eval"] } },
  { match: /^ruby[0-9.]*$/, spec: { codeFlags: ["e"], valueOptions: ["r", "I", "C"] } },
  { match: /^perl[0-9.]*$/, spec: { codeFlags: ["e", "E"], valueOptions: ["I", "M", "m"] } },
  { match: /^php[0-9.]*$/, spec: { codeFlags: ["r"], valueOptions: ["d", "c"] } },
  { match: /^(lua|luajit)[0-9.]*$/, spec: { codeFlags: ["e"] } },
  { match: /^(Rscript)$/, spec: { codeFlags: ["e"] } },
  {
    match: /^(awk|gawk|mawk|nawk|busybox-awk)$/,
    spec: {
      codeFlags: ["e", "source"],
      valueOptions: ["F", "v", "f", "assign", "field-separator"],
      positionalCode: true,
    },
  },
];

export function lookupInterpreter(name: string): InterpreterSpec | undefined {
  return INTERPRETERS.find((i) => i.match.test(name))?.spec;
}

/** Calls that start a process, across the supported languages. */
const SPAWN =
  /`[^`]*`|%x\s*[({[]|\|&?\s*getline|\|\s*"|\bopen\s*\(?[^;]*?(['"]\s*\|-?|\|\s*['"]|-\|)|\b(os\s*\.\s*(system|popen|exec\w*|spawn\w*|posix_spawn\w*)|subprocess\b|commands\s*\.|pty\s*\.\s*spawn|child_process|execSync|execFileSync|spawnSync|execa|Bun\s*\.\s*(spawn|\$)|Deno\s*\.\s*(run|Command)|\bsystem\s*\(|\bexec\s*\(|\bspawn\s*\(|popen|IO\s*\.\s*popen|Open3|Kernel\s*\.\s*(system|exec|spawn)|%x\s*[({[]|`[^`]*`|\bqx\s*[({[/]|shell_exec|passthru|proc_open|pcntl_exec|io\s*\.\s*popen)/;

/** Ways to build text at run time that would hide a command from a literal scan. */
const OBFUSCATION =
  /\b(b64decode|base64|atob|fromCharCode|chr\s*\(|decode\s*\(|unhexlify|bytes\.fromhex|codecs|rot13|reversed\s*\(|eval\s*\(|exec\s*\(\s*[^'"\s)]|getattr|__import__|compile\s*\(|Function\s*\(|pack\s*\(|unpack\s*\(|sprintf|f['"])|\[::-1\]|\.reverse\s*\(|\.join\s*\(|\.replace\s*\(|\.format\s*\(|\$\{|%\s*\(|\+\s*['"]|['"]\s*\+|\.\s*['"]|['"]\s*\./;

/** A process call whose command is a variable rather than a literal. */
const SPAWN_WITH_VARIABLE =
  /\b(system|popen|run|call|check_output|check_call|Popen|getoutput|getstatusoutput|spawn\w*|exec\w*|execSync|spawnSync|execFileSync|shell_exec|passthru|proc_open)\s*\(\s*(\[\s*)?[A-Za-z_$]/;

/** Cloud SDKs and database drivers: code that deletes through them never shows a CLI command. */
const SDK =
  /\b(boto3|botocore|aws-sdk|@aws-sdk|google\.cloud|googleapiclient|@google-cloud|azure\.|@azure\/|kubernetes\b|@kubernetes\/client-node|pulumi|psycopg2?|asyncpg|pymysql|mysql\.connector|MySQLdb|pymongo|mongodb|redis|sqlalchemy|sqlite3|mongoose|pg\b|mysql2?\b|ioredis|Aws::|Google::Cloud|Fog::)/;
const SDK_DESTRUCTIVE =
  /\b(delete|drop|terminate|destroy|remove|purge|truncate|flush|stop_instances|stopInstances|scale|deregister|disable)\w*|\b(DROP|TRUNCATE|DELETE)\b/i;

export interface InterpreterFinding {
  /** String literals (and joined literal lists) to classify as shell commands. */
  commands: string[];
  unresolved?: string;
  sdk?: { destructive: boolean; detail: string };
}

/** Extracts quoted literals: '…', "…", `…` (escapes decoded minimally). */
export function stringLiterals(code: string): string[] {
  const out: string[] = [];
  const re = /'''([\s\S]*?)'''|"""([\s\S]*?)"""|'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`((?:\\.|[^`\\])*)`/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const v = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    out.push(
      v
        .replace(/\\(["'`\\])/g, "$1")
        .replace(/\\n/g, "\n")
        .replace(/\\t/g, "\t"),
    );
  }
  return out;
}

/** Perl `qx(…)` / `qx{…}` / `qx/…/` and Ruby `%x(…)` bodies: commands run by the shell. */
function quoteOperators(code: string): string[] {
  const out: string[] = [];
  const close: Record<string, string> = { "(": ")", "{": "}", "[": "]", "<": ">" };
  const re = /(\bqx|%x)\s*([({[</|!#])/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const end = code.indexOf(close[m[2]] ?? m[2], m.index + m[0].length);
    if (end > 0) out.push(code.slice(m.index + m[0].length, end));
  }
  return out;
}

/** Literal lists `["kubectl", "delete", "ns", "x"]` / `%w[...]` joined into command lines. */
const LITERAL_LIST =
  /[[(]\s*((?:(['"])(?:\\.|(?!\2)[^\\])*\2\s*,\s*)+(['"])(?:\\.|(?!\3)[^\\])*\3)\s*,?\s*[\])]/g;

function literalLists(code: string): string[] {
  const out: string[] = [];
  const re = new RegExp(LITERAL_LIST.source, "g");
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const items = stringLiterals(m[1]);
    // spawn("kubectl", ["delete", …]), execFile("terraform", [...]): the program precedes the list
    const program = /(['"])([\w./@+-]+)\1\s*,\s*$/.exec(code.slice(Math.max(0, m.index - 200), m.index));
    if (program) items.unshift(program[2]);
    if (items.length > 1)
      out.push(
        items.map((s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`)).join(" "),
      );
  }
  return out;
}

export function inspectCode(code: string): InterpreterFinding {
  const finding: InterpreterFinding = { commands: [] };
  const spawns = SPAWN.test(code);
  if (SDK.test(code)) {
    const m = SDK_DESTRUCTIVE.exec(code);
    finding.sdk = {
      destructive: !!m,
      detail: m
        ? `calls \`${m[0]}\` through a cloud SDK or database driver`
        : "uses a cloud SDK or database driver",
    };
  }
  if (!spawns) return finding;
  // items of a literal argument list are one command, not one each (`["psql", "-c", "SELECT 1"]`)
  const outsideLists = code.replace(new RegExp(LITERAL_LIST.source, "g"), "[]");
  finding.commands = [...literalLists(code), ...stringLiterals(outsideLists), ...quoteOperators(code)].map(
    (c) =>
      // perl `open(F, "cmd |")`, `open(F, "| cmd")`
      c.replace(/^\s*\|\s*|\s*\|\s*$/g, ""),
  );
  if (SPAWN_WITH_VARIABLE.test(code) || OBFUSCATION.test(code.replace(/'[^']*'|"[^"]*"/g, '""'))) {
    finding.unresolved = "starts a process with a command built at run time";
  }
  return finding;
}
