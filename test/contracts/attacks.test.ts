import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { concat, keccak256, zeroAddress, zeroHash, type Hash, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { makeOutputs } from "../helpers/outputs.js";
import { modelIdOf } from "../helpers/modelIdOf.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { signOutput } from "../helpers/signOutput.js";

const INVALID = [false, 0n] as const;

/** The OpenZeppelin inner node over two children: keccak256 of the sorted 64-byte pair. */
function innerNode(a: Hash, b: Hash): Hash {
  return keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
}

describe("Merkle second preimage", () => {
  test("an inner node passed off as a leaf verifies on raw hashes, yet no output reaches it through verifyOutput", async () => {
    const { attest, as, lab, publicClient, domain, labModelId, setUpAt } = await loadFixture(deployAttestFixture);
    const batch = buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 37 }) });
    await anchorBatch({ attest: await as(lab), publicClient, batch });
    const proof = batch.proof(0);
    const forgedLeaf = innerNode(batch.leaves[0]!, proof[0]!);
    const shortProof = proof.slice(1);

    // the forgery works against a tree that takes leaves as given (the raw MerkleProof algorithm)
    expect(batch.tree.dump().tree).toContain(forgedLeaf);
    expect(SimpleMerkleTree.verify(batch.root, forgedLeaf, shortProof)).toBe(true);

    // ...but verifyOutput hashes the 32-byte digest into the leaf, so no output lands on the inner node
    const results = await Promise.all(
      batch.outputs.flatMap((output, i) => [
        attest.read.verifyOutput([output, batch.root, shortProof]),
        attest.read.verifyOutput([output, batch.root, batch.proof(i).slice(1)]),
      ]),
    );
    expect(results).toEqual(results.map(() => INVALID));

    // and no leaf of the tree is the hash of any of its inner nodes
    const leafCount = batch.leaves.length;
    const innerNodes = batch.tree.dump().tree.slice(0, leafCount - 1);
    const leafSet = new Set(batch.leaves);
    expect(innerNodes.filter((node) => leafSet.has(keccak256(node as Hex)))).toEqual([]);
    expect(leafSet.has(keccak256(forgedLeaf))).toBe(false);
  });
});

describe("anchor attacks", () => {
  test("a revoked anchorer cannot anchor: OutputAnchorUnauthorizedAnchorer(anchorer)", async () => {
    const { as, lab, labAnchorer, addr, publicClient } = await loadFixture(deployAttestFixture);
    const now = (await publicClient.getBlock()).timestamp;
    await (await as(lab)).write.revokeKey([addr.labAnchorer, now]);

    await expectRevert(
      (await as(labAnchorer)).write.anchor([keccak256("0x01"), 1, ""]),
      "OutputAnchorUnauthorizedAnchorer",
      [addr.labAnchorer],
    );
  });

  test("another publisher's anchorer anchoring the lab's root files it under its own publisher, so lab outputs do not verify", async () => {
    const { attest, as, rivalAnchorer, publicClient, domain, labModelId, setUpAt, addr } =
      await loadFixture(deployAttestFixture);
    const batch = buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 8 }) });

    const { events, anchoredAt } = await anchorBatch({ attest: await as(rivalAnchorer), publicClient, batch });

    expect(events).toEqual([
      {
        eventName: "BatchAnchored",
        args: {
          publisher: addr.rival,
          anchorer: addr.rivalAnchorer,
          root: batch.root,
          count: 8,
          uri: "ipfs://manifest",
        },
      },
    ]);
    expect(await attest.read.getBatch([addr.rival, batch.root])).toEqual({
      anchorer: addr.rivalAnchorer,
      anchoredAt,
      count: 8,
    });
    expect(await attest.read.getBatch([addr.lab, batch.root])).toEqual({
      anchorer: zeroAddress,
      anchoredAt: 0n,
      count: 0,
    });
    const results = await Promise.all(
      batch.outputs.map((o, i) => attest.read.verifyOutput([o, batch.root, batch.proof(i)])),
    );
    expect(results).toEqual(results.map(() => INVALID));
  });

  test("revoking an anchorer with a past effectiveAt voids the batches it anchored since, not those before", async () => {
    const { attest, as, lab, labAnchorer, publicClient, testClient, domain, labModelId, setUpAt, addr } =
      await loadFixture(deployAttestFixture);
    const [early, late] = [1, 2].map((seed) =>
      buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 5, seed }) }),
    );
    const anchorerAttest = await as(labAnchorer);
    const first = await anchorBatch({ attest: anchorerAttest, publicClient, batch: early! });
    await testClient.setNextBlockTimestamp({ timestamp: first.anchoredAt + 100n });
    const second = await anchorBatch({ attest: anchorerAttest, publicClient, batch: late! });
    const compromisedAt = first.anchoredAt + 50n;

    await testClient.setNextBlockTimestamp({ timestamp: second.anchoredAt + 1000n });
    await (await as(lab)).write.revokeKey([addr.labAnchorer, compromisedAt]);

    expect(await attest.read.verifyOutput([early!.outputs[0]!, early!.root, early!.proof(0)])).toEqual([
      true,
      first.anchoredAt,
    ]);
    expect(await attest.read.verifyOutput([late!.outputs[0]!, late!.root, late!.proof(0)])).toEqual(INVALID);
  });

  test("anchoring the lab's root first does not stop the lab, whose outputs then verify at the lab's anchor time", async () => {
    const { attest, as, lab, rival, publicClient, testClient, domain, labModelId, setUpAt, addr } =
      await loadFixture(deployAttestFixture);
    const batch = buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 12 }) });
    const [labAttest, rivalAttest] = [await as(lab), await as(rival)];

    // the attacker sees the lab's transaction in the mempool and outbids it into the same block
    await testClient.setAutomine(false);
    let labHash: Hash, rivalHash: Hash;
    try {
      labHash = await labAttest.write.anchor([batch.root, 12, "ipfs://lab"], { maxPriorityFeePerGas: 10n ** 9n });
      rivalHash = await rivalAttest.write.anchor([batch.root, 12, "ipfs://stolen"], {
        maxPriorityFeePerGas: 10n ** 11n,
      });
      await testClient.mine({ blocks: 1 });
    } finally {
      await testClient.setAutomine(true);
    }
    const [labReceipt, rivalReceipt] = [
      await receiptOf(publicClient, labHash),
      await receiptOf(publicClient, rivalHash),
    ];

    expect(rivalReceipt.receipt.transactionIndex).toBeLessThan(labReceipt.receipt.transactionIndex);
    expect(rivalReceipt.events).toEqual([
      {
        eventName: "BatchAnchored",
        args: { publisher: addr.rival, anchorer: addr.rival, root: batch.root, count: 12, uri: "ipfs://stolen" },
      },
    ]);
    expect(labReceipt.events).toEqual([
      {
        eventName: "BatchAnchored",
        args: { publisher: addr.lab, anchorer: addr.lab, root: batch.root, count: 12, uri: "ipfs://lab" },
      },
    ]);
    const results = await Promise.all(
      batch.outputs.map((o, i) => attest.read.verifyOutput([o, batch.root, batch.proof(i)])),
    );
    expect(results).toEqual(results.map(() => [true, labReceipt.timestamp]));
  });
});

