import type { Hash } from "viem";
import { describe, expect, test } from "vitest";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { type AttestFixture, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { walletKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { KeyRole } from "../helpers/typedData.js";
import { expectBundlesVerify } from "./helpers/expectBundlesVerify.js";
import { labAnchorerKey, labPipeline, labPublisherKey, pipelineWallet } from "./labPipeline.js";

const answers = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `answer ${tag}${i}`);

async function record(lab: Awaited<ReturnType<typeof labPipeline>>, fixture: AttestFixture, texts: string[]) {
  const receipts = await Promise.all(texts.map((response) => lab.recorder.record({ modelId: fixture.labModelId, response })));
  return receipts.map((receipt) => Number(receipt.recordId));
}

/** Runs the anchorer until its batch is built and persisted, then stops it there (a crash before sending). */
async function buildOnly(lab: Awaited<ReturnType<typeof labPipeline>>) {
  const crash = new Error("stopped after build");
  await expect(lab.anchor({ onStep: (event) => { if (event.step === "built") throw crash; } })).rejects.toBe(crash);
  return (await lab.store.getOpenBatch())!;
}

/** The run's error, with what varies between runs (root, transaction, times) named instead of spelled out. */
async function runError(run: Promise<unknown>, names: Record<string, string | bigint | number>) {
  const error = await run.then(() => null, (cause: unknown) => cause);
  expect(error).toBeInstanceOf(AnchorRunError);
  let text = `${(error as AnchorRunError).step}: ${(error as AnchorRunError).message}`;
  for (const [name, value] of Object.entries(names)) text = text.replaceAll(String(value), `<${name}>`);
  return text;
}

describe("anchors the anchorer did not send", () => {
  test("a stolen anchorer key's anchor of the batch's root is never adopted: the run stops naming key, tx and uri; once revoked back to it, the next run anchors over it", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await labPipeline(fixture);
    const [thiefWallet] = fixture.spares;
    await receiptOf(fixture.publicClient, await authorizeKeyWithConsent({ attest: fixture.attest, domain: fixture.domain, publisher: fixture.lab, key: walletKeyAccount(thiefWallet!), role: KeyRole.Anchorer }));
    const thief = thiefWallet!.account.address;
    const texts = answers(6, "s");
    const ids = await record(lab, fixture, texts);
    const batch = await buildOnly(lab);

    // the thief anchors the lab's root first, with a manifest of its own
    const stolen = await receiptOf(fixture.publicClient, await (await fixture.as(thiefWallet!)).write.anchor([batch.root, 6, "ipfs://stolen"]));
    const text = await runError(lab.anchor(), { root: batch.root, tx: stolen.receipt.transactionHash, at: stolen.timestamp });
    expect(text).toMatchInlineSnapshot(`
      "confirm: The root of batch 1 (<root>) is already anchored for publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 by anchorer key 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc, in transaction <tx> at block time <at>, with manifest URI "ipfs://stolen": a transaction this anchorer never sent. That key is still a valid anchorer at that time, so the contract refuses this batch's anchor, and adopting that one would give every bundle of the batch a manifest the lab did not publish.

      If that key is stolen or misused, revoke it as compromised since the anchor's time (or earlier): aiattest key revoke 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc --compromised-since <at>. That anchor is then void, and the next run anchors this batch over it.
      Nothing was lost: the next run resumes from the saved state."
    `);
    expect(await lab.store.getOpenBatch()).toMatchObject({ id: batch.id, status: "built" });
    expect((await getProofBundle({ store: lab.store, recordId: ids[0]! }))?.anchor).toBeNull();

    // the lab revokes the key back to that anchor: it is void, and the next run anchors the batch over it
    await receiptOf(fixture.publicClient, await (await fixture.as(fixture.lab)).write.revokeKey([thief, stolen.timestamp]));
    expect(await lab.anchor()).toMatchObject({ status: "done", anchored: 6, reopened: 0 });
    expect(await fixture.attest.read.getBatch([fixture.addr.lab, batch.root])).toMatchObject({ anchorer: fixture.addr.labAnchorer, count: 6 });
    const bundle = await getProofBundle({ store: lab.store, recordId: ids[0]! });
    expect(bundle?.anchor).toMatchObject({ anchorer: fixture.addr.labAnchorer, manifestUri: batch.manifestUri });
    expect(bundle?.anchor?.txHash).not.toBe(stolen.receipt.transactionHash);
    await expectBundlesVerify({ client: fixture.publicClient, store: lab.store, ids, texts });
  });

  test("a stolen copy of the anchorer's own key replacing its sent anchor (same nonce, another uri) is not adopted; revoked back to it, the publisher anchors the batch", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await labPipeline(fixture);
    const texts = answers(4, "c");
    const ids = await record(lab, fixture, texts);
    const copy = pipelineWallet(fixture, labAnchorerKey);

    // the thief sees the anchor in the mempool and replaces it: same nonce, higher fee, its own manifest
    const replace = async (): Promise<Hash> => {
      const sent = (await lab.store.getOpenBatch())!;
      while (!(await fixture.publicClient.getTransaction({ hash: sent.txHash! }).catch(() => null))) await new Promise((resolve) => setTimeout(resolve, 10));
      const hash = await copy.writeContract({ address: fixture.attest.address, abi: fixture.attest.abi, functionName: "anchor", args: [sent.root, 4, "ipfs://stolen"], nonce: sent.nonce!, gas: 200_000n, maxFeePerGas: 10n ** 12n, maxPriorityFeePerGas: 10n ** 11n });
      await fixture.testClient.mine({ blocks: 1 });
      return hash;
    };
    let replaced: Promise<Hash> | undefined;
    let error: Promise<string>;
    await fixture.testClient.setAutomine(false);
    try {
      error = runError(lab.anchor({ onStep: (event) => { if (event.step === "sent") replaced = replace(); } }), {});
      await error;
    } finally {
      await fixture.testClient.setAutomine(true);
    }
    const open = (await lab.store.getOpenBatch())!;
    const stolen = await receiptOf(fixture.publicClient, await replaced!);
    expect(stolen.events).toEqual([{ eventName: "BatchAnchored", args: { publisher: fixture.addr.lab, anchorer: fixture.addr.labAnchorer, root: open.root, count: 4, uri: "ipfs://stolen" } }]);
    expect((await error).replaceAll(open.root, "<root>").replaceAll(stolen.receipt.transactionHash, "<tx>").replaceAll(String(stolen.timestamp), "<at>")).toMatchInlineSnapshot(`
      "confirm: The root of batch 1 (<root>) is already anchored for publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 by anchorer key 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, in transaction <tx> at block time <at>, with manifest URI "ipfs://stolen": a transaction this anchorer never sent. That key is still a valid anchorer at that time, so the contract refuses this batch's anchor, and adopting that one would give every bundle of the batch a manifest the lab did not publish.

      If that key is stolen or misused, revoke it as compromised since the anchor's time (or earlier): aiattest key revoke 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --compromised-since <at>. That anchor is then void, and the next run anchors this batch over it.
      It is this run's own anchorer key: authorize a new anchorer key and point AIATTEST_ANCHORER_KEY at it before running again.
      Nothing was lost: the next run resumes from the saved state."
    `);

    // revoked back to the stolen anchor (the lab's own anchorer key: the publisher anchors from now on)
    await receiptOf(fixture.publicClient, await (await fixture.as(fixture.lab)).write.revokeKey([fixture.addr.labAnchorer, stolen.timestamp]));
    expect(await lab.anchor({ wallet: pipelineWallet(fixture, labPublisherKey) })).toMatchObject({ status: "done", anchored: 4 });
    expect(await fixture.attest.read.getBatch([fixture.addr.lab, open.root])).toMatchObject({ anchorer: fixture.addr.lab, count: 4 });
    await expectBundlesVerify({ client: fixture.publicClient, store: lab.store, ids, texts });
  });
});

