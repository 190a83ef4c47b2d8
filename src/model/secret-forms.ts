// Secrets recognized in free text by their form, whatever attribute holds the text: passwords in URLs and
// DSNs, values assigned to a secret name (`DB_PASSWORD=…`, `password: …`, `Password=…;`), credentials in
// HTTP headers, and tokens whose vendors give them a documented prefix. The literal secrets of a change set
// (sensitive and secret-named values) are replaced before this, by the SecretScrubber in secrets.ts.
import { mayHoldCommandSecret, REFERENCE, redactCommandSecrets } from "./secret-commands.js";
import { isSecretName, SENSITIVE } from "./values.js";

/**
 * A URL's scheme and `://`. It may not start inside a longer run of scheme characters, and is at most 32
 * characters long, so that no expression here scans a long text once for each of its letters.
 */
const SCHEME = String.raw`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/`;

/** Characters that may follow the host of a URL: the end of the authority. */
const AFTER_HOST = String.raw`(?=[^\s@/?#]*(?:[/?#\s"]|$))`;

/**
 * `scheme://user:password@host`: the password of a URL's user information (a database URL, a repository URL
 * with a token), up to the last `@` before the host, since passwords are often written with an `@`, `#`,
 * `?` or `/` left unencoded (one with a `/` is looked for in the next 512 characters, so that the search
 * stays linear in the text). A password that starts with digits and a `/` is a port and a path
 * (`https://host:8443/a@b`), not a password. Replaced where it stands, whatever its length, and only there,
 * so the URL stays readable (`postgres://app:(sensitive)@db:5432/app`) and the same word elsewhere in a
 * report is left alone (a password `admin` must not hide every `admin`).
 */
const URL_PASSWORD = new RegExp(
  String.raw`(${SCHEME}[^\s/?#@:]*:)(?!\d*\/)(?:[^\s/]*?|[^\s]{0,512}?)@${AFTER_HOST}`,
  "g",
);

/**
 * `https://TOKEN@host`: a token written as the URL's user name, with no password. Only a user name of 20
 * characters or more with both letters and digits counts, so that `git@` or `deploy@` stay visible.
 */
const URL_USER_TOKEN = new RegExp(
  String.raw`(${SCHEME})(?=[^\s/?#@:]*\d)(?=[^\s/?#@:]*[A-Za-z])[A-Za-z0-9_.~%+-]{20,}@${AFTER_HOST}`,
  "g",
);

