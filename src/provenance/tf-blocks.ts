// Where the blocks of a Terraform file start: `resource "TYPE" "NAME" {`, `data "TYPE" "NAME" {` and
// `module "NAME" {` headers, found by one pass over the text that passes over what is not configuration —
// comments (`#`, `//`, `/* … */`), strings and heredocs (`<<EOT … EOT`, `<<-EOT`) — so that a block
// commented out, or quoted in a heredoc, is not taken for the block itself.

/** The key of a block: `resource aws_db_instance main`, `data aws_iam_policy_document p`, `module db`. */
export function blockKey(keyword: "resource" | "data" | "module", ...labels: string[]): string {
  return `${keyword} ${labels.join(" ")}`;
}

/** A block header at the start of a line; labels quoted or not (HCL allows both). */
const HEADER =
  /[ \t]*(resource|data|module)[ \t]+(?:"([^"\n\\]{1,256})"|([A-Za-z_][\w-]{0,255}))(?:[ \t]+(?:"([^"\n\\]{1,256})"|([A-Za-z_][\w-]{0,255})))?[ \t]*\{/y;
/** A heredoc's opening marker, the rest of its line blank. */
const HEREDOC = /<<-?([A-Za-z_][\w-]{0,63})[ \t]*\r?\n/y;

/** Block key → its 1-based line (the first block of a key wins). Linear in the text. */
export function blockLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = true;
  /** Past the next line break from `j` (or the end), counting it. */
  const nextLine = (j: number): number => {
    const k = text.indexOf("\n", j);
    if (k < 0) return n;
    line++;
    lineStart = true;
    return k + 1;
  };
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      HEADER.lastIndex = i;
      const m = HEADER.exec(text);
      if (m) {
        const keyword = m[1] as "resource" | "data" | "module";
        const first = m[2] ?? m[3];
        const second = m[4] ?? m[5];
        const key =
          keyword === "module"
            ? second
              ? undefined
              : blockKey("module", first)
            : second
              ? blockKey(keyword, first, second)
              : undefined;
        if (key && !out.has(key)) out.set(key, line);
      }
    }
    const c = text[i];
    if (c === "\n") {
      line++;
      lineStart = true;
      i++;
    } else if (c === '"') {
      // A quoted string ends at its closing quote (or, unclosed, at the line's end).
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      i = text[j] === '"' ? j + 1 : j;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      i = nextLine(i);
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = text.indexOf("\n", i); k >= 0 && k < stop; k = text.indexOf("\n", k + 1)) line++;
      i = stop;
    } else if (c === "<" && text[i + 1] === "<") {
      HEREDOC.lastIndex = i;
      const m = HEREDOC.exec(text);
      if (!m) {
        i += 2;
        continue;
      }
      // The body, up to the line that is the marker (indented or not).
      i = HEREDOC.lastIndex;
      line++;
      while (i < n) {
        const k = text.indexOf("\n", i);
        const end = k < 0 ? n : k;
        const body = text.slice(i, end).trim();
        i = k < 0 ? n : k + 1;
        if (k >= 0) line++;
        if (body === m[1]) break;
      }
      lineStart = true;
    } else i++;
  }
  return out;
}
