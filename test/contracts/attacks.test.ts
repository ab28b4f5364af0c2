import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { concat, keccak256, zeroAddress, zeroHash, type Hash, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { digestOf, makeOutputs } from "../helpers/outputs.js";
import { modelIdOf } from "../helpers/modelIdOf.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { signOutput } from "../helpers/signOutput.js";

const INVALID = [false, 0n] as const;

/** The OpenZeppelin inner node over two children: keccak256 of the sorted 64-byte pair. */
function innerNode(a: Hash, b: Hash): Hash {
  return keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
}

describe("Merkle second preimage", () => {
  test("the contract's leaf of an output is keccak256 of its 32-byte digest, never the digest itself", async () => {
    const { attest, domain, labModelId, setUpAt } = await loadFixture(deployAttestFixture);
    for (const output of makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 5 })) {
      const digest = await attest.read.outputDigest([output]);
      expect(digest).toBe(digestOf(domain, output));
      expect(await attest.read.outputLeaf([output])).toBe(keccak256(digest));
      expect(await attest.read.outputLeaf([output])).not.toBe(digest);
    }
  });

  test("an inner node passed off as a leaf: a tree over bare digests, where that forgery works on raw hashes, verifies no output", async () => {
    const { attest, as, lab, publicClient, domain, labModelId, setUpAt } = await loadFixture(deployAttestFixture);
    const outputs = makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 37 });
    // what a contract would take as leaves if its leaf were the bare digest: a leaf and an inner node are then
    // both a hash the raw MerkleProof algorithm cannot tell apart
    const digests = outputs.map((output) => digestOf(domain, output));
    const bare = SimpleMerkleTree.of(digests);
    const bareProof = (i: number) => bare.getProof(i) as Hash[];
    const forgedLeaf = innerNode(digests[0]!, bareProof(0)[0]!);
    expect(bare.dump().tree).toContain(forgedLeaf);
    expect(SimpleMerkleTree.verify(bare.root, forgedLeaf, bareProof(0).slice(1))).toBe(true);

    // the lab anchors that tree and, as a control, the tree over keccak256(digest) leaves
    const honest = buildBatch({ domain, outputs });
    const labAttest = await as(lab);
    await anchorBatch({ attest: labAttest, publicClient, batch: { root: bare.root as Hash, outputs } });
    const { anchoredAt } = await anchorBatch({ attest: labAttest, publicClient, batch: honest });

    // no output verifies in the bare tree, with its full proof or a shortened one: the contract's leaf is
    // keccak256(digest), which that tree does not hold...
    const bareResults = await Promise.all(
      outputs.flatMap((output, i) => [
        attest.read.verifyOutput([output, bare.root as Hash, bareProof(i)]),
        attest.read.verifyOutput([output, bare.root as Hash, bareProof(i).slice(1)]),
      ]),
    );
    expect(bareResults).toEqual(bareResults.map(() => INVALID));
    // ...while every output verifies in the tree over keccak256(digest), where no leaf is any inner node's hash
    const honestResults = await Promise.all(outputs.map((output, i) => attest.read.verifyOutput([output, honest.root, honest.proof(i)])));
    expect(honestResults).toEqual(honestResults.map(() => [true, anchoredAt]));
    const innerNodes = honest.tree.dump().tree.slice(0, honest.leaves.length - 1);
    const leafSet = new Set(honest.leaves);
    expect(innerNodes.filter((node) => leafSet.has(keccak256(node as Hex)))).toEqual([]);
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
