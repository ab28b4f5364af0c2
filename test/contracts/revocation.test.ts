import { zeroAddress } from "viem";
import { describe, expect, test } from "vitest";
import { addressOf, deployAttestFixture, signerKey } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { KEY_NO_EXPIRY, KeyRole } from "../helpers/typedData.js";

describe("revokeKey", () => {
  test("revoking emits KeyRevoked(publisher, key, role, effectiveAt) and closes the window there", async () => {
    const { as, lab, addr, attest, publicClient } = await loadFixture(deployAttestFixture);
    const effectiveAt = (await publicClient.getBlock()).timestamp + 100n;

    const { events } = await receiptOf(
      publicClient,
      await (await as(lab)).write.revokeKey([addr.labSigner, effectiveAt]),
    );

    expect(events).toEqual([
      {
        eventName: "KeyRevoked",
        args: { publisher: addr.lab, key: addr.labSigner, role: KeyRole.Signer, validUntil: effectiveAt },
      },
    ]);
    expect((await attest.read.getKey([addr.labSigner])).validUntil).toBe(effectiveAt);
    expect(await attest.read.isValidSigner([addr.lab, addr.labSigner, effectiveAt - 1n])).toBe(true);
    expect(await attest.read.isValidSigner([addr.lab, addr.labSigner, effectiveAt])).toBe(false);
  });

  test("a revocation may lie in the past, down to validFrom, which voids the key entirely", async () => {
    const { as, lab, addr, attest } = await loadFixture(deployAttestFixture);
    const { validFrom } = await attest.read.getKey([addr.labAnchorer]);

    await (await as(lab)).write.revokeKey([addr.labAnchorer, validFrom]);

    expect(await attest.read.isValidAnchorer([addr.lab, addr.labAnchorer, validFrom])).toBe(false);
  });

  test("a window only shrinks: an earlier revocation works, a later one reverts ModelRegistryInvalidRevocation", async () => {
    const { as, lab, addr, attest, setUpAt } = await loadFixture(deployAttestFixture);
    const labAttest = await as(lab);
    const { validFrom } = await attest.read.getKey([addr.labSigner]);
    await labAttest.write.revokeKey([addr.labSigner, setUpAt + 1000n]);
    await labAttest.write.revokeKey([addr.labSigner, setUpAt + 500n]);

    await expectRevert(labAttest.write.revokeKey([addr.labSigner, setUpAt + 500n]), "ModelRegistryInvalidRevocation", [
      addr.labSigner,
      setUpAt + 500n,
      validFrom,
      setUpAt + 500n,
    ]);
    expect((await attest.read.getKey([addr.labSigner])).validUntil).toBe(setUpAt + 500n);
  });

  test("effectiveAt before validFrom reverts with ModelRegistryInvalidRevocation", async () => {
    const { as, lab, addr, attest } = await loadFixture(deployAttestFixture);
    const { validFrom } = await attest.read.getKey([addr.labSigner]);
    await expectRevert(
      (await as(lab)).write.revokeKey([addr.labSigner, validFrom - 1n]),
      "ModelRegistryInvalidRevocation",
      [addr.labSigner, validFrom - 1n, validFrom, KEY_NO_EXPIRY],
    );
  });

  test("effectiveAt at or beyond KEY_NO_EXPIRY reverts with ModelRegistryInvalidRevocation", async () => {
    const { as, lab, addr, attest } = await loadFixture(deployAttestFixture);
    const { validFrom } = await attest.read.getKey([addr.labSigner]);
    for (const effectiveAt of [KEY_NO_EXPIRY, 2n ** 64n - 1n]) {
      await expectRevert(
        (await as(lab)).write.revokeKey([addr.labSigner, effectiveAt]),
        "ModelRegistryInvalidRevocation",
        [addr.labSigner, effectiveAt, validFrom, KEY_NO_EXPIRY],
      );
    }
  });

  test("another publisher cannot revoke the lab's key: ModelRegistryNotPublisherKey(caller, key)", async () => {
    const { as, rival, addr } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(rival)).write.revokeKey([addr.labSigner, 0n]), "ModelRegistryNotPublisherKey", [
      addr.rival,
      addr.labSigner,
    ]);
  });

  test("a publisher cannot revoke itself: ModelRegistryNotPublisherKey(publisher, publisher)", async () => {
    const { as, lab, addr, setUpAt } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(lab)).write.revokeKey([addr.lab, setUpAt]), "ModelRegistryNotPublisherKey", [
      addr.lab,
      addr.lab,
    ]);
  });

  test("a key cannot revoke itself, and an unknown address is no key: ModelRegistryNotPublisherKey", async () => {
    const { as, lab, labAnchorer, addr, setUpAt } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(labAnchorer)).write.revokeKey([addr.labAnchorer, setUpAt]),
      "ModelRegistryNotPublisherKey",
      [addr.labAnchorer, addr.labAnchorer],
    );
    const stranger = signerKey("stranger").address;
    await expectRevert((await as(lab)).write.revokeKey([stranger, setUpAt]), "ModelRegistryNotPublisherKey", [
      addr.lab,
      stranger,
    ]);
  });
});

describe("isValidAnchorer", () => {
  test("a publisher is a valid anchorer of its own batches at any time, and of nobody else's", async () => {
    const { attest, addr, spares } = await loadFixture(deployAttestFixture);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.lab, 0n])).toBe(true);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.lab, 2n ** 64n - 1n])).toBe(true);
    expect(await attest.read.isValidAnchorer([addr.rival, addr.lab, 0n])).toBe(false);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.rivalAnchorer, 2n ** 39n])).toBe(false);
    const unregistered = addressOf(spares[0]!);
    expect(await attest.read.isValidAnchorer([unregistered, unregistered, 0n])).toBe(false);
    expect(await attest.read.isValidAnchorer([zeroAddress, zeroAddress, 0n])).toBe(false);
  });
});
