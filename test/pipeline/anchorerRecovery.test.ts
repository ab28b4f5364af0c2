// The anchorer's recovery paths, as its attack review found them: a chain-time estimate that ran ahead of the block
// that took the anchor, a one-block reorg at the same height, and restores from a backup gone wrong.
import { cp, copyFile, mkdtemp, readFile, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type Hex, createPublicClient, createWalletClient, custom, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getLogs } from "viem/actions";
import { describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import type { AnchorStepEvent } from "../../sdk/src/pipeline/anchorer/AnchorContext.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { Store } from "../../sdk/src/store/Store.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { type AttestFixture, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labAnchorerKey, labPipeline } from "./labPipeline.js";

async function expectVerifies(fixture: AttestFixture, store: Store, recordId: number, response: string) {
  const result = await verifyOutput({ bundle: await getProofBundle({ store, recordId }), response, client: fixture.publicClient });
  expect(result.checks.filter((check) => check.outcome === "fail"), `record ${recordId}`).toEqual([]);
  expect(result.status).toBe("anchored");
}

async function anchorEvents(fixture: AttestFixture) {
  return parseEventLogs({ abi: aiAttestAbi, logs: await getLogs(fixture.publicClient, { address: fixture.attest.address, fromBlock: 0n }), eventName: "BatchAnchored" });
}

describe("the chain's time", () => {
  test("an estimate that ran ahead of the block taking the anchor: the late record leaves the batch, the rest of the run waits, a later run anchors it", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment, recorder, anchor } = await labPipeline(fixture);
    // an RPC whose pending block says 12 s later than the block that will take the anchor (a wall clock ahead of
    // the slot, or a skewed RPC), and a recorder 8 s ahead: within its 60 s bound
    const ahead = createPublicClient({
      chain: fixture.publicClient.chain,
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          const answer = await fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0]);
          const [tag] = (args.params ?? []) as unknown[];
          if (args.method === "eth_getBlockByNumber" && tag === "pending" && answer) return { ...(answer as object), timestamp: `0x${(BigInt((answer as { timestamp: Hex }).timestamp) + 12n).toString(16)}` };
          return answer;
        },
      }),
    });
    const chainNow = Number((await fixture.publicClient.getBlock({ blockTag: "pending" })).timestamp);
    const early = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => chainNow + 8 });
    const late = await early.record({ modelId: fixture.labModelId, response: "claimed 8 s ahead" });
    const onTime = await recorder.record({ modelId: fixture.labModelId, response: "claimed in step" });

    const steps: AnchorStepEvent[] = [];
    const first = await anchor({ client: ahead, onStep: (step) => steps.push(step) });
    expect(first).toMatchObject({ status: "done", anchored: 2, waiting: 1 });
    const anchoredAt = first.status === "done" ? first.batches[0]!.anchoredAt! : 0;
    expect(anchoredAt).toBeLessThan(chainNow + 8);
    expect(steps).toContainEqual({ step: "detached", batchId: 1, count: 1, anchoredAt });
    expect(await store.getRecord(Number(late.recordId))).toMatchObject({ batchId: null, leafIndex: null, proof: null });
    await expectVerifies(fixture, store, Number(onTime.recordId), "claimed in step");

    await fixture.testClient.increaseTime({ seconds: 20 });
    await fixture.testClient.mine({ blocks: 1 });
    expect(await anchor({ client: ahead })).toMatchObject({ status: "done", anchored: 1, waiting: 0 });
    await expectVerifies(fixture, store, Number(late.recordId), "claimed 8 s ahead");
  });

  test("records that would make an earlier batch's root again wait for others to join them", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { dir, store, recorder, anchor } = await labPipeline(fixture);
    const receipt = await recorder.record({ modelId: fixture.labModelId, response: "alone" });
    expect(await anchor()).toMatchObject({ status: "done", anchored: 1 });
    // the record leaves its batch, as a late one does: alone it would make that batch's root again, which is taken
    const db = new DatabaseSync(join(dir, "lab.db"));
    db.prepare("INSERT INTO pending_records (record_id, timestamp, signer, model_id, leaf) SELECT id, timestamp, signer, model_id, leaf FROM records WHERE id = ?").run(Number(receipt.recordId));
    db.prepare("DELETE FROM batch_members WHERE record_id = ?").run(Number(receipt.recordId));
    db.close();
    expect(await anchor()).toMatchObject({ status: "done", anchored: 0, waiting: 1 });
    const other = await recorder.record({ modelId: fixture.labModelId, response: "company" });
    expect(await anchor()).toMatchObject({ status: "done", anchored: 2, waiting: 0 });
    await expectVerifies(fixture, store, Number(receipt.recordId), "alone");
    await expectVerifies(fixture, store, Number(other.recordId), "company");
  });

});

