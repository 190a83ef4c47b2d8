// Secrets recognized in free text by their form, whatever attribute holds the text: passwords in URLs and
// DSNs, values assigned to a secret name (`DB_PASSWORD=…`, `password: …`, `Password=…;`), credentials in
// HTTP headers, and tokens whose vendors give them a documented prefix. The literal secrets of a change set
// (sensitive and secret-named values) are replaced before this, by the SecretScrubber in secrets.ts.
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
 * `"client_secret": "…"`, `Server=db;Password=…;`, `?token=…&`. The name must not follow a `:`, `.`, `/` or
 * `-` (an ARN's `…:secret:name` is an identifier), and a bare `:` must be followed by a space or a quote.
 * A command-line flag may also take its value after a space (`--password hunter2`). First the name and its `=` or `:` are found; only after a secret name is the value read, so that a value
 * is never read for nothing and the search stays linear in the text.
 */
const ASSIGNED_NAME =
  /(?<![A-Za-z0-9_.:/-])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]{0,80})(["']?[ \t]*[=:][ \t]*|[ \t]+)/g;

/**
 * The value after a secret name: quoted (to its closing quote, or to the end of the line in a text shown
 * cut), or bare, ending at white space, a quote, `,`, `;`, `&`, `}` or `]`. References (`$VAR`, `${…}`,
 * `$(…)`) and brackets are no literal value.
 */
const ASSIGNED_VALUE = /"([^"\n]+)"?|'([^'\n]+)'?|(?![{[(<$])([^\s"',;&}\]]+)/y;

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
  /(\bauthorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?)[^\s"',;]+/gi;
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
    /SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{8,}/,
    /sk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_-]{16,}/,
    /sk-[A-Za-z0-9]{40,}/,
    /hv[sbr]\.[A-Za-z0-9_-]{20,}/,
    /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{20,}/,
    /do[por]_v1_[a-f0-9]{20,}/,
    /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{20,}/,
    /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  ]
    .map((t) => String.raw`\b${t.source}`)
    .join("|"),
  "g",
);

const SLACK_WEBHOOK = /(hooks\.slack\.com\/services\/)[A-Za-z0-9/_-]+/g;

/** A PEM private key; one without its END line (a value shown cut) is redacted to the end of the text. */
const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*$)/g;

/**
 * Whether a text may hold any of the forms above: one test, so that most texts are passed over. Case does
 * not matter here: a text it lets through only costs the precise expressions above.
 */
const FORM_HINT =
  /:\/\/|@(?:tcp|udp|unix)\(|@\/|(?:pass|pwd|pw|secret|token|key|cred|dsn|auth|sig|bearer|sas|string)\w*["']?[ \t]*[=:]|-[\w-]*(?:pass|pwd|secret|token|key|cred|auth)[\w-]*[ \t]|bearer[ \t]|A[KS]IA[0-9A-Z]{16}|gh[pousr]_|github_pat_|glpat-|xox[abeprs]-|[sr]k_(?:live|test)_|AIza|npm_|pypi-|SG\.|sk-|hv[sbr]\.|atlasv1|do[por]_v1_|shp(?:at|ca|pa|ss)_|eyJ|PRIVATE KEY-----/i;

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
    ASSIGNED_VALUE.lastIndex = at;
    const v = ASSIGNED_VALUE.exec(text);
    if (v === null) continue;
    const [whole, dq, sq, bare] = v;
    // `secretsmanager:GetSecretValue` (an IAM action) is no assignment: after a bare `:` a value must be
    // quoted or set off by a space, as YAML and JSON write it.
    if (bare !== undefined && sep === ":") continue;
    const value = dq ?? sq ?? bare ?? "";
    if (value.startsWith(SENSITIVE) || value.startsWith("$")) continue;
    const open = dq !== undefined ? '"' : sq !== undefined ? "'" : "";
    const close = open && whole.length > value.length + 1 ? open : "";
    out += `${text.slice(last, at)}${open}${SENSITIVE}${close}`;
    last = at + whole.length;
    ASSIGNED_NAME.lastIndex = last;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** `text` with secrets recognized by their form replaced by "(sensitive)". */
export function redactSecretForms(text: string): string {
  // The shortest form is a URL password, `a://b:c@d`: most paths and values are shorter, and pass at once.
  if (text.length < 9 || !FORM_HINT.test(text)) return text;
  const redacted = text
    .replace(URL_PASSWORD, `$1${SENSITIVE}@`)
    .replace(URL_USER_TOKEN, `$1${SENSITIVE}@`)
    .replace(DSN_PASSWORD, `$1${SENSITIVE}@`)
    .replace(TOKEN, SENSITIVE)
    .replace(SLACK_WEBHOOK, `$1${SENSITIVE}`)
    .replace(PEM_PRIVATE_KEY, SENSITIVE)
    .replace(AUTH_HEADER, `$1${SENSITIVE}`)
    .replace(BEARER, `$1${SENSITIVE}`);
  const pairs = AWS_ACCESS_KEY_ID.test(redacted) ? redacted.replace(AWS_SECRET_KEY, SENSITIVE) : redacted;
  return redactAssignments(pairs);
}
