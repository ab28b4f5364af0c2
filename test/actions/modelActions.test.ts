import { keccak256, toHex, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { getModel } from "../../sdk/src/actions/getModel.js";
import { listModels } from "../../sdk/src/actions/listModels.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { retireModel } from "../../sdk/src/actions/retireModel.js";
import { updateModelMetadata } from "../../sdk/src/actions/updateModelMetadata.js";
import { computeModelId } from "../../sdk/src/hashing/computeModelId.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { attestChainFixture } from "../cli/helpers/attestChainFixture.js";
import { expectAttestTransactionError } from "../cli/helpers/expectAttestTransactionError.js";

const weightsDigest = keccak256(toHex("atlas weights"));

describe("registerModel", () => {
  test("returns the decoded ModelRegistered event, and marks the sender's first registration", async () => {
    const { publisher, contract, addr, publicClient } = await loadFixture(attestChainFixture);

    const first = await registerModel(publisher, { contract, name: "atlas", version: "1.0", weightsDigest, metadataURI: "ipfs://card" });
    const second = await registerModel(publisher, { contract, name: "atlas", version: "1.1", parentModelId: first.modelId });

    const receipt = await publicClient.getTransactionReceipt({ hash: first.txHash });
    expect(first).toEqual({
      modelId: computeModelId({ publisher: addr.publisher, name: "atlas", version: "1.0" }),
      publisher: addr.publisher,
      name: "atlas",
      version: "1.0",
      weightsDigest,
      metadataURI: "ipfs://card",
      parentModelId: zeroHash,
      isNewPublisher: true,
      txHash: first.txHash,
      blockNumber: receipt.blockNumber,
    });
    expect(second).toMatchObject({ version: "1.1", weightsDigest: zeroHash, metadataURI: "", parentModelId: first.modelId, isNewPublisher: false });
  });

  test("registering the same name and version twice is ModelRegistryModelExists(modelId)", async () => {
    const { publisher, contract, addr } = await loadFixture(attestChainFixture);
    await registerModel(publisher, { contract, name: "atlas", version: "1.0" });
    const modelId = computeModelId({ publisher: addr.publisher, name: "atlas", version: "1.0" });

    const error = await expectAttestTransactionError(registerModel(publisher, { contract, name: "atlas", version: "1.0" }), "ModelRegistryModelExists", [modelId]);
    expect(error.shortMessage).toMatchInlineSnapshot(`"registerModel reverted: ModelRegistryModelExists(0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04)"`);
    expect(error.metaMessages).toMatchInlineSnapshot(`
      [
        "This publisher already registered this name and version; register a new version instead.",
      ]
    `);
    expect(error.walk()).not.toBe(error);
  });

  test("an empty name and an unknown parent are decoded with their arguments", async () => {
    const { publisher, contract } = await loadFixture(attestChainFixture);
    const unknown = keccak256(toHex("no such model"));

    await expectAttestTransactionError(registerModel(publisher, { contract, name: "", version: "1.0" }), "ModelRegistryEmptyField", ["name"]);
    const error = await expectAttestTransactionError(
      registerModel(publisher, { contract, name: "atlas", version: "1.0", parentModelId: unknown }),
      "ModelRegistryUnknownModel",
      [unknown],
    );
    expect(error.shortMessage).toBe(`registerModel reverted: ModelRegistryUnknownModel(${unknown})`);
  });

  test("a transaction to an address without the contract is refused, not mistaken for a registration", async () => {
    const { publisher, addr } = await loadFixture(attestChainFixture);

    const error = await expectAttestTransactionError(registerModel(publisher, { contract: addr.outsider, name: "atlas", version: "1.0" }), null);
    expect(error.shortMessage).toBe(
      `registerModel failed: the transaction emitted no ModelRegistered event: is ${addr.outsider} an AIAttest contract on this chain?`,
    );
  });
});

describe("updateModelMetadata", () => {
  test("returns the decoded ModelMetadataUpdated event; only the publisher may update", async () => {
    const { publisher, outsider, contract, addr } = await loadFixture(attestChainFixture);
    const { modelId } = await registerModel(publisher, { contract, name: "atlas", version: "1.0" });

    const updated = await updateModelMetadata(publisher, { contract, modelId, metadataURI: "https://lab.example/atlas.json" });
    expect(updated).toMatchObject({ modelId, metadataURI: "https://lab.example/atlas.json" });
    expect((await getModel(publisher, { contract, modelId }))?.metadataURI).toBe("https://lab.example/atlas.json");

    await expectAttestTransactionError(
      updateModelMetadata(outsider, { contract, modelId, metadataURI: "ipfs://forged" }),
      "ModelRegistryNotModelPublisher",
      [modelId, addr.outsider],
    );
  });
});

describe("retireModel", () => {
  test("returns the block time it retired at; retiring twice is ModelRegistryModelRetired(modelId, retiredAt)", async () => {
    const { publisher, contract, publicClient } = await loadFixture(attestChainFixture);
    const { modelId } = await registerModel(publisher, { contract, name: "atlas", version: "1.0" });

    const retired = await retireModel(publisher, { contract, modelId });
    const block = await publicClient.getBlock({ blockNumber: retired.blockNumber });
    expect(retired).toMatchObject({ modelId, retiredAt: block.timestamp });

    await expectAttestTransactionError(retireModel(publisher, { contract, modelId }), "ModelRegistryModelRetired", [modelId, block.timestamp]);
  });
});

describe("listModels", () => {
  test("lists one publisher's registrations in order, from the given block on", async () => {
    const { publisher, outsider, contract, addr } = await loadFixture(attestChainFixture);
    const first = await registerModel(publisher, { contract, name: "atlas", version: "1.0" });
    await registerModel(outsider, { contract, name: "atlas", version: "1.0" });
    const second = await registerModel(publisher, { contract, name: "atlas", version: "2.0", metadataURI: "ipfs://v2" });

    const listed = await listModels(publisher, { contract, publisher: addr.publisher });
    expect(listed).toEqual([
      { modelId: first.modelId, publisher: addr.publisher, name: "atlas", version: "1.0", weightsDigest: zeroHash, metadataURI: "", parentModelId: zeroHash, blockNumber: first.blockNumber, txHash: first.txHash },
      { modelId: second.modelId, publisher: addr.publisher, name: "atlas", version: "2.0", weightsDigest: zeroHash, metadataURI: "ipfs://v2", parentModelId: zeroHash, blockNumber: second.blockNumber, txHash: second.txHash },
    ]);
    expect((await listModels(publisher, { contract, publisher: addr.publisher, fromBlock: second.blockNumber })).map((model) => model.version)).toEqual(["2.0"]);
    expect(await listModels(publisher, { contract, publisher: addr.signer })).toEqual([]);
  });
});
