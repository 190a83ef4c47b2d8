#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    "airlock: not built yet (dist/ is missing); run `npm ci` or `npm run build` in the checkout\n",
  );
  process.exit(2);
}
await import(main.href);
