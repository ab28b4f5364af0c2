import {
  getAddress,
  maxUint256,
  parseSignature,
  recoverTypedDataAddress,
  serializeSignature,
  zeroAddress,
  zeroHash,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { deployAttestFixture, MODEL } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { digestOf, makeOutputs, type Output } from "../helpers/outputs.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { signKeyAuthorization } from "../helpers/signKeyAuthorization.js";
import { signOutput } from "../helpers/signOutput.js";
import { attestDomain, KeyRole, outputTypes } from "../helpers/typedData.js";

/** The order of secp256k1's group: `s` and `n - s` both verify under plain ecrecover. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

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

  test("the high-s twin of a valid signature is rejected by verifySignedOutput", async () => {
    const { attest, domain, batch, output, signature, proof, addr, anchoredAt } = await signedLabBatch();
    const { r, s, yParity } = parseSignature(signature);
    const twin = serializeSignature({
      r,
      s: `0x${(SECP256K1_N - BigInt(s)).toString(16).padStart(64, "0")}`,
      yParity: 1 - yParity,
    });

    // plain ecrecover accepts the twin: it is the same signer's signature, made malleable
    expect(
      await recoverTypedDataAddress({
        domain,
        types: outputTypes,
        primaryType: "Output",
        message: output,
        signature: twin,
      }),
    ).toBe(addr.labSigner);
    expect(await attest.read.verifySignedOutput([output, signature, batch.root, proof])).toEqual([
      true,
      anchoredAt,
      addr.labSigner,
    ]);
    expect(await attest.read.verifySignedOutput([output, twin, batch.root, proof])).toEqual([false, 0n, zeroAddress]);
  });
});

describe("signer revocation", () => {
  test("a signer revoked with a past effectiveAt voids outputs claimed before it but anchored after it", async () => {
    const { attest, as, lab, publicClient, testClient, domain, labModelId, labSigner, addr } =
      await loadFixture(deployAttestFixture);
    const base = (await publicClient.getBlock()).timestamp;
    const compromisedAt = base + 30n;
    const [early, late] = [1, 2].map((seed) =>
      buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: base + 10n, count: 3, seed }) }),
    );
    const labAttest = await as(lab);
    await testClient.setNextBlockTimestamp({ timestamp: base + 20n });
    const first = await anchorBatch({ attest: labAttest, publicClient, batch: early! });
    await testClient.setNextBlockTimestamp({ timestamp: base + 40n });
    const second = await anchorBatch({ attest: labAttest, publicClient, batch: late! });
    const sign = (output: Output) => signOutput({ signer: localKeyAccount(labSigner), domain, output });
    const [earlySignature, lateSignature] = [await sign(early!.outputs[0]!), await sign(late!.outputs[0]!)];
    const verifyLate = () =>
      attest.read.verifySignedOutput([late!.outputs[0]!, lateSignature, late!.root, late!.proof(0)]);
    expect(await verifyLate()).toEqual([true, second.anchoredAt, addr.labSigner]);

    await labAttest.write.revokeKey([addr.labSigner, compromisedAt]);

    expect(await verifyLate()).toEqual([false, 0n, addr.labSigner]);
    expect(await attest.read.verifyOutput([late!.outputs[0]!, late!.root, late!.proof(0)])).toEqual([
      true,
      second.anchoredAt,
    ]);
    expect(
      await attest.read.verifySignedOutput([early!.outputs[0]!, earlySignature, early!.root, early!.proof(0)]),
    ).toEqual([true, first.anchoredAt, addr.labSigner]);
  });
});

describe("key squatting", () => {
  test("authorizing someone else's key without its consent reverts with ModelRegistryInvalidKeySignature(key)", async () => {
    const { attest, as, rival, lab, domain, addr } = await loadFixture(deployAttestFixture);
    const labKey = localKeyAccount(privateKeyToAccount(generatePrivateKey()));
    const rivalAttest = await as(rival);
    const rivalSigned = await signKeyAuthorization({
      key: { ...localKeyAccount(privateKeyToAccount(generatePrivateKey())), address: labKey.address },
      domain,
      publisher: addr.rival,
      role: KeyRole.Signer,
      nonce: 0n,
      deadline: maxUint256,
    });

    for (const signature of ["0x", rivalSigned] as const) {
      await expectRevert(
        rivalAttest.write.authorizeKey([labKey.address, KeyRole.Signer, maxUint256, signature]),
        "ModelRegistryInvalidKeySignature",
        [labKey.address],
      );
    }
    await authorizeKeyWithConsent({ attest, domain, publisher: lab, key: labKey, role: KeyRole.Signer });
    expect((await attest.read.getKey([labKey.address])).publisher).toBe(addr.lab);
  });

  test("a consent signed for one publisher cannot be replayed by another", async () => {
    const { attest, as, rival, lab, domain, addr, publicClient } = await loadFixture(deployAttestFixture);
    const key = localKeyAccount(privateKeyToAccount(generatePrivateKey()));
    const consent = await signKeyAuthorization({
      key,
      domain,
      publisher: addr.lab,
      role: KeyRole.Anchorer,
      nonce: 0n,
      deadline: maxUint256,
    });

    await expectRevert(
      (await as(rival)).write.authorizeKey([key.address, KeyRole.Anchorer, maxUint256, consent]),
      "ModelRegistryInvalidKeySignature",
      [key.address],
    );

    const { events } = await receiptOf(
      publicClient,
      await (await as(lab)).write.authorizeKey([key.address, KeyRole.Anchorer, maxUint256, consent]),
    );
    expect(events).toMatchObject([
      { eventName: "KeyAuthorized", args: { publisher: addr.lab, key: getAddress(key.address) } },
    ]);
    expect(await attest.read.getKey([key.address])).toMatchObject({ publisher: addr.lab, role: KeyRole.Anchorer });
  });

  test("a consent cannot be used twice: the key is taken and its nonce has moved on", async () => {
    const { attest, as, rival, lab, domain, addr } = await loadFixture(deployAttestFixture);
    const key = localKeyAccount(privateKeyToAccount(generatePrivateKey()));
    const consent = await signKeyAuthorization({
      key,
      domain,
      publisher: addr.lab,
      role: KeyRole.Signer,
      nonce: 0n,
      deadline: maxUint256,
    });
    const labAttest = await as(lab);
    await labAttest.write.authorizeKey([key.address, KeyRole.Signer, maxUint256, consent]);

    expect(await attest.read.nonces([key.address])).toBe(1n);
    for (const attacker of [labAttest, await as(rival)]) {
      await expectRevert(
        attacker.write.authorizeKey([key.address, KeyRole.Signer, maxUint256, consent]),
        "ModelRegistryAccountInUse",
        [getAddress(key.address), addr.lab, KeyRole.Signer],
      );
    }
  });
});
