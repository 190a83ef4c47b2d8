// Passwords given to commands in scripts (`user_data`, container commands, init scripts), recognized by the
// command that takes them rather than by a name: `mysql -pPASSWORD`, `docker login -p PASSWORD`,
// `echo PASSWORD | docker login --password-stdin`, `htpasswd -b FILE USER PASSWORD`, SQL's
// `IDENTIFIED BY 'PASSWORD'`, cloud-init's `chpasswd` list… Used by redactSecretForms (secret-forms.ts).
//
// The forms read the text as a shell would (shellView): JSON escapes decoded (a script inside a JSON
// document), and lines continued with a backslash joined. Each form yields the range of a password in that
// view; the ranges are taken back to the text as written and replaced at the end, so that no form reads
// another's replacement. Each search is bounded (a command's arguments are looked through for at most
// MAX_ARGS characters, once), so that the whole is linear in the length of the text.
import { isSecretName, SENSITIVE } from "./values.js";

/** `[start, end)` of a password in the text. */
type Range = [number, number];

/**
 * `$PW`, `${PW}`, `$(cat /run/pw)`: a shell or template reference, not a value, shown as written (in single
 * quotes `$` is literal). Also used for assignments (secret-forms.ts).
 */
export const REFERENCE = /^\$(?:\{|\(|[A-Za-z_])/;

/** A value already replaced (by the change set's own secrets, or a form before): `(sensitive)`, or cut. */
const REDACTED = SENSITIVE.slice(0, -1);

/** Longest run of a command's arguments looked through. */
const MAX_ARGS = 1024;

/**
 * The text as a shell reads it, and where each of its characters stands in the text: `at[i]` where view
 * character `i` starts, `to[i]` where it ends. JSON's escapes are decoded (`\n`, `\t`, `\"`, `\\`, `\/`),
 * carriage returns dropped, and a backslash at the end of a line removed with the line break, joining the
 * lines as the shell does (`docker login \⏎ -p …`). A text without a backslash or a carriage return is its
 * own view.
 */
function shellView(text: string): View {
  if (!text.includes("\\") && !text.includes("\r")) return { view: text, at: null, to: null };
  const chars: string[] = [];
  const at: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    let end = i + 1;
    if (c === "\\" && i + 1 < text.length) {
      const d = text[i + 1];
      const decoded =
        d === "n"
          ? "\n"
          : d === "t"
            ? "\t"
            : d === "r"
              ? "\r"
              : d === '"' || d === "\\" || d === "/"
                ? d
                : "";
      if (decoded) {
        c = decoded;
        end = i + 2;
      }
    }
    const from = i;
    i = end - 1;
    if (c === "\r") continue;
    // A line break after a backslash: a continued line, joined.
    if (c === "\n" && chars[chars.length - 1] === "\\") {
      chars.pop();
      at.pop();
      to.pop();
      continue;
    }
    chars.push(c);
    at.push(from);
    to.push(end);
  }
  return { view: chars.join(""), at, to };
}

/** Where a command's arguments end (outside quotes): a line break, `;`, `|`, `&`, a redirection, `)`, `` ` ``. */
function isCommandEnd(c: string): boolean {
  return (
    c === "\n" || c === ";" || c === "|" || c === "&" || c === "<" || c === ">" || c === ")" || c === "`"
  );
}

/** A word of a command's arguments (quotes included, as written) and its offset. */
interface Arg {
  token: string;
  at: number;
}

/**
 * A command's arguments from `from`, split at white space outside quotes, up to the end of the command or a
 * command substituted into it (`$(`), outside quotes, or MAX_ARGS characters; `end` is where they stop. A
 * search for the next command starts there, so that no text is looked through twice.
 */
function argsOf(text: string, from: number): Arg[] & { end: number } {
  const lim = Math.min(text.length, from + MAX_ARGS);
  const tokens: Arg[] = [];
  let start = -1;
  let quote = "";
  let i = from;
  for (; i < lim; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
      continue;
    }
    if (c === "\\") {
      // `Hunter2\ pw`: an escaped character is part of the word.
      if (start < 0) start = i;
      i++;
    } else if (c === '"' || c === "'") {
      if (start < 0) start = i;
      quote = c;
    } else if (isCommandEnd(c) || (c === "$" && text[i + 1] === "(")) break;
    else if (c === " " || c === "\t") {
      if (start >= 0) tokens.push({ token: text.slice(start, i), at: start });
      start = -1;
    } else if (start < 0) start = i;
  }
  i = Math.min(i, lim);
  if (start >= 0) tokens.push({ token: text.slice(start, i), at: start });
  // `2>/dev/null`: the descriptor before a redirection is not an argument.
  const last = tokens[tokens.length - 1];
  if (
    last &&
    (text[i] === ">" || text[i] === "<") &&
    last.at + last.token.length === i &&
    /^\d+$/.test(last.token)
  )
    tokens.pop();
  return Object.assign(tokens, { end: i });
}

