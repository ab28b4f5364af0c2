import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const scratch = await mkdtemp(join(tmpdir(), "aiattest-demo-test-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** `npm run demo -- <args>` with its temporary folder under `tmp`; returns its output and what it left there. */
async function demo(args: string[], tmp: string): Promise<{ stdout: string; left: string[] }> {
  await run("mkdir", ["-p", tmp]);
  const { stdout } = await run(process.execPath, ["--import", tsxLoader, "scripts/demo.ts", ...args], { cwd: root, env: { ...process.env, TMPDIR: tmp } });
  return { stdout, left: (await readdir(tmp)).filter((name) => name.startsWith("aiattest-demo-")) };
}

test("the demo verifies an honest bundle and rejects a tampered one, then removes its temporary folder", async () => {
  const { stdout, left } = await demo(["--records", "20"], join(scratch, "removed"));
  expect(stdout).toContain("recorded  20 outputs");
  expect(stdout).toContain("honest    ✓ VALID");
  expect(stdout).toContain("tampered  ✗ INVALID: content-mismatch");
  expect(stdout.trimEnd().split("\n").at(-1)).toMatchInlineSnapshot(`"Its temporary files are removed; npm run demo -- --keep keeps them (the store, the manifest, the honest bundle and its response)."`);
  expect(left).toEqual([]);
});

test("with --keep the demo leaves its folder, with the honest bundle and the command that checks it", async () => {
  const { stdout, left } = await demo(["--records", "20", "--keep"], join(scratch, "kept"));
  expect(left).toHaveLength(1);
  const dir = join(scratch, "kept", left[0]!);
  expect((await readdir(dir)).sort()).toEqual(expect.arrayContaining(["lab.db", "manifests", "record-20.proof.json", "record-20.txt"]));
  const files = ["--response", join(dir, "record-20.txt"), "--bundle", join(dir, "record-20.proof.json")];
  expect(stdout).toContain(`npm run -s aiattest -- verify --offline ${files.join(" ")}`);
  // the command it prints works (exit 0: valid as far as the offline checks go)
  await run(process.execPath, ["sdk/bin/aiattest.js", "verify", "--offline", ...files], { cwd: root });
});
