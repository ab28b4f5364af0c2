import { join } from "node:path";
import { expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "../pipeline/labPipeline.js";

test("an anchorer key's final anchor is never immutable; once voided and re-anchored the running server serves the new bundle, new ETag, then immutable (the publisher's own)", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  const receipt = await lab.recorder.record({ modelId: fixture.labModelId, response: "hello" });
  const id = Number(receipt.recordId);
  await lab.anchor();
  await lab.anchor(); // marks batch 1 final (Hardhat's finalized block is its head)
  const batch = (await lab.store.getBatch(1))!;
  expect([batch.status, batch.final, batch.anchorer]).toEqual(["anchored", true, fixture.addr.labAnchorer]);
  const app = createProofServer({ store: lab.store, manifestDir: join(lab.dir, "manifests") });

  // final but made by an anchorer key: a revocation can still void it
  const first = await app.request(`/v1/records/${id}`);
  const firstBody = await first.text();
  expect(first.headers.get("cache-control")).toBe("public, max-age=60");
  const hit = await app.request(`/v1/records/${id}`); // served from memory, after re-reading the batch
  expect([await hit.text(), hit.headers.get("etag")]).toEqual([firstBody, first.headers.get("etag")]);
  const manifest = await app.request(`/v1/manifests/${batch.root}`);
  expect(manifest.headers.get("cache-control")).toBe("public, max-age=60");
  await manifest.arrayBuffer();

  // the publisher revokes the anchorer key back to the anchor: void; the run re-anchors the root as the publisher
  const labAttest = await fixture.as(fixture.lab);
  await receiptOf(fixture.publicClient, await labAttest.write.revokeKey([fixture.addr.labAnchorer, BigInt(batch.anchoredAt!)]));
  const wallet = pipelineWallet(fixture, labPublisherKey);
  await lab.anchor({ wallet });
  await lab.anchor({ wallet });
  const reanchored = (await lab.store.getBatch(1))!;
  expect(reanchored.txHash).not.toBe(batch.txHash);
  expect(reanchored.final).toBe(true);

  // the same running server: the new anchor's bytes, a new ETag, a stale If-None-Match no longer matches
  const second = await app.request(`/v1/records/${id}`, { headers: { "if-none-match": first.headers.get("etag")! } });
  expect(second.status).toBe(200);
  const secondBody = await second.text();
  expect(secondBody).not.toBe(firstBody);
  expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
  expect(JSON.parse(secondBody).anchor.txHash).toBe(reanchored.txHash);
  expect(second.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(await verifyOutput({ bundle: firstBody, response: "hello", client: fixture.publicClient })).toMatchObject({ valid: false });
  expect(await verifyOutput({ bundle: secondBody, response: "hello", client: fixture.publicClient })).toMatchObject({ valid: true, status: "anchored" });
  const again = await app.request(`/v1/records/${id}`);
  expect(await again.text()).toBe(secondBody);
  await lab.store.close();
}, 120_000);
