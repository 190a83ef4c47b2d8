// Passwords given to commands in scripts (`user_data`, container commands, init scripts), recognized by the
// command that takes them rather than by a name: `curl -u user:PASSWORD`, `mysql -pPASSWORD`,
// `echo PASSWORD | docker login --password-stdin`, `htpasswd -b FILE USER PASSWORD`, SQL's
// `IDENTIFIED BY 'PASSWORD'`, cloud-init's `chpasswd` list… Used by redactSecretForms (secret-forms.ts).
//
// Every form yields the range of the password in the text as written; the ranges are replaced at the end,
// so that no form reads another's replacement. Each search is bounded (a command's arguments are looked
// through for at most a few hundred characters), so that the whole is linear in the length of the text.
import { isSecretName, SENSITIVE } from "./values.js";

/** `[start, end)` of a password in the text. */
type Range = [number, number];

/** `$PW`, `${PW}`, `$(cat /run/pw)`: a shell reference, shown as written (in single quotes `$` is literal). */
const REFERENCE = /^\$(?:\{|\(|[A-Za-z_])/;

/** A value already replaced (by the change set's own secrets, or a form before): `(sensitive)`, or cut. */
const REDACTED = SENSITIVE.slice(0, -1);

/**
 * Forms whose password is the named group `v` of one expression; `q` (where present) is the quote opened
 * before it, which makes a `$` in the value literal.
 */
const FLAG_FORMS: RegExp[] = [
  // `curl -u user:PASSWORD`, not `-u 1000:1000` (a user and group id) nor `-u redis://…` (a URL)
  /(?:^|[\s;|&(])(?:-u|--user)(?:[ \t]+|=)(?<q>["']?)(?!\/\/)[^\s:'"]{1,128}:(?!\d+(?:[\s'"]|$))(?!\/\/)(?<v>[^\s'"]+)/dg,
  // MySQL's own form, no space: `mysql -pPASSWORD`, `-p'PASSWORD'`
  /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)\b[^\n;|&]{0,256}?[ \t]-p(?<q>["']?)(?<v>[^\s"']+)/dg,
  /\bsshpass[ \t]+-p[ \t]*(?<q>["']?)(?<v>[^\s"']+)/dg,
  /\b(?:docker|podman|nerdctl|buildah|skopeo|helm[ \t]+registry)[ \t]+login\b[^\n;|&]{0,256}?[ \t]-p[ \t]+(?<q>["']?)(?!-)(?<v>[^\s"']+)/dg,
  /\bredis-cli\b[^\n;|&]{0,256}?[ \t]-a[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  /\baz[ \t]+login\b[^\n;|&]{0,256}?[ \t]-p[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  /\bsqlcmd\b[^\n;|&]{0,256}?[ \t]-P[ \t]*(?<q>["']?)(?<v>[^\s"']+)/dg,
  // MongoDB's tools: `-p PASSWORD` after a space (a `-p` followed by a flag prompts for it)
  /\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)\b[^\n;|&]{0,256}?[ \t]-p[ \t]+(?<q>["']?)(?!-)(?<v>[^\s"']+)/dg,
  // `rabbitmqctl add_user NAME PASSWORD`, `change_password NAME PASSWORD`
  /\brabbitmqctl\b[^\n;|&]{0,256}?[ \t](?:add_user|change_password|authenticate_user)[ \t]+\S{1,128}[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // Samba: `smbclient //srv/share -U user%PASSWORD`
  /\b(?:smbclient|smbmap|rpcclient|smbcacls)\b[^\n;|&]{0,256}?[ \t](?:-U[ \t]*|--user(?:name)?[= \t])(?<q>["']?)[^\s%"']{1,128}%(?<v>[^\s"']+)/dg,
  // OpenSSL's passphrase arguments: `-passout pass:PASSWORD`, and `openssl enc -k PASSWORD`
  /[ \t]-(?:pass|passin|passout|kpass)[ \t]+(?<q>["']?)pass:(?<v>[^\s"']+)/dg,
  /\bopenssl\b[^\n;|&]{0,256}?[ \t]-k[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // keytool's new password (`-storepasswd -new PASSWORD`); `-storepass`/`-keypass` are secret names
  /\bkeytool\b[^\n;|&]{0,512}?[ \t]-new[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // `ssh-keygen -N PASSPHRASE` (new) and `-P PASSPHRASE` (old); `-N ''` is no passphrase
  /\bssh-keygen\b[^\n;|&]{0,256}?[ \t]-[NP][ \t]*(?:(?<q>["'])(?<v>[^"'\n]{1,512})\k<q>|(?<v2>[^\s"'-][^\s"']*))/dg,
  // `useradd -p HASH`, `usermod -p HASH` (a password hash, which can be cracked offline)
  /\b(?:useradd|usermod|adduser)\b[^\n;|&]{0,256}?[ \t]-p[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // Windows: `net user NAME PASSWORD`, `ConvertTo-SecureString 'PASSWORD' -AsPlainText`
  /\bnet[ \t]+user[ \t]+\S{1,128}[ \t]+(?<q>["']?)(?![/*])(?<v>[^\s"']+)/dg,
  /\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?<q>["'])(?<v>[^"'\n]+)/dg,
  // `echo 'root:PASSWORD' | chpasswd`
  /\becho[ \t]+(?<q>["']?)[A-Za-z0-9_.-]{1,64}:(?<v>[^\s'"|]+)(?=["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd)/dg,
  // .netrc: `machine HOST login USER password PASSWORD`
  /\bmachine[ \t]+\S{1,256}(?:[ \t]+login[ \t]+\S{1,256})?[ \t]+password[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dg,
  // Redis' configuration: `requirepass PASSWORD`, `masterauth PASSWORD` (also as `--requirepass`)
  /\b(?:requirepass|masterauth)[ \t]+(?<q>["']?)(?<v>[^\s"']+)/dgi,
  // Secret stores written from the command line: `az keyvault secret set --value`, `gh secret set --body`,
  // `aws ssm put-parameter --value` (a SecureString's value, and harmless to hide for a String's)
  /\b(?:secret[ \t]+set|put-parameter)\b[^\n;|&]{0,512}?[ \t](?:--value|--body|-b)(?:[ \t]+|=)(?<q>["']?)(?!-)(?<v>[^\s"']+)/dg,
  // Oracle: `sqlplus user/PASSWORD@db`, `expdp system/PASSWORD`, `CONNECT user/PASSWORD@db`, and the thin
  // JDBC URL `jdbc:oracle:thin:user/PASSWORD@host:1521/svc`
  /(?:\bjdbc:oracle:(?:thin|oci8?):|(?:^|[\n;])[ \t]*conn(?:ect)?[ \t]+|\b(?:sqlplus|sqlldr|expdp|impdp|rman|dgmgrl)(?:[ \t]+-{1,2}[A-Za-z]{1,16})*[ \t]+(?:(?:target|auxiliary|catalog)[ \t]+)?)(?<q>["']?)[A-Za-z0-9_$#."]{1,128}\/(?<v>[^\s@/"';]{1,256})(?=[@\s"';]|$)/dgi,
  // SQL: `IDENTIFIED BY 'PASSWORD'`, `IDENTIFIED WITH plugin BY 'PASSWORD'`, Oracle's bare
  // `IDENTIFIED BY PASSWORD`
  /\bIDENTIFIED[ \t]+(?:WITH[ \t]+[\w'"]{1,64}[ \t]+)?(?:BY|AS)[ \t]+(?:PASSWORD[ \t]+)?(?:(?<q>')(?<v>(?:[^'\n]|''){1,512})'|(?<q2>")(?<v2>[^"\n]{1,512})"|(?<v3>[^\s;'"]{1,512}))/dgi,
  // SQL: `[WITH] [ENCRYPTED] PASSWORD 'PASSWORD'` (PostgreSQL's roles), `SET PASSWORD [FOR u] = 'PASSWORD'`,
  // MySQL's old `PASSWORD('PASSWORD')`
  /\bPASSWORD\b(?:[ \t]+FOR[ \t]+[^\s=]{1,256})?[ \t]*=?[ \t]*(?:PASSWORD[ \t]*\([ \t]*)?(?<q>')(?<v>(?:[^'\n]|''){1,512})'/dgi,
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

/** Where a command's arguments end: a line break, `;`, `|`, `&`, a redirection, `)` or a backquote. */
function isCommandEnd(c: string): boolean {
  return (
    c === "\n" ||
    c === "\r" ||
    c === ";" ||
    c === "|" ||
    c === "&" ||
    c === "<" ||
    c === ">" ||
    c === ")" ||
    c === "`"
  );
}

/** Longest run of arguments looked through. */
const MAX_ARGS = 1024;

/** A word of a command's arguments and its offset. */
interface Arg {
  token: string;
  at: number;
}

/**
 * A command's arguments from `from`: the tokens split at white space, each with its offset, and where they
 * end. A search for the next command starts there, so that no text is looked through twice.
 */
function argsOf(text: string, from: number): Arg[] & { end: number } {
  const lim = Math.min(text.length, from + MAX_ARGS);
  let end = from;
  while (end < lim && !isCommandEnd(text[end])) end++;
  // `2>/dev/null`: the descriptor before a redirection is not an argument.
  let stop = end;
  if (text[end] === ">" || text[end] === "<") while (stop > from && /\d/.test(text[stop - 1])) stop--;
  const tokens = Object.assign([] as Arg[], { end });
  const re = /\S+/g;
  const part = text.slice(from, stop);
  for (let m = re.exec(part); m !== null; m = re.exec(part)) tokens.push({ token: m[0], at: from + m.index });
  return tokens;
}

/** The range of a token, quotes excluded; undefined for a reference or an empty value. */
function tokenValue(t: Arg): Range | undefined {
  let s = t.at;
  let e = t.at + t.token.length;
  const q = t.token[0];
  if ((q === '"' || q === "'") && t.token.length >= 2 && t.token.endsWith(q)) {
    s++;
    e--;
  } else if (q === '"' || q === "'") s++;
  if (e <= s) return undefined;
  const value = t.token.slice(s - t.at, e - t.at);
  if ((q !== "'" && REFERENCE.test(value)) || value.startsWith(REDACTED)) return undefined;
  return [s, e];
}

/**
 * `htpasswd -b[c] FILE USER PASSWORD`, `htpasswd -nb USER PASSWORD`, `openssl passwd -6 PASSWORD`: the
 * password is the command's last argument (with `-b` for htpasswd; without `-stdin` or `-in` for openssl).
 */
const LAST_ARGUMENT = /\b(?:htpasswd|openssl[ \t]+passwd)\b/g;

function lastArguments(text: string, out: Range[]): void {
  LAST_ARGUMENT.lastIndex = 0;
  for (let m = LAST_ARGUMENT.exec(text); m !== null; m = LAST_ARGUMENT.exec(text)) {
    const args = argsOf(text, m.index + m[0].length);
    LAST_ARGUMENT.lastIndex = args.end;
    const flags = args.filter((a) => a.token.startsWith("-"));
    const htpasswd = m[0] === "htpasswd";
    if (htpasswd && !flags.some((f) => /^-[A-Za-z]*b/.test(f.token))) continue;
    if (!htpasswd && flags.some((f) => f.token === "-stdin" || f.token === "-in")) continue;
    const positional = args.length - flags.length;
    const last = args[args.length - 1];
    if (!last || last.token.startsWith("-") || positional < (htpasswd ? 2 : 1)) continue;
    const r = tokenValue(last);
    if (r) out.push(r);
  }
}

/**
 * `aws configure set aws_secret_access_key VALUE`, `npm config set //registry/:_authToken VALUE`,
 * `yarn config set npmAuthToken VALUE`, `git config credential.password VALUE`: the value after a setting
 * whose last part (after `.`, `:` or `/`) is a secret name.
 */
const CONFIG_SET = /\b(?:configure|config)[ \t]+set(?![\w-])/g;

function configSettings(text: string, out: Range[]): void {
  CONFIG_SET.lastIndex = 0;
  for (let m = CONFIG_SET.exec(text); m !== null; m = CONFIG_SET.exec(text)) {
    const args = argsOf(text, m.index + m[0].length);
    CONFIG_SET.lastIndex = args.end;
    for (let i = 0; i + 1 < args.length; i++) {
      const name = args[i].token.replace(/["']/g, "");
      if (name.startsWith("-") || name.includes("=")) continue;
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
      const r = tokenValue({ token: t.token.slice(eq + 1), at: t.at + eq + 1 });
      if (r) out.push(r);
    }
  }
}

/**
 * A password written to a command that reads it from standard input: `echo PASSWORD | docker login
 * --password-stdin`, `printf '%s' PASSWORD | passwd --stdin USER`, `echo PASSWORD | sudo -S …`,
 * `echo -n PASSWORD | gcloud secrets create NAME --data-file=-`, and the same with `<<< PASSWORD`.
 */
const STDIN_READER =
  /--password-stdin\b|--pass(?:word)?[-_]?stdin\b|(?:^|[ \t])--stdin\b|\bsudo\b(?:[ \t]+-[\w-]+)*[ \t]+-[A-Za-z]*S\b|\bpasswd\b|--data-file[= \t]+-(?![\w-])/;
const ECHO = /\b(?:echo|printf)\b/g;
const HERE_STRING = /<<<[ \t]*([^\s;|&<>)`]+)?/g;

function stdinPasswords(text: string, out: Range[]): void {
  ECHO.lastIndex = 0;
  for (let m = ECHO.exec(text); m !== null; m = ECHO.exec(text)) {
    const from = m.index + m[0].length;
    const args = argsOf(text, from);
    ECHO.lastIndex = args.end;
    const last = args[args.length - 1];
    const end = last ? last.at + last.token.length : from;
    // What the words are piped to: the next command, on the same line.
    let pipe = end;
    while (pipe < text.length && (text[pipe] === " " || text[pipe] === "\t")) pipe++;
    if (text[pipe] !== "|" || text[pipe + 1] === "|") continue;
    const reader = text.slice(pipe + 1, pipe + 1 + MAX_ARGS).split(/[\n\r;|&]/, 1)[0];
    if (!STDIN_READER.test(reader) || /\bchpasswd\b/.test(reader)) continue;
    let i = 0;
    while (i < args.length && /^-[neE]{1,3}$/.test(args[i].token)) i++;
    // printf's format (`'%s'`, `"%s\n"`) is not the password; the argument after it is.
    if (m[0] === "printf" && i < args.length && /^["']?%s(?:\\n)?["']?$/.test(args[i].token)) i++;
    const words = args.slice(i);
    if (!words.length) continue;
    const first = words[0];
    const lastWord = words[words.length - 1];
    const r = tokenValue({ token: text.slice(first.at, lastWord.at + lastWord.token.length), at: first.at });
    if (r) out.push(r);
  }
  HERE_STRING.lastIndex = 0;
  // The command before each `<<<` is looked through back to the line's start, the `<<<` before it or
  // MAX_ARGS characters, whichever is nearest.
  let looked = 0;
  for (let m = HERE_STRING.exec(text); m !== null; m = HERE_STRING.exec(text)) {
    const before = text.slice(Math.max(looked, m.index - MAX_ARGS), m.index);
    looked = m.index + 3;
    if (m[1] === undefined || !STDIN_READER.test(before.slice(before.lastIndexOf("\n") + 1))) continue;
    const r = tokenValue({ token: m[1], at: m.index + m[0].length - m[1].length });
    if (r) out.push(r);
  }
}

/**
 * cloud-init's `chpasswd:` module: its `list` (a block scalar or a sequence) holds `user:PASSWORD` lines,
 * each line's text after the first `:` (with no space after it, which a YAML key has).
 */
const CHPASSWD = /(?:^|\n)([ \t]*)chpasswd:[ \t]*\r?\n/g;
const USER_PASSWORD_LINE = /^[ \t]*(?:-[ \t]+)?["']?[A-Za-z0-9_.-]{1,64}:(?=[^\s])([^\s"']+)/;

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
 * Whether a text may hold one of the forms here: a command has white space between its words (the JDBC URL
 * and Docker's `auths` are the forms without), and then one case-insensitive test that most texts fail.
 * Both are bounded, like the forms, so that they are linear in the text.
 */
const COMMAND_TEXT = /[ \t\n]|oracle:|auths/;
const COMMAND_HINT =
  /-[uapPkSNb][ \t=]|--user|mysql|mariadb|sshpass|redis-cli|login[ \t]|sqlcmd|mongo|rabbitmqctl|smb|rpcclient|pass:|keytool|ssh-keygen|useradd|usermod|adduser|net[ \t]+user|SecureString|chpasswd|machine[ \t]|requirepass|masterauth|secret[ \t]+set|put-parameter|oracle:|sqlplus|sqlldr|expdp|impdp|rman|dgmgrl|conn(?:ect)?[ \t]|identified[ \t]|password[ \t]*=?[ \t]*(?:password[ \t]*\([ \t]*)?'|password[ \t]+for[ \t]|htpasswd|passwd|config(?:ure)?[ \t]+set(?![\w-])|create[ \t]+secret|kv[ \t]+(?:put|patch)|stdin|data-file|<<<|auths|cookie/i;

export function mayHoldCommandSecret(text: string): boolean {
  return COMMAND_TEXT.test(text) && COMMAND_HINT.test(text);
}

/** `text` with the passwords given to commands replaced by "(sensitive)". */
export function redactCommandSecrets(text: string): string {
  if (!mayHoldCommandSecret(text)) return text;
  const ranges: Range[] = [];
  flagForms(text, ranges);
  lastArguments(text, ranges);
  configSettings(text, ranges);
  secretLiterals(text, ranges);
  stdinPasswords(text, ranges);
  cloudInitPasswords(text, ranges);
  dockerAuths(text, ranges);
  cookies(text, ranges);
  if (!ranges.length) return text;
  // Overlapping ranges (two forms on one password) are replaced as one.
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let last = 0;
  let i = 0;
  while (i < ranges.length) {
    let [s, e] = ranges[i++];
    while (i < ranges.length && ranges[i][0] <= e) e = Math.max(e, ranges[i++][1]);
    s = Math.max(s, last);
    if (e <= s) continue;
    out += `${text.slice(last, s)}${SENSITIVE}`;
    last = e;
  }
  return out + text.slice(last);
}
