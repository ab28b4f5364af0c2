import { join } from "node:path";
import { expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import type { Store } from "../../sdk/src/store/Store.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "../pipeline/labPipeline.js";

/** A lab whose record 1 (`text`) sits in batch 1, anchored by the publisher itself and final: an immutable bundle. */
async function finalLab(fixture: Awaited<ReturnType<typeof deployAttestFixture>>, text: string) {
  const lab = await labPipeline(fixture);
  expect((await lab.recorder.record({ modelId: fixture.labModelId, response: text })).recordId).toBe("1");
  const wallet = pipelineWallet(fixture, labPublisherKey);
  await lab.anchor({ wallet });
  await lab.anchor({ wallet }); // marks batch 1 final (Hardhat's finalized block is its head)
  expect(await lab.store.getBatch(1)).toMatchObject({ status: "anchored", final: true, anchorer: fixture.addr.lab });
  return lab;
}

test("a store restored under a running server (record and batch ids reused for other outputs): the server serves the restored store's bundle, never the one it kept in memory", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const before = await finalLab(fixture, "before the restore");
  const restored = await finalLab(fixture, "in the backup");
  // the server's store, whose file is replaced by a backup while it runs
  const current = { store: before.store };
  const store = new Proxy({} as Store, {
    get: (_, name) => {
      const value = (current.store as unknown as Record<string | symbol, unknown>)[name];
      return typeof value === "function" ? value.bind(current.store) : value;
    },
  });
  const app = createProofServer({ store, manifestDir: join(before.dir, "manifests") });
  const first = await (await app.request("/v1/records/1")).text();
  expect(await (await app.request("/v1/records/1")).text()).toBe(first); // kept in memory
  expect(await verifyOutput({ bundle: first, response: "before the restore", client: fixture.publicClient })).toMatchObject({ valid: true });

  current.store = restored.store;
  const served = await (await app.request("/v1/records/1")).text();
  expect(served).not.toBe(first);
  expect(await verifyOutput({ bundle: served, response: "in the backup", client: fixture.publicClient })).toMatchObject({ valid: true, status: "anchored" });
  await before.store.close();
  await restored.store.close();
}, 120_000);
