import { createWalletClient, defineChain, http, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../../sdk/src/actions/anchorBatch.js";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { deployAttest } from "../../sdk/src/actions/deployAttest.js";
import { deterministicDeploymentProxy } from "../../sdk/src/deployment/deterministicDeploymentProxy.js";
import { getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";
import { getBatch } from "../../sdk/src/actions/getBatch.js";
import { getModel } from "../../sdk/src/actions/getModel.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { ChainReadError } from "../../sdk/src/errors/ChainReadError.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { attestChainFixture, hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { expectAttestTransactionError } from "../cli/helpers/expectAttestTransactionError.js";

const root = keccak256(toHex("batch 1"));

describe("deployAttest", () => {
  test("deploys AIAttest canonically (installing the proxy on a fresh chain), and a second call reports the existing deployment", async () => {
    const { deployment, publisher, publicClient, addr } = await loadFixture(attestChainFixture);
    const receipt = await publicClient.getTransactionReceipt({ hash: deployment.txHash! });

    expect(deployment).toEqual({
      address: getCanonicalAttestAddress(),
      status: "deployed",
      deployer: addr.publisher,
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      installedProxy: true,
    });
    expect(receipt.to).toBe(deterministicDeploymentProxy.address.toLowerCase());
    expect(await publicClient.getCode({ address: deterministicDeploymentProxy.address })).toBe(deterministicDeploymentProxy.runtimeCode);
    expect(await getModel(publicClient, { contract: deployment.address, modelId: zeroHash })).toBeNull();

    const again = await deployAttest(publisher, { confirmations: 1 });
    expect(again).toEqual({ address: deployment.address, status: "existing", deployer: addr.publisher, txHash: null, blockNumber: null, installedProxy: false });
  });

  test("refuses a chain whose proxy address holds other code, or whose proxy can no longer be installed", async () => {
    const { publisher, testClient } = await loadFixture(attestChainFixture);
    await testClient.setCode({ address: deterministicDeploymentProxy.address, bytecode: "0x6001600055" });
    await expect(deployAttest(publisher, {})).rejects.toThrow(/is not the deterministic deployment proxy/);
    await testClient.setCode({ address: deterministicDeploymentProxy.address, bytecode: "0x" });
    await expect(deployAttest(publisher, {})).rejects.toThrow(/cannot be installed: its one-time signer .* has already sent a transaction/);
  });
});

describe("anchorBatch", () => {
  test("anchors from an anchorer key and returns the decoded event with the block time", async () => {
    const { publisher, anchorerWallet, contract, keys, addr, publicClient } = await loadFixture(attestChainFixture);
    await authorizeKey(publisher, { contract, key: keys.anchorer, role: "anchorer" });

    const anchored = await anchorBatch(anchorerWallet, { contract, root, count: 3, uri: "https://lab.example/batches/1.json" });
    const block = await publicClient.getBlock({ blockNumber: anchored.blockNumber });
    expect(anchored).toEqual({
      root,
      count: 3,
      uri: "https://lab.example/batches/1.json",
      publisher: addr.publisher,
      anchorer: addr.anchorer,
      txHash: anchored.txHash,
      blockNumber: block.number,
      anchoredAt: block.timestamp,
    });
    expect(await getBatch(publicClient, { contract, publisher: addr.publisher, root })).toEqual({
      publisher: addr.publisher,
      root,
      anchorer: addr.anchorer,
      anchoredAt: block.timestamp,
      count: 3,
    });
  });

  test("a root anchored twice by one publisher is OutputAnchorRootExists(publisher, root)", async () => {
    const { publisher, contract, addr } = await loadFixture(attestChainFixture);
    await registerModel(publisher, { contract, name: "atlas", version: "1.0" });
    await anchorBatch(publisher, { contract, root, count: 1, uri: "file:///batches/1.json" });

    const error = await expectAttestTransactionError(anchorBatch(publisher, { contract, root, count: 1, uri: "file:///batches/1.json" }), "OutputAnchorRootExists", [
      addr.publisher,
      root,
    ]);
    expect(error.shortMessage).toBe(`anchor reverted: OutputAnchorRootExists(${addr.publisher}, ${root})`);
  });

  test("an unknown sender, a zero root and a zero count are decoded", async () => {
    const { publisher, outsider, contract, addr } = await loadFixture(attestChainFixture);
    await registerModel(publisher, { contract, name: "atlas", version: "1.0" });

    await expectAttestTransactionError(anchorBatch(outsider, { contract, root, count: 1, uri: "" }), "OutputAnchorUnauthorizedAnchorer", [addr.outsider]);
    await expectAttestTransactionError(anchorBatch(publisher, { contract, root: zeroHash, count: 1, uri: "" }), "OutputAnchorZeroRoot", []);
    await expectAttestTransactionError(anchorBatch(publisher, { contract, root, count: 0, uri: "" }), "OutputAnchorZeroCount", []);
  });
});

describe("write errors", () => {
  test("an unreachable RPC is a ChainReadError, not a revert", async () => {
    const chain = defineChain({ id: 31337, name: "gone", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } });
    const wallet = createWalletClient({ account: privateKeyToAccount(hardhatKeys.publisher), chain, transport: http("http://127.0.0.1:1", { retryCount: 0 }) });

    const error = await registerModel(wallet, { contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", name: "atlas", version: "1.0" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChainReadError);
    expect((error as ChainReadError).action).toBe("registerModel");
  });
});
