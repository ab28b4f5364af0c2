import { readFile } from "node:fs/promises";
import { type Address, type Hash, type Hex, concat, createPublicClient, createWalletClient, http, numberToHex, size } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, expect, test } from "vitest";
import { aiAttestBytecode } from "../../sdk/src/abi/aiAttestBytecode.js";
import { deployAttest } from "../../sdk/src/actions/deployAttest.js";
import { getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { importClosure } from "./helpers/importClosure.js";
import { runVerifyContract } from "./helpers/runVerifyContract.js";
import { SolidityCompilation, SourcifyChain, Verification, setLibSourcifyLoggerLevel } from "./helpers/sourcifyModules.js";
import { wasmSolidityCompiler } from "./helpers/wasmSolidityCompiler.js";

// What an explorer runs when it accepts source code: Sourcify's own library recompiles the sources Hardhat wrote
// (the standard JSON input Hardhat wrote in artifacts/build-info, cut to AIAttest's sources) and compares the result with the code on a real chain.
// A "perfect" (full) match means the metadata hash in the deployed code is the hash of exactly these sources and settings.

const artifactsRoot = new URL("../../artifacts/", import.meta.url);
let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
let chain: SourcifyChain;
let compilation: InstanceType<typeof SolidityCompilation>;
const compiler = wasmSolidityCompiler();
let canonical: { address: Address; txHash: Hash };
let deployRaw: (creationCode: Hex) => Promise<{ address: Address; txHash: Hash }>;

/** Creation code that does nothing but return `runtime`: PUSH2 len, PUSH2 offset, PUSH1 0, CODECOPY, PUSH2 len, PUSH1 0, RETURN. */
function returning(runtime: Hex): Hex {
  const length = numberToHex(size(runtime), { size: 2 });
  return concat(["0x61", length, "0x61", numberToHex(15, { size: 2 }), "0x600039", "0x61", length, "0x6000f3", runtime]);
}

beforeAll(async () => {
  setLibSourcifyLoggerLevel(0);
  node = await startHardhatNode();
  const account = privateKeyToAccount(hardhatKeys.publisher);
  const wallet = createWalletClient({ account, chain: hardhat, transport: http(node.rpcUrl) });
  const client = createPublicClient({ chain: hardhat, transport: http(node.rpcUrl) });
  // canonically, as `aiattest deploy` does: through the CREATE2 proxy, at the address every chain shares
  const deployed = await deployAttest(wallet, {});
  canonical = { address: deployed.address, txHash: deployed.txHash! };
  deployRaw = async (creationCode) => {
    const txHash = await wallet.sendTransaction({ data: creationCode });
    const receipt = await client.waitForTransactionReceipt({ hash: txHash });
    return { address: receipt.contractAddress!, txHash };
  };
  chain = new SourcifyChain({ name: "hardhat node", chainId: hardhat.id, rpcs: [{ rpc: node.rpcUrl, traceSupport: "debug_traceTransaction" }], supported: true });

  // the build the SDK's bytecode was generated from
  const artifact = JSON.parse(await readFile(new URL("contracts/AIAttest.sol/AIAttest.json", artifactsRoot), "utf8")) as { buildInfoId: string; inputSourceName: string; bytecode: Hex };
  expect(artifact.bytecode).toBe(aiAttestBytecode);
  const buildInfo = JSON.parse(await readFile(new URL(`build-info/${artifact.buildInfoId}.json`, artifactsRoot), "utf8")) as {
    solcLongVersion: string;
    input: { sources: Record<string, { content: string }>; settings: { remappings?: string[] } };
  };
  // the contract's sources only, as hardhat-verify submits them: the metadata hash covers no others
  const names = importClosure({ sources: buildInfo.input.sources, remappings: buildInfo.input.settings.remappings, entry: artifact.inputSourceName });
  const input = { ...buildInfo.input, sources: Object.fromEntries(names.map((name) => [name, buildInfo.input.sources[name]!])) };
  compilation = new SolidityCompilation(compiler, buildInfo.solcLongVersion, input as never, { path: artifact.inputSourceName, name: "AIAttest" });
}, 240_000);
afterAll(() => node?.stop());

test("the canonical AIAttest on a real hardhat node is a full (perfect) match of the compiled sources", async () => {
  expect(canonical.address).toBe(getCanonicalAttestAddress());
  const verification = new Verification(compilation, chain, canonical.address, canonical.txHash);
  await verification.verify();
  expect(verification.status.runtimeMatch).toBe("perfect");
  // the creation code is read from the proxy's CREATE2 call through debug_traceTransaction (callTracer)
  expect(verification.status.creationMatch).toBe("perfect");
}, 600_000);

test("code whose metadata hash differs (other sources, same logic) is not a perfect match: at most partial", async () => {
  const runtime = (await createPublicClient({ transport: http(node!.rpcUrl) }).getCode({ address: canonical.address }))!;
  // the CBOR tail is `a2 64 'ipfs' 58 22 <34-byte multihash> 64 'solc' 43 <3 bytes> 00 33`: flip a byte of the hash
  const tail = runtime.lastIndexOf("a264697066735822");
  expect(tail).toBeGreaterThan(0);
  const at = tail + 16 + 4 + 2 * 10;
  const altered = `${runtime.slice(0, at)}${(Number.parseInt(runtime.slice(at, at + 2), 16) ^ 0xff).toString(16).padStart(2, "0")}${runtime.slice(at + 2)}` as Hex;
  const other = await deployRaw(returning(altered));
  const verification = new Verification(compilation, chain, other.address, other.txHash);
  await verification.verify();
  expect(verification.status.runtimeMatch).toBe("partial");
  expect(verification.status.creationMatch).toBeNull();
  // the sources, and Sourcify's copy with a space added to each to locate the metadata hash: each compiled once
  expect(compiler.compilations()).toBeLessThanOrEqual(2);
}, 600_000);

test("a forged clone (AIAttest's runtime code copied, other creation code) matches at runtime but not at creation: the address is what identifies AIAttest", async () => {
  const runtime = (await createPublicClient({ transport: http(node!.rpcUrl) }).getCode({ address: canonical.address }))!;
  const clone = await deployRaw(returning(runtime));
  const verification = new Verification(compilation, chain, clone.address, clone.txHash);
  await verification.verify();
  expect(verification.status.runtimeMatch).toBe("perfect");
  expect(verification.status.creationMatch).toBeNull();
  expect(clone.address).not.toBe(getCanonicalAttestAddress());
}, 600_000);

test("code that is not AIAttest at all does not match", async () => {
  const other = await deployRaw(returning("0x6001600055"));
  const verification = new Verification(compilation, chain, other.address, other.txHash);
  await expect(verification.verify()).rejects.toMatchObject({ code: "no_match" });
}, 600_000);

test("npm run verify:contract refuses an RPC of another chain before asking any explorer", async () => {
  const run = await runVerifyContract(["--network", "sepolia", "--provider", "sourcify"], { AIATTEST_RPC_URL: node!.rpcUrl });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`The RPC ${node!.rpcUrl} serves chain 31337, not sepolia (11155111).`);
}, 120_000);
