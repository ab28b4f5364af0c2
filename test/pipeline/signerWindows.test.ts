import { join } from "node:path";
import { expect, test } from "vitest";
import { countRevocationImpact } from "../../sdk/src/cli/revocation/countRevocationImpact.js";
import { describeRevocation } from "../../sdk/src/cli/revocation/describeRevocation.js";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import type { Store } from "../../sdk/src/store/Store.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { type AttestFixture, deployAttestFixture, signerKey } from "../helpers/deployAttestFixture.js";
import { localKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { KeyRole } from "../helpers/typedData.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "./labPipeline.js";

// Issue 10 §4 attack review: an anchor (a re-anchor after a revocation, or a transaction mined late) must never
// claim outputs whose signer's window does not cover its time; they are reported void, by id, and never re-anchored.

const latestTime = async (fixture: AttestFixture) => (await fixture.publicClient.getBlock({ blockTag: "latest" })).timestamp;

async function recordAll(recorder: Awaited<ReturnType<typeof createRecorder>>, fixture: AttestFixture, texts: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const response of texts) ids.push(Number((await recorder.record({ modelId: fixture.labModelId, response })).recordId));
  return ids;
}

async function verdictsOf(fixture: AttestFixture, store: Store, ids: number[], texts: string[]) {
  const verdicts = [];
  for (const [index, id] of ids.entries()) {
    const bundle = await getProofBundle({ store, recordId: id });
    const result = await verifyOutput({ bundle, response: texts[index]!, client: fixture.publicClient });
    verdicts.push(result.valid ? `valid ${result.status}` : result.reason);
  }
  return verdicts;
}

async function revoke(fixture: AttestFixture, key: `0x${string}`, effectiveAt: bigint) {
  await receiptOf(fixture.publicClient, await (await fixture.as(fixture.lab)).write.revokeKey([key, effectiveAt]));
}

test("a batch re-anchored after its anchorer's revocation leaves out the members whose signer's window has closed since: reported void by id, never anchored again", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { recorder, store, anchor, deployment, dir } = await labPipeline(fixture);
  const next = signerKey("lab signer, next");
  await receiptOf(fixture.publicClient, await authorizeKeyWithConsent({ attest: fixture.attest, domain: fixture.domain, publisher: fixture.lab, key: localKeyAccount(next), role: KeyRole.Signer }));
  const authorizedAt = Number(await latestTime(fixture));
  const nextRecorder = await createRecorder({ store, signer: next, deployment, client: fixture.publicClient, clock: () => authorizedAt });
  const oldTexts = ["old key 0", "old key 1", "old key 2"];
  const newTexts = ["next key 0", "next key 1"];
  const oldIds = await recordAll(recorder, fixture, oldTexts);
  const newIds = await recordAll(nextRecorder, fixture, newTexts);
  const first = await anchor();
  if (first.status !== "done") throw new Error("locked");
  const anchoredAt = BigInt(first.batches[0]!.anchoredAt!);
  expect(await verdictsOf(fixture, store, [...oldIds, ...newIds], [...oldTexts, ...newTexts])).toEqual(Array(5).fill("valid anchored"));

  // the old signer is rotated away (its window closes 100 s after the anchor), time passes, then the anchorer key
  // turns out to have leaked before that anchor: the batch's anchor is void
  await revoke(fixture, fixture.addr.labSigner, anchoredAt + 100n);
  await fixture.testClient.increaseTime({ seconds: 200 });
  await fixture.testClient.mine({ blocks: 1 });
  // what `key revoke --compromised-since` says before sending: of the 5 outputs whose anchor it voids, 3 can never be
  // anchored again (their signer's window has closed)
  const latest = await latestTime(fixture);
  const impact = await countRevocationImpact({
    db: join(dir, "lab.db"),
    client: fixture.publicClient,
    publisher: fixture.addr.lab,
    range: { earliest: latest, latest: latest + 120n },
    chainId: fixture.publicClient.chain.id,
    contract: fixture.attest.address,
    key: fixture.addr.labAnchorer,
    role: "anchorer",
    validUntil: anchoredAt,
  });
  expect(impact).toMatchObject({ isCounted: true, voidBatches: 1, voidOutputs: 5, voidForGood: 3 });
  const summary = describeRevocation({ mode: "compromised", role: "anchorer", key: fixture.addr.labAnchorer, publisher: fixture.addr.lab, validUntil: anchoredAt, chainTime: latest, maxAnchorDelay: 3600, successor: null, impact });
  expect(summary.slice(2)).toEqual([
    `In ${join(dir, "lab.db")}: 1 batch(es) it anchored, holding 5 output(s), become void.`,
    "  The next `aiattest anchor` run anchors 2 of them again with AIATTEST_ANCHORER_KEY (another anchorer key, or the publisher's), and their bundles then verify with the new anchor.",
    "  3 output(s) stay void for good: their signer's window has closed (or closes before a new anchor can be mined), so no new anchor can make them verify; the run reports them by id.",
  ]);
  await revoke(fixture, fixture.addr.labAnchorer, anchoredAt);

  const rerun = await anchor({ wallet: pipelineWallet(fixture, labPublisherKey) });
  expect(rerun).toMatchObject({ status: "done", reopened: 1, anchored: 2, voided: { count: 3, recordIds: oldIds } });
  if (rerun.status !== "done") throw new Error("locked");
  expect(rerun.batches.map((batch) => batch.root)).toEqual([first.batches[0]!.root]);
  // the new anchor serves the next key's outputs; the old key's are not shown as anchored by it
  expect(await verdictsOf(fixture, store, newIds, newTexts)).toEqual(["valid anchored", "valid anchored"]);
  for (const id of oldIds) expect(await store.getRecord(id)).toMatchObject({ batchId: null });
  expect(await verdictsOf(fixture, store, oldIds, oldTexts)).toEqual(["signer-revoked", "signer-revoked", "signer-revoked"]);

  // reported by every run, never batched again
  const again = await anchor({ wallet: pipelineWallet(fixture, labPublisherKey) });
  expect(again).toMatchObject({ status: "done", batches: [], anchored: 0, reopened: 0, voidSigned: 3, voidSignedIds: oldIds, voided: { count: 0 }, waiting: 0 });
});

