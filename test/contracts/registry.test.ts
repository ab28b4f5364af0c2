import { network } from "hardhat";
import { keccak256, toHex, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { deployAttestFixture, MODEL } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { modelIdOf } from "../helpers/modelIdOf.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { KEY_NO_EXPIRY, KeyRole } from "../helpers/typedData.js";

const WEIGHTS = keccak256(toHex("nova weights"));

describe("registerModel", () => {
  test("a first model makes the caller a publisher, emitting PublisherRegistered then ModelRegistered", async () => {
    const { attest, as, outsider, addr, publicClient } = await loadFixture(deployAttestFixture);
    const modelId = modelIdOf({ publisher: addr.outsider, name: "nova", version: "2" });

    const hash = await (await as(outsider)).write.registerModel(["nova", "2", WEIGHTS, "ipfs://nova", zeroHash]);
    const { events, timestamp } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      { eventName: "PublisherRegistered", args: { publisher: addr.outsider } },
      {
        eventName: "ModelRegistered",
        args: {
          modelId,
          publisher: addr.outsider,
          name: "nova",
          version: "2",
          weightsDigest: WEIGHTS,
          metadataURI: "ipfs://nova",
          parentModelId: zeroHash,
        },
      },
    ]);
    expect(await attest.read.getKey([addr.outsider])).toEqual({
      publisher: addr.outsider,
      role: KeyRole.Publisher,
      validFrom: timestamp,
      validUntil: KEY_NO_EXPIRY,
    });
  });

  test("a publisher's later model emits only ModelRegistered, here with a parent", async () => {
    const { as, lab, addr, labModelId, publicClient } = await loadFixture(deployAttestFixture);

    const hash = await (await as(lab)).write.registerModel(["atlas", "1.1", WEIGHTS, "", labModelId]);
    const { events } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      {
        eventName: "ModelRegistered",
        args: {
          modelId: modelIdOf({ publisher: addr.lab, name: "atlas", version: "1.1" }),
          publisher: addr.lab,
          name: "atlas",
          version: "1.1",
          weightsDigest: WEIGHTS,
          metadataURI: "",
          parentModelId: labModelId,
        },
      },
    ]);
  });

  test("the returned id is computeModelId(publisher, name, version), computable offline", async () => {
    const { as, lab, addr, attest } = await loadFixture(deployAttestFixture);
    const name = "Ünïcode model 🚀";

    const { result } = await (await as(lab)).simulate.registerModel([name, "v9", zeroHash, "", zeroHash]);

    expect(result).toBe(modelIdOf({ publisher: addr.lab, name, version: "v9" }));
    expect(await attest.read.computeModelId([addr.lab, name, "v9"])).toBe(result);
  });

  test("getModel returns every field, with registeredAt at the block time and retiredAt zero", async () => {
    const { as, lab, addr, attest, labModelId, publicClient } = await loadFixture(deployAttestFixture);

    const hash = await (await as(lab)).write.registerModel(["atlas", "2.0", WEIGHTS, "ar://card", labModelId]);
    const { timestamp } = await receiptOf(publicClient, hash);

    expect(await attest.read.getModel([modelIdOf({ publisher: addr.lab, name: "atlas", version: "2.0" })])).toEqual({
      publisher: addr.lab,
      registeredAt: timestamp,
      retiredAt: 0n,
      weightsDigest: WEIGHTS,
      parentModelId: labModelId,
      name: "atlas",
      version: "2.0",
      metadataURI: "ar://card",
    });
  });

  test('an empty name reverts with ModelRegistryEmptyField("name")', async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(lab)).write.registerModel(["", "1", zeroHash, "", zeroHash]),
      "ModelRegistryEmptyField",
      ["name"],
    );
  });

  test('an empty version reverts with ModelRegistryEmptyField("version")', async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(lab)).write.registerModel(["atlas", "", zeroHash, "", zeroHash]),
      "ModelRegistryEmptyField",
      ["version"],
    );
  });

  test("an unregistered parent reverts with ModelRegistryUnknownModel(parent)", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    const parent = keccak256(toHex("no such model"));
    await expectRevert(
      (await as(lab)).write.registerModel(["atlas", "3", zeroHash, "", parent]),
      "ModelRegistryUnknownModel",
      [parent],
    );
  });

  test("a parent registered by another publisher is accepted as lineage", async () => {
    const { as, rival, rivalModelId, attest, addr, labModelId } = await loadFixture(deployAttestFixture);

    await (await as(rival)).write.registerModel(["atlas-ft", "1", zeroHash, "", labModelId]);

    const child = await attest.read.getModel([modelIdOf({ publisher: addr.rival, name: "atlas-ft", version: "1" })]);
    expect(child.parentModelId).toBe(labModelId);
    expect(child.publisher).toBe(addr.rival);
    expect(rivalModelId).not.toBe(labModelId);
  });

  test("the same name and version twice reverts with ModelRegistryModelExists(id)", async () => {
    const { as, lab, labModelId } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(lab)).write.registerModel([MODEL.name, MODEL.version, zeroHash, "", zeroHash]),
      "ModelRegistryModelExists",
      [labModelId],
    );
  });

  test("an anchorer key cannot become a publisher: ModelRegistryAccountInUse(key, publisher, Anchorer)", async () => {
    const { as, labAnchorer, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(labAnchorer)).write.registerModel(["mine", "1", zeroHash, "", zeroHash]),
      "ModelRegistryAccountInUse",
      [addr.labAnchorer, addr.lab, KeyRole.Anchorer],
    );
  });

  test("a signer key cannot become a publisher: ModelRegistryAccountInUse(key, publisher, Signer)", async () => {
    const { attest, labSigner, addr, publicClient } = await loadFixture(deployAttestFixture);
    // the signer key is local: call through eth_call with it as sender, it needs no funds
    await expectRevert(
      publicClient.simulateContract({
        account: labSigner.address,
        address: attest.address,
        abi: attest.abi,
        functionName: "registerModel",
        args: ["mine", "1", zeroHash, "", zeroHash],
      }),
      "ModelRegistryAccountInUse",
      [addr.labSigner, addr.lab, KeyRole.Signer],
    );
  });

  test("a block time past uint40 reverts with SafeCast's SafeCastOverflowedUintDowncast(40, time)", async () => {
    // a chain of its own: time cannot be wound back after this
    const { viem } = await network.connect();
    const attest = await viem.deployContract("AIAttest");
    const testClient = await viem.getTestClient();

    await testClient.setNextBlockTimestamp({ timestamp: 2n ** 40n });

    await expectRevert(
      attest.write.registerModel(["late", "1", zeroHash, "", zeroHash]),
      "SafeCastOverflowedUintDowncast",
      [40, 2n ** 40n],
    );
  });
});