describe("fees", () => {
  test("a chain without EIP-1559 (no base fee in its blocks): legacy gas price, under the cap; above it, the run waits", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, recorder, anchor } = await labPipeline(fixture);
    const legacy = custom({
      request: async (args: { method: string; params?: unknown }) => {
        if (args.method === "eth_maxPriorityFeePerGas") throw Object.assign(new Error("the method eth_maxPriorityFeePerGas does not exist"), { code: -32601 });
        const result = (await fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0])) as Record<string, unknown> | null;
        if (args.method.startsWith("eth_getBlockBy") && result) delete result.baseFeePerGas;
        return result;
      },
    });
    const client = createPublicClient({ chain: fixture.publicClient.chain, transport: legacy });
    const wallet = createWalletClient({ account: privateKeyToAccount(labAnchorerKey), chain: fixture.publicClient.chain, transport: legacy });
    const receipt = await recorder.record({ modelId: fixture.labModelId, response: "on a legacy chain" });
    expect(await anchor({ client, wallet, maxFeePerGas: 1n })).toMatchObject({ status: "done", anchored: 0, feeCapped: { cap: 1n } });
    const result = await anchor({ client, wallet });
    expect(result).toMatchObject({ status: "done", anchored: 1, feeCapped: null });
    const txHash = result.status === "done" ? result.batches[0]!.txHash! : "0x";
    expect((await fixture.publicClient.getTransaction({ hash: txHash })).type).toBe("legacy");
    await expectVerifies(fixture, store, Number(receipt.recordId), "on a legacy chain");
  });
});

describe("reorgs", () => {
  test("re-mined at the same height, 12 s later (a one-block reorg): reopened, anchoredAt updated, bundles verify", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { recorder, store, anchor } = await labPipeline(fixture);
    const texts = ["same height 1", "same height 2"];
    const ids = (await Promise.all(texts.map((response) => recorder.record({ modelId: fixture.labModelId, response })))).map((receipt) => Number(receipt.recordId));
    const snapshot = await fixture.testClient.snapshot();
    const first = await anchor();
    const { rawTx, blockNumber, anchoredAt } = (await store.getBatch(first.status === "done" ? first.batches[0]!.id : 0))!;
    await fixture.testClient.revert({ id: snapshot });
    await fixture.testClient.setNextBlockTimestamp({ timestamp: BigInt(anchoredAt!) + 12n });
    await fixture.publicClient.request({ method: "eth_sendRawTransaction", params: [rawTx!] });
    expect(Number((await fixture.publicClient.getBlock()).number)).toBe(blockNumber);

    expect(await anchor()).toMatchObject({ status: "done", reopened: 1 });
    expect(await store.getBatch(1)).toMatchObject({ blockNumber, anchoredAt: anchoredAt! + 12 });
    for (const [index, id] of ids.entries()) await expectVerifies(fixture, store, id, texts[index]!);
  });
});

