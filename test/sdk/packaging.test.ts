import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";
import { findSystemNode } from "../helpers/findSystemNode.js";

// The SDK as a dApp gets it: `npm pack`, installed into a fresh project, run on every Node.js we support.

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = await mkdtemp(join(tmpdir(), "aiattest-pack-"));
const app = join(scratch, "app");
afterAll(() => rm(scratch, { recursive: true, force: true }));

// the floor of the SDK's engines (>=20.19) is tried on this machine's own Node 20 when it has one
const node20 = findSystemNode({ major: 20 });
const nodes = [
  { label: `Node ${process.versions.node} (the repo's)`, path: process.execPath },
  ...(node20 ? [{ label: `Node ${node20.version.slice(1)} (the system's)`, path: node20.path }] : []),
];

type PackResult = { filename: string; files: { path: string }[]; entryCount: number; size: number; unpackedSize: number };
let packed: PackResult;

const response = "Signed, sealed, delivered: 🚀";
// the same JSON value as the one signed, written differently: only RFC 8785 canonicalization makes it verify
const jcsSigned = '{"b":"naïve","a":[1,2.5,{"z":null,"y":true}]}';
const jcsDelivered = '{ "a": [1, 2.5, { "y": true, "z": null }], "b": "naïve" }';

beforeAll(async () => {
  const { stdout } = await run(npm, ["pack", "-w", "sdk", "--json", "--pack-destination", scratch], { cwd: root });
  [packed] = JSON.parse(stdout) as [PackResult];

  await mkdir(app, { recursive: true });
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "dapp", private: true, type: "module" }));
  await run(npm, ["install", join(scratch, packed.filename), "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app });

  const receiptOf = (parameters: { response: string; encoding?: "jcs"; recordId: string }) =>
    createReceipt({
      signer: privateKeyToAccount(keccak256(toHex("pack test key"))),
      // the canonical deployment: what a dApp's verifier trusts without being told
      domain: { chainId: 31337, contract: getCanonicalAttestAddress() },
      publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      model: { name: "atlas", version: "1.0" },
      ...parameters,
    });
  await writeFile(join(app, "bundle.json"), serializeBundle(await receiptOf({ response, recordId: "1" })));
  await writeFile(join(app, "jcs-bundle.json"), serializeBundle(await receiptOf({ response: jcsSigned, encoding: "jcs", recordId: "2" })));
  await writeFile(join(app, "response.txt"), response);
  const verifyScript = (load: string) => `${load}
const bundle = readFileSync("bundle.json", "utf8");
const jcsBundle = readFileSync("jcs-bundle.json", "utf8");
Promise.all([
  verifyOutput({ bundle, response: ${JSON.stringify(response)} }),
  verifyOutput({ bundle, response: ${JSON.stringify(`${response}!`)} }),
  verifyOutput({ bundle: jcsBundle, response: ${JSON.stringify(jcsDelivered)} }),
]).then(([honest, tampered, jcs]) => console.log(JSON.stringify({ honest: [honest.valid, honest.reason], tampered: [tampered.valid, tampered.reason], jcs: [jcs.valid, jcs.reason] })));
`;
  await writeFile(join(app, "verify.mjs"), verifyScript(`import { readFileSync } from "node:fs";\nimport { verifyOutput } from "@aiattest/sdk";`));
  await writeFile(join(app, "verify.cjs"), verifyScript(`const { readFileSync } = require("node:fs");\nconst { verifyOutput } = require("@aiattest/sdk");`));
});

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

test("the tarball holds the README, the LICENSE, the bin, the build and the schema: no source maps, sources, tests or test helpers", () => {
  const files = packed.files.map((file) => file.path);
  expect(packed.filename).toMatch(/^aiattest-sdk-\d+\.\d+\.\d+\.tgz$/);
  expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "bin/aiattest.js", "dist/index.js", "dist/index.d.ts", "dist/node.js", "dist/ethers.js", "dist/cli/cli.js", "schema/proof-bundle-v1.schema.json"]));
  expect(files.filter((path) => !/^(README\.md|LICENSE|package\.json|bin\/aiattest\.js|dist\/.+\.(js|d\.ts)|schema\/.+\.json)$/.test(path))).toEqual([]);
  expect(files.filter((path) => /\.map$|test-helpers|\.test\.|\.test-d\.|(^|\/)demo/.test(path))).toEqual([]);
});

