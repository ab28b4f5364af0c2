import { type Hash, bytesToHex, createPublicClient, custom, http, zeroHash } from "viem";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getBatch } from "../../sdk/src/actions/getBatch.js";
import { getModel } from "../../sdk/src/actions/getModel.js";
import { anchor as anchorCommand } from "../../sdk/src/cli/commands/anchor.js";
import { status } from "../../sdk/src/cli/commands/status.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { renderAnchor } from "../../sdk/src/cli/render/renderAnchor.js";
import { renderStatus } from "../../sdk/src/cli/render/renderStatus.js";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import type { AnchorStepEvent } from "../../sdk/src/pipeline/anchorer/AnchorContext.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import type { Store, StoreDeployment } from "../../sdk/src/store/Store.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import { formatUnixTime } from "../../sdk/src/time/formatUnixTime.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { type AttestFixture, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { freePort } from "../helpers/freePort.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { modelIdOf } from "../helpers/modelIdOf.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";
import { expectBundlesVerify } from "./helpers/expectBundlesVerify.js";
import { labAnchorerKey, labPipeline } from "./labPipeline.js";

// A model retired on chain while a recorder cannot read it: the recorder signs from the facts it cached (the model
// active), so outputs claimed at or after the retirement are recorded. They can never verify (`model-retired`): the
// anchorer must never anchor them, and must say so, by id.

let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const latestTime = async (fixture: AttestFixture) => (await fixture.publicClient.getBlock({ blockTag: "latest" })).timestamp;

/** Records `texts` for `modelId` with `recorder`, in order; their ids. */
async function recordAll(recorder: Awaited<ReturnType<typeof createRecorder>>, modelId: Hash, texts: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const response of texts) ids.push(Number((await recorder.record({ modelId, response })).recordId));
  return ids;
}

/** Each record's verdict on chain: "valid <status>", or the reason it fails. */
async function verdictsOf(fixture: AttestFixture, store: Store, ids: number[], texts: string[]) {
  const verdicts = [];
  for (const [index, id] of ids.entries()) {
    const result = await verifyOutput({ bundle: await getProofBundle({ store, recordId: id }), response: texts[index]!, client: fixture.publicClient });
    verdicts.push(result.valid ? `valid ${result.status}` : result.reason);
  }
  return verdicts;
}

/** Retires the lab's model on chain; its `retiredAt`. */
async function retire(fixture: AttestFixture): Promise<bigint> {
  await receiptOf(fixture.publicClient, await (await fixture.as(fixture.lab)).write.retireModel([fixture.labModelId]));
  return (await getModel(fixture.publicClient, { contract: fixture.attest.address, modelId: fixture.labModelId }))!.retiredAt;
}

/**
 * Records `texts` for `modelId`, claimed at `claimed`, by a recorder whose RPC is down (a closed port): it signs from
 * the facts its store cached. Their ids.
 */
async function recordOffline({ fixture, store, deployment, claimed, modelId, texts }: { fixture: AttestFixture; store: Store; deployment: StoreDeployment; claimed: bigint; modelId: Hash; texts: string[] }) {
  const client = createPublicClient({ chain: fixture.publicClient.chain, transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 }) });
  const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client, clock: () => Number(claimed) });
  try {
    return await recordAll(recorder, modelId, texts);
  } finally {
    recorder.close();
  }
}