describe("restores from a backup", () => {
  /** A lab that records three outputs, backs up, records two more; then `afterBackup` runs before the restore. */
  async function restoredLab(afterBackup: (lab: Awaited<ReturnType<typeof labPipeline>>, fixture: AttestFixture) => Promise<void> = async (lab) => void (await lab.anchor())) {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await labPipeline(fixture);
    const path = join(lab.dir, "lab.db");
    const record = (texts: string[]) => Promise.all(texts.map((response) => lab.recorder.record({ modelId: fixture.labModelId, response })));
    const kept = await record(["kept 1", "kept 2", "kept 3"]);
    const db = new DatabaseSync(path);
    db.exec(`VACUUM INTO '${join(lab.dir, "backup.db")}'`);
    db.close();
    await record(["after backup 1", "after backup 2"]);
    await afterBackup(lab, fixture);
    const root = (await lab.store.getBatch(1))?.root;
    await lab.store.close();
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${path}${suffix}`, { force: true });
    await copyFile(join(lab.dir, "backup.db"), path);
    const store = await openSqliteStore({ path });
    const steps: AnchorStepEvent[] = [];
    const anchor = (dir = join(lab.dir, "manifests")) =>
      runAnchorer({ store, client: fixture.publicClient, wallet: lab.wallet, manifest: { dir }, pollingInterval: 50, receiptTimeout: 2_000, onStep: (step) => steps.push(step) });
    return { fixture, lab, store, root: root!, kept, steps, anchor };
  }

  test("with the post-backup anchor still in flight: the run waits for it instead of anchoring the outputs twice, then adopts it", async () => {
    const { fixture, store, root, kept, steps, anchor } = await restoredLab(async (lab, fixture) => {
      // the anchor of all five is sent; the chain is slow to mine it (automine off stands in for a congested chain)
      await fixture.testClient.setAutomine(false);
      await expect(lab.anchor({ receiptTimeout: 300 })).rejects.toBeInstanceOf(AnchorRunError);
    });
    const error = await anchor().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnchorRunError);
    expect((error as AnchorRunError).shortMessage).toMatch(/holds 1 batch manifest\(s\) this store does not know, and a transaction of the anchorer 0x[0-9a-fA-F]{40} is still pending/);
    expect(await store.getOpenBatch()).toBeNull();

    await fixture.testClient.setAutomine(true);
    await fixture.testClient.mine({ blocks: 1 });
    expect(await anchor()).toMatchObject({ status: "done", anchored: 3, batches: [{ root }] });
    expect(steps).toContainEqual({ step: "missing", root, count: 2 });
    expect(steps.filter((step) => step.step === "adopted")).toHaveLength(1);
    expect((await anchorEvents(fixture)).map((event) => event.args.root)).toEqual([root]);
    for (const [index, receipt] of kept.entries()) await expectVerifies(fixture, store, Number(receipt.recordId), `kept ${index + 1}`);
    await store.close();
  });

  test("with the manifest folder at another path: the run stops before claiming anything, saying which setting to restore", async () => {
    const { lab, store, root, anchor } = await restoredLab();
    const moved = join(lab.dir, "mnt", "manifests");
    await cp(join(lab.dir, "manifests"), moved, { recursive: true });
    const error = await anchor(moved).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnchorRunError);
    expect((error as AnchorRunError).shortMessage).toContain(`The manifest ${join(moved, `${root}.json`)} is anchored with the URI "file://${join(lab.dir, "manifests", `${root}.json`)}"`);
    expect((error as AnchorRunError).metaMessages?.join("\n")).toContain("Set AIATTEST_MANIFEST_DIR and AIATTEST_MANIFEST_BASE_URL as they were");
    expect((error as AnchorRunError).metaMessages?.join("\n")).not.toContain("revoke");
    expect(await store.getOpenBatch()).toBeNull();
    expect(await store.countPending()).toBe(3);
    // back at its old path, the run adopts the anchor
    expect(await anchor()).toMatchObject({ status: "done", anchored: 3, batches: [{ root }] });
    await store.close();
  });

  test("with a truncated manifest: the run stops naming the file", async () => {
    const { lab, store, root, anchor } = await restoredLab();
    await truncate(join(lab.dir, "manifests", `${root}.json`), 100);
    const error = await anchor().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnchorRunError);
    expect((error as AnchorRunError).shortMessage).toContain(`The manifest ${join(lab.dir, "manifests", `${root}.json`)}, whose root is anchored but unknown to this store, cannot be read`);
    await store.close();
  });
});

describe("a crash while a batch's manifest is written", () => {
  // buildBatch persists the batch while its manifest is still being written: a crash between the two leaves a built
  // batch whose manifest file never reached the disk (here: deleted after a run stopped right after building)
  async function builtWithoutManifest(fixture: AttestFixture) {
    const lab = await labPipeline(fixture);
    const responses = ["one", "two", "three"];
    const receipts = [];
    for (const response of responses) receipts.push(await lab.recorder.record({ modelId: fixture.labModelId, response }));
    const stopped = new Error("stopped after building");
    await expect(lab.anchor({ onStep: (step) => { if (step.step === "built") throw stopped; } })).rejects.toBe(stopped);
    const batch = (await lab.store.getOpenBatch())!;
    const path = join(lab.dir, "manifests", `${batch.root}.json`);
    const written = await readFile(path);
    await rm(path);
    return { ...lab, batch, path, written, responses, receipts };
  }

  test("the next run writes it again, the same bytes, before sending; the anchor names it and every bundle verifies", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, anchor, batch, path, written, responses, receipts } = await builtWithoutManifest(fixture);
    const steps: AnchorStepEvent[] = [];
    expect(await anchor({ onStep: (step) => steps.push(step) })).toMatchObject({ status: "done", anchored: 3 });
    expect(steps.findIndex((step) => step.step === "manifest-rewritten")).toBeLessThan(steps.findIndex((step) => step.step === "sent"));
    expect(steps).toContainEqual({ step: "manifest-rewritten", batchId: batch.id, root: batch.root, path });
    expect((await readFile(path)).equals(written)).toBe(true);
    expect((await anchorEvents(fixture)).map((event) => event.args.uri)).toEqual([batch.manifestUri]);
    for (const [index, receipt] of receipts.entries()) await expectVerifies(fixture, store, Number(receipt.recordId), responses[index]!);
  });

  test("run with another manifest folder: written again where the batch's file:// URI points, which the anchor names", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { anchor, batch, path, written } = await builtWithoutManifest(fixture);
    // another AIATTEST_MANIFEST_DIR (or a relative one from another working directory)
    const moved = join(await mkdtemp(join(tmpdir(), "aiattest-moved-")), "manifests");
    const steps: AnchorStepEvent[] = [];
    expect(await anchor({ manifest: { dir: moved }, onStep: (step) => steps.push(step) })).toMatchObject({ status: "done", anchored: 3 });
    expect(steps).toContainEqual({ step: "manifest-rewritten", batchId: batch.id, root: batch.root, path });
    expect((await readFile(path)).equals(written)).toBe(true);
    expect((await anchorEvents(fixture)).map((event) => event.args.uri)).toEqual([batch.manifestUri]);
  });

  test("an http manifest URI that this run's settings no longer give: nothing is sent, and the error names the settings", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await labPipeline(fixture);
    const manifest = { dir: join(lab.dir, "manifests"), baseUrl: "https://lab.example/batches" };
    await lab.recorder.record({ modelId: fixture.labModelId, response: "one" });
    const stopped = new Error("stopped after building");
    await expect(lab.anchor({ manifest, onStep: (step) => { if (step.step === "built") throw stopped; } })).rejects.toBe(stopped);
    const batch = (await lab.store.getOpenBatch())!;
    await rm(join(manifest.dir, `${batch.root}.json`));
    const error = await lab.anchor({ manifest: { ...manifest, baseUrl: "https://cdn.example/other" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnchorRunError);
    expect((error as AnchorRunError).message).toContain("the manifest settings now give another URI than the batch's https://lab.example/batches/");
    expect((error as AnchorRunError).message).toContain("AIATTEST_MANIFEST_BASE_URL");
    expect(await anchorEvents(fixture)).toEqual([]);
    // with the settings it was built with, it is written again and sent
    expect(await lab.anchor({ manifest })).toMatchObject({ status: "done", anchored: 1 });
    expect((await anchorEvents(fixture)).map((event) => event.args.uri)).toEqual([batch.manifestUri]);
  });

  test("when the store's leaves no longer make the batch's root, nothing is sent and the error says to restore the file", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { dir, anchor, batch, path } = await builtWithoutManifest(fixture);
    const db = new DatabaseSync(join(dir, "lab.db"));
    db.prepare("DELETE FROM batch_members WHERE record_id = 1").run();
    db.close();
    const error = await anchor().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnchorRunError);
    expect((error as AnchorRunError).message).toContain(`Batch ${batch.id}'s manifest ${path} is missing`);
    expect((error as AnchorRunError).message).toContain("Restore the manifest file");
    expect(await anchorEvents(fixture)).toEqual([]);
  });
});
