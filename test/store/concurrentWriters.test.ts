import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const writerScript = fileURLToPath(new URL("./helpers/storeWriter.ts", import.meta.url));

/** Runs the writer script in a separate Node process; resolves with the errors it printed. */
function runWriter(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, writerScript, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("close", (code) => (code === 0 ? resolve(JSON.parse(stdout) as string[]) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

test("4 processes that create one new store file at the same moment, then open, write and close it 150 times each, never fail: every record is stored once", async () => {
  // opening and closing often is the hard case: the last connection to close checkpoints the WAL away while
  // another opens, and a new file is switched to WAL and migrated by whichever process comes first
  const path = join(await mkdtemp(join(tmpdir(), "aiattest-writers-")), "shared.db");
  const rounds = 150;
  const startAt = Date.now() + 3_000;
  const errors = await Promise.all([0, 1, 2, 3].map((writer) => runWriter([path, String(rounds), String(startAt), String(writer)])));
  expect(errors.flat()).toEqual([]);
  const store = await openSqliteStore({ path });
  try {
    expect(await store.countPending()).toBe(4 * rounds);
  } finally {
    await store.close();
  }
}, 120_000);