test("an anchor mined after a member's signer window closed (a stuck transaction) takes those members out and reports them; the next run never re-anchors them", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { recorder, store, anchor } = await labPipeline(fixture);
  const texts = ["stuck 0", "stuck 1"];
  const ids = await recordAll(recorder, fixture, texts);
  const closesAt = (await latestTime(fixture)) + 30n;
  await revoke(fixture, fixture.addr.labSigner, closesAt);
  await fixture.testClient.setAutomine(false);
  try {
    // expected to be mined within 5 s: the window (30 s) covers that, so the batch is sent, then stuck
    await expect(anchor({ receiptTimeout: 300, signerMargin: 5 })).rejects.toBeInstanceOf(AnchorRunError);
    expect(await store.getOpenBatch()).toMatchObject({ status: "sent" });
    await fixture.testClient.increaseTime({ seconds: 60 });
    await fixture.testClient.mine({ blocks: 1 });
  } finally {
    await fixture.testClient.setAutomine(true);
  }
  const late = await anchor();
  expect(late).toMatchObject({ status: "done", anchored: 0, voided: { count: 2, recordIds: ids } });
  if (late.status !== "done") throw new Error("locked");
  expect(BigInt(late.batches[0]!.anchoredAt!)).toBeGreaterThan(closesAt);
  for (const id of ids) expect(await store.getRecord(id)).toMatchObject({ batchId: null });
  expect(await anchor()).toMatchObject({ status: "done", batches: [], voidSigned: 2, voidSignedIds: ids, voided: { count: 0 } });
});

test("records whose signer's window closes before an anchor sent now is sure to be mined are not batched: reported as closing, by id", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { recorder, store, anchor } = await labPipeline(fixture);
  const ids = await recordAll(recorder, fixture, ["closing 0", "closing 1"]);
  await revoke(fixture, fixture.addr.labSigner, (await latestTime(fixture)) + 60n);
  const run = await anchor({ signerMargin: 120 });
  expect(run).toMatchObject({ status: "done", batches: [], closing: 2, voidSigned: 0, voidSignedIds: ids, waiting: 0 });
  expect(await store.countPending()).toBe(2);
  // once the window has closed they are void for good, still never batched
  await fixture.testClient.increaseTime({ seconds: 120 });
  await fixture.testClient.mine({ blocks: 1 });
  expect(await anchor()).toMatchObject({ status: "done", batches: [], closing: 0, voidSigned: 2, voidSignedIds: ids });
});
