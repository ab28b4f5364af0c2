// A model retired on chain while a recorder's chain answers: the recorder re-reads models every refresh interval
// (60 s), so for up to that long after a retirement it still signs from its last read (documented: stop recording a
// model before retiring it). Those receipts can never verify (`model-retired`): the anchor run leaves them out and
// reports them by id, as it does for outputs signed during an outage, and anchors the rest.
import { expect, test } from "vitest";
import { getModel } from "../../sdk/src/actions/getModel.js";
import type { AnchorStepEvent } from "../../sdk/src/pipeline/anchorer/AnchorContext.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { labPipeline } from "./labPipeline.js";

test("outputs signed within a refresh interval after a retirement (chain up) are left out and reported by id; those before it are anchored and verify", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { store, deployment, anchor } = await labPipeline(fixture);
  const start = Number((await fixture.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  let now = start;
  const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => now });
  try {
    const before = await recorder.record({ modelId: fixture.labModelId, response: "before the retirement" });
    await receiptOf(fixture.publicClient, await (await fixture.as(fixture.lab)).write.retireModel([fixture.labModelId]));
    const { retiredAt } = (await getModel(fixture.publicClient, { contract: fixture.attest.address, modelId: fixture.labModelId }))!;
    now = Number(retiredAt) + 5;
    expect(now - start).toBeLessThan(60);
    // within the refresh interval: signed from the facts of the last read (the model active)
    const after = await recorder.record({ modelId: fixture.labModelId, response: "after the retirement" });
    const afterId = Number(after.recordId);
    expect(await verifyOutput({ bundle: after, response: "after the retirement", client: fixture.publicClient })).toMatchObject({ valid: false, reason: "model-retired" });

    const steps: AnchorStepEvent[] = [];
    await fixture.testClient.mine({ blocks: 1 });
    const result = await anchor({ onStep: (event) => steps.push(event) });
    expect(result).toMatchObject({ anchored: 1, voidRetired: 1, voidRetiredIds: [afterId] });
    expect(steps.filter((event) => event.step === "void-retired")).toEqual([
      expect.objectContaining({ step: "void-retired", modelId: fixture.labModelId, retiredAt: Number(retiredAt), count: 1, recordIds: [afterId] }),
    ]);
    // never anchored, still pending; the output claimed before the retirement is anchored and verifies
    expect((await store.getRecord(afterId))?.batchId).toBeNull();
    const anchored = (await getProofBundle({ store, recordId: Number(before.recordId) }))!;
    expect(await verifyOutput({ bundle: anchored, response: "before the retirement", client: fixture.publicClient })).toMatchObject({ valid: true, status: "anchored" });
  } finally {
    recorder.close();
  }
});