test("a dApp installs the packed SDK without our dev tooling", async () => {
  const installed = await readdir(join(app, "node_modules"));
  expect(installed).not.toContain("hardhat");
  expect(installed).not.toContain("solc");
  expect(installed).not.toContain("tsx");
  const license = await readFile(join(app, "node_modules/@aiattest/sdk/LICENSE"), "utf8");
  expect(license).toBe(await readFile(join(root, "LICENSE"), "utf8"));
});

describe.each(nodes)("on $label", ({ path }) => {
  test("verifies bundles with the installed package, imported as ESM", async () => {
    const { stdout } = await run(path, ["verify.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ honest: [true, null], tampered: [false, "content-mismatch"], jcs: [true, null] });
  });

  test("verifies bundles with the installed package, loaded with require (CommonJS)", async () => {
    const { stdout } = await run(path, ["verify.cjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ honest: [true, null], tampered: [false, "content-mismatch"], jcs: [true, null] });
  });
});

test("the installed aiattest CLI verifies a bundle on Node 22.13+", async () => {
  const { stdout } = await run(process.execPath, ["node_modules/.bin/aiattest", "verify", "--offline", "--response", "response.txt", "--bundle", "bundle.json", "--json"], { cwd: app });
  expect(JSON.parse(stdout)).toMatchObject({ valid: true, reason: null });
});

test.skipIf(!node20)("the installed aiattest CLI names the Node it found when that is older than 22.13", async () => {
  const failed = await run(node20!.path, ["node_modules/.bin/aiattest", "verify", "--help"], { cwd: app }).then(
    () => ({ code: 0, stdout: "", stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect({ code: failed.code, stdout: failed.stdout }).toEqual({ code: 2, stdout: "" });
  expect(failed.stderr.replace(node20!.version, "<version>").replace(node20!.path, "<path>")).toMatchInlineSnapshot(`
    "error: aiattest needs Node.js 22.13 or later (it stores records with the built-in node:sqlite); this is Node.js <version> (<path>).
    "
  `);
});

test("TypeScript code written against the installed package type-checks (ESM and CommonJS, the README's examples included)", async () => {
  const readme = await readFile(join(app, "node_modules/@aiattest/sdk/README.md"), "utf8");
  const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(examples.length).toBeGreaterThanOrEqual(3);
  await mkdir(join(app, "src"), { recursive: true });
  await Promise.all(examples.map((code, i) => writeFile(join(app, "src", `readme${i}.ts`), code)));
  await writeFile(
    join(app, "src/check.ts"),
    `import { type ProofBundle, type VerifyReason, type VerifyResult, parseBundle, verifyOutput } from "@aiattest/sdk";
import { type Store, openSqliteStore } from "@aiattest/sdk/node";

const result: VerifyResult = await verifyOutput({ bundle: "{}", response: new Uint8Array() });
const reason: VerifyReason | null = result.reason;
const parsed = parseBundle("{}");
const bundle: ProofBundle | undefined = parsed.success ? parsed.bundle : undefined;
const store: Store = await openSqliteStore({ path: ":memory:" });
// @ts-expect-error: the response is text or bytes
await verifyOutput({ bundle, response: 42 });
export { reason, store };
`,
  );
  // CommonJS TypeScript (require of an ES module, as Node 20.19+ and 22.12+ allow)
  await writeFile(
    join(app, "src/check-require.cts"),
    `import sdk = require("@aiattest/sdk");
export const verify: (parameters: sdk.VerifyOutputParameters) => Promise<sdk.VerifyResult> = sdk.verifyOutput;
`,
  );
  await writeFile(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2023",
        lib: ["ES2023", "DOM"],
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        // our declaration files are checked too, as a strict dApp checks them
        skipLibCheck: false,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
      },
      include: ["src"],
    }),
  );
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app }).then(
    () => ({ code: 0, output: "" }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
  expect(checked).toEqual({ code: 0, output: "" });
});
