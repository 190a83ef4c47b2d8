#!/usr/bin/env node
// Claude Code PreToolUse hook, fast path: `airlock guard hook claude-code` without the CLI framework.
// Any failure denies (exit 2 with the reason on stderr).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/guard/hook-main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("airlock guard: not built yet (dist/ is missing); run `npm run build`; denying\n");
  process.exit(2);
}
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`airlock guard: internal error: ${err?.message ?? err}; denying\n`);
  process.exitCode = 2;
}
