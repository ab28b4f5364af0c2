import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 } from "viem";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import { InvalidArgumentError } from "../../sdk/src/errors/InvalidArgumentError.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "./labPipeline.js";

const answers = (n: number, tag = "") => Array.from({ length: n }, (_, i) => `answer ${tag}${i}: ${"é🚀".repeat(i % 5)}`);

async function verifyAll(fixture: Awaited<ReturnType<typeof deployAttestFixture>>, store: Parameters<typeof getProofBundle>[0]["store"], ids: number[], texts: string[]) {
  for (const [index, id] of ids.entries()) {
    const bundle = await getProofBundle({ store, recordId: id });
    const result = await verifyOutput({ bundle, response: texts[index]!, client: fixture.publicClient });
    expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
    expect(result.status).toBe("anchored");
  }
}

describe("recorder and anchorer", () => {
  test("concurrent records are durable receipts, anchored in one batch whose bundles all verify on chain", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const texts = answers(60);
    const receipts = await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })));
    expect(receipts.every((receipt) => receipt.anchor === null)).toBe(true);
    expect(await store.countPending()).toBe(60);
    const ids = receipts.map((receipt) => Number(receipt.recordId));
    expect(new Set(ids).size).toBe(60);

    const result = await anchor();
    expect(result).toMatchObject({ status: "done", anchored: 60, reopened: 0 });
    expect(await store.countPending()).toBe(0);
    await verifyAll(fixture, store, ids, texts);
    expect(await anchor()).toMatchObject({ status: "done", anchored: 0 });
  });

  test("concurrent records are group-committed: 200 receipts in a handful of transactions, each durable before it resolves", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store } = await labPipeline(fixture);
    const insertRecords = store.insertRecords.bind(store);
    const transactions: number[] = [];
    store.insertRecords = async (records) => {
      transactions.push(records.length);
      return insertRecords(records);
    };
    const receipts = await Promise.all(answers(200, "g").map((response) => recorder.record({ modelId: fixture.labModelId, response })));
    expect(transactions.reduce((a, b) => a + b, 0)).toBe(200);
    expect(transactions.length).toBeLessThan(20);
    for (const receipt of receipts) expect(await store.getRecord(Number(receipt.recordId))).toMatchObject({ signature: receipt.signature });
  });

  test("a model of another publisher, or an unknown one, is refused with a clear error and nothing is stored", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store } = await labPipeline(fixture);
    await expect(recorder.record({ modelId: fixture.rivalModelId, response: "x" })).rejects.toThrow(
      `Invalid modelId: expected a model registered by ${fixture.addr.lab}, received ${fixture.rivalModelId}.`,
    );
    await expect(recorder.record({ modelId: keccak256("0x01"), response: "x" })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await store.countPending()).toBe(0);
  });

  test("a recorder refuses to start with a key that is not the publisher's signer, and to sign with one revoked", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment } = await labPipeline(fixture);
    const clock = () => Number(fixture.setUpAt);
    await expect(createRecorder({ store, signer: fixture.rivalSigner, deployment, client: fixture.publicClient, clock })).rejects.toThrow(
      `Invalid signer key: expected a signer key of ${fixture.addr.lab}, received ${fixture.addr.rivalSigner} (a signer of ${fixture.addr.rival}).`,
    );
    await (await fixture.as(fixture.lab)).write.revokeKey([fixture.addr.labSigner, BigInt(fixture.setUpAt)]);
    // its facts are cached in the store (labPipeline started a recorder with it): it starts from them, and refuses
    // from the re-read that sees the revocation
    const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock });
    await recorder.refresh();
    await expect(recorder.record({ modelId: fixture.labModelId, response: "revoked" })).rejects.toThrow(
      `Invalid signer key: expected a key that is not revoked, received ${fixture.addr.labSigner}, revoked at ${fixture.setUpAt}.`,
    );
    recorder.close();
  });

  test("the manifest rebuilds the anchored root with @openzeppelin/merkle-tree and indexes every bundle's leaf", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const receipts = await Promise.all(answers(9).map((response) => recorder.record({ modelId: fixture.labModelId, response })));
    const result = await anchor();
    if (result.status !== "done") throw new Error("locked");
    const bundle = await getProofBundle({ store, recordId: Number(receipts[4]!.recordId) });
    const manifest = JSON.parse(await readFile(fileURLToPath(bundle!.anchor!.manifestUri), "utf8"));
    expect(manifest).toMatchObject({ format: "aiattest-batch-v1", chainId: 31337, publisher: fixture.addr.lab, root: result.batches[0]!.root });
    expect(SimpleMerkleTree.of(manifest.leaves).root).toBe(manifest.root);
    const leafOfBundle = manifest.leaves[bundle!.anchor!.leafIndex];
    expect(SimpleMerkleTree.of(manifest.leaves).getProof(leafOfBundle)).toEqual(bundle!.anchor!.proof);
  });

  test("a batch of one output has an empty proof, and its bundle verifies on chain", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const receipt = await recorder.record({ modelId: fixture.labModelId, response: "alone" });
    expect(await anchor()).toMatchObject({ status: "done", anchored: 1 });
    const bundle = await getProofBundle({ store, recordId: Number(receipt.recordId) });
    expect(bundle?.anchor).toMatchObject({ proof: [], leafIndex: 0 });
    await verifyAll(fixture, store, [Number(receipt.recordId)], ["alone"]);
  });

  test("a batch larger than maxBatchSize is anchored in several batches", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const texts = answers(25);
    const ids = [];
    for (const response of texts) ids.push(Number((await recorder.record({ modelId: fixture.labModelId, response })).recordId));
    const result = await anchor({ maxBatchSize: 10 });
    expect(result.status === "done" && result.batches.map((batch) => batch.count)).toEqual([10, 10, 5]);
    await verifyAll(fixture, store, ids, texts);
  });

  test("a reorg that removes the anchoring block makes the next run re-anchor the same root", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const texts = answers(7, "r");
    const ids = (await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })))).map((r) => Number(r.recordId));
    const snapshot = await fixture.testClient.snapshot();
    const first = await anchor();
    await fixture.testClient.revert({ id: snapshot });
    if (first.status !== "done") throw new Error("locked");
    expect(await fixture.attest.read.getBatch([fixture.addr.lab, first.batches[0]!.root])).toMatchObject({ anchoredAt: 0n });
    const second = await anchor();
    expect(second).toMatchObject({ status: "done", reopened: 1 });
    if (first.status !== "done" || second.status !== "done") throw new Error("locked");
    expect(second.batches[0]!.root).toBe(first.batches[0]!.root);
    await verifyAll(fixture, store, ids, texts);
  });

  test("a dropped transaction is detected and re-sent; the run that timed out lost nothing", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const texts = answers(5, "d");
    const ids = (await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })))).map((r) => Number(r.recordId));
    await fixture.testClient.setAutomine(false);
    try {
      await expect(anchor({ receiptTimeout: 300 })).rejects.toBeInstanceOf(AnchorRunError);
      const open = await store.getOpenBatch();
      expect(open).toMatchObject({ status: "sent" });
      await fixture.testClient.dropTransaction({ hash: open!.txHash! });
    } finally {
      await fixture.testClient.setAutomine(true);
    }
    expect(await anchor()).toMatchObject({ status: "done", anchored: 5 });
    await verifyAll(fixture, store, ids, texts);
  });
});