describe("updateModelMetadata", () => {
  test("the publisher replaces the URI, emitting ModelMetadataUpdated(modelId, uri)", async () => {
    const { as, lab, labModelId, attest, publicClient } = await loadFixture(deployAttestFixture);

    const hash = await (await as(lab)).write.updateModelMetadata([labModelId, "ipfs://card-v2"]);
    const { events } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      { eventName: "ModelMetadataUpdated", args: { modelId: labModelId, metadataURI: "ipfs://card-v2" } },
    ]);
    expect((await attest.read.getModel([labModelId])).metadataURI).toBe("ipfs://card-v2");
  });

  test("another publisher reverts with ModelRegistryNotModelPublisher(modelId, caller)", async () => {
    const { as, rival, labModelId, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(rival)).write.updateModelMetadata([labModelId, "ipfs://spoof"]),
      "ModelRegistryNotModelPublisher",
      [labModelId, addr.rival],
    );
  });

  test("the publisher's own anchorer key reverts with ModelRegistryNotModelPublisher", async () => {
    const { as, labAnchorer, labModelId, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(labAnchorer)).write.updateModelMetadata([labModelId, "ipfs://spoof"]),
      "ModelRegistryNotModelPublisher",
      [labModelId, addr.labAnchorer],
    );
  });

  test("an unknown model reverts with ModelRegistryUnknownModel(modelId)", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    const modelId = keccak256(toHex("ghost"));
    await expectRevert((await as(lab)).write.updateModelMetadata([modelId, "x"]), "ModelRegistryUnknownModel", [
      modelId,
    ]);
  });
});

describe("retireModel", () => {
  test("retiring emits ModelRetired(modelId, retiredAt) at the block time and getModel shows it", async () => {
    const { as, lab, labModelId, attest, publicClient } = await loadFixture(deployAttestFixture);

    const { events, timestamp } = await receiptOf(publicClient, await (await as(lab)).write.retireModel([labModelId]));

    expect(events).toEqual([{ eventName: "ModelRetired", args: { modelId: labModelId, retiredAt: timestamp } }]);
    expect((await attest.read.getModel([labModelId])).retiredAt).toBe(timestamp);
  });

  test("retiring twice reverts with ModelRegistryModelRetired(modelId, retiredAt)", async () => {
    const { as, lab, labModelId, publicClient } = await loadFixture(deployAttestFixture);
    const labAttest = await as(lab);
    const { timestamp } = await receiptOf(publicClient, await labAttest.write.retireModel([labModelId]));

    await expectRevert(labAttest.write.retireModel([labModelId]), "ModelRegistryModelRetired", [labModelId, timestamp]);
  });

  test("another publisher reverts with ModelRegistryNotModelPublisher(modelId, caller)", async () => {
    const { as, rival, labModelId, addr } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(rival)).write.retireModel([labModelId]), "ModelRegistryNotModelPublisher", [
      labModelId,
      addr.rival,
    ]);
  });

  test("an unknown model reverts with ModelRegistryUnknownModel(modelId)", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    const modelId = keccak256(toHex("ghost"));
    await expectRevert((await as(lab)).write.retireModel([modelId]), "ModelRegistryUnknownModel", [modelId]);
  });
});

describe("getModel", () => {
  test("an unknown model reverts with ModelRegistryUnknownModel(modelId)", async () => {
    const { attest } = await loadFixture(deployAttestFixture);
    await expectRevert(attest.read.getModel([zeroHash]), "ModelRegistryUnknownModel", [zeroHash]);
  });
});

describe("getKey", () => {
  test("an address unknown to the registry reads as role None and zeros", async () => {
    const { attest, addr } = await loadFixture(deployAttestFixture);
    expect(await attest.read.getKey([addr.outsider])).toEqual({
      publisher: "0x0000000000000000000000000000000000000000",
      role: KeyRole.None,
      validFrom: 0n,
      validUntil: 0n,
    });
  });
});
