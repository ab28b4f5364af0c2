import { MerkleTree } from "merkletreejs";
import { hexToBytes, keccak256, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture, type AttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { leafOf, makeOutputs } from "../helpers/outputs.js";
import { signOutput } from "../helpers/signOutput.js";

/** A lab batch of `count` outputs claimed at set-up time, anchored by the lab's anchorer key. */
async function anchoredLabBatch(fixture: AttestFixture, { count = 37, sortLeaves = true } = {}) {
  const { as, labAnchorer, publicClient, domain, labModelId, setUpAt } = fixture;
  const batch = buildBatch({
    domain,
    sortLeaves,
    outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count }),
  });
  const { anchoredAt } = await anchorBatch({ attest: await as(labAnchorer), publicClient, batch });
  return { batch, anchoredAt };
}

describe("verifyOutput", () => {
  test.each([true, false])(
    "every output of a 37-output batch verifies with its SimpleMerkleTree proof (sortLeaves: %s)",
    async (sortLeaves) => {
      const fixture = await loadFixture(deployAttestFixture);
      const { batch, anchoredAt } = await anchoredLabBatch(fixture, { sortLeaves });

      const results = await Promise.all(
        batch.outputs.map((output, i) => fixture.attest.read.verifyOutput([output, batch.root, batch.proof(i)])),
      );

      expect(results).toEqual(batch.outputs.map(() => [true, anchoredAt]));
    },
  );

  test("a batch of one output verifies with an empty proof, its leaf being the root", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch, anchoredAt } = await anchoredLabBatch(fixture, { count: 1 });

    expect(batch.root).toBe(batch.leaves[0]);
    expect(await fixture.attest.read.verifyOutput([batch.outputs[0]!, batch.root, []])).toEqual([true, anchoredAt]);
  });

  test("proofs of a merkletreejs sorted-pair tree over the same leaves verify too", async () => {
    const { attest, as, lab, publicClient, domain, labModelId, setUpAt } = await loadFixture(deployAttestFixture);
    const outputs = makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 37, seed: 9 });
    const leaves = outputs.map((output) => leafOf(domain, output));
    const tree = new MerkleTree(leaves, (data: Buffer) => Buffer.from(hexToBytes(keccak256(data))), {
      sortPairs: true,
    });
    const root = tree.getHexRoot() as Hex;
    const { anchoredAt } = await anchorBatch({ attest: await as(lab), publicClient, batch: { root, outputs } });

    const results = await Promise.all(
      outputs.map((output, i) => attest.read.verifyOutput([output, root, tree.getHexProof(leaves[i]!) as Hex[]])),
    );

    expect(results).toEqual(outputs.map(() => [true, anchoredAt]));
  });

});

describe("verifySignedOutput", () => {
  test("a signed, anchored output verifies, returning anchoredAt and the recovered signer", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch, anchoredAt } = await anchoredLabBatch(fixture);
    const output = batch.outputs[2]!;
    const signature = await signOutput({ signer: localKeyAccount(fixture.labSigner), domain: fixture.domain, output });

    expect(await fixture.attest.read.verifySignedOutput([output, signature, batch.root, batch.proof(2)])).toEqual([
      true,
      anchoredAt,
      fixture.addr.labSigner,
    ]);
  });

});