/** A DSN without a scheme, as Go's MySQL driver writes it: `user:password@tcp(db:3306)/app`, `user:pw@/app`. */
const DSN_PASSWORD =
  /((?:^|[\s"'=,;(])[A-Za-z0-9_.-]{1,128}:)[^\s"']{1,256}?@(?=(?:tcp|udp|unix)\(|\/[A-Za-z0-9_])/g;

/**
 * A value assigned to a name that marks it as secret (isSecretName), in the ways scripts, configuration
 * files and connection strings write it: `export DB_PASSWORD=…`, `--db-password=…`, `password: …`,
 * `"client_secret": "…"`, `Server=db;Password=…;`, `?token=…&`, `//registry/:_authToken=…` (.npmrc),
 * `$env:DB_PASSWORD = …` (PowerShell), and the same JSON-escaped (`{\"api_token\": \"…\"}`). The name must
 * not follow a `:`, `.`, `/` or `-` otherwise (an ARN's `…:secret:name` is an identifier), and a bare `:`
 * must be followed by a space or a quote. A command-line flag may also take its value after a space
 * (`--password hunter2`). First the name and its `=` or `:` are found; only after a secret name is the value
 * read, so that a value is never read for nothing and the search stays linear in the text.
 */
const ASSIGNED_NAME =
  /(?:(?<![A-Za-z0-9_.:/-])|(?<=\/:|\$env:))(-{0,2}[A-Za-z_][A-Za-z0-9_.-]{0,80})(\\?["']?[ \t]*[=:][ \t]*|[ \t]+)/g;

/**
 * The value after a secret name: quoted (JSON-escaped `\"…\"`, `"…"` with `\"` inside, or `'…'`, to its closing quote, or to
 * the end of the line in a text shown cut), or bare, up to white space or a quote; where it ends sooner is
 * decided by what stands before the name (bareEnd). Brackets are no literal value.
 */
const ASSIGNED_VALUE =
  /\\"((?:[^"\\\n]|\\[^"\n])+)(?:\\")?|"((?:[^"\\\n]|\\.)+)"?|'([^'\n]+)'?|(?![{[(<])([^\s"'`]+)/y;

/** Words that are a setting, not a secret: `ALLOW_EMPTY_PASSWORD=yes`, `password: true`. */
const NOT_A_VALUE = /^(?:true|false|yes|no|on|off|null|none|nil|required|optional|disabled|enabled)$/i;

/** `event.resultToken`, `process.env.TOKEN`, `var.db_password`: a reference in code, not a value. */
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** Longest value looked through for its closing quote or brace, so that an unclosed one costs no more. */
const MAX_VALUE = 4096;

/** Where `ch` is, from `from` on the same line and within `max` characters; -1 if not there. */
function inLine(text: string, ch: string, from: number, max = MAX_VALUE): number {
  const lim = Math.min(text.length, from + max);
  for (let i = from; i < lim; i++) {
    const c = text[i];
    if (c === ch) return i;
    if (c === "\n") return -1;
  }
  return -1;
}

/** The end of the line from `from`, within MAX_VALUE characters. */
function lineEnd(text: string, from: number): number {
  const lim = Math.min(text.length, from + MAX_VALUE);
  for (let i = from; i < lim; i++) if (text[i] === "\n" || text[i] === "\r") return i;
  return lim;
}

/** The character before `at`, spaces and tabs passed over; "" at the start of the text. */
function before(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  return i < 0 ? "" : text[i];
}

/**
 * Whether the name found at `at` stands where YAML or JSON put a key: quoted (its closing quote begins
 * `sep`), or with nothing but spaces before it since the start of the text, a line, a list item's `- `, a
 * `{` or a `,`, or an HTTP header's name right after an opening quote (`curl -H 'X-API-Key: …'`).
 */
function keyPosition(text: string, at: number, sep: string): boolean {
  const q = sep[0] === "\\" ? sep[1] : sep[0];
  if ((q === '"' || q === "'") && text[at - 1] === q) return true;
  const c = before(text, at);
  if (c === "" || c === "\n" || c === "\r" || c === "{" || c === ",") return true;
  // An HTTP header in quotes (`-H 'X-API-Key: …'`, `"PRIVATE-TOKEN: …"`): its name has a `-`, which a word
  // of prose in quotes ("Secret: used by …") has not.
  if ((c === '"' || c === "'") && text[at - 1] === c && text.slice(at, text.indexOf(":", at)).includes("-"))
    return true;
  if (c !== "-") return false;
  // `- password: …`: a list item, the dash first on its line.
  const dash = text.lastIndexOf("-", at - 1);
  const d = before(text, dash);
  return d === "" || d === "\n" || d === "\r";
}

/**
 * How much of a bare value is the secret, by what stands before its name: in a URL's query (`?`, `&`) it
 * ends at `&` or `#`; in a flow mapping or JSON (`{`, `,`) at `,`, `}` or `]`; `;` always ends it (a
 * connection string's next member, or the shell's next command). Elsewhere (a shell assignment, an
 * environment file, a flag) only white space ends it: `DB_PASSWORD=Hunter2,pw` is one value.
 */
function bareEnd(text: string, nameAt: number, value: string): number {
  // A quoted name (`"token":12345678}`): what stands before its opening quote.
  const q = text[nameAt - 1];
  const c = before(text, q === '"' || q === "'" ? nameAt - 1 : nameAt);
  const stops = c === "?" || c === "&" ? "&#;" : c === "{" || c === "," ? ",}];" : ";";
  for (let i = 0; i < value.length; i++) if (stops.includes(value[i])) return i;
  return value.length;
}

/** The end of a YAML block scalar's lines (`password: |` then lines indented deeper than its key). */
function blockEnd(text: string, nameAt: number, from: number): number {
  const lineStart = text.lastIndexOf("\n", nameAt - 1) + 1;
  let indent = 0;
  while (text[lineStart + indent] === " ") indent++;
  let end = text.indexOf("\n", from);
  if (end < 0) return text.length;
  for (;;) {
    const next = text.indexOf("\n", end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    const deeper = line.length > indent && line.slice(0, indent + 1).trim() === "";
    if (!deeper && line.trim() !== "") return end;
    if (next < 0) return text.length;
    end = next;
  }
}

/** `text` with the values assigned to secret names redacted. */
function redactAssignments(text: string): string {
  let out = "";
  let last = 0;
  ASSIGNED_NAME.lastIndex = 0;
  for (let m = ASSIGNED_NAME.exec(text); m !== null; m = ASSIGNED_NAME.exec(text)) {
    const [head, name, sep] = m;
    // After a space only a flag's value counts: `the password is` assigns nothing.
    if (name[0] !== "-" && sep.trim() === "") continue;
    if (!isSecretName(name.replace(/^-+/, ""))) continue;
    const at = m.index + head.length;
    // ODBC quotes a value with braces: `PWD={Hunter2;x};`.
    if (text[at] === "{" && sep.includes("=")) {
      const close = inLine(text, "}", at, 256);
      if (close > at + 1) {
        out += `${text.slice(last, at)}{${SENSITIVE}}`;
        last = close + 1;
        ASSIGNED_NAME.lastIndex = last;
        continue;
      }
    }
    ASSIGNED_VALUE.lastIndex = at;
    const v = ASSIGNED_VALUE.exec(text);
    if (v === null) continue;
    const [whole, eq, dq, sq, bare] = v;
    // `secretsmanager:GetSecretValue` (an IAM action) is no assignment: after a bare `:` a value must be
    // quoted or set off by a space, as YAML and JSON write it.
    if (bare !== undefined && sep === ":") continue;
    // `keytool -storepasswd -new …`: after a space, a word that starts with `-` is the next flag, and a
    // backslash continues the line.
    if (bare !== undefined && sep.trim() === "" && (bare.startsWith("-") || bare === "\\")) continue;
    // A `name: value` is a key of YAML or JSON only where a key can stand: quoted, or first on its line, in
    // a list item or after `{` or `,`. Elsewhere it is prose ("grants get on secrets: reads …").
    if (!sep.includes("=") && sep.trim() !== "" && !keyPosition(text, m.index, sep)) continue;
    const value = eq ?? dq ?? sq ?? bare ?? "";
    if (value.startsWith(SENSITIVE) || NOT_A_VALUE.test(value)) continue;
    // References: `$DB_PW`, `${var.x}`, `$(cat …)` unquoted or in double quotes (in single quotes `$` is a
    // character of the value; `$6$…` is a password hash), and dotted names in code
    // (`ResultToken: event.resultToken`).
    if (sq === undefined && REFERENCE.test(value)) continue;
    if (bare !== undefined && DOTTED_REFERENCE.test(bare)) continue;
    let start = at;
    let end = at + whole.length;
    let open = "";
    let close = "";
    if (bare !== undefined) {
      const quote = text[m.index - 1];
      if ((quote === "'" || quote === '"') && !sep.includes(quote)) {
        // `'POSTGRES_PASSWORD=Hunter2 pw'`: the quote opened before the name closes the value.
        const q = inLine(text, quote, at);
        end = q >= 0 ? q : lineEnd(text, at);
      } else if (/^[|>][-+]?$/.test(bare) && !sep.includes("=")) {
        // A YAML block scalar: the value is the lines below.
        start = at + whole.length;
        end = blockEnd(text, m.index, start);
        if (end <= start) continue;
      } else {
        end = at + bareEnd(text, m.index, bare);
        // A prefix and a quoted part are one value: `pass:'Hunter2 pw'` (OpenSSL), `N'…'` (SQL Server).
        const q = text[end];
        if (end === at + bare.length && (q === "'" || q === '"')) {
          const close = inLine(text, q, end + 1);
          if (close > end) {
            // Its quoted part already redacted (by a command's form): as it is.
            if (close === end + 1 + SENSITIVE.length && text.startsWith(SENSITIVE, end + 1)) continue;
            end = close + 1;
          }
        }
      }
      if (end <= start) continue;
    } else {
      open = eq !== undefined ? '\\"' : dq !== undefined ? '"' : "'";
      close = whole.length > value.length + open.length ? open : "";
    }
    out += `${text.slice(last, start)}${open}${SENSITIVE}${close}`;
    last = end;
    ASSIGNED_NAME.lastIndex = last;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * An environment variable written as text with its name and value apart (`- name: DB_PASSWORD` then
 * `value: …` in YAML, `"name": "DB_PASSWORD", "value": "…"` in JSON): the value beside a secret name.
 * XML: `<password>…</password>`, and `.NET`'s `<add key="ApiKey" value="…"/>`.
 */
const NAMED_VALUE =
  /(\bname["']?[ \t]*[:=][ \t]*["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})(["']?[ \t]*(?:,|\r?\n)[ \t]*(?:-[ \t]*)?["']?value["']?[ \t]*[:=][ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s,}\]]+)/g;
const XML_ELEMENT = /<([A-Za-z_][A-Za-z0-9_.:-]{0,80})>([^<]{1,4096})<\/\1>/g;
const XML_KEY_VALUE = /(\bkey=(["'])([^"'\n]{1,80})\2[ \t]+value=)(["'])([^"'\n]*)\4/g;

function redactNamedValues(text: string): string {
  return text
    .replace(NAMED_VALUE, (whole, pre: string, name: string, mid: string, value: string) => {
      if (!isSecretName(name) || value.startsWith(SENSITIVE)) return whole;
      const q = value[0] === '"' || value[0] === "'" ? value[0] : "";
      return `${pre}${name}${mid}${q}${SENSITIVE}${q}`;
    })
    .replace(XML_ELEMENT, (whole, tag: string) =>
      isSecretName(tag.replace(/^.*:/, "")) ? `<${tag}>${SENSITIVE}</${tag}>` : whole,
    )
    .replace(XML_KEY_VALUE, (whole, pre: string, _q: string, name: string, q: string) =>
      isSecretName(name) ? `${pre}${q}${SENSITIVE}${q}` : whole,
    );
}

/**
 * An AWS secret access key has no prefix: 40 characters of base64 with upper- and lower-case letters and
 * digits. It is recognized in a text that also holds an access key id (`AKIA…`, `ASIA…`), as a credentials
 * file, a `aws configure set` script or a pasted pair does; alone it cannot be told from other identifiers.
 */
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const AWS_SECRET_KEY =
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** `Authorization: Bearer …` and a bare `Bearer …` whose token has a digit (not "Bearer authentication"). */
const AUTH_HEADER =
  /(\bauthorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?)([^\s"',;]+)/gi;
const BEARER = /(\bbearer[ \t]+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}/gi;

/**
 * Tokens by their vendors' documented prefixes: GitHub, GitLab, Slack, Stripe, Google API keys, npm, PyPI,
 * SendGrid, OpenAI and Anthropic, HashiCorp Vault and Terraform Cloud, DigitalOcean, Shopify, and JSON Web
 * Tokens (a Kubernetes service account's token). Eight characters after a distinctive prefix are enough: a
 * value shown cut at its length limit (attribute-diff.ts) may end halfway through a token, and what is left
 * must not show either.
 */
const TOKEN = new RegExp(
  [
    /gh[pousr]_[A-Za-z0-9]{8,}/,
    /github_pat_[A-Za-z0-9_]{8,}/,
    /glpat-[A-Za-z0-9_-]{8,}/,
    /xox[abeprs]-[A-Za-z0-9-]{8,}/,
    /(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/,
    /AIza[0-9A-Za-z_-]{20,}/,
    /npm_[A-Za-z0-9]{20,}/,
    /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{8,}/,
    // Two parts joined by a dot: the first may not start inside a longer run of its characters, so that a run
    // without the dot is not scanned again from each of its letters.
    /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{8,}/,
    /sk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_-]{16,}/,
    /sk-[A-Za-z0-9]{40,}/,
    /hv[sbr]\.[A-Za-z0-9_-]{20,}/,
    // Vault's tokens before 1.10: `s.` and 24 characters, nothing more around them
    /(?<![\w.])s\.[A-Za-z0-9]{24}(?![\w.])/,
    /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{20,}/,
    /do[por]_v1_[a-f0-9]{20,}/,
    /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{20,}/,
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  ]
    .map((t) => String.raw`\b${t.source}`)
    .join("|"),
  "g",
);

const SLACK_WEBHOOK = /(hooks\.slack\.com\/services\/|discord(?:app)?\.com\/api\/webhooks\/)[A-Za-z0-9/_-]+/g;

/**
 * A PEM (or PGP) private key; one without its END line (a value shown cut) is redacted to the end of the
 * text.
 */
const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g;

/**
 * Whether a text may hold any of the forms above: one test, so that most texts are passed over. Case does
 * not matter here: a text it lets through only costs the precise expressions above. Its runs are bounded
 * (64 characters), so that it too is linear in the text. Passwords given to commands have their own test
 * (mayHoldCommandSecret).
 */
const FORM_HINT =
  /:\/\/|@(?:tcp|udp|unix)\(|@\/|(?:pass|pwd|pw|secret|token|key|cred|dsn|auth|sig|bearer|sas|string)\w{0,64}\\?["']?[ \t]*[=:]|(?<![\w-])-[\w-]{0,64}?(?:pass|pwd|secret|token|key|cred|auth)[\w-]{0,64}[ \t]|bearer[ \t]|webhooks\/|(?<![\w.])s\.[A-Za-z0-9]{24}|value["']?[ \t]*[:=]|<[\w.:-]{0,80}(?:pass|pwd|secret|token|key|cred)|A[KS]IA[0-9A-Z]{16}|gh[pousr]_|github_pat_|glpat-|xox[abeprs]-|[sr]k_(?:live|test)_|AIza|npm_|pypi-|SG\.|sk-|hv[sbr]\.|atlasv1|do[por]_v1_|shp(?:at|ca|pa|ss)_|eyJ|PRIVATE KEY(?: BLOCK)?-----/i;

/** `text` with secrets recognized by their form replaced by "(sensitive)". */
export function redactSecretForms(text: string): string {
  // The shortest form is a URL password, `a://b:c@d`: most paths and values are shorter, and pass at once.
  if (text.length < 9) return text;
  const forms = FORM_HINT.test(text);
  const commands = mayHoldCommandSecret(text);
  if (!forms && !commands) return text;
  let redacted = text;
  if (forms) {
    redacted = text
      .replace(URL_PASSWORD, `$1${SENSITIVE}@`)
      .replace(URL_USER_TOKEN, `$1${SENSITIVE}@`)
      .replace(DSN_PASSWORD, `$1${SENSITIVE}@`)
      .replace(TOKEN, SENSITIVE)
      .replace(SLACK_WEBHOOK, `$1${SENSITIVE}`)
      .replace(PEM_PRIVATE_KEY, SENSITIVE)
      .replace(AUTH_HEADER, (whole, head: string, value: string) =>
        NOT_A_VALUE.test(value) ? whole : `${head}${SENSITIVE}`,
      )
      .replace(BEARER, `$1${SENSITIVE}`);
    if (AWS_ACCESS_KEY_ID.test(redacted)) redacted = redacted.replace(AWS_SECRET_KEY, SENSITIVE);
  }
  if (commands) redacted = redactCommandSecrets(redacted);
  return forms ? redactNamedValues(redactAssignments(redacted)) : redacted;
}
