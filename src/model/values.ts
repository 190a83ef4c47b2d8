// Reading values out of the model safely: paths, sensitivity, unknowns, redaction.
import type { Change, SensitivityMarks, UnknownMarks } from "./types.js";

export const SENSITIVE = "(sensitive)";
export const KNOWN_AFTER_APPLY = "(known after apply)";

/**
 * Attribute names that mark a value as secret wherever they appear (Terraform attributes, CloudFormation
 * properties, Kubernetes env names). Matched against one path segment, case-insensitively.
 */
const SECRET_NAME =
  /(pass(word|wd|phrase)|(^|[_-])pwd$|(^|[_-])pass$|(store|key)pass$|(^|[_-])pw$|(^|[_-])creds?$|^basic[_-]?auth$|(^|[_-])dsn$|secret|token|bearer|private[_-]?key|privatekey|api[_-]?key|apikey|access[_-]?key|credential|connection[_-]?string|^auth[_-]?string$|sas[_-]?url|^sas$|^sig$|^account[_-]?key$|^_auth$|^key[_-]?material$|^master[_-]?key$|^encryption[_-]?key$|^signing[_-]?key$|^client[_-]?key$)/i;

/**
 * Environment-variable names (upper case, words joined by `_`) that end in KEY or PASS: `STRIPE_KEY`,
 * `SMTP_PASS`. In lower-case attribute names `_key` names an identifier as often as not (`hash_key`,
 * `kms_key`, `s3_key`), so only the environment-variable form counts.
 */
const SECRET_ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*_(KEY|PASS)$/;

/**
 * The same endings in camelCase names (`stripeKey`, `smtpPass`, `dbCreds`): a lower-case letter or digit,
 * then the word capitalized. Identifiers (`hashKey`, `topologyKey`, `tag1Key`) are excluded below, as in the
 * other styles. PascalCase names are not judged this way: they are CloudFormation's property names, where
 * `…Key` is an identifier far more often than not (`ParameterKey`, `PartitionKey`, `S3Key`, `OutputKey`).
 */
const SECRET_CAMEL_NAME = /^[a-z][A-Za-z0-9]*[a-z0-9](Key|Pass|Pw|Pwd|Creds?|Dsn)$/;

/** Names that look secret-ish but hold identifiers, never secret material. */
const NOT_SECRET_NAME =
  /^(http_?tokens|tokeni[sz][a-z_-]*|(?:max|min|num)[_-]?(?:new[_-]?)?tokens?|secret_?arn|secret_?name|secret_?id|kms_?key_?id|kms_?master_?key_?id|token_?validity.*|.*_?ttl|.*_?length|.*_?count|.*_?enabled|.*_?version|.*_?policy|master_?user_?secret_?kms_?key_?id|manage_?master_?user_?password|secret_?ref|secretRef|secretKeyRef|secretName|.*ValueFrom|valueFrom|ServiceToken|service_?token|.*_?PUBLIC_?KEY|bearer_?format|.*(PRIMARY|SORT|HASH|PARTITION|RANGE|ROUTING|CACHE|S3|OBJECT|KMS|FOREIGN|LOOKUP|SHARD|INDEX|BUCKET|PREFIX|IDEMPOTENCY|DEDUP|GROUP|TOPOLOGY|TAG|LABEL|DIMENSION|ATTRIBUTE|SEARCH|JOIN|SOURCE|TEMPLATE|MANIFEST|SELECTOR|FIELD|COLUMN|METADATA|CONDITION|CONTEXT|PARAMETER|OUTPUT|TARGET|DESTINATION|RESOURCE|ANNOTATION|NAMESPACE|DISTRIBUTION|FILTER|MESSAGE|HOST)\d*_?KEY)$/i;

/**
 * Names that hold something about a secret, not the secret: where it is (`DB_PASSWORD_FILE`,
 * `password_path`, `keyvault_secret_uri`, `token_endpoint`, `DB_PASSWORD_SECRET_ARN`), what it is called or
 * which one (`SharedAccessKeyName`, `api_key_id`, `aws_access_key_id`), its kind (`token_type`), how it is
 * asked for or checked (`--password-stdin`, `password_prompt`, `token_audience`, `api_key_header`), where it is kept (`secrets_dir`, `token_url`), and rules
 * about it (`api_key_required`, `AccessTokenValidity`). In snake, kebab and environment style after a `_` or
 * `-`, in camelCase and PascalCase after a lower-case letter or digit.
 */
