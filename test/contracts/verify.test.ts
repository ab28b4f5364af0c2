import { MerkleTree } from "merkletreejs";
import { concat, getAddress, hexToBytes, keccak256, toHex, zeroAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture, type AttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { localKeyAccount, walletKeyAccount } from "../helpers/keyAccount.js";
import { leafOf, makeOutputs, type Output } from "../helpers/outputs.js";
import { signOutput } from "../helpers/signOutput.js";

const INVALID = [false, 0n] as const;

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

function flipLastByte(value: Hex): Hex {
  const bytes = hexToBytes(value);
  bytes[31]! ^= 0x01;
  return toHex(bytes);
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

  test("an output with any field altered does not verify with the original proof", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch } = await anchoredLabBatch(fixture);
    const output = batch.outputs[3]!;
    const altered: Output[] = [
      { ...output, responseHash: flipLastByte(output.responseHash) },
      { ...output, requestHash: flipLastByte(output.requestHash) },
      { ...output, timestamp: output.timestamp - 1n },
      { ...output, modelId: fixture.rivalModelId },
    ];

    const results = await Promise.all(
      altered.map((o) => fixture.attest.read.verifyOutput([o, batch.root, batch.proof(3)])),
    );

    expect(results).toEqual(altered.map(() => INVALID));
  });

  test("an altered proof is rejected: a flipped sibling, a dropped or extra sibling, a neighbour's proof, none", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch, anchoredAt } = await anchoredLabBatch(fixture);
    const proof = batch.proof(5);
    const altered: Hex[][] = [
      ...proof.map((_, i) => proof.map((sibling, j) => (i === j ? flipLastByte(sibling) : sibling))),
      proof.slice(0, -1),
      [...proof, keccak256("0x")],
      batch.proof(6),
      [],
    ];

    const [original, ...results] = await Promise.all(
      [proof, ...altered].map((p) => fixture.attest.read.verifyOutput([batch.outputs[5]!, batch.root, p])),
    );

    expect(original).toEqual([true, anchoredAt]);
    expect(results).toEqual(altered.map(() => INVALID));
  });

  test("never reverts: an unknown model, an unanchored root and a garbage proof each give (false, 0)", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch } = await anchoredLabBatch(fixture);
    const output = batch.outputs[0]!;
    const garbage = Array.from({ length: 64 }, (_, i) => keccak256(toHex(i)));

    expect(
      await fixture.attest.read.verifyOutput([{ ...output, modelId: keccak256("0x") }, batch.root, batch.proof(0)]),
    ).toEqual(INVALID);
    expect(await fixture.attest.read.verifyOutput([output, keccak256(batch.root), batch.proof(0)])).toEqual(INVALID);
    expect(await fixture.attest.read.verifyOutput([output, batch.root, garbage])).toEqual(INVALID);
  });

  test("an output claimed exactly at anchoredAt verifies; one claimed a second later does not", async () => {
    const { attest, as, lab, publicClient, testClient, domain, labModelId } = await loadFixture(deployAttestFixture);
    const anchorAt = (await publicClient.getBlock()).timestamp + 50n;
    const [atAnchor, after] = makeOutputs({ modelId: labModelId, timestamp: anchorAt, count: 2 });
    after!.timestamp = anchorAt + 1n;
    const batch = buildBatch({ domain, outputs: [atAnchor!, after!] });
    await testClient.setNextBlockTimestamp({ timestamp: anchorAt });
    const { anchoredAt } = await anchorBatch({ attest: await as(lab), publicClient, batch });

    expect(anchoredAt).toBe(anchorAt);
    expect(await attest.read.verifyOutput([atAnchor!, batch.root, batch.proof(0)])).toEqual([true, anchorAt]);
    expect(await attest.read.verifyOutput([after!, batch.root, batch.proof(1)])).toEqual(INVALID);
  });

  test("outputs of a retired model verify only when claimed before retiredAt", async () => {
    const { attest, as, lab, publicClient, testClient, domain, labModelId } = await loadFixture(deployAttestFixture);
    const retiredAt = (await publicClient.getBlock()).timestamp + 50n;
    const outputs = makeOutputs({ modelId: labModelId, timestamp: 0n, count: 3 }).map((output, i) => ({
      ...output,
      timestamp: retiredAt - 1n + BigInt(i),
    }));
    const batch = buildBatch({ domain, outputs });
    const labAttest = await as(lab);
    await testClient.setNextBlockTimestamp({ timestamp: retiredAt });
    await labAttest.write.retireModel([labModelId]);
    const { anchoredAt } = await anchorBatch({ attest: labAttest, publicClient, batch });

    const results = await Promise.all(
      outputs.map((output, i) => attest.read.verifyOutput([output, batch.root, batch.proof(i)])),
    );

    expect(results).toEqual([[true, anchoredAt], INVALID, INVALID]);
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

  test("a signature by a key that is not a signer of the model's publisher gives (false, 0, recovered)", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch } = await anchoredLabBatch(fixture);
    const output = batch.outputs[2]!;
    const impostors = [
      localKeyAccount(privateKeyToAccount(generatePrivateKey())),
      localKeyAccount(fixture.rivalSigner),
      walletKeyAccount(fixture.labAnchorer),
    ];

    for (const signer of impostors) {
      const signature = await signOutput({ signer, domain: fixture.domain, output });
      const result = await fixture.attest.read.verifySignedOutput([output, signature, batch.root, batch.proof(2)]);
      expect(result).toEqual([false, 0n, getAddress(signer.address)]);
    }
  });

  test("the signer's signature over another output does not verify this one", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch } = await anchoredLabBatch(fixture);
    const signature = await signOutput({
      signer: localKeyAccount(fixture.labSigner),
      domain: fixture.domain,
      output: batch.outputs[1]!,
    });

    const [valid, anchoredAt, signer] = await fixture.attest.read.verifySignedOutput([
      batch.outputs[2]!,
      signature,
      batch.root,
      batch.proof(2),
    ]);

    expect([valid, anchoredAt]).toEqual(INVALID);
    expect(signer).not.toBe(fixture.addr.labSigner);
  });

  test("a signature that does not recover gives (false, 0, zero address)", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { batch } = await anchoredLabBatch(fixture);
    const output = batch.outputs[0]!;
    const signature = await signOutput({ signer: localKeyAccount(fixture.labSigner), domain: fixture.domain, output });
    const broken: Hex[] = [
      "0x",
      `0x${signature.slice(2, 130)}`, // 64 bytes (ERC-2098 compact form is not accepted)
      concat([signature, "0x00"]), // 66 bytes
      concat([`0x${"00".repeat(32)}`, `0x${signature.slice(66, 130)}`, "0x1b"]), // r = 0
      concat([`0x${signature.slice(2, 130)}`, "0x1d"]), // v = 29
    ];

    const results = await Promise.all(
      broken.map((sig) => fixture.attest.read.verifySignedOutput([output, sig, batch.root, batch.proof(0)])),
    );

    expect(results).toEqual(broken.map(() => [false, 0n, zeroAddress]));
  });

  test("a valid signature on an output that is not anchored gives (false, 0, signer)", async () => {
    const { attest, domain, labSigner, labModelId, setUpAt, addr } = await loadFixture(deployAttestFixture);
    const output = makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 1 })[0]!;
    const signature = await signOutput({ signer: localKeyAccount(labSigner), domain, output });

    expect(await attest.read.verifySignedOutput([output, signature, leafOf(domain, output), []])).toEqual([
      false,
      0n,
      addr.labSigner,
    ]);
  });

  test("an output claimed before its signer's window opened is rejected even though its batch verifies", async () => {
    const { attest, as, lab, publicClient, domain, labSigner, labModelId, addr } =
      await loadFixture(deployAttestFixture);
    const { validFrom } = await attest.read.getKey([addr.labSigner]);
    const batch = buildBatch({
      domain,
      outputs: makeOutputs({ modelId: labModelId, timestamp: validFrom - 1n, count: 4 }),
    });
    const { anchoredAt } = await anchorBatch({ attest: await as(lab), publicClient, batch });
    const signature = await signOutput({ signer: localKeyAccount(labSigner), domain, output: batch.outputs[0]! });

    expect(await attest.read.verifyOutput([batch.outputs[0]!, batch.root, batch.proof(0)])).toEqual([true, anchoredAt]);
    expect(await attest.read.verifySignedOutput([batch.outputs[0]!, signature, batch.root, batch.proof(0)])).toEqual([
      false,
      0n,
      addr.labSigner,
    ]);
  });
});