/** The range of a word's value, its quotes excluded; undefined for a reference, a redaction or nothing. */
function tokenValue(t: Arg, skip = 0): Range | undefined {
  let s = t.at + skip;
  let e = t.at + t.token.length;
  const word = t.token.slice(skip);
  const q = word[0];
  if ((q === '"' || q === "'") && word.length >= 2 && word.endsWith(q)) {
    s++;
    e--;
  } else if (q === '"' || q === "'") s++;
  else {
    // `sh -c 'htpasswd -nb admin PASSWORD'`: a quote opened before the command closes after the word.
    const open = word.search(/["']/);
    if (open > 0 && word.split(word[open]).length % 2 === 0) e = s + open;
  }
  if (e <= s) return undefined;
  const value = t.token.slice(s - t.at, e - t.at);
  if ((q !== "'" && REFERENCE.test(value)) || value.startsWith(REDACTED)) return undefined;
  return [s, e];
}

/** The name of the program a word runs: `/usr/bin/htpasswd` → `htpasswd`, `"passwd` → `passwd`. */
function program(word: string): string {
  // Also a word in quotes, or at the start of a JSON string (`{"cmd":"passwd`).
  const w = word.replace(/[^\w.+-]+$/, "");
  return w.slice(Math.max(w.lastIndexOf("/"), w.lastIndexOf('"'), w.lastIndexOf("'")) + 1);
}

/**
 * Commands and their flags that take a password: `attached` (`-pPASSWORD`, MySQL's only form), `next`
 * (`-new PASSWORD`), or `either`. `sub` is a word that must come among the arguments (`docker login`).
 * A flag followed by another flag, or by nothing, prompts for the password: there is none to hide.
 */
type Takes = "attached" | "next" | "either";
const FLAG_COMMANDS: { names: RegExp; sub?: string; flags: Record<string, Takes> }[] = [
  {
    names: /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)$/,
    flags: { "-p": "attached" },
  },
  { names: /^sshpass$/, flags: { "-p": "either" } },
  {
    names: /^(?:docker|podman|nerdctl|buildah|skopeo|helm|oras|crane)$/,
    sub: "login",
    flags: { "-p": "either" },
  },
  { names: /^az$/, sub: "login", flags: { "-p": "either" } },
  { names: /^redis-cli$/, flags: { "-a": "either" } },
  { names: /^sqlcmd$/, flags: { "-P": "either" } },
  {
    names: /^(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)$/,
    flags: { "-p": "either" },
  },
  { names: /^ssh-keygen$/, flags: { "-N": "either", "-P": "either" } },
  { names: /^(?:useradd|usermod|adduser)$/, flags: { "-p": "either" } },
  { names: /^keytool$/, flags: { "-new": "next" } },
  { names: /^openssl$/, flags: { "-k": "next" } },
];

/** Words that start a command of FLAG_COMMANDS, htpasswd, rabbitmqctl or net user (where a word may start). */
const COMMAND_WORD =
  /(?<![^\s;|&(`"'])(?:[^\s;|&()`"']*\/)?(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump|sshpass|docker|podman|nerdctl|buildah|skopeo|helm|oras|crane|az|redis-cli|sqlcmd|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles|ssh-keygen|useradd|usermod|adduser|keytool|openssl|htpasswd|rabbitmqctl|net|smbclient|smbmap|rpcclient|smbcacls|curl)(?![^\s;|&)`"'])/gi;

/** The passwords of one command (`name` its program, `args` its arguments) into `out`. */
function commandPasswords(name: string, args: Arg[], out: Range[]): void {
  const lower = name.toLowerCase();
  const push = (t: Arg | undefined, skip = 0) => {
    const r = t && tokenValue(t, skip);
    if (r) out.push(r);
  };
  const positional = (from = 0) => args.slice(from).filter((a) => !a.token.startsWith("-"));
  if (lower === "htpasswd") {
    // `htpasswd -b[c] FILE USER PASSWORD`, `htpasswd -nb USER PASSWORD`: the last of its words.
    const flags = args.filter((a) => a.token.startsWith("-")).map((a) => a.token);
    if (!flags.some((f) => /^-[A-Za-z]*b/.test(f))) return;
    const words = args.filter(
      (a, i) => !a.token.startsWith("-") && !/^-[Cr]$/.test(args[i - 1]?.token ?? ""),
    );
    if (words.length === (flags.some((f) => /^-[A-Za-z]*n/.test(f)) ? 2 : 3)) push(words[words.length - 1]);
    return;
  }
  if (lower === "openssl" && args[0]?.token === "passwd") {
    // `openssl passwd [-6] [-salt SALT] PASSWORD`: its one word (not with -stdin or -in FILE).
    if (args.some((a) => a.token === "-stdin" || a.token === "-in")) return;
    const words = args
      .slice(1)
      .filter((a, i, all) => !a.token.startsWith("-") && all[i - 1]?.token !== "-salt");
    if (words.length === 1) push(words[0]);
    return;
  }
  if (lower === "rabbitmqctl") {
    // `rabbitmqctl [-n node] add_user NAME PASSWORD`, `change_password NAME PASSWORD`
    const i = args.findIndex((a) => /^(?:add_user|change_password|authenticate_user)$/.test(a.token));
    const words = i < 0 ? [] : positional(i + 1);
    if (words.length === 2) push(words[1]);
    return;
  }
  if (lower === "net") {
    // Windows: `net user NAME PASSWORD [/add]`
    if (args[0]?.token.toLowerCase() !== "user") return;
    const words = args.slice(1).filter((a) => !a.token.startsWith("/"));
    if (words.length >= 2 && words[1].token !== "*") push(words[1]);
    return;
  }
  if (/^(?:smbclient|smbmap|rpcclient|smbcacls)$/.test(lower)) {
    // Samba: `-U user%PASSWORD`, `--user=user%PASSWORD`
    for (let i = 0; i < args.length; i++) {
      const t = args[i].token;
      const arg =
        t === "-U" || t === "--user" ? args[i + 1] : /^(?:-U|--user=)./.test(t) ? args[i] : undefined;
      if (!arg) continue;
      const pct = arg.token.indexOf("%");
      if (pct > 0) push({ token: arg.token.slice(pct + 1).replace(/["']$/, ""), at: arg.at + pct + 1 });
    }
    return;
  }
  if (lower === "curl") {
    // `curl -u user:PASSWORD`, `--user user:PASSWORD` (a user alone prompts for it)
    for (let i = 0; i < args.length; i++) {
      const t = args[i].token;
      const arg =
        /^-[A-Za-z]*u$/.test(t) || t === "--user"
          ? args[i + 1]
          : /^-u./.test(t)
            ? { token: t.slice(2), at: args[i].at + 2 }
            : undefined;
      if (!arg) continue;
      // The password starts after the first colon of the user, past a quote opened before it.
      const lead = /^["']/.test(arg.token) ? 1 : 0;
      const colon = arg.token.indexOf(":", lead);
      if (colon > lead)
        push({ token: arg.token.slice(colon + 1).replace(/["']$/, ""), at: arg.at + colon + 1 });
    }
    return;
  }
  const command = FLAG_COMMANDS.find((c) => c.names.test(lower));
  if (!command) return;
  let from = 0;
  if (command.sub) {
    from = args.findIndex((a) => a.token === command.sub) + 1;
    if (from === 0) return;
  }
  for (let i = from; i < args.length; i++) {
    const t = args[i].token;
    for (const [flag, takes] of Object.entries(command.flags)) {
      if (t === flag) {
        // `-p PASSWORD`; `-p` before another flag, or last, prompts for it.
        const next = args[i + 1];
        if (takes !== "attached" && next && !next.token.startsWith("-")) push(next);
      } else if (t.startsWith(flag) && takes !== "next") push(args[i], flag.length); // `-pPASSWORD`
    }
  }
}

function commands(text: string, out: Range[]): void {
  COMMAND_WORD.lastIndex = 0;
  for (let m = COMMAND_WORD.exec(text); m !== null; m = COMMAND_WORD.exec(text)) {
    const args = argsOf(text, m.index + m[0].length);
    commandPasswords(program(m[0]), args, out);
    COMMAND_WORD.lastIndex = Math.max(COMMAND_WORD.lastIndex, args.end);
  }
}

/**
 * Forms whose password is the named group `v` of one expression (`q`: the quote opened before it, which
 * makes a `$` in the value literal; a quoted value ends at its closing quote). An unquoted value ends where
 * the shell ends a word.
 */
const FLAG_FORMS: RegExp[] = [
  // OpenSSL's passphrase arguments: `-passout pass:PASSWORD`
  /[ \t]-(?:pass|passin|passout|kpass)[ \t]+["']?pass:(?<q>["']?)(?<v>[^\s"';&|<>]+)/dg,
  // `ConvertTo-SecureString 'PASSWORD' -AsPlainText`, `-String 'PASSWORD'`
  /\bConvertTo-SecureString\b[^\n;|]{0,256}?[ \t]+(?<q>["']?)(?!-)(?<v>[^\s"';|]+)/dgi,
  // .netrc: `machine HOST login USER password PASSWORD`, on one line or several
  /\bmachine[ \t]+\S{1,256}(?:\s+login\s+\S{1,256})?\s+password[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // Redis' configuration: `requirepass PASSWORD`, `masterauth PASSWORD` (also as `--requirepass`)
  /(?<![\w/.-])(?:--)?(?:requirepass|masterauth)[ \t]+(?<q>["']?)(?!-)(?<v>[^\s"';&|<>]+)/dgi,
  // Secret stores written from the command line: `az keyvault secret set --value`, `gh secret set --body`,
  // `aws ssm put-parameter --value` (a SecureString's value, and harmless to hide for a String's)
  /\b(?:secret[ \t]+set|put-parameter)\b[^\n;|&]{0,512}?[ \t](?:--value|--body|-b)(?:[ \t]+|=)(?<q>["']?)(?!-)(?<v>[^\s"';&|<>]+)/dg,
  // Oracle: `sqlplus user/PASSWORD@db`, `userid=system/PASSWORD` (sqlldr, expdp, impdp), `catalog
  // rman/PASSWORD@cat`, SQL*Plus' `CONNECT user/PASSWORD@db`, the thin JDBC URL
  // `jdbc:oracle:thin:user/PASSWORD@host:1521/svc`, and `user/"PASSWORD"` (Oracle's quoting)
  /(?:\bjdbc:oracle:(?:thin|oci8?):|\buserid=|\b(?:sqlplus|sqlldr|expdp|impdp|rman|dgmgrl)(?:[ \t]+-{1,2}[A-Za-z]{1,16})*[ \t]+(?:(?:target|auxiliary|catalog)[ \t]+(?:\/[ \t]+(?:target|auxiliary|catalog)[ \t]+)?)?)["']?[A-Za-z0-9_$#."]{1,128}\/(?<q>"?)(?<v>[^\s@/"';]{1,256})(?=["@\s';]|$)/dgi,
  // SQL*Plus' `CONNECT user/PASSWORD[@db] [AS SYSDBA]`, first on its line: the statement ends after it
  /(?:^|[\n;])[ \t]*conn(?:ect)?[ \t]+["']?[A-Za-z0-9_$#."]{1,128}\/(?<q>"?)(?<v>[^\s@/"';]{1,256})(?=["@';]|[ \t]*(?:\n|$)|[ \t]+as[ \t])/dgi,
  // SQL: `IDENTIFIED BY 'PASSWORD'`, `IDENTIFIED WITH plugin BY 'PASSWORD'`, `IDENTIFIED BY VALUES 'HASH'`,
  // and Oracle's bare `IDENTIFIED BY PASSWORD` where the statement or a clause follows it
  /\bIDENTIFIED\s{1,16}(?:WITH\s{1,16}[\w'"]{1,64}\s{1,16})?(?:BY|AS)\s{1,16}(?:(?:PASSWORD|VALUES)\s{1,16})?(?:(?<q>')(?<v>(?:[^'\n\\]|''|\\.){1,512})'|(?<q2>")(?<v2>[^"\n]{1,512})"|(?<v3>[^\s;'"]{1,512})(?=[ \t]*(?:;|$|\n|[ \t](?:ACCOUNT|DEFAULT|PASSWORD|QUOTA|PROFILE|TEMPORARY|REPLACE|CONTAINER)\b)))/dgi,
  // SQL: `[WITH] [ENCRYPTED] PASSWORD 'PASSWORD'` (PostgreSQL's roles), `PASSWORD = N'PASSWORD'` (SQL
  // Server), `SET PASSWORD [FOR u] = 'PASSWORD'`, MySQL's old `PASSWORD('PASSWORD')`
  /\bPASSWORD\b(?:[ \t]+FOR[ \t]+[^\s=]{1,256})?(?:\s{0,16}=)?\s{0,16}(?:PASSWORD[ \t]*\([ \t]*)?N?(?<q>')(?<v>(?:[^'\n\\]|''|\\.){1,512})'/dgi,
];

/** The password ranges of FLAG_FORMS in `text`. */
function flagForms(text: string, out: Range[]): void {
  for (const re of FLAG_FORMS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const g = m.groups ?? {};
      const idx = (m as RegExpExecArray & { indices: { groups: Record<string, Range | undefined> } }).indices
        .groups;
      const at = idx.v ?? idx.v2 ?? idx.v3;
      const value = g.v ?? g.v2 ?? g.v3;
      if (!at || value === undefined) continue;
      const quote = g.q ?? g.q2 ?? "";
      if ((quote !== "'" && REFERENCE.test(value)) || value.startsWith(REDACTED)) continue;
      // A quoted password may hold spaces (`-p'Hunter2 pw'`): it ends at its closing quote.
      let end = at[1];
      if (quote && text[end] !== quote) {
        const close = text.slice(end, end + 512).search(quote === "'" ? /['\n]/ : /["\n]/);
        if (close > 0 && text[end + close] === quote) end += close;
      }
      out.push([at[0], end]);
    }
  }
}

/**
 * `aws configure set aws_secret_access_key VALUE`, `npm config set //registry/:_authToken VALUE`,
 * `yarn config set npmAuthToken VALUE`, `git config credential.password VALUE`: the value after a setting
 * whose last part (after `.`, `:` or `/`) is a secret name.
 */
const CONFIG_SET =
  /\b(?:configure|config)(?:[ \t]+--?[\w-]{1,64}(?:[ \t]+[^\s-]\S{0,63})?)*?[ \t]+set(?![\w-])|\bgit[ \t]+config(?![\w-])/g;

function configSettings(text: string, out: Range[]): void {
  CONFIG_SET.lastIndex = 0;
  for (let m = CONFIG_SET.exec(text); m !== null; m = CONFIG_SET.exec(text)) {
    const args = argsOf(text, m.index + m[0].length);
    CONFIG_SET.lastIndex = Math.max(CONFIG_SET.lastIndex, args.end);
    for (let i = 0; i + 1 < args.length; i++) {
      const name = args[i].token.replace(/["']/g, "");
      if (name.startsWith("-") || name.includes("=")) continue;
      // git's settings are `section.name`: a word without a dot is a subcommand.
      if (m[0].startsWith("git") && !name.includes(".")) continue;
      const last = name.split(/[.:/]/).filter(Boolean).pop() ?? "";
      if (!last || !isSecretName(last)) continue;
      const value = args[i + 1];
      if (value.token.startsWith("-")) continue;
      const r = tokenValue(value);
      if (r) out.push(r);
      i++;
    }
  }
}

/**
 * `kubectl create secret generic NAME --from-literal=KEY=VALUE …`: every literal of a secret is secret,
 * whatever its key is called; and `vault kv put PATH KEY=VALUE …`, every value written to Vault's store.
 */
const SECRET_LITERALS = /\bcreate[ \t]+secret\b|\bvault[ \t]+kv[ \t]+(?:put|patch)\b/g;

function secretLiterals(text: string, out: Range[]): void {
  SECRET_LITERALS.lastIndex = 0;
  for (let m = SECRET_LITERALS.exec(text); m !== null; m = SECRET_LITERALS.exec(text)) {
    const kubectl = m[0].startsWith("create");
    const args = argsOf(text, m.index + m[0].length);
    SECRET_LITERALS.lastIndex = args.end;
    for (let i = 0; i < args.length; i++) {
      let t = args[i];
      if (kubectl) {
        if (t.token === "--from-literal" && i + 1 < args.length) t = args[++i];
        else if (t.token.startsWith("--from-literal=")) {
          const skip = "--from-literal=".length;
          t = { token: t.token.slice(skip), at: t.at + skip };
        } else continue;
      } else if (t.token.startsWith("-")) continue;
      const eq = t.token.indexOf("=");
      if (eq <= 0) continue;
      const r = tokenValue(t, eq + 1);
      if (r) out.push(r);
    }
  }
}

/**
 * Whether a command reads a password from its standard input: `docker login --password-stdin`, `passwd`,
 * `sudo -S`, `gcloud secrets … --data-file=-`; and `chpasswd` (which reads `user:PASSWORD`).
 */
function readsPassword(args: Arg[]): "password" | "user:password" | undefined {
  // A quote that closes around the whole command (`sh -c "… | chpasswd"`) is not part of its words.
  const words = args.map((a) => a.token.replace(/^["']/, "").replace(/["'].*$/, ""));
  let i = 0;
  if (program(args[0]?.token ?? "") === "sudo") {
    i++;
    let s = false;
    for (; i < words.length && words[i].startsWith("-"); i++) {
      if (/^-[A-Za-z]*S/.test(words[i])) s = true;
      // Options that take a value: `sudo -u root chpasswd`.
      if (/^-[ugCDhprtU]$/.test(words[i])) i++;
    }
    if (s) return "password";
  }
  const name = program(args[i]?.token ?? "");
  if (name === "chpasswd") return "user:password";
  if (name === "passwd") return "password";
  if (name === "openssl" && words[i + 1] === "passwd" && words.includes("-stdin")) return "password";
  for (let k = i; k < words.length; k++) {
    const t = words[k];
    if (/^--pass(?:word)?[-_]?stdin$/.test(t)) return "password";
    if (t === "--data-file=-" || (t === "--data-file" && words[k + 1] === "-")) return "password";
  }
  return undefined;
}

/** The password range of the words `words` (one value, quotes excluded), `user:` first for chpasswd. */
function writtenPassword(text: string, words: Arg[], form: "password" | "user:password"): Range | undefined {
  if (!words.length) return undefined;
  const first = words[0];
  const last = words[words.length - 1];
  const whole = { token: text.slice(first.at, last.at + last.token.length), at: first.at };
  if (form === "password") return tokenValue(whole);
  // `root:PASSWORD`, `"$USER:PASSWORD"`: after the first colon.
  const colon = whole.token.indexOf(":");
  if (colon <= 0) return undefined;
  return tokenValue({ token: whole.token.slice(colon + 1).replace(/["']$/, ""), at: whole.at + colon + 1 });
}

/** Commands that pass on what they read, changed or not: `echo PW | tr -d '\n' | docker login --password-stdin`. */
const FILTERS = new Set(["tr", "base64", "sed", "cat", "head", "tail", "xargs", "tee", "awk", "cut"]);
/** Most filters between a written password and the command that reads it. */
const MAX_FILTERS = 4;

/**
 * How the command that `|` at `at` pipes to reads a password (see readsPassword), looking past a few
 * filters; undefined when nothing is piped there or the reader takes no password.
 */
function pipedReader(text: string, at: number): "password" | "user:password" | undefined {
  for (let hop = 0; hop <= MAX_FILTERS; hop++) {
    at = pastRedirections(text, at);
    if (text[at] !== "|" || text[at + 1] === "|") return undefined;
    // `|&` pipes standard error too; the command may start on the next line (`… |⏎  docker login …`).
    let from = at + 1 + (text[at + 1] === "&" ? 1 : 0);
    const lim = Math.min(text.length, from + 64);
    while (from < lim && /\s/.test(text[from])) from++;
    const next = argsOf(text, from);
    const form = readsPassword(next);
    if (form || !next.length) return form;
    // A filter, also run through sudo (`| sudo tee /dev/null |`)
    const filter = program(next[0].token) === "sudo" ? next[1]?.token : next[0].token;
    if (!filter || !FILTERS.has(program(filter))) return undefined;
    at = next.end;
  }
  return undefined;
}

/** Past the redirections at `at` (`2>/dev/null`, `>&2`, `< in`), at most four, and the blanks between. */
function pastRedirections(text: string, at: number): number {
  for (let n = 0; n < 4 && (text[at] === ">" || text[at] === "<"); n++) {
    const word = /^[<>]{1,2}&?[ \t]*[^\s|;&<>]*[ \t]*/.exec(text.slice(at, at + 256));
    if (!word) break;
    at += word[0].length;
  }
  return at;
}

/**
 * A password written to a command that reads it from standard input: `echo PASSWORD | docker login
 * --password-stdin`, `printf '%s' PASSWORD | passwd --stdin USER`, `echo PASSWORD | sudo -S …`,
 * `echo -n PASSWORD | gcloud secrets create NAME --data-file=-`, `echo 'root:PASSWORD' | chpasswd`, and the
 * same with `<<< PASSWORD`.
 */
const ECHO = /(?<![^\s;|&(`"'])(?:echo|printf)(?![^\s;|&)`"'])/g;
const HERE_STRING = /<<</g;

function stdinPasswords(text: string, out: Range[]): void {
  ECHO.lastIndex = 0;
  for (let m = ECHO.exec(text); m !== null; m = ECHO.exec(text)) {
    const args = argsOf(text, m.index + m[0].length);
    ECHO.lastIndex = args.end;
    const form = pipedReader(text, args.end);
    if (!form) continue;
    let i = 0;
    while (i < args.length && /^-[neE]{1,3}$/.test(args[i].token)) i++;
    // printf's format (`'%s'`, `"%s\n"`) is not the password; the argument after it is.
    if (m[0] === "printf" && i < args.length && /^["']?%s(?:\\n|\n)?["']?$/.test(args[i].token)) i++;
    const r = writtenPassword(text, args.slice(i), form);
    if (r) out.push(r);
  }
  HERE_STRING.lastIndex = 0;
  // The command before each `<<<`: from the last command boundary before it, at most MAX_ARGS back and never
  // before the `<<<` before it.
  let looked = 0;
  for (let m = HERE_STRING.exec(text); m !== null; m = HERE_STRING.exec(text)) {
    let from = m.index;
    const stop = Math.max(looked, m.index - MAX_ARGS);
    // A quote also bounds it: the command may be the start of a quoted or JSON string (`"passwd <<< …`).
    while (from > stop && !isCommandEnd(text[from - 1]) && text[from - 1] !== '"') from--;
    looked = m.index + 3;
    const form = readsPassword(argsOf(text, from).filter((a) => a.at < m.index));
    if (!form) continue;
    const [t] = argsOf(text, looked);
    const r = t && writtenPassword(text, [t], form);
    if (r) out.push(r);
  }
}

/**
 * A here-document given to a command that reads passwords: `chpasswd <<EOF` (each line `user:PASSWORD`),
 * `passwd <<EOF` and `sudo -S … <<EOF` (each line a password), also through a pipe
 * (`cat <<'EOF' | chpasswd`). The body runs to the line that is the delimiter (tabs before it allowed after
 * `<<-`), at most MAX_HEREDOC characters; past the limit, or with no delimiter, the lines read count.
 */
const HEREDOC =
  /(?<!<)<<(?!<)(-?)[ \t]*(?:\\(?<d1>[^\s;|&<>()'"]{1,64})|(?<q>["'])(?<d2>[^"'\n]{1,64})\k<q>|(?<d3>[^\s;|&<>()'"\\]{1,64}))/g;
const MAX_HEREDOC = 16_384;

/** Where the line at `from` ends: its line break, or `lim` (looked no further). */
function lineEnd(text: string, from: number, lim: number): number {
  let i = from;
  while (i < lim && text.charCodeAt(i) !== 10) i++;
  return i;
}

function heredocPasswords(text: string, out: Range[]): void {
  HEREDOC.lastIndex = 0;
  let looked = 0;
  for (let m = HEREDOC.exec(text); m !== null; m = HEREDOC.exec(text)) {
    const after = m.index + m[0].length;
    let from = m.index;
    const stop = Math.max(looked, m.index - MAX_ARGS);
    while (from > stop && !isCommandEnd(text[from - 1]) && text[from - 1] !== '"') from--;
    looked = after;
    const form =
      readsPassword(argsOf(text, from).filter((a) => a.at < m.index)) ??
      pipedReader(text, argsOf(text, after).end);
    if (!form) continue;
    let line = lineEnd(text, after, Math.min(text.length, after + MAX_ARGS));
    if (text[line] !== "\n") continue;
    const lim = Math.min(text.length, line + 1 + MAX_HEREDOC);
    const g = m.groups ?? {};
    const delimiter = g.d1 ?? g.d2 ?? g.d3;
    // Each line of the body, up to the delimiter's line.
    for (let s = line + 1; s < lim; s = line + 1) {
      line = lineEnd(text, s, lim);
      const body = text.slice(s, line);
      if ((m[1] ? body.replace(/^\t+/, "") : body) === delimiter) break;
      const lead = body.length - body.trimStart().length;
      const value = body.trim();
      if (!value) continue;
      const colon = form === "user:password" ? value.indexOf(":") : -1;
      if (form === "user:password" && colon <= 0) continue;
      const start = s + lead + colon + 1;
      const r = tokenValue({ token: text.slice(start, s + lead + value.length), at: start });
      if (r) out.push(r);
    }
    HEREDOC.lastIndex = Math.max(HEREDOC.lastIndex, line);
    looked = Math.max(looked, line);
  }
}

/**
 * cloud-init's `chpasswd:` module: its `list` (a block scalar or a sequence) holds `user:PASSWORD` lines,
 * each line's text after the first `:` (with no space after it, which a YAML key has).
 */
const CHPASSWD = /(?:^|\n)([ \t]*)chpasswd:[ \t]*\r?\n/g;
const USER_PASSWORD_LINE = /^[ \t]*(?:-[ \t]+)?["']?[A-Za-z0-9_.-]{1,64}:(?=[^\s])([^"'\n]*[^\s"'])/;

function cloudInitPasswords(text: string, out: Range[]): void {
  CHPASSWD.lastIndex = 0;
  for (let m = CHPASSWD.exec(text); m !== null; m = CHPASSWD.exec(text)) {
    const indent = m[1].length;
    let at = m.index + m[0].length;
    // The module's lines: indented deeper than `chpasswd:`, within a bounded window.
    const lim = Math.min(text.length, at + 64 * MAX_ARGS);
    while (at < lim) {
      const nl = text.indexOf("\n", at);
      const end = nl < 0 || nl > lim ? lim : nl;
      const line = text.slice(at, end);
      const lead = line.length - line.trimStart().length;
      if (line.trim() !== "" && lead <= indent) break;
      const u = USER_PASSWORD_LINE.exec(line);
      if (u) {
        const s = at + line.indexOf(u[1], line.indexOf(":"));
        out.push([s, s + u[1].length]);
      }
      at = end + 1;
    }
    CHPASSWD.lastIndex = Math.max(CHPASSWD.lastIndex, at - 1);
  }
}

/**
 * Docker's registry credentials (`~/.docker/config.json`, a `.dockerconfigjson`): the `auth` of each
 * registry under `auths` is `user:password` in base64. `auth` alone is no secret name (provider blocks and
 * settings are called so), so it is recognized only in a text that holds `auths`.
 */
const DOCKER_AUTH = /\\?"auth\\?"[ \t]*:[ \t]*\\?"(?<v>[A-Za-z0-9+/=]{4,4096})\\?"/dg;

function dockerAuths(text: string, out: Range[]): void {
  if (!text.includes('auths\\"') && !text.includes('auths"')) return;
  DOCKER_AUTH.lastIndex = 0;
  for (let m = DOCKER_AUTH.exec(text); m !== null; m = DOCKER_AUTH.exec(text)) {
    const at = (m as RegExpExecArray & { indices: { groups: Record<string, Range> } }).indices.groups.v;
    out.push([at[0], at[1]]);
  }
}

/**
 * Cookies are session credentials: every value of a `Cookie:`/`Set-Cookie:` header, and of curl's
 * `-b`/`--cookie 'name=value'` (without `=` its argument is a file, shown as written).
 */
const COOKIE =
  /\b(?:set-)?cookie["']?[ \t]*:[ \t]*|(?:^|[ \t])(?:-b|--cookie)[ \t]+["']?(?=[^\s"'=]{1,128}=)/gi;
const COOKIE_PAIR = /([^\s=;,"']{1,128})=([^;\s"',]*)/y;

function cookies(text: string, out: Range[]): void {
  COOKIE.lastIndex = 0;
  for (let m = COOKIE.exec(text); m !== null; m = COOKIE.exec(text)) {
    let at = m.index + m[0].length;
    const lim = Math.min(text.length, at + MAX_ARGS);
    for (let n = 0; n < 64 && at < lim; n++) {
      COOKIE_PAIR.lastIndex = at;
      const p = COOKIE_PAIR.exec(text);
      if (!p) break;
      const v = at + p[1].length + 1;
      // Set-Cookie's attributes (`Path=/`, `Max-Age=…`) come after the first pair and are no secrets.
      if (n === 0 || !/^(?:path|domain|expires|max-age|samesite|secure|httponly|priority)$/i.test(p[1]))
        if (p[2].length) out.push([v, v + p[2].length]);
      at = COOKIE_PAIR.lastIndex;
      while (at < lim && (text[at] === ";" || text[at] === " " || text[at] === ",")) at++;
    }
    COOKIE.lastIndex = Math.max(COOKIE.lastIndex, at);
  }
}

/**
 * Whether a text may hold one of the forms here: a command has white space between its words, or `","` in
 * an exec-form array (the JDBC URL and Docker's `auths` are the forms without), and then one case-insensitive test that most texts fail.
 * Both are bounded, like the forms, so that they are linear in the text.
 */
const COMMAND_TEXT = /[ \t\n]|\\[nt]|","|oracle:|auths/;
const COMMAND_HINT =
  /curl|mysql|mariadb|sshpass|redis-cli|login|sqlcmd|mongo|rabbitmqctl|smb|rpcclient|pass:|keytool|ssh-keygen|useradd|usermod|adduser|net[ \t]+user|SecureString|chpasswd|machine[ \t]|requirepass|masterauth|secret[ \t]+set|put-parameter|oracle:|sqlplus|sqlldr|expdp|impdp|userid=|rman|dgmgrl|conn(?:ect)?[ \t]|identified\s|password\s{0,16}(?:=\s{0,16})?(?:password[ \t]*\(\s*)?n?'|password[ \t]+for[ \t]|htpasswd|passwd|openssl|config|stdin|sudo|data-file|<<|create[ \t]+secret|kv[ \t]+(?:put|patch)|auths|cookie/i;

export function mayHoldCommandSecret(text: string): boolean {
  return COMMAND_TEXT.test(text) && COMMAND_HINT.test(text);
}

/** A view of a text: its characters, and where each starts and ends in the text (null: the text itself). */
interface View {
  view: string;
  at: number[] | null;
  to: number[] | null;
}

/**
 * A command written as an exec-form array (`["docker", "login", "-p", "…"]`: a Dockerfile's CMD, an ECS
 * container's `command`, in JSON) read as one command line: each `","` between two strings is one space.
 * Undefined when the view has no such separator.
 */
function execView(v: View): View | undefined {
  const { view } = v;
  if (!/"[ \t]*,[ \t]*"/.test(view)) return undefined;
  const chars: string[] = [];
  const at: number[] = [];
  const to: number[] = [];
  const start = (k: number) => (v.at ? v.at[k] : k);
  const end = (k: number) => (v.to ? v.to[k] : k + 1);
  for (let k = 0; k < view.length; k++) {
    if (view[k] === '"') {
      let j = k + 1;
      while (j < view.length && (view[j] === " " || view[j] === "\t")) j++;
      if (view[j] === ",") {
        j++;
        while (j < view.length && (view[j] === " " || view[j] === "\t")) j++;
        if (view[j] === '"') {
          chars.push(" ");
          at.push(start(k));
          to.push(end(j));
          k = j;
          continue;
        }
      }
    }
    chars.push(view[k]);
    at.push(start(k));
    to.push(end(k));
  }
  return { view: chars.join(""), at, to };
}

/** The password ranges of every form in a view, as ranges of the text. */
function passwordsIn(v: View, out: Range[]): void {
  const { view, at, to } = v;
  const ranges: Range[] = [];
  commands(view, ranges);
  flagForms(view, ranges);
  configSettings(view, ranges);
  secretLiterals(view, ranges);
  stdinPasswords(view, ranges);
  heredocPasswords(view, ranges);
  cloudInitPasswords(view, ranges);
  dockerAuths(view, ranges);
  cookies(view, ranges);
  for (const [s, e] of ranges) out.push(at && to ? [at[s], to[e - 1]] : [s, e]);
}

/** `text` with the passwords given to commands replaced by "(sensitive)". */
export function redactCommandSecrets(text: string): string {
  if (!mayHoldCommandSecret(text)) return text;
  const shell = shellView(text);
  const written: Range[] = [];
  passwordsIn(shell, written);
  // Exec-form arrays too; the view as it is keeps JSON objects' `","` for the forms that read members.
  const exec = execView(shell);
  if (exec) passwordsIn(exec, written);
  if (!written.length) return text;
  // Overlapping ranges (two forms on one password) are replaced as one.
  written.sort((a, b) => a[0] - b[0]);
  let out = "";
  let last = 0;
  let i = 0;
  while (i < written.length) {
    let [s, e] = written[i++];
    while (i < written.length && written[i][0] <= e) e = Math.max(e, written[i++][1]);
    s = Math.max(s, last);
    if (e <= s) continue;
    out += `${text.slice(last, s)}${SENSITIVE}`;
    last = e;
  }
  return out + text.slice(last);
}

/** Characters that make an argument more than one shell word, or end one. */
const NOT_ONE_WORD = /[\s'"\\;|&<>()`]/;
/** A flag alone (`--auth-token`, `-password`), whose value is the next argument. */
const SECRET_FLAG = /^-{1,2}([A-Za-z][A-Za-z0-9_.-]*)$/;

/** Whether an argument is a flag whose name marks a secret (`--auth-token`): its value is the next one. */
export function isSecretFlag(arg: string): boolean {
  const m = SECRET_FLAG.exec(arg);
  return m !== null && isSecretName(m[1]);
}

/**
 * The passwords given to a command written as a list of arguments, one per element (a container's
 * `command`/`args`, an exec-form CMD, an ECS `command`, a CloudFormation `Command`): the value after a
 * secret-named flag (`--auth-token`, `X`), and every form above with the list read as one command line,
 * each element one word (`["redis-server", "--requirepass", "X"]`, `["mysql", "-pX"]`). Returned as each
 * element that holds one and the element as it is shown (`X` → `(sensitive)`, `-pX` → `-p(sensitive)`),
 * for the change set's scrubber to replace where such an element stands (a text equal to it), never inside
 * other texts: a list's values are often ordinary words (`--from-literal=region=us-east-1`, `-proot`). An
 * element that is a flag (`--port` after an empty `--requirepass ""`) is never a password. An element with
 * quotes in it, or one the line cannot hold as one word, stands in the line as a placeholder word; a
 * password found there is the whole element.
 */
export function listedCommandSecrets(list: readonly string[]): ListedSecret[] {
  const found: ListedSecret[] = [];
  for (let i = 0; i + 1 < list.length; i++) {
    const next = list[i + 1];
    if (isSecretFlag(list[i]) && next && !next.startsWith("-") && !REFERENCE.test(next))
      found.push({ element: next, shown: SENSITIVE, passwords: [next] });
  }
  let line = "";
  const starts: number[] = [];
  const whole: boolean[] = [];
  for (const arg of list) {
    if (line) line += " ";
    let open = "";
    let text = arg;
    if (!arg) open = "'";
    // Quotes in an element are its own characters (no shell reads the list): a value stands as one word.
    else if (/["']/.test(arg) && !arg.startsWith("-")) text = "x";
    else if (NOT_ONE_WORD.test(arg) && !(REFERENCE.test(arg) && !/\s/.test(arg))) {
      if (!arg.includes("'")) open = "'";
      else if (!/["\\$`]/.test(arg)) open = '"';
      else text = "x";
    }
    line += open;
    starts.push(line.length);
    whole.push(text !== arg);
    line += text + open;
  }
  if (!mayHoldCommandSecret(line)) return found;
  const ranges: Range[] = [];
  passwordsIn({ view: line, at: null, to: null }, ranges);
  ranges.sort((a, b) => a[0] - b[0]);
  // Each element's ranges, as offsets in the element; both sorted, so one sweep.
  const inElement = new Map<number, Range[]>();
  let k = 0;
  for (const [s, e] of ranges) {
    while (k + 1 < list.length && starts[k + 1] <= s) k++;
    for (let j = k; j < list.length && starts[j] < e; j++) {
      const len = whole[j] ? 1 : list[j].length;
      const from = whole[j] ? 0 : Math.max(s, starts[j]) - starts[j];
      const to = whole[j] ? list[j].length : Math.min(e, starts[j] + len) - starts[j];
      if (to <= from || (list[j].startsWith("-") && from === 0)) continue;
      const rs = inElement.get(j);
      if (rs) rs.push([from, to]);
      else inElement.set(j, [[from, to]]);
    }
  }
  for (const [j, rs] of inElement) {
    const arg = list[j];
    let shown = "";
    let last = 0;
    const passwords: string[] = [];
    for (const [from, to] of rs) {
      if (to <= last) continue;
      shown += `${arg.slice(last, Math.max(from, last))}${SENSITIVE}`;
      passwords.push(arg.slice(Math.max(from, last), to));
      last = to;
    }
    found.push({ element: arg, shown: shown + arg.slice(last), passwords });
  }
  return found;
}

/** An argument list's element that holds a password: as written, as shown, and the passwords in it. */
export interface ListedSecret {
  element: string;
  shown: string;
  passwords: string[];
}