describe.each(["sqlite", "postgres"] as const)("on %s", (kind) => {
  const pipelineOf = async (fixture: AttestFixture) => {
    if (kind === "sqlite") return labPipeline(fixture);
    const store = await openPostgresStore({ url: await server.createDatabase() });
    return labPipeline(fixture, { openStore: async () => store });
  };

  test("a model retired during an outage: the run batches only the records that can verify, reports those claimed since the retirement by id, and never anchors them", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment, dir, anchor } = await pipelineOf(fixture);
    // a second model, never retired
    const lab = await fixture.as(fixture.lab);
    await receiptOf(fixture.publicClient, await lab.write.registerModel(["beta", "1.0", zeroHash, "", zeroHash]));
    const beta = modelIdOf({ publisher: fixture.addr.lab, name: "beta", version: "1.0" });
    const start = Number(await latestTime(fixture));
    // while the chain answers: both models' facts are cached, active
    const online = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => start });
    const before = ["atlas before 0", "atlas before 1"];
    const betaBefore = ["beta before"];
    const beforeIds = await recordAll(online, fixture.labModelId, before);
    const betaBeforeIds = await recordAll(online, beta, betaBefore);
    online.close();
    expect(await store.getModelFacts(fixture.labModelId)).toMatchObject({ retiredAt: 0n });

    const retiredAt = await retire(fixture);
    await fixture.testClient.increaseTime({ seconds: 60 });
    await fixture.testClient.mine({ blocks: 1 });
    // the chain unreachable: recorders sign from the cached facts, the model still active there
    const offline = { fixture, store, deployment };
    const justBefore = ["atlas a second before its retirement"];
    const justBeforeIds = await recordOffline({ ...offline, claimed: retiredAt - 1n, modelId: fixture.labModelId, texts: justBefore });
    const voidTexts = ["atlas at its retirement", "atlas after 0", "atlas after 1"];
    const voidIds = [
      ...(await recordOffline({ ...offline, claimed: retiredAt, modelId: fixture.labModelId, texts: voidTexts.slice(0, 1) })),
      ...(await recordOffline({ ...offline, claimed: retiredAt + 20n, modelId: fixture.labModelId, texts: voidTexts.slice(1) })),
    ];
    const betaAfter = ["beta after"];
    const betaAfterIds = await recordOffline({ ...offline, claimed: retiredAt + 20n, modelId: beta, texts: betaAfter });
    expect(await store.countPending()).toBe(8);

    const steps: AnchorStepEvent[] = [];
    const run = await anchor({ onStep: (event) => steps.push(event) });
    expect(run).toMatchObject({ status: "done", anchored: 5, voidRetired: 3, voidRetiredIds: voidIds, voidSigned: 0, voided: { count: 0 }, waiting: 0 });
    expect(steps.filter((event) => event.step === "void-retired")).toEqual([{ step: "void-retired", modelId: fixture.labModelId, retiredAt: Number(retiredAt), count: 3, recordIds: voidIds }]);
    if (run.status !== "done") throw new Error("locked");
    expect(run.batches).toHaveLength(1);
    // the anchored tree holds exactly the five that can verify
    const root = run.batches[0]!.root;
    expect((await getBatch(fixture.publicClient, { contract: fixture.attest.address, publisher: fixture.addr.lab, root }))!.count).toBe(5);
    const validIds = [...beforeIds, ...betaBeforeIds, ...justBeforeIds, ...betaAfterIds];
    const validTexts = [...before, ...betaBefore, ...justBefore, ...betaAfter];
    const leaves = bytesToHex(await store.getBatchLeaves(run.batches[0]!.id));
    for (const id of voidIds) expect(leaves).not.toContain((await store.getRecord(id))!.leaf.slice(2));
    await expectBundlesVerify({ client: fixture.publicClient, store, ids: validIds, texts: validTexts });
    for (const id of voidIds) expect(await store.getRecord(id)).toMatchObject({ batchId: null });
    expect(await verdictsOf(fixture, store, voidIds, voidTexts)).toEqual(["model-retired", "model-retired", "model-retired"]);
    expect(renderAnchor(run)).toContain("3 pending record(s) void for good (model retired before they claim), not anchored");

    // reported by every run, never batched
    expect(await anchor()).toMatchObject({ status: "done", batches: [], anchored: 0, voidRetired: 3, voidRetiredIds: voidIds, waiting: 0 });
    expect(await store.countPending()).toBe(3);
    // by `aiattest anchor`, a warning per model (the exit code stays 0: void for good, reported by every run), and by
    // `aiattest status`, per model
    if (kind === "sqlite") {
      const db = join(dir, "lab.db");
      const transport = custom({ request: (args) => fixture.publicClient.request(args) });
      let stderr = "";
      const logger = createLogger({ stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
      const env = { AIATTEST_DB: db, AIATTEST_CONTRACT: fixture.attest.address, AIATTEST_ANCHORER_KEY: labAnchorerKey, AIATTEST_MANIFEST_DIR: join(dir, "manifests") };
      expect(await anchorCommand({}, { env, cwd: dir, transport, logger })).toMatchObject({ status: "done", voidRetired: 3, voided: { count: 0 }, closing: 0 });
      expect(stderr).toContain(
        `warning: 3 pending record(s) of model ${fixture.labModelId}, claimed at or after its retirement at ${formatUnixTime(retiredAt)} (signed from facts the recorder read before it: during a chain outage, or within its 60 s refresh), are void for good (verify: model-retired): not anchored, their receipts cannot be honoured; re-issue what matters with an active model. Record ids: ${voidIds.join(", ")}.`,
      );
      const shown = await status({}, { env: { AIATTEST_DB: db }, cwd: dir, transport });
      expect(shown.voidRetired).toEqual({ count: 3, recordIds: voidIds, models: [{ modelId: fixture.labModelId, count: 3, retiredAt }] });
      expect(renderStatus(shown)).toContain(`3 pending record(s) are void for good (their model was retired before the time they claim): never anchored. Record ids: ${voidIds.join(", ")}.`);
    }
  });

  test("a built batch holding outputs of a model retired since they were batched: they leave it before it is sent, reported by id, and the rest of it verifies", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment, anchor } = await pipelineOf(fixture);
    const start = Number(await latestTime(fixture));
    const online = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => start });
    const valid = ["batched, claimed first"];
    const validIds = await recordAll(online, fixture.labModelId, valid);
    online.close();
    // claimed 30 s later by a recorder that cannot read the chain; batched once the chain's time (the pending block's)
    // reaches them
    const claimed = BigInt(start + 30);
    const voidTexts = ["batched, claimed later 0", "batched, claimed later 1"];
    const voidIds = await recordOffline({ fixture, store, deployment, claimed, modelId: fixture.labModelId, texts: voidTexts });
    await fixture.testClient.setNextBlockTimestamp({ timestamp: claimed });
    // the run stops once the batch is built (a crash, or an RPC outage, before it is sent)
    await expect(
      anchor({
        onStep: (event) => {
          if (event.step === "built") throw new Error("stopped after building");
        },
      }),
    ).rejects.toThrow("stopped after building");
    expect(await store.getOpenBatch()).toMatchObject({ status: "built", count: 3 });
    // then the model is retired, in the next block, of the later outputs' claimed time: they are void
    const retiredAt = await retire(fixture);
    expect(retiredAt).toBe(claimed);

    const steps: AnchorStepEvent[] = [];
    const run = await anchor({ onStep: (event) => steps.push(event) });
    expect(run).toMatchObject({ status: "done", anchored: 1, voided: { count: 2, recordIds: voidIds } });
    const batchId = run.status === "done" ? run.batches[0]!.id : 0;
    expect(steps.filter((event) => event.step === "void-retired-members")).toEqual([{ step: "void-retired-members", batchId, modelId: fixture.labModelId, retiredAt: Number(retiredAt), recordIds: voidIds, anchoredAt: null }]);
    // taken out before sending: the first event naming the batch after that is its send
    expect(steps.findIndex((event) => event.step === "void-retired-members")).toBeLessThan(steps.findIndex((event) => event.step === "sent"));
    expect(renderAnchor(run)).toContain(`2 record(s) void with their batch's anchor (signer window closed, or model retired before they claim), taken out of it: ${voidIds.join(", ")}`);
    await expectBundlesVerify({ client: fixture.publicClient, store, ids: validIds, texts: valid });
    expect(await verdictsOf(fixture, store, voidIds, voidTexts)).toEqual(["model-retired", "model-retired"]);
    expect(await anchor()).toMatchObject({ status: "done", batches: [], voidRetired: 2, voidRetiredIds: voidIds, voided: { count: 0 } });
  });

  test("an anchor mined after a retirement of its members' model (a stuck transaction): those members leave the batch before it is marked anchored", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment, anchor } = await pipelineOf(fixture);
    const start = Number(await latestTime(fixture));
    const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => start });
    const valid = ["claimed before 0", "claimed before 1"];
    const validIds = await recordAll(recorder, fixture.labModelId, valid);
    recorder.close();
    // claimed at the time of the block that will hold both the anchor and the retirement
    const claimed = BigInt(start + 30);
    const voidTexts = ["claimed at the retirement"];
    const voidIds = await recordOffline({ fixture, store, deployment, claimed, modelId: fixture.labModelId, texts: voidTexts });
    await fixture.testClient.setNextBlockTimestamp({ timestamp: claimed });
    await fixture.testClient.setAutomine(false);
    try {
      await expect(anchor({ receiptTimeout: 300 })).rejects.toBeInstanceOf(AnchorRunError);
      expect(await store.getOpenBatch()).toMatchObject({ status: "sent", count: 3 });
      // the retirement is mined with the anchor still pending: both in one block
      await (await fixture.as(fixture.lab)).write.retireModel([fixture.labModelId]);
      await fixture.testClient.mine({ blocks: 1 });
    } finally {
      await fixture.testClient.setAutomine(true);
    }
    const retiredAt = (await getModel(fixture.publicClient, { contract: fixture.attest.address, modelId: fixture.labModelId }))!.retiredAt;
    expect(retiredAt).toBe(claimed);

    const steps: AnchorStepEvent[] = [];
    const late = await anchor({ onStep: (event) => steps.push(event) });
    if (late.status !== "done") throw new Error("locked");
    const anchoredAt = late.batches[0]!.anchoredAt!;
    expect(BigInt(anchoredAt)).toBe(claimed);
    expect(late).toMatchObject({ anchored: 2, voided: { count: voidIds.length, recordIds: voidIds } });
    expect(steps.filter((event) => event.step === "void-retired-members")).toMatchObject([{ recordIds: voidIds, anchoredAt }]);
    await expectBundlesVerify({ client: fixture.publicClient, store, ids: validIds, texts: valid });
    expect(await verdictsOf(fixture, store, voidIds, voidTexts)).toEqual(["model-retired"]);
    expect(await anchor()).toMatchObject({ status: "done", batches: [], voidRetired: 1, voidRetiredIds: voidIds });
  });
});
