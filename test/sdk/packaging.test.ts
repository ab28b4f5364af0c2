import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, expect, test } from "vitest";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = await mkdtemp(join(tmpdir(), "aiattest-pack-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test("the browser entry bundles for the browser with no Node built-ins", async () => {
  const result = await build({
    entryPoints: [join(root, "sdk/src/index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => input.startsWith("node:") || /(^|\/)node_modules\/(hardhat|ethers)\//.test(input))).toEqual([]);
  expect(result.outputFiles[0]!.text).toContain("aiattest-bundle-v1");
});

test("a dApp installs the packed SDK without our dev tooling and verifies a bundle with it", async () => {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await run(npm, ["pack", "-w", "sdk", "--pack-destination", scratch], { cwd: root });
  const tarball = (await readdir(scratch)).find((name) => name.endsWith(".tgz"));
  expect(tarball).toMatch(/^aiattest-sdk-\d+\.\d+\.\d+\.tgz$/);

  const app = join(scratch, "app");
  await run("mkdir", ["-p", app]);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "dapp", private: true, type: "module" }));
  await run(npm, ["install", join(scratch, tarball!), "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app });
  const installed = await readdir(join(app, "node_modules"));
  expect(installed).not.toContain("hardhat");
  expect(installed).not.toContain("solc");

  const response = "Signed, sealed, delivered: 🚀";
  const receipt = await createReceipt({
    signer: privateKeyToAccount(keccak256(toHex("pack test key"))),
    // the canonical deployment: what a dApp's verifier trusts without being told
    domain: { chainId: 31337, contract: getCanonicalAttestAddress() },
    publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    model: { name: "atlas", version: "1.0" },
    response,
    recordId: "1",
  });
  await writeFile(join(app, "bundle.json"), serializeBundle(receipt));
  await writeFile(
    join(app, "verify.mjs"),
    `import { readFile } from "node:fs/promises";
import { verifyOutput } from "@aiattest/sdk";
const bundle = await readFile("bundle.json", "utf8");
const honest = await verifyOutput({ bundle, response: ${JSON.stringify(response)} });
const tampered = await verifyOutput({ bundle, response: ${JSON.stringify(`${response}!`)} });
console.log(JSON.stringify({ honest: [honest.valid, honest.reason], tampered: [tampered.valid, tampered.reason] }));
`,
  );
  const { stdout } = await run(process.execPath, ["verify.mjs"], { cwd: app });
  expect(JSON.parse(stdout)).toEqual({ honest: [true, null], tampered: [false, "content-mismatch"] });
});
