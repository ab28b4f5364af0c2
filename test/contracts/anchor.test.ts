import { keccak256, toHex, zeroAddress, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { anchorBatch } from "../helpers/anchorBatch.js";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { buildBatch } from "../helpers/buildBatch.js";
import { addressOf, deployAttestFixture, type AttestFixture } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { walletKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { makeOutputs } from "../helpers/outputs.js";
import { KeyRole } from "../helpers/typedData.js";

const ROOT = keccak256(toHex("some batch root"));

function labBatch({ domain, labModelId, setUpAt }: AttestFixture) {
  return buildBatch({ domain, outputs: makeOutputs({ modelId: labModelId, timestamp: setUpAt, count: 5 }) });
}

describe("anchor", () => {
  test("a publisher anchors its own root: BatchAnchored and getBatch record anchorer, time and count", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { as, lab, addr, attest, publicClient } = fixture;
    const batch = labBatch(fixture);

    const { anchoredAt, events } = await anchorBatch({ attest: await as(lab), publicClient, batch, uri: "ipfs://b1" });

    expect(events).toEqual([
      {
        eventName: "BatchAnchored",
        args: { publisher: addr.lab, anchorer: addr.lab, root: batch.root, count: 5, uri: "ipfs://b1" },
      },
    ]);
    expect(await attest.read.getBatch([addr.lab, batch.root])).toEqual({ anchorer: addr.lab, anchoredAt, count: 5 });
  });

  test("an anchorer key anchors under its publisher", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { as, labAnchorer, addr, attest, publicClient } = fixture;
    const batch = labBatch(fixture);

    const { anchoredAt, events } = await anchorBatch({ attest: await as(labAnchorer), publicClient, batch, uri: "" });

    expect(events).toEqual([
      {
        eventName: "BatchAnchored",
        args: { publisher: addr.lab, anchorer: addr.labAnchorer, root: batch.root, count: 5, uri: "" },
      },
    ]);
    expect(await attest.read.getBatch([addr.lab, batch.root])).toEqual({
      anchorer: addr.labAnchorer,
      anchoredAt,
      count: 5,
    });
    expect((await attest.read.getBatch([addr.labAnchorer, batch.root])).anchoredAt).toBe(0n);
  });

  test("a zero root reverts with OutputAnchorZeroRoot()", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(lab)).write.anchor([zeroHash, 1, ""]), "OutputAnchorZeroRoot");
  });

  test("a zero count reverts with OutputAnchorZeroCount()", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(lab)).write.anchor([ROOT, 0, ""]), "OutputAnchorZeroCount");
  });

  test("a root the publisher already anchored reverts with OutputAnchorRootExists(publisher, root), from any of its accounts", async () => {
    const { as, lab, labAnchorer, addr } = await loadFixture(deployAttestFixture);
    await (await as(lab)).write.anchor([ROOT, 1, ""]);

    await expectRevert((await as(lab)).write.anchor([ROOT, 2, "again"]), "OutputAnchorRootExists", [addr.lab, ROOT]);
    await expectRevert((await as(labAnchorer)).write.anchor([ROOT, 1, ""]), "OutputAnchorRootExists", [addr.lab, ROOT]);
  });

  test("an account unknown to the registry reverts with OutputAnchorUnauthorizedAnchorer(account)", async () => {
    const { as, outsider, addr } = await loadFixture(deployAttestFixture);
    await expectRevert((await as(outsider)).write.anchor([ROOT, 1, ""]), "OutputAnchorUnauthorizedAnchorer", [
      addr.outsider,
    ]);
  });

  test("a signer key cannot anchor: OutputAnchorUnauthorizedAnchorer(key)", async () => {
    const { as, attest, domain, lab, spares, publicClient } = await loadFixture(deployAttestFixture);
    const signerWallet = spares[0]!;
    const hash = await authorizeKeyWithConsent({
      attest,
      domain,
      publisher: lab,
      key: walletKeyAccount(signerWallet),
      role: KeyRole.Signer,
    });
    await publicClient.waitForTransactionReceipt({ hash });

    await expectRevert((await as(signerWallet)).write.anchor([ROOT, 1, ""]), "OutputAnchorUnauthorizedAnchorer", [
      addressOf(signerWallet),
    ]);
  });

  test("an anchorer revoked for a future time anchors until then, then reverts OutputAnchorUnauthorizedAnchorer", async () => {
    const { as, lab, labAnchorer, addr, attest, publicClient, testClient } = await loadFixture(deployAttestFixture);
    const effectiveAt = (await publicClient.getBlock()).timestamp + 100n;
    await (await as(lab)).write.revokeKey([addr.labAnchorer, effectiveAt]);
    const anchorerAttest = await as(labAnchorer);

    await testClient.setNextBlockTimestamp({ timestamp: effectiveAt - 1n });
    await anchorerAttest.write.anchor([ROOT, 1, ""]);
    expect((await attest.read.getBatch([addr.lab, ROOT])).anchoredAt).toBe(effectiveAt - 1n);

    await testClient.setNextBlockTimestamp({ timestamp: effectiveAt });
    await expectRevert(anchorerAttest.write.anchor([keccak256(ROOT), 1, ""]), "OutputAnchorUnauthorizedAnchorer", [
      addr.labAnchorer,
    ]);
  });

  test("a publisher still anchors after revoking all its keys", async () => {
    const { as, lab, addr, attest, setUpAt } = await loadFixture(deployAttestFixture);
    const labAttest = await as(lab);
    await labAttest.write.revokeKey([addr.labAnchorer, setUpAt]);
    await labAttest.write.revokeKey([addr.labSigner, setUpAt]);

    await labAttest.write.anchor([ROOT, 3, ""]);

    expect((await attest.read.getBatch([addr.lab, ROOT])).anchorer).toBe(addr.lab);
  });

  test("two publishers anchoring the same root get two independent batches", async () => {
    const { as, lab, rivalAnchorer, addr, attest } = await loadFixture(deployAttestFixture);
    await (await as(rivalAnchorer)).write.anchor([ROOT, 7, ""]);
    await (await as(lab)).write.anchor([ROOT, 3, ""]);

    expect(await attest.read.getBatch([addr.rival, ROOT])).toMatchObject({ anchorer: addr.rivalAnchorer, count: 7 });
    expect(await attest.read.getBatch([addr.lab, ROOT])).toMatchObject({ anchorer: addr.lab, count: 3 });
  });

  test("the maximum count 2^32 - 1 is stored as given", async () => {
    const { as, lab, addr, attest } = await loadFixture(deployAttestFixture);
    await (await as(lab)).write.anchor([ROOT, 2 ** 32 - 1, ""]);
    expect((await attest.read.getBatch([addr.lab, ROOT])).count).toBe(2 ** 32 - 1);
  });
});

describe("getBatch", () => {
  test("a root the publisher never anchored reads as all zeros", async () => {
    const { attest, addr } = await loadFixture(deployAttestFixture);
    expect(await attest.read.getBatch([addr.lab, ROOT])).toEqual({ anchorer: zeroAddress, anchoredAt: 0n, count: 0 });
  });
});