const ABOUT_SECRET_WORDS = [
  "file",
  "path",
  "uri",
  "endpoint",
  "issuer",
  "arn",
  "name",
  "id",
  "type",
  "required",
  "validity",
  "expiry",
  "expiration",
  "rotation",
  "format",
  "location",
  "ref",
  "stdin",
  "prompt",
  "audience",
  "header",
  "dir",
  "url",
  "scope",
  "scopes",
];
/** Acronyms also written all in capitals in camelCase names (`keyvaultSecretURI`, `tokenARN`). */
const ACRONYMS = new Set(["uri", "arn", "id"]);
const capitalized = (w: string) => w[0].toUpperCase() + w.slice(1);
const ABOUT_SECRET_CAMEL = new RegExp(
  `[a-z0-9](?:${ABOUT_SECRET_WORDS.flatMap((w) => (ACRONYMS.has(w) ? [capitalized(w), w.toUpperCase()] : [capitalized(w)])).join("|")})$`,
);
const ABOUT_SECRET_SNAKE = new RegExp(`[_-](?:${ABOUT_SECRET_WORDS.join("|")})$`, "i");

/**
 * Settings that switch a secret's use on or off, never the secret: `disable_password_authentication`,
 * `automountServiceAccountToken`, `ALLOW_EMPTY_PASSWORD`, `generate_secret`, `manage_master_user_password`.
 * The verb first, then `_`/`-` (any case) or a capital (camelCase).
 */
const SECRET_SETTING_VERBS =
  "allow|require|enable|disable|skip|use|force|manage|rotate|reset|generate|automount|create|has|is|ignore|include|exclude|show|hide|print|no";
const SECRET_SETTING_SNAKE = new RegExp(`^(?:${SECRET_SETTING_VERBS})[_-]`, "i");
const SECRET_SETTING_CAMEL = new RegExp(`^(?:${SECRET_SETTING_VERBS})[A-Z]`);

const secretNameCache = new Map<string, boolean>();

export function isSecretName(name: string): boolean {
  let r = secretNameCache.get(name);
  if (r === undefined) {
    r =
      (SECRET_NAME.test(name) || SECRET_ENV_NAME.test(name) || SECRET_CAMEL_NAME.test(name)) &&
      !NOT_SECRET_NAME.test(name) &&
      !ABOUT_SECRET_SNAKE.test(name) &&
      !ABOUT_SECRET_CAMEL.test(name) &&
      !SECRET_SETTING_SNAKE.test(name) &&
      !SECRET_SETTING_CAMEL.test(name);
    if (secretNameCache.size < 100_000) secretNameCache.set(name, r);
  }
  return r;
}

export type PathSeg = string | number;