describe("anchors voided by a later revocation", () => {
  test("a batch whose anchorer is revoked back to its anchor is re-anchored by the next run, and its bundles carry the new anchor; one revoked only after it is not", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await labPipeline(fixture);
    const texts = answers(5, "v");
    const ids = await record(lab, fixture, texts);
    expect(await lab.anchor()).toMatchObject({ status: "done", anchored: 5 });
    const anchored = (await lab.store.getBatch(1))!;
    const labAttest = await fixture.as(fixture.lab);
    const publisherWallet = pipelineWallet(fixture, labPublisherKey);

    // revoked one second after the anchor: the batch stays valid (the key is gone: the publisher anchors now)
    await receiptOf(fixture.publicClient, await labAttest.write.revokeKey([fixture.addr.labAnchorer, BigInt(anchored.anchoredAt! + 1)]));
    expect(await lab.anchor({ wallet: publisherWallet })).toMatchObject({ status: "done", anchored: 0, reopened: 0 });
    await expectBundlesVerify({ client: fixture.publicClient, store: lab.store, ids, texts });

    // revoked back to the anchor itself (the key was stolen before it): void, so the batch is anchored again
    await receiptOf(fixture.publicClient, await labAttest.write.revokeKey([fixture.addr.labAnchorer, BigInt(anchored.anchoredAt!)]));
    const steps: unknown[] = [];
    expect(await lab.anchor({ wallet: publisherWallet, onStep: (event) => steps.push(event) })).toMatchObject({ status: "done", anchored: 5, reopened: 1 });
    expect(steps[0]).toEqual({ step: "reopened", batchId: 1, reason: `its anchor is void: anchorer ${fixture.addr.labAnchorer} was revoked back to ${anchored.anchoredAt}, at or before the anchor (${anchored.anchoredAt})` });
    const bundle = await getProofBundle({ store: lab.store, recordId: ids[0]! });
    expect(bundle?.anchor).toMatchObject({ root: anchored.root, anchorer: fixture.addr.lab, manifestUri: anchored.manifestUri });
    expect(bundle?.anchor?.txHash).not.toBe(anchored.txHash);
    await expectBundlesVerify({ client: fixture.publicClient, store: lab.store, ids, texts });
    // the publisher's own anchor can never be voided
    expect(await lab.anchor({ wallet: publisherWallet })).toMatchObject({ status: "done", anchored: 0, reopened: 0 });
  });
});
