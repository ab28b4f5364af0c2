import { execFile, spawn } from "node:child_process";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { findSystemNode } from "../helpers/findSystemNode.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = fileURLToPath(new URL("../../sdk/bin/aiattest.js", import.meta.url));
const node20 = findSystemNode({ major: 20 });

test("the aiattest bin is a committed, executable file, so npm ci links it with no build step", async () => {
  const sdkPackage = JSON.parse(readFileSync(new URL("../../sdk/package.json", import.meta.url), "utf8")) as { bin: Record<string, string> };
  expect(sdkPackage.bin).toEqual({ aiattest: "./bin/aiattest.js" });
  const { stdout } = await run("git", ["ls-files", "--stage", "sdk/bin/aiattest.js"], { cwd: root });
  expect(stdout).toMatch(/^100755 /);
  expect(statSync(bin).mode & 0o111).not.toBe(0);
  expect(realpathSync(`${root}/node_modules/.bin/aiattest`)).toBe(realpathSync(bin));
});

test("npx aiattest runs the CLI in the repo (from its TypeScript source: no build needed)", async () => {
  // --offline: the local bin must be found; this test never asks the registry
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const { stdout } = await run(npx, ["--offline", "aiattest", "verify", "--help"], { cwd: root });
  expect(stdout.split("\n")[0]).toBe("Usage: aiattest verify [options]");
});

test.skipIf(!node20)("on a Node.js older than 22.13 it says which Node it found, and exits 2", async () => {
  const result = await run(node20!.path, [bin, "anchor"], { cwd: root }).catch((error: { code: number; stdout: string; stderr: string }) => error);
  expect("code" in result ? result.code : 0).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.replace(node20!.version, "<version>").replace(node20!.path, "<path>")).toMatchInlineSnapshot(`
    "error: aiattest needs Node.js 22.13 or later (it stores records with the built-in node:sqlite); this is Node.js <version> (<path>).
      In the aiattest repo, run it through npm (npm run -s aiattest -- <command>): npm runs the repo's own Node 22.
    "
  `);
});

test("exits quietly when the reader of its output goes away (aiattest verify --help | head -1)", async () => {
  const child = spawn(process.execPath, [bin, "verify", "--help"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  // the reader closes before the CLI writes anything: every write then fails with EPIPE
  child.stdout.destroy();
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(stderr).toBe("");
  expect(code).toBe(0);
});
