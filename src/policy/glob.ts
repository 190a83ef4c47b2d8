// A small glob → RegExp translation (node's path.matchesGlob prints an ExperimentalWarning on Node 20).
// `*` any characters except `/`, `**` any depth (including none), `?` one character except `/`,
// `[abc]` / `[!abc]` classes, `{a,b}` alternatives. Paths use `/`.

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    re = new RegExp(`^${translate(glob)}$`);
    cache.set(glob, re);
  }
  return re;
}

function translate(glob: string): string {
  let out = "";
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        i += 2;
        if (atStart && atEnd) {
          if (glob[i] === "/") {
            i++;
            out += "(?:.*/)?";
          } else out += ".*";
        } else out += ".*";
        continue;
      }
      out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) out += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else if (c === "\\" && i + 1 < glob.length) {
      i++;
      out += escapeChar(glob[i]);
    } else out += escapeChar(c);
    i++;
  }
  while (braces-- > 0) out += ")";
  return out;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

export function matchGlob(value: string, glob: string): boolean {
  return globToRegExp(glob).test(value.replace(/\\/g, "/"));
}

export function matchAny(value: string, globs: readonly string[] | undefined): string | undefined {
  for (const g of globs ?? []) if (matchGlob(value, g)) return g;
  return undefined;
}