export function getPath(value: unknown, path: readonly PathSeg[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof seg === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (typeof cur !== "object" || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

/** Follows a marker tree (sensitive/unknown) down a path; true if any marker on the way is `true`. */
export function markedAt(
  marks: SensitivityMarks | UnknownMarks | undefined,
  path: readonly PathSeg[],
): boolean {
  let cur: unknown = marks;
  for (const seg of path) {
    if (cur === true) return true;
    if (cur === null || cur === undefined || cur === false || typeof cur !== "object") return false;
    cur = (cur as Record<string | number, unknown>)[seg as string];
  }
  return cur === true;
}

/** True when any segment of the path is a secret-like name. */
export function pathHasSecretName(path: readonly PathSeg[]): boolean {
  for (const seg of path) if (typeof seg === "string" && isSecretName(seg)) return true;
  return false;
}

export function formatPath(path: readonly PathSeg[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Values of a change, for rules: `attr(change, "after", ["publicly_accessible"])`.
 * Returns undefined when the value is unknown until apply (after side).
 */
export function attr(change: Change, side: "before" | "after", path: readonly PathSeg[] | string): unknown {
  const p = typeof path === "string" ? path.split(".") : path;
  if (side === "after" && markedAt(change.afterUnknown, p)) return undefined;
  return getPath(side === "before" ? change.before : change.after, p);
}

export function isUnknownAfter(change: Change, path: readonly PathSeg[] | string): boolean {
  const p = typeof path === "string" ? path.split(".") : path;
  return markedAt(change.afterUnknown, p);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Does a value tree contain any marker `true`? */
function anyMarked(m: unknown): boolean {
  if (m === true) return true;
  if (m === null || typeof m !== "object") return false;
  for (const v of Object.values(m as object)) if (anyMarked(v)) return true;
  return false;
}

/** The marker subtree (sensitive/unknown) under one key; `true` propagates down. */
export function child(marks: unknown, key: string | number): unknown {
  if (marks === true) return true;
  if (marks === null || typeof marks !== "object") return undefined;
  return (marks as Record<string | number, unknown>)[key as string];
}

/**
 * An object that names a secret and holds it beside the name: `{ name = "DB_PASSWORD", value = "…" }`, the
 * shape of environment variables (kubernetes provider, Elastic Beanstalk settings): its `value` is secret.
 */
export function namesSecret(obj: Record<string, unknown>): boolean {
  const name = obj.name;
  if (typeof name === "string" && Object.hasOwn(obj, "value") && isSecretName(name)) return true;
  // The same pair capitalized (`{"Name": …, "Value": …}`, as AWS APIs write it inside JSON documents).
  const Name = obj.Name;
  return typeof Name === "string" && Object.hasOwn(obj, "Value") && isSecretName(Name);
}

/** The member that holds the value of a name/value pair. */
export function isValueKey(k: string): boolean {
  return k === "value" || k === "Value";
}

/** Is the member `k` of `obj` secret by its name, or as the `value` beside a secret-naming `name`? */
export function isSecretMember(obj: Record<string, unknown>, k: string): boolean {
  return isSecretName(k) || (isValueKey(k) && namesSecret(obj));
}

/**
 * A copy of a value with sensitive and secret-named parts replaced by "(sensitive)". For any place that
 * must show a whole value (reports, ledger, policy input).
 */
export function redactValue(value: unknown, marks: unknown, secretAbove = false): unknown {
  if (marks === true || secretAbove) return value === null || value === undefined ? value : SENSITIVE;
  if (typeof value === "string") return redactJsonText(value) ?? value;
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, child(marks, i)));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = redactValue(v, child(marks, k), isSecretMember(value, k));
    return out;
  }
  return value;
}

/** Longest string read as a JSON document for the secrets inside it. */
const MAX_JSON_TEXT = 1 << 20;

/** What a JSON-document string holds: the parsed document, and (once asked) its redacted text. */
interface JsonText {
  doc: object;
  /** Redacted JSON text; undefined: nothing to redact; not yet computed: absent. */
  redacted?: string | undefined;
}

/**
 * JSON-document strings met so far, by text: a policy or task definition is usually both a change's before
 * and after, and read by the secret collector and again by the diff. Bounded; cleared when full.
 */
const jsonTexts = new Map<string, JsonText | null>();
const MAX_JSON_TEXTS = 20_000;

/** Could `s` hold a JSON object or array? (`{`/`[` first, after whitespace or a byte-order mark.) */
function startsLikeJson(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return i;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return -1;
  }
  return -1;
}

function jsonTextOf(s: string): JsonText | null {
  const c = s.charCodeAt(0);
  // Nearly every string starts with something else: decided by one character.
  if (c !== 0x7b && c !== 0x5b && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff)
    return null;
  if (s.length > MAX_JSON_TEXT) return null;
  let entry = jsonTexts.get(s);
  if (entry !== undefined) return entry;
  entry = null;
  const at = startsLikeJson(s);
  if (at >= 0) {
    try {
      const doc: unknown = JSON.parse(at ? s.slice(at) : s);
      if (doc !== null && typeof doc === "object") entry = { doc };
    } catch {
      // not JSON: an ordinary string
    }
  }
  if (jsonTexts.size >= MAX_JSON_TEXTS) jsonTexts.clear();
  jsonTexts.set(s, entry);
  return entry;
}

/**
 * A string attribute that holds a JSON document (`jsonencode(…)`: an ECS task definition's
 * `container_definitions`, a policy) parsed, for the secrets Terraform cannot mark inside it; undefined when
 * it is not a JSON object or array, too long, or too deep to read (JSON.parse's own limit).
 */
export function parseJsonText(s: string): object | undefined {
  return jsonTextOf(s)?.doc;
}

/**
 * The JSON document in a string attribute with its secret-named members and `{ name = "…PASSWORD", value }`
 * values replaced by "(sensitive)", written again (compact); undefined when it is not JSON or holds none.
 */
export function redactJsonText(s: string): string | undefined {
  const entry = jsonTextOf(s);
  if (!entry) return undefined;
  if (!("redacted" in entry)) {
    const redacted = JSON.stringify(redactValue(entry.doc, undefined));
    entry.redacted = redacted === JSON.stringify(entry.doc) ? undefined : redacted;
  }
  return entry.redacted;
}

export function hasSensitive(marks: unknown): boolean {
  return anyMarked(marks);
}
