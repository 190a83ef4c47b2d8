// Cheap sniffing on an input, with no parser loaded: is it a CloudFormation change set,
// a template, or a Kubernetes JSON manifest? The ingest entry point calls these before importing anything
// heavy, so a Terraform plan never pays for the YAML parser or the CloudFormation modules.

/**
 * Is this DescribeChangeSet output (one page, concatenated pages or an array of pages)? Judged by the member
 * names of the first top-level object, read in order until one settles it, never by strings inside values:
 * `Changes`, `ChangeSetName` or `ChangeSetId` say yes; a name that starts with a lower-case letter (every
 * member of a Terraform plan, `format_version`, `applyable`…, or of a Kubernetes object) or a template's
 * `AWSTemplateFormatVersion`/`Resources` say no (AWS API output names are PascalCase). The first member
 * settles it for all of these, so a large plan is not read again; values before the deciding name are
 * skipped by matching brackets. Undecided (no deciding name, not JSON, cut short) is no.
 */
export function looksLikeChangeSet(doc: string | Uint8Array): boolean {
  return topLevelVerdict(doc) === true;
}

const CHANGE_SET_KEYS = new Set(["Changes", "ChangeSetName", "ChangeSetId"]);
const NOT_CHANGE_SET_KEYS = new Set(["AWSTemplateFormatVersion", "Resources"]);
/** Longest member name decoded; longer ones are judged by their first character. */
const KEY_DECODED = 256;

function topLevelVerdict(doc: string | Uint8Array): boolean | undefined {
  const str = typeof doc === "string" ? doc : undefined;
  const bytes = typeof doc === "string" ? undefined : doc;
  const at = str !== undefined ? (i: number) => str.charCodeAt(i) : (i: number) => bytes![i] ?? Number.NaN;
  const n = doc.length;
  const ws = (i: number): number => {
    let c = at(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = at(++i);
    return i;
  };
  /** End (exclusive) of the string starting at the quote at i, or -1. */
  const stringEnd = (i: number): number => {
    for (i++; i < n; i++) {
      const c = at(i);
      if (c === 0x22) return i + 1;
      if (c === 0x5c) i++;
    }
    return -1;
  };
  /** End (exclusive) of the value starting at i, or -1 when it never ends. */
  const valueEnd = (i: number): number => {
    const c = at(i);
    if (c === 0x22) return stringEnd(i);
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      for (; i < n; i++) {
        const d = at(i);
        if (d === 0x22) {
          i = stringEnd(i) - 1;
          if (i < 0) return -1;
        } else if (d === 0x7b || d === 0x5b) depth++;
        else if (d === 0x7d || d === 0x5d) {
          if (--depth === 0) return i + 1;
        }
      }
      return -1;
    }
    while (i < n) {
      const d = at(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09)
        break;
      i++;
    }
    return i;
  };
  let i = 0;
  if (str !== undefined && at(0) === 0xfeff) i = 1;
  else if (at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) i = 3;
  i = ws(i);
  // An array of pages: its first page.
  if (at(i) === 0x5b) i = ws(i + 1);
  if (at(i) !== 0x7b) return undefined;
  i++;
  for (;;) {
    i = ws(i);
    if (at(i) !== 0x22) return undefined;
    const end = stringEnd(i);
    if (end < 0) return undefined;
    let key: string | undefined;
    if (end - i <= KEY_DECODED) {
      const raw = str !== undefined ? str.slice(i, end) : new TextDecoder().decode(bytes!.subarray(i, end));
      try {
        key = JSON.parse(raw) as string;
      } catch {
        return undefined;
      }
    }
    const first = key !== undefined ? key.charCodeAt(0) : at(i + 1);
    if (key !== undefined && CHANGE_SET_KEYS.has(key)) return true;
    if ((first >= 0x61 && first <= 0x7a) || (key !== undefined && NOT_CHANGE_SET_KEYS.has(key))) return false;
    i = ws(end);
    if (at(i) !== 0x3a) return undefined;
    i = valueEnd(ws(i + 1));
    if (i < 0) return undefined;
    i = ws(i);
    if (at(i) !== 0x2c) return undefined;
    i++;
  }
}

/** A single Kubernetes object written as JSON. */
export function looksLikeKubernetesJson(head: string): boolean {
  return (
    /^\s*\{\s*"(apiVersion|kind)"\s*:/.test(head) && /"kind"\s*:/.test(head) && !/"format_version"/.test(head)
  );
}

/** Does this look like a CloudFormation template (rather than Kubernetes manifests)? */
export function looksLikeTemplate(text: string): boolean {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*[{[]/.test(t)) {
    const head = t.slice(0, 65536);
    return (
      /"(AWSTemplateFormatVersion|Resources)"\s*:/.test(head) &&
      !/"apiVersion"\s*:\s*"/.test(head.slice(0, 2048))
    );
  }
  return /^(AWSTemplateFormatVersion|Resources|Transform)\s*:/m.test(t) && !/^(apiVersion|kind)\s*:/m.test(t);
}
