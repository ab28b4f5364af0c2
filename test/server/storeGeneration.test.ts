import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "../pipeline/labPipeline.js";

/** What `reopenBatch` writes, as another process running its own SQL would: batch 1 is no longer anchored. */
const reopenBatchOne =
  "UPDATE batches SET status = 'built', tx_hash = NULL, raw_tx = NULL, nonce = NULL, block_number = NULL, block_hash = NULL, anchored_at = NULL, anchorer = NULL, final = 0 WHERE id = 1";

/** A lab whose records 1, 2 and 3 sit in batch 1, anchored by the publisher itself and final: immutable bundles. */
async function finalLab() {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  for (const response of ["one", "two", "three"]) await lab.recorder.record({ modelId: fixture.labModelId, response });
  const wallet = pipelineWallet(fixture, labPublisherKey);
  const anchor = async () => {
    await lab.anchor({ wallet });
    await lab.anchor({ wallet }); // marks batch 1 final (Hardhat's finalized block is its head)
    expect(await lab.store.getBatch(1)).toMatchObject({ status: "anchored", final: true, anchorer: fixture.addr.lab });
  };
  await anchor();
  return { lab, anchor };
}

/** GET /v1/records/:id: its status, whether the bundle carries an anchor, its Cache-Control and ETag. */
async function get(app: ReturnType<typeof createProofServer>, id: number) {
  const response = await app.request(`/v1/records/${id}`);
  const bundle = (await response.json()) as { anchor: unknown };
  return { status: response.status, isAnchored: bundle.anchor !== null, cacheControl: response.headers.get("cache-control"), etag: response.headers.get("etag") };
}

test("a batch reopened by another connection, then by another process: the running server serves receipts at once, never the final bundles it kept (hit) nor the batch it read (miss)", async () => {
  const { lab, anchor } = await finalLab();
  // the server reads the file through its own connection, as `aiattest serve` beside the anchorer's process does
  const store = await openSqliteStore({ path: join(lab.dir, "lab.db") });
  const app = createProofServer({ store, manifestDir: join(lab.dir, "manifests") });
  const immutable = "public, max-age=31536000, immutable";
  const kept = await get(app, 1);
  expect(kept).toMatchObject({ status: 200, isAnchored: true, cacheControl: immutable });
  expect(await get(app, 1)).toEqual(kept); // served from memory

  // another connection (the anchorer's: a reorg took the anchor away)
  await lab.store.reopenBatch(1);
  const receipt = await get(app, 1);
  expect(receipt).toMatchObject({ status: 200, isAnchored: false, cacheControl: "no-cache" });
  expect(receipt.etag).not.toBe(kept.etag);
  expect(await get(app, 2)).toMatchObject({ isAnchored: false, cacheControl: "no-cache" });

  // anchored and final again: kept again, record 3 read once (its batch is kept for the generation it was read at)
  await anchor();
  expect(await get(app, 1)).toMatchObject({ isAnchored: true, cacheControl: immutable });
  expect(await get(app, 1)).toMatchObject({ isAnchored: true, cacheControl: immutable });
  expect(await get(app, 2)).toMatchObject({ isAnchored: true, cacheControl: immutable });

  // another process
  const write = `const { DatabaseSync } = require("node:sqlite"); new DatabaseSync(${JSON.stringify(join(lab.dir, "lab.db"))}, { timeout: 10000 }).exec(${JSON.stringify(reopenBatchOne)});`;
  expect(spawnSync(process.execPath, ["--no-warnings", "-e", write], { encoding: "utf8" })).toMatchObject({ status: 0, stderr: "" });
  expect(await get(app, 1)).toMatchObject({ isAnchored: false, cacheControl: "no-cache" });
  expect(await get(app, 3)).toMatchObject({ isAnchored: false, cacheControl: "no-cache" });
  await store.close();
  await lab.store.close();
}, 120_000);

test("a batch reopened through the server's own connection (its data_version does not move): the server serves the receipt at once", async () => {
  const { lab } = await finalLab();
  const app = createProofServer({ store: lab.store, manifestDir: join(lab.dir, "manifests") });
  expect(await get(app, 1)).toMatchObject({ isAnchored: true });
  expect(await get(app, 2)).toMatchObject({ isAnchored: true });
  expect(await get(app, 1)).toMatchObject({ isAnchored: true }); // kept
  await lab.store.reopenBatch(1);
  expect(await get(app, 1)).toMatchObject({ isAnchored: false, cacheControl: "no-cache" });
  expect(await get(app, 3)).toMatchObject({ isAnchored: false, cacheControl: "no-cache" });
  await lab.store.close();
}, 120_000);
