import { zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture, MODEL } from "../helpers/deployAttestFixture.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { digestOf, makeOutputs } from "../helpers/outputs.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { signOutput } from "../helpers/signOutput.js";
import { attestDomain, KeyRole } from "../helpers/typedData.js";

/** A lab batch of 6 outputs claimed at set-up time, anchored by the lab, with the first output signed. */
async function signedLabBatch() {
  const fixture = await loadFixture(deployAttestFixture);
  const { as, lab, publicClient, domain, labModelId, labSigner, setUpAt } = fixture;
  const batch = buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 6 }) });
  const { anchoredAt } = await anchorBatch({ attest: await as(lab), publicClient, batch });
  const output = batch.outputs[0]!;
  const signature = await signOutput({ signer: localKeyAccount(labSigner), domain, output });
  return { ...fixture, batch, anchoredAt, output, signature, proof: batch.proof(0) };
}

describe("output signature replay", () => {
  test("an output signed for another chain does not verify here, its digest differing", async () => {
    const { attest, domain, labSigner, batch, output, proof, addr, anchoredAt } = await signedLabBatch();
    const otherChain = attestDomain({ chainId: 1, verifyingContract: domain.verifyingContract! });
    const signature = await signOutput({ signer: localKeyAccount(labSigner), domain: otherChain, output });

    expect(digestOf(otherChain, output)).not.toBe(await attest.read.outputDigest([output]));
    expect(await attest.read.verifyOutput([output, batch.root, proof])).toEqual([true, anchoredAt]);
    const [valid, at, signer] = await attest.read.verifySignedOutput([output, signature, batch.root, proof]);
    expect([valid, at]).toEqual([false, 0n]);
    expect(signer).not.toBe(addr.labSigner);
  });

  test("an output signed and anchored on another AIAttest deployment does not verify on this one", async () => {
    const { attest, as, viem, publicClient, lab, labSigner, labModelId, domain, addr } =
      await loadFixture(deployAttestFixture);
    // the lab runs the same setup on a second deployment: same model id, same signer key
    const other = await viem.deployContract("AIAttest", [], { client: { wallet: lab } });
    const otherDomain = attestDomain({ chainId: publicClient.chain.id, verifyingContract: other.address });
    await other.write.registerModel([MODEL.name, MODEL.version, MODEL.weightsDigest, MODEL.uri, zeroHash]);
    const { timestamp: claimedAt } = await receiptOf(
      publicClient,
      await authorizeKeyWithConsent({
        attest: other,
        domain: otherDomain,
        publisher: lab,
        key: localKeyAccount(labSigner),
        role: KeyRole.Signer,
      }),
    );
    const outputs = makeOutputs({ modelId: labModelId, timestamp: claimedAt, count: 6 });
    const [here, there] = [buildBatch({ domain, outputs }), buildBatch({ domain: otherDomain, outputs })];
    const anchoredHere = await anchorBatch({ attest: await as(lab), publicClient, batch: here });
    const anchoredThere = await anchorBatch({ attest: other, publicClient, batch: there });
    const output = outputs[0]!;
    const signature = await signOutput({ signer: localKeyAccount(labSigner), domain: otherDomain, output });

    expect(await other.read.verifySignedOutput([output, signature, there.root, there.proof(0)])).toEqual([
      true,
      anchoredThere.anchoredAt,
      addr.labSigner,
    ]);
    expect(await other.read.outputDigest([output])).not.toBe(await attest.read.outputDigest([output]));
    expect(await attest.read.verifyOutput([output, here.root, here.proof(0)])).toEqual([true, anchoredHere.anchoredAt]);
    const [valid, at, signer] = await attest.read.verifySignedOutput([output, signature, here.root, here.proof(0)]);
    expect([valid, at]).toEqual([false, 0n]);
    expect(signer).not.toBe(addr.labSigner);
    expect(await attest.read.verifyOutput([output, there.root, there.proof(0)])).toEqual([false, 0n]);
  });

});
