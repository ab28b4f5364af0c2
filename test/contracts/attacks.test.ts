import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { concat, keccak256, type Hash, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { digestOf, makeOutputs } from "../helpers/outputs.js";
import { receiptOf } from "../helpers/receiptOf.js";

const INVALID = [false, 0n] as const;

/** The OpenZeppelin inner node over two children: keccak256 of the sorted 64-byte pair. */
function innerNode(a: Hash, b: Hash): Hash {
  return keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
}

describe("Merkle second preimage", () => {
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
