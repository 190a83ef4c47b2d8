// Terraform address helpers: split an address into its dot-separated steps while respecting instance keys
// (`module.a["x.y"].aws_s3_bucket.b[0]`), and strip instance keys to get the configuration address.

/** Splits on dots that are outside `[...]` (and outside quoted strings inside them). */
export function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let depth = 0;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inString) {
      cur += c;
      if (c === "\\") {
        cur += address[++i] ?? "";
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      cur += c;
    } else if (c === "[") {
      depth++;
      cur += c;
    } else if (c === "]") {
      depth--;
      cur += c;
    } else if (c === "." && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Removes a trailing `[...]` instance key from one address step. */
export function stripKey(step: string): string {
  const i = step.indexOf("[");
  return i === -1 ? step : step.slice(0, i);
}

/**
 * The address without its instance keys when that is plain to see: the address itself when it has none,
 * the part before the key when it has one at the end and nothing quoted (`aws_x.y[0]`, the usual case).
 * Undefined otherwise: the caller splits the address.
 */
export function withoutSimpleKey(address: string): string | undefined {
  const open = address.indexOf("[");
  if (open === -1) return address;
  if (
    address.lastIndexOf("[") === open &&
    address.indexOf("]", open) === address.length - 1 &&
    !address.includes('"')
  )
    return address.slice(0, open);
  return undefined;
}

/** `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`. */
export function configAddressOf(address: string): string {
  const simple = withoutSimpleKey(address);
  if (simple !== undefined) return simple;
  // Numeric keys only (`count`), nothing quoted that could hide brackets or dots.
  if (!address.includes('"')) return address.replace(/\[[^\]]*\]/g, "");
  return splitAddress(address).map(stripKey).join(".");
}

/** Module part of a resource instance address: `module.a["x"].module.b.aws_x.y` → `module.a["x"].module.b`. */
export function modulePathOf(address: string): string {
  const parts = splitAddress(address);
  const mods: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== "module") break;
    mods.push(`module.${parts[i + 1]}`);
  }
  return mods.join(".");
}
