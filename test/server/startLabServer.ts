import { join } from "node:path";
import { createProofServer, type CreateProofServerParameters } from "../../sdk/src/server/createProofServer.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "../pipeline/labPipeline.js";

/**
 * A lab on Hardhat's in-process chain with three kinds of record, and the real proof server listening on a free
 * port over its SQLite store: `final` (batch 1, anchored and final), `anchored` (batch 2, anchored, not final yet)
 * and `pending` (receipts). The publisher anchors them itself (an anchor no revocation can void), so a final
 * anchor's bundle is immutable.
 */
export async function startLabServer(options: Partial<CreateProofServerParameters> = {}) {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  const record = async (texts: string[]) =>
    (await Promise.all(texts.map((response) => lab.recorder.record({ modelId: fixture.labModelId, response })))).map((receipt) => Number(receipt.recordId));
  const texts = new Map<number, string>();
  const recordTexts = async (prefix: string, n: number) => {
    const batch = Array.from({ length: n }, (_, i) => `${prefix} ${i}: ${"é🚀".repeat(i % 3)}`);
    const ids = await record(batch);
    ids.forEach((id, i) => texts.set(id, batch[i]!));
    return ids;
  };
  const wallet = pipelineWallet(fixture, labPublisherKey);
  const final = await recordTexts("final", 5);
  await lab.anchor({ wallet });
  const anchored = await recordTexts("anchored", 3);
  // the second run marks batch 1 final (Hardhat's finalized block is its head), then anchors batch 2
  await lab.anchor({ wallet });
  const pending = await recordTexts("pending", 2);
  const manifestDir = join(lab.dir, "manifests");
  const app = createProofServer({ store: lab.store, manifestDir, ...options });
  const server = await startProofServer({ app, port: 0 });
  const stop = async () => {
    await server.close();
    await lab.store.close();
  };
  return { fixture, lab, texts, ids: { final, anchored, pending }, manifestDir, server, url: server.url, stop };
}