describe("batch content attacks", () => {
  test("an output of another publisher's model in the lab's batch does not verify, even signed by that publisher", async () => {
    const { attest, as, lab, publicClient, domain, labModelId, rivalModelId, rivalSigner, setUpAt, addr } =
      await loadFixture(deployAttestFixture);
    const foreign = makeOutputs({ modelId: rivalModelId, timestamp: setUpAt, count: 1, seed: 77 })[0]!;
    const batch = buildBatch({
      domain,
      outputs: [...makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 3 }), foreign],
    });
    const { anchoredAt } = await anchorBatch({ attest: await as(lab), publicClient, batch });
    const signature = await signOutput({ signer: localKeyAccount(rivalSigner), domain, output: foreign });

    expect(await attest.read.verifyOutput([batch.outputs[0]!, batch.root, batch.proof(0)])).toEqual([true, anchoredAt]);
    expect(await attest.read.verifyOutput([foreign, batch.root, batch.proof(3)])).toEqual(INVALID);
    expect(await attest.read.verifySignedOutput([foreign, signature, batch.root, batch.proof(3)])).toEqual([
      false,
      0n,
      addr.rivalSigner,
    ]);
  });

  test("an output claimed after its batch was anchored does not verify, signed or not", async () => {
    const { attest, as, lab, publicClient, testClient, domain, labModelId, labSigner, addr } =
      await loadFixture(deployAttestFixture);
    const anchorAt = (await publicClient.getBlock()).timestamp + 10n;
    const [honest, postdated] = makeOutputs({ modelId: labModelId, timestamp: anchorAt, count: 2 });
    postdated!.timestamp = anchorAt + 3600n;
    const batch = buildBatch({ domain, outputs: [honest!, postdated!] });
    await testClient.setNextBlockTimestamp({ timestamp: anchorAt });
    await anchorBatch({ attest: await as(lab), publicClient, batch });
    const signature = await signOutput({ signer: localKeyAccount(labSigner), domain, output: postdated! });

    expect(await attest.read.verifyOutput([honest!, batch.root, batch.proof(0)])).toEqual([true, anchorAt]);
    expect(await attest.read.verifyOutput([postdated!, batch.root, batch.proof(1)])).toEqual(INVALID);
    expect(await attest.read.verifySignedOutput([postdated!, signature, batch.root, batch.proof(1)])).toEqual([
      false,
      0n,
      addr.labSigner,
    ]);
  });
});

describe("registration squatting", () => {
  test("another account registering the lab's next name and version first gets its own id; the lab's is unaffected", async () => {
    const { attest, as, lab, outsider, publicClient, addr } = await loadFixture(deployAttestFixture);
    const squatterId = modelIdOf({ publisher: addr.outsider, name: "atlas", version: "2.0" });
    const labId = modelIdOf({ publisher: addr.lab, name: "atlas", version: "2.0" });
    await (await as(outsider)).write.registerModel(["atlas", "2.0", zeroHash, "ipfs://fake", zeroHash]);

    const { events } = await receiptOf(
      publicClient,
      await (await as(lab)).write.registerModel(["atlas", "2.0", zeroHash, "ipfs://real", zeroHash]),
    );

    expect(squatterId).not.toBe(labId);
    expect(events).toEqual([
      {
        eventName: "ModelRegistered",
        args: {
          modelId: labId,
          publisher: addr.lab,
          name: "atlas",
          version: "2.0",
          weightsDigest: zeroHash,
          metadataURI: "ipfs://real",
          parentModelId: zeroHash,
        },
      },
    ]);
    expect(await attest.read.getModel([labId])).toMatchObject({ publisher: addr.lab, metadataURI: "ipfs://real" });
    expect(await attest.read.getModel([squatterId])).toMatchObject({ publisher: addr.outsider });
  });
});
