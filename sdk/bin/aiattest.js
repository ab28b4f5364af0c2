#!/usr/bin/env node
// The `aiattest` command. Plain JavaScript that any Node.js can parse, so it can say which Node it found before
// loading anything that would fail on an older one. Then it runs the CLI: the TypeScript source through tsx in
// the aiattest repo (where sdk/src is, so `npx aiattest` works right after `npm ci`, with no build and never a
// stale one), the built dist/ everywhere else (the published package ships no src/).
import { existsSync } from "node:fs";

const source = new URL("../src/cli/cli.ts", import.meta.url);
const isRepo = existsSync(source);

// node:sqlite is built in, without a flag, from Node.js 22.13 (and 23.4 on the short-lived 23 line)
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const hasBuiltinSqlite = major >= 24 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
if (!hasBuiltinSqlite) {
  process.stderr.write(
    `error: aiattest needs Node.js 22.13 or later (it stores records with the built-in node:sqlite); this is Node.js ${process.version} (${process.execPath}).\n` +
      (isRepo ? "  In the aiattest repo, run it through npm (npm run -s aiattest -- <command>): npm runs the repo's own Node 22.\n" : ""),
  );
  process.exit(2);
}

if (isRepo) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../dist/cli/cli.js");
}
