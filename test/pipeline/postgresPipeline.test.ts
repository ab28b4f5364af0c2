import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import type { Store } from "../../sdk/src/store/Store.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { type AttestFixture, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "./labPipeline.js";

let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const answers = (n: number, tag = "") => Array.from({ length: n }, (_, i) => `answer ${tag}${i}: ${"é🚀".repeat(i % 5)}`);

/** Every record's bundle verifies on chain, and each record is in exactly one anchored batch. */
async function expectAllAnchoredOnce(fixture: AttestFixture, store: Store, records: { id: number; text: string }[]) {
  for (const { id, text } of records) {
    const bundle = await getProofBundle({ store, recordId: id });
    const result = await verifyOutput({ bundle, response: text, client: fixture.publicClient });
    expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
    expect(result.status).toBe("anchored");
  }
  const batches = await store.getAnchoredBatches();
  const members: number[] = [];
  for (const batch of batches) members.push(...(await store.listRecordIds({ afterId: 0, limit: 1_000_000, batchId: batch.id })));
  expect(members.sort((a, b) => a - b)).toEqual(records.map((record) => record.id).sort((a, b) => a - b));
}

describe("the pipeline on PostgreSQL", () => {
  test("concurrent records are durable receipts, anchored in batches whose bundles all verify on chain", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const url = await server.createDatabase();
    const { recorder, store, anchor } = await labPipeline(fixture, { openStore: () => openPostgresStore({ url }) });
    const texts = answers(45);
    const receipts = await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })));
    expect(await store.countPending()).toBe(45);
    const result = await anchor({ maxBatchSize: 20 });
    expect(result.status === "done" && result.batches.map((batch) => batch.count)).toEqual([20, 20, 5]);
    expect(await store.countPending()).toBe(0);
    await expectAllAnchoredOnce(fixture, store, receipts.map((receipt, index) => ({ id: Number(receipt.recordId), text: texts[index]! })));
    expect(await anchor()).toMatchObject({ status: "done", anchored: 0 });
    await store.close();
  });

  test("a reorg that removes the anchoring block makes the next run re-anchor the same root", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const url = await server.createDatabase();
    const { recorder, store, anchor } = await labPipeline(fixture, { openStore: () => openPostgresStore({ url }) });
    const texts = answers(7, "r");
    const ids = (await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })))).map((r) => Number(r.recordId));
    const snapshot = await fixture.testClient.snapshot();
    const first = await anchor();
    await fixture.testClient.revert({ id: snapshot });
    const second = await anchor();
    expect(second).toMatchObject({ status: "done", reopened: 1 });
    if (first.status !== "done" || second.status !== "done") throw new Error("locked");
    expect(second.batches[0]!.root).toBe(first.batches[0]!.root);
    await expectAllAnchoredOnce(fixture, store, ids.map((id, index) => ({ id, text: texts[index]! })));
    await store.close();
  });

  test("recorders on three connection pools write while two anchorers race: one anchors at a time, every record is anchored exactly once", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const url = await server.createDatabase();
    const { store, anchor, deployment } = await labPipeline(fixture, { openStore: () => openPostgresStore({ url }) });
    const others = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
    const recorders = await Promise.all(
      [store, ...others].map((writer) => createRecorder({ store: writer, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt) })),
    );
    // a second anchorer, as on another host: its own store handle, so its own lock session
    const rival = await openPostgresStore({ url });
    const anchorRival = () => anchor({ store: rival });
    const records: { id: number; text: string }[] = [];
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const texts = recorders.flatMap((_, index) => answers(8, `w${round}.${index}.`));
      const writes = Promise.all(texts.map((text, index) => recorders[index % recorders.length]!.record({ modelId: fixture.labModelId, response: text })));
      // anchor runs start while the writes are still committing
      const runs = await Promise.all([anchor({ maxBatchSize: 10 }), anchorRival()]);
      outcomes.push(...runs.map((run) => run.status));
      (await writes).forEach((receipt, index) => records.push({ id: Number(receipt.recordId), text: texts[index]! }));
    }
    expect(outcomes).toContain("locked");
    // whatever a run did not take is taken by the last one
    expect(await anchor()).toMatchObject({ status: "done" });
    expect(await store.countPending()).toBe(0);
    await expectAllAnchoredOnce(fixture, store, records);
    for (const handle of [...others, rival, store]) await handle.close();
  });
});

