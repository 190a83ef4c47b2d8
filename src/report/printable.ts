// Makes untrusted text (anything that comes from the input: addresses, attribute values quoted in finding
// messages, file names, notes…) safe to print on a terminal or in a pull-request comment.
//
// Control characters would let a plan rewrite the reviewer's screen (ESC sequences that erase lines, CR that
// returns to the start of the line, line breaks that fake report lines) and bidirectional controls reorder
// what is shown ("Trojan Source", CVE-2021-42574). Each is rendered as a visible escape instead:
// `\n`, `\r`, `\t`, `\xHH` for the other C0 controls, DEL and the C1 controls, `\uHHHH` for the bidirectional
// controls and the Unicode line/paragraph separators. Everything else, backslashes included, is kept as it
// is, so addresses read exactly as Terraform prints them (`aws_s3_bucket.a["k\"q"]`).

// C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), ALM (U+061C), LRM/RLM (U+200E/F),
// line/paragraph separator (U+2028/9), embeddings and overrides (U+202A–E), isolates (U+2066–9).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const ANY_UNPRINTABLE = new RegExp(UNPRINTABLE.source);

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `s` with every control and bidirectional-control character replaced by a visible escape. */
export function printable(s: string): string {
  // Nearly every string is already printable: leave it as it is.
  return ANY_UNPRINTABLE.test(s) ? s.replace(UNPRINTABLE, escapeOne) : s;
}
