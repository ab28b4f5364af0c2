import { type Hash, bytesToHex, concat, hexToBytes, keccak256, toHex, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { StoreError } from "../errors/StoreError.js";
import { createMerkleTree } from "../merkle/createMerkleTree.js";
import { getProof } from "../merkle/getProof.js";
import type { GetPendingLeavesParameters, NewRecord, Store } from "./Store.js";

/** The deployment the conformance records are signed for. */
export const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;

/** A batch of the records `ids` (`record(i)` stored as id i): their tree, and each one's leaf index in it. */
async function batchOf(ids: number[]) {
  const tree = await createMerkleTree(ids.map((i) => record(i).leaf));
  return { root: tree.root, manifestUri: "x", tree, members: ids.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! })) };
}

/** A second model of the conformance records: one that is retired in the tests of retirement. */
const retiree = keccak256(toHex("retired model"));

/** Per-model counts in the order the stores give them: by model id. */
const sortedByModel = <entry extends { modelId: string }>(entries: entry[]) => [...entries].sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));

/** Record `i` of the conformance suite: every field derived from `i`, so a store test can rebuild what it wrote. */
export function record(i: number): NewRecord {
  const leaf = keccak256(toHex(`leaf ${i}`));
  return {
    modelId: keccak256(toHex("model")),
    requestHash: i % 2 ? keccak256(toHex(`request ${i}`)) : zeroHash,
    responseHash: keccak256(toHex(`response ${i}`)),
    timestamp: 1_767_225_600n + BigInt(i),
    encoding: i % 3 ? "utf8" : "jcs",
    responseSalt: keccak256(toHex(`salt ${i}`)),
    requestSalt: i % 2 ? keccak256(toHex(`request salt ${i}`)) : null,
    signer: deployment.publisher,
    signature: `0x${"ab".repeat(64)}1b`,
    leaf,
  };
}

export type StoreConformanceParameters = {
  /** A new, empty store location (a file path, a database URL): one per test. */
  create: () => Promise<string>;
  /** Opens the store at `location`; opened twice, two handles on one store (as two processes would hold). */
  open: (location: string) => Promise<Store>;
};

/**
 * The behaviour every `Store` must have, run unchanged against each implementation (`SqliteStore.test.ts`,
 * `PostgresStore.test.ts`): what the pipeline relies on, with what each one only adds tested beside it.
 *
 * @example
 * describeStoreConformance("SqliteStore", { create: freshPath, open: (path) => openSqliteStore({ path }) })
 */
export function describeStoreConformance(name: string, { create, open }: StoreConformanceParameters): void {
  describe(`${name} (Store conformance)`, () => {
    test("is bound to one deployment and refuses another", async () => {
      const store = await open(await create());
      await store.bindDeployment(deployment);
      // the same deployment with addresses spelled in lower case
      await store.bindDeployment({ ...deployment, contract: deployment.contract.toLowerCase() as `0x${string}`, publisher: deployment.publisher.toLowerCase() as `0x${string}` });
      expect(await store.getDeployment()).toEqual(deployment);
      await expect(store.bindDeployment({ ...deployment, chainId: 1 })).rejects.toBeInstanceOf(StoreError);
      await store.close();
    });
    test("records round-trip every field, get increasing ids, and survive reopening", async () => {
      const location = await create();
      const store = await open(location);
      const records = Array.from({ length: 7 }, (_, i) => record(i));
      const ids = await store.insertRecords(records);
      expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
      await store.close();

      const reopened = await open(location);
      expect(await reopened.countPending()).toBe(7);
      for (const [index, id] of ids.entries()) {
        expect(await reopened.getRecord(id)).toMatchObject({ ...records[index], id, batchId: null, leafIndex: null, proof: null });
      }
      expect(await reopened.getRecord(99)).toBeNull();
      await reopened.close();
    });
    test("pending leaves come back byte for byte, in id order: zero bytes, bytes that are not UTF-8, many records", async () => {
      const store = await open(await create());
      // leaves a text function would mangle: all zeros, a NUL first, lone UTF-8 lead and continuation bytes, 0xff
      const awkward = ["00".repeat(32), `00${"ff".repeat(31)}`, `c0${"80".repeat(30)}00`, `${"ed".repeat(16)}${"a0".repeat(16)}`, "ff".repeat(32)].map((bytes) => `0x${bytes}` as const);
      const leaves = [...awkward, ...Array.from({ length: 2_000 }, (_, i) => keccak256(toHex(`many ${i}`)))];
      await store.insertRecords(leaves.map((leaf, i) => ({ ...record(i + 1), leaf })));
      const pending = await store.getPendingLeaves({ limit: 10_000, maxTimestamp: record(leaves.length).timestamp });
      expect(pending.ids).toEqual(leaves.map((_, i) => i + 1));
      expect(pending.leaves.length).toBe(leaves.length * 32);
      expect(Array.from({ length: leaves.length }, (_, i) => bytesToHex(pending.leaves.subarray(i * 32, i * 32 + 32)))).toEqual(leaves);
      await store.close();
    });
    test("a batch as large as the pending set but not the same records is refused, naming the record that is not pending", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(2), record(3)]);
      await expect(store.createBatch(await batchOf([1, 3, 99]))).rejects.toThrow("Record 99 is missing or already in a batch");
      // and one whose leaf is another's, with every record pending
      const swapped = await batchOf([1, 2, 3]);
      const members = swapped.members.map((member, i) => ({ ...member, leafIndex: swapped.members[(i + 1) % 3]!.leafIndex }));
      await expect(store.createBatch({ ...swapped, members })).rejects.toThrow("Record 1's leaf is not leaf");
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(3).timestamp })).ids).toEqual([1, 2, 3]);
      expect(await store.getOpenBatch()).toBeNull();
      await store.close();
    });
    test("a leaf that is not 32 bytes is refused at insert, and nothing of that insert is kept", async () => {
      const store = await open(await create());
      for (const leaf of [`0x${"ab".repeat(31)}`, `0x${"ab".repeat(33)}`] as const) {
        await expect(store.insertRecords([record(1), { ...record(2), leaf }])).rejects.toThrow("A record's leaf must be 32 bytes");
      }
      expect(await store.countPending()).toBe(0);
      await store.close();
    });
    test("a batch takes pending records atomically, once; a record cannot be batched twice", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(2), record(3)]);
      const { ids, leaves } = await store.getPendingLeaves({ limit: 2, maxTimestamp: record(3).timestamp });
      expect(ids).toEqual([1, 2]);
      expect(bytesToHex(leaves.subarray(32, 64))).toBe(record(2).leaf);
      const first = await batchOf([1, 2]);
      const batch = await store.createBatch({ ...first, manifestUri: "file:///m.json" });
      expect(batch).toMatchObject({ id: 1, status: "built", count: 2, txHash: null });
      expect(await store.countPending()).toBe(1);
      const leafIndex = first.tree.leafIndexOfInput[0]!;
      expect(await store.getRecord(1)).toMatchObject({ batchId: 1, leafIndex, proof: getProof(first.tree, { index: leafIndex }) });
      expect(bytesToHex(await store.getBatchLeaves(1))).toBe(`${record(2).leaf}${record(1).leaf.slice(2)}`);

      // only one open batch at a time
      await expect(store.createBatch(await batchOf([3]))).rejects.toThrow("Another batch is still open");
      await store.markBatchSent({ batchId: 1, txHash: keccak256("0x03"), rawTx: "0x1234", nonce: 5 });
      await store.markBatchAnchored({ batchId: 1, txHash: keccak256("0x03"), blockNumber: 9, blockHash: keccak256("0xb9"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      // a record already batched makes the whole new batch roll back
      await expect(store.createBatch(await batchOf([3, 1]))).rejects.toThrow("Record 1 is missing or already in a batch");
      // and so does a record that was never stored, and the same record twice
      await expect(store.createBatch(await batchOf([3, 99]))).rejects.toThrow("Record 99 is missing or already in a batch");
      await expect(store.createBatch(await batchOf([3, 3]))).rejects.toThrow("Record 3 is missing or already in a batch");
      expect(await store.getBatch(2)).toBeNull();
      expect(await store.getRecord(3)).toMatchObject({ batchId: null });
      await store.close();
    });
    test("counts a signer's records that are not anchored: pending, built or sent, but not anchored; any spelling of the address", async () => {
      const store = await open(await create());
      const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      await store.insertRecords([record(1), record(2), record(3), { ...record(4), signer: other }]);
      const { id } = await store.createBatch(await batchOf([1]));
      expect(await store.countUnanchored({ signer: deployment.publisher })).toBe(3);
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x02"), rawTx: "0xabcd", nonce: 0 });
      expect(await store.countUnanchored({ signer: deployment.publisher.toLowerCase() as typeof other })).toBe(3);
      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x02"), blockNumber: 1, blockHash: keccak256("0xb1"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      expect(await store.countUnanchored({ signer: deployment.publisher })).toBe(2);
      expect(await store.countUnanchored({ signer: other })).toBe(1);
      // what revoking the signer back to a time voids among anchored records: their batch anchored at or after it
      expect(await store.countAnchoredSince({ signer: deployment.publisher, since: 1_767_225_700n })).toBe(1);
      expect(await store.countAnchoredSince({ signer: deployment.publisher, since: 1_767_225_701n })).toBe(0);
      expect(await store.countAnchoredSince({ signer: other, since: 0n })).toBe(0);
      // in no batch, per signer: records 2 and 3 of the publisher's key, and the other's
      expect(await store.countPendingBySigner()).toEqual([
        { signer: other, count: 1 },
        { signer: deployment.publisher, count: 2 },
      ]);
      await store.close();
    });
    test("batch states move built → sent → anchored, back to built on reopen, and refuse other moves", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1)]);
      const { id } = await store.createBatch(await batchOf([1]));
      // a one-record batch: its proof is empty, not missing
      expect(await store.getRecord(1)).toMatchObject({ batchId: id, leafIndex: 0, proof: [] });
      await expect(store.reopenBatch(id)).rejects.toThrow("Batch 1 is built; expected sent or anchored.");
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x02"), rawTx: "0xabcd", nonce: 3 });
      expect(await store.getOpenBatch()).toMatchObject({ status: "sent", rawTx: "0xabcd", nonce: 3 });
      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x02"), blockNumber: 12, blockHash: keccak256("0xb12"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      expect(await store.getOpenBatch()).toBeNull();
      expect(await store.getUnfinalizedBatches()).toMatchObject([{ id, blockNumber: 12, blockHash: keccak256("0xb12"), final: false, rawTx: "0xabcd" }]);
      await expect(store.markBatchSent({ batchId: id, txHash: keccak256("0x02"), rawTx: "0x", nonce: 3 })).rejects.toThrow("Batch 1 is anchored; expected built or sent.");
      await store.reopenBatch(id);
      expect(await store.getOpenBatch()).toMatchObject({ status: "built", root: record(1).leaf, txHash: null, rawTx: null, nonce: null, blockNumber: null, blockHash: null });
      await store.close();
    });
    test("a reorged anchor goes back to sent with its signed transaction; a final one leaves the re-checks until a reopen", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1)]);
      const { id } = await store.createBatch(await batchOf([1]));
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x02"), rawTx: "0xabcd", nonce: 3 });
      await expect(store.reopenBatch(id, { keepTransaction: true })).rejects.toThrow("Batch 1 is sent; expected anchored.");
      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x02"), blockNumber: 12, blockHash: keccak256("0xb12"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      await store.reopenBatch(id, { keepTransaction: true });
      expect(await store.getOpenBatch()).toMatchObject({ status: "sent", txHash: keccak256("0x02"), rawTx: "0xabcd", nonce: 3, blockNumber: null, blockHash: null, anchoredAt: null });
      await expect(store.markBatchFinal(id)).rejects.toThrow("Batch 1 is sent; expected anchored.");

      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x02"), blockNumber: 13, blockHash: keccak256("0xb13"), anchoredAt: 1_767_225_701, anchorer: deployment.publisher });
      await store.markBatchFinal(id);
      expect(await store.getUnfinalizedBatches()).toEqual([]);
      expect(await store.getAnchoredBatches()).toMatchObject([{ id, final: true, blockHash: keccak256("0xb13") }]);
      // a revocation voids it: reopened, and no longer final once anchored again
      await store.reopenBatch(id);
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x03"), rawTx: "0xef", nonce: 4 });
      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x03"), blockNumber: 20, blockHash: keccak256("0xb20"), anchoredAt: 1_767_225_800, anchorer: deployment.publisher });
      expect(await store.getUnfinalizedBatches()).toMatchObject([{ id, final: false }]);
      await store.close();
    });
    test("marking a batch anchored detaches, in the same transaction, members claimed after its anchor's time", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(2), record(3)]);
      const three = await batchOf([1, 2, 3]);
      const { id } = await store.createBatch(three);
      // anchored in a block whose time is record 2's claimed time: record 3 was claimed a second later
      const anchored = { batchId: id, txHash: keccak256("0x02"), blockNumber: 7, blockHash: keccak256("0xb7"), anchoredAt: Number(record(2).timestamp), anchorer: deployment.publisher };
      expect(await store.markBatchAnchored(anchored)).toEqual({ detached: 1 });
      expect(await store.getRecord(2)).toMatchObject({ batchId: id, leafIndex: three.tree.leafIndexOfInput[1] });
      expect(await store.getRecord(3)).toMatchObject({ batchId: null, leafIndex: null, proof: null });
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(3).timestamp })).ids).toEqual([3]);
      expect(await store.markBatchAnchored(anchored)).toEqual({ detached: 0 });
      await store.close();
    });
    test("a batch's members are counted per signer as they join and leave it; a batch of some pending records leaves the rest pending", async () => {
      const store = await open(await create());
      const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      await store.insertRecords([record(1), { ...record(2), signer: other }, record(3), { ...record(4), signer: other }, record(5)]);
      // records 1-4 of five pending: record 5 stays pending
      const { id } = await store.createBatch(await batchOf([1, 2, 3, 4]));
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(5).timestamp })).ids).toEqual([5]);
      expect(await store.countBatchMembersBySigner(id)).toEqual([
        { signer: other, count: 2 },
        { signer: deployment.publisher, count: 2 },
      ]);
      expect(await store.countUnanchored({ signer: other })).toBe(2);
      // the other key's members leave: counted no more, pending again
      expect(await store.detachBatchMembers({ batchId: id, signers: [other.toLowerCase() as typeof other] })).toEqual([2, 4]);
      expect(await store.countBatchMembersBySigner(id)).toEqual([{ signer: deployment.publisher, count: 2 }]);
      expect(await store.countUnanchored({ signer: deployment.publisher })).toBe(3);
      // anchored at record 1's time: record 3, claimed later, leaves too; the counts follow
      const anchored = { batchId: id, txHash: keccak256("0x04"), blockNumber: 4, blockHash: keccak256("0xb4"), anchoredAt: Number(record(1).timestamp), anchorer: deployment.publisher };
      expect(await store.markBatchAnchored(anchored)).toEqual({ detached: 1 });
      expect(await store.countBatchMembersBySigner(id)).toEqual([{ signer: deployment.publisher, count: 1 }]);
      expect(await store.countAnchoredSince({ signer: deployment.publisher, since: 0n })).toBe(1);
      expect(await store.countAnchoredSince({ signer: other, since: 0n })).toBe(0);
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(5).timestamp })).ids).toEqual([2, 3, 4, 5]);
      await store.close();
    });
    test("pending records are counted per model; a retired model's records claimed at or after its retirement are left out of reads and counts, and listed by id", async () => {
      const store = await open(await create());
      const model = record(0).modelId;
      const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      // records 2, 4 and 6 are of the retiree, claimed at its time 2, 4 and 6; record 5 is signed by another key
      await store.insertRecords([record(1), { ...record(2), modelId: retiree }, record(3), { ...record(4), modelId: retiree }, { ...record(5), signer: other }, { ...record(6), modelId: retiree }]);
      expect(await store.countPendingByModel()).toEqual(sortedByModel([{ modelId: model, count: 3 }, { modelId: retiree, count: 3 }]));
      // retired at record 4's time: 4 and 6 can never verify, 2 (claimed before) still can
      const retired = { modelId: retiree, retiredAt: record(4).timestamp };
      expect(await store.countPendingRetired(retired)).toBe(2);
      expect(await store.countPendingRetired({ ...retired, retiredAt: record(6).timestamp + 1n })).toBe(0);
      expect(await store.countPendingRetired({ modelId: keccak256(toHex("no such model")), retiredAt: 1n })).toBe(0);
      expect(await store.listPendingRetiredIds({ models: [retired], limit: 10 })).toEqual([4, 6]);
      expect(await store.listPendingRetiredIds({ models: [retired], limit: 1 })).toEqual([4]);
      // two models at once, each from its own time; a model id in upper case is the same model
      const upper = `0x${retiree.slice(2).toUpperCase()}` as const;
      expect(await store.listPendingRetiredIds({ models: [{ modelId: model, retiredAt: record(3).timestamp }, { modelId: upper, retiredAt: record(6).timestamp }], limit: 10 })).toEqual([3, 5, 6]);
      const leaves = async (parameters: Partial<GetPendingLeavesParameters>) => {
        const read = await store.getPendingLeaves({ limit: 10, maxTimestamp: record(6).timestamp, ...parameters });
        expect(read.leaves).toEqual(hexToBytes(concat(read.ids.map((id) => record(id).leaf))));
        return read.ids;
      };
      expect(await leaves({})).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await leaves({ excludeModels: [retired] })).toEqual([1, 2, 3, 5]);
      expect(await leaves({ excludeModels: [{ ...retired, modelId: upper }], limit: 3 })).toEqual([1, 2, 3]);
      expect(await leaves({ excludeModels: [retired], excludeSigners: [other] })).toEqual([1, 2, 3]);
      expect(await leaves({ excludeModels: [retired, { modelId: model, retiredAt: record(2).timestamp }] })).toEqual([1, 2]);
      expect(await leaves({ excludeModels: [retired], maxTimestamp: record(4).timestamp })).toEqual([1, 2, 3]);
      expect(await store.countPending()).toBe(6);
      expect(await store.countPending({ excludeModels: [retired] })).toBe(4);
      expect(await store.countPending({ excludeModels: [retired], excludeSigners: [other] })).toBe(3);
      expect(await store.countPending({ excludeSigners: [other.toLowerCase() as typeof other] })).toBe(5);
      await store.close();
    });
    test("a batch's members are counted per model; those of a retired model claimed at or after its retirement leave it, in any status, and are pending again", async () => {
      const store = await open(await create());
      const model = record(0).modelId;
      await store.insertRecords([record(1), { ...record(2), modelId: retiree }, record(3), { ...record(4), modelId: retiree }, { ...record(5), modelId: retiree }]);
      const { id } = await store.createBatch(await batchOf([1, 2, 3, 4]));
      expect(await store.countBatchMembersByModel(id)).toEqual(sortedByModel([{ modelId: model, count: 2 }, { modelId: retiree, count: 2 }]));
      expect(await store.countPendingByModel()).toEqual([{ modelId: retiree, count: 1 }]);
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x02"), rawTx: "0xabcd", nonce: 0 });
      // retired after every member's claim: none leaves
      expect(await store.detachRetiredBatchMembers({ batchId: id, models: [{ modelId: retiree, retiredAt: record(5).timestamp }] })).toEqual([]);
      // retired at record 3's time: record 4 leaves, record 2 (claimed before) stays
      const retired = { modelId: retiree, retiredAt: record(3).timestamp };
      expect(await store.detachRetiredBatchMembers({ batchId: id, models: [retired] })).toEqual([4]);
      expect(await store.detachRetiredBatchMembers({ batchId: id, models: [retired] })).toEqual([]);
      expect(await store.getRecord(4)).toMatchObject({ batchId: null, leafIndex: null, proof: null });
      expect(await store.getRecord(2)).toMatchObject({ batchId: id });
      expect(await store.getOpenBatch()).toMatchObject({ id, status: "sent", count: 4 });
      expect(await store.countBatchMembersByModel(id)).toEqual(sortedByModel([{ modelId: model, count: 2 }, { modelId: retiree, count: 1 }]));
      expect(await store.countBatchMembersBySigner(id)).toEqual([{ signer: deployment.publisher, count: 3 }]);
      // pending again with its model: counted, listed and left out as any pending record of the retiree
      expect(await store.countPendingByModel()).toEqual([{ modelId: retiree, count: 2 }]);
      expect(await store.listPendingRetiredIds({ models: [retired], limit: 10 })).toEqual([4, 5]);
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(5).timestamp, excludeModels: [retired] })).ids).toEqual([]);
      // anchored at record 2's time: record 3, claimed later, leaves with its model too
      const anchored = { batchId: id, txHash: keccak256("0x02"), blockNumber: 3, blockHash: keccak256("0xb3"), anchoredAt: Number(record(2).timestamp), anchorer: deployment.publisher };
      expect(await store.markBatchAnchored(anchored)).toEqual({ detached: 1 });
      expect(await store.countBatchMembersByModel(id)).toEqual(sortedByModel([{ modelId: model, count: 1 }, { modelId: retiree, count: 1 }]));
      expect(await store.countPendingByModel()).toEqual(sortedByModel([{ modelId: model, count: 1 }, { modelId: retiree, count: 2 }]));
      // a member taken out by signer leaves its model's count too
      expect(await store.detachBatchMembers({ batchId: id, signers: [deployment.publisher] })).toEqual([1, 2]);
      expect(await store.countBatchMembersByModel(id)).toEqual([]);
      await store.close();
    });
    test("a batch built from a read that left a retired model's records out may still take them, checked against their pending rows", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), { ...record(2), modelId: retiree }, record(3), { ...record(4), modelId: retiree }]);
      const read = await store.getPendingLeaves({ limit: 10, maxTimestamp: record(4).timestamp, excludeModels: [{ modelId: retiree, retiredAt: record(1).timestamp }] });
      expect(read.ids).toEqual([1, 3]);
      // record 4 was not in that read: its leaf is checked all the same
      const batch = await batchOf([1, 3, 4]);
      const wrong = batch.members.map((member) => (member.recordId === 4 ? { ...member, leafIndex: batch.members[0]!.leafIndex } : member));
      await expect(store.createBatch({ ...batch, members: wrong })).rejects.toThrow("Record 4's leaf is not leaf");
      const { id } = await store.createBatch(batch);
      expect(await store.countBatchMembersByModel(id)).toEqual(sortedByModel([{ modelId: record(0).modelId, count: 2 }, { modelId: retiree, count: 1 }]));
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(4).timestamp })).ids).toEqual([2]);
      await store.close();
    });
    test("recent batches: the newest first, and every batch not anchored whatever its age", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(2), record(3)]);
      for (const [index, recordId] of [1, 2, 3].entries()) {
        const { id } = await store.createBatch(await batchOf([recordId]));
        await store.markBatchSent({ batchId: id, txHash: keccak256(toHex(`tx ${index}`)), rawTx: "0x01", nonce: index });
        await store.markBatchAnchored({ batchId: id, txHash: keccak256(toHex(`tx ${index}`)), blockNumber: index, blockHash: keccak256(toHex(`b ${index}`)), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      }
      // the oldest batch's anchor was reorged out: it is open again
      await store.reopenBatch(1, { keepTransaction: true });
      expect((await store.getRecentBatches(1)).map((batch) => [batch.id, batch.status])).toEqual([[3, "anchored"], [1, "sent"]]);
      await store.close();
    });
    test("pending records claimed after the chain's time are left for a later batch", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(5), record(2)]);
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(2).timestamp })).ids).toEqual([1, 3]);
      expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: record(1).timestamp - 1n })).ids).toEqual([]);
      expect((await store.getPendingLeaves({ limit: 1, maxTimestamp: record(5).timestamp })).ids).toEqual([1]);
      await store.close();
    });
    test("every transaction marked sent for a batch is kept, newest first, across reopens and re-signs", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1)]);
      const { id } = await store.createBatch(await batchOf([1]));
      expect(await store.getBatchTransactions(id)).toEqual([]);
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x0a"), rawTx: "0x01", nonce: 3 });
      // the same bytes re-broadcast, then a reorg, then a re-sign with a fresh nonce
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x0a"), rawTx: "0x01", nonce: 3 });
      await store.markBatchAnchored({ batchId: id, txHash: keccak256("0x0a"), blockNumber: 5, blockHash: keccak256("0xb5"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      await store.reopenBatch(id);
      await store.markBatchSent({ batchId: id, txHash: keccak256("0x0b"), rawTx: "0x02", nonce: 4 });
      expect(await store.getBatchTransactions(id)).toEqual([keccak256("0x0b"), keccak256("0x0a")]);
      expect(await store.getBatchTransactions(id + 1)).toEqual([]);
      await store.close();
    });

    test("models round-trip, and a model stored twice keeps its first name", async () => {
      const store = await open(await create());
      const modelId = keccak256(toHex("model"));
      expect(await store.getModel(modelId)).toBeNull();
      await store.putModel({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0" });
      await store.putModel({ modelId, publisher: deployment.publisher, name: "other", version: "2.0" });
      expect(await store.getModel(modelId)).toEqual({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0" });
      await store.close();
    });

    test("chain facts: a key's and a model's last read is kept with its time, narrowed by the next read (never widened by a late one), and survives reopening", async () => {
      const location = await create();
      const store = await open(location);
      const key = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      const modelId = keccak256(toHex("model"));
      expect(await store.getKeyFacts(key)).toBeNull();
      expect(await store.getModelFacts(modelId)).toBeNull();
      const facts = { key, publisher: deployment.publisher, role: "signer", validFrom: 1_767_225_600n, validUntil: 2n ** 40n - 1n, readAt: 1_767_225_601 } as const;
      await store.putKeyFacts(facts);
      await store.putKeyFacts({ ...facts, validUntil: 1_767_229_200n, readAt: 1_767_225_661 });
      // a model stored before its facts were kept has none until read again
      await store.putModel({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0" });
      expect(await store.getModelFacts(modelId)).toBeNull();
      await store.putModelFacts({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0", retiredAt: 0n, readAt: 1_767_225_601 });
      await store.putModelFacts({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0", retiredAt: 1_767_225_650n, readAt: 1_767_225_661 });
      const other = keccak256(toHex("other model"));
      await store.putModelFacts({ modelId: other, publisher: deployment.publisher, name: "other", version: "2", retiredAt: 0n, readAt: 1_767_225_602 });
      // a read answered late (another host's, a lagging replica's) does not undo a revocation or a retirement
      await store.putKeyFacts({ ...facts, readAt: 1_767_225_700 });
      await store.putModelFacts({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0", retiredAt: 0n, readAt: 1_767_225_700 });
      await store.close();

      const reopened = await open(location);
      expect(await reopened.getKeyFacts(key.toLowerCase() as typeof key)).toEqual({ ...facts, validUntil: 1_767_229_200n, readAt: 1_767_225_700 });
      expect(await reopened.getModelFacts(modelId)).toEqual({ modelId, publisher: deployment.publisher, name: "lab-model", version: "1.0", retiredAt: 1_767_225_650n, readAt: 1_767_225_700 });
      expect(await reopened.getModel(other)).toEqual({ modelId: other, publisher: deployment.publisher, name: "other", version: "2" });
      await reopened.close();
    });

    test("claimed records: a claim is stored with its record; a claim stored already (earlier, in the same call, or by another handle at once) inserts nothing", async () => {
      const location = await create();
      const store = await open(location);
      const other = await open(location);
      const claim = (tokenName: string, key: string, request: string) => ({ tokenName, key, requestHash: keccak256(toHex(request)) });
      expect(await store.insertClaimedRecords([{ record: record(1), claim: claim("ci", "k1", "a") }, { record: record(2) }, { record: record(3), claim: claim("ci", "k1", "b") }])).toEqual([
        { id: 1, isNew: true },
        { id: 2, isNew: true },
        { id: 1, isNew: false, requestHash: keccak256(toHex("a")) },
      ]);
      // one key per token: another token's k1 is its own
      const again = await store.insertClaimedRecords([{ record: record(4), claim: claim("ci", "k1", "c") }, { record: record(5), claim: claim("batch", "k1", "d") }]);
      expect(again).toMatchObject([{ id: 1, isNew: false, requestHash: keccak256(toHex("a")) }, { isNew: true }]);
      expect(await store.getClaimedRecord({ tokenName: "batch", key: "k1" })).toEqual({ id: again[1]!.id, requestHash: keccak256(toHex("d")) });
      expect(await store.getClaimedRecord({ tokenName: "batch", key: "k2" })).toBeNull();
      // two handles (two processes) with one claim at once: one record
      const racing = await Promise.all([store, other, store, other].map((handle, i) => handle.insertClaimedRecords([{ record: record(10 + i), claim: claim("ci", "race", "r") }])));
      expect(racing.flat().filter((outcome) => outcome.isNew)).toHaveLength(1);
      expect(new Set(racing.flat().map((outcome) => outcome.id)).size).toBe(1);
      expect(await store.countPending()).toBe(4);
      expect(await store.getRecord(racing.flat()[0]!.id)).toMatchObject({ id: racing.flat()[0]!.id });
      await other.close();
      await store.close();
    });

    test("ingestion tokens: created by name and hash, listed, revoked once; a name is never reused", async () => {
      const store = await open(await create());
      expect(await store.listTokens()).toEqual([]);
      await store.createToken({ name: "inference-eu", tokenHash: keccak256("0x01") });
      await store.createToken({ name: "batch", tokenHash: keccak256("0x02") });
      await expect(store.createToken({ name: "batch", tokenHash: keccak256("0x03") })).rejects.toThrow('A token named "batch" exists already');
      expect(await store.revokeToken("batch")).toBe(true);
      expect(await store.revokeToken("batch")).toBe(false);
      expect(await store.revokeToken("nobody")).toBe(false);
      await expect(store.createToken({ name: "batch", tokenHash: keccak256("0x03") })).rejects.toBeInstanceOf(StoreError);
      const tokens = await store.listTokens();
      expect(tokens).toMatchObject([
        { name: "batch", tokenHash: keccak256("0x02"), revokedAt: expect.any(Number) },
        { name: "inference-eu", tokenHash: keccak256("0x01"), revokedAt: null },
      ]);
      expect(tokens[0]!.createdAt).toBeGreaterThan(1_700_000_000);
      await store.close();
    });

    test("pages: batches after an id, the last anchored batch, record ids after an id (of one batch or all)", async () => {
      const store = await open(await create());
      await store.insertRecords([record(1), record(2), record(3), record(4)]);
      expect(await store.getLastAnchoredBatch()).toBeNull();
      const first = await store.createBatch(await batchOf([1, 3]));
      await store.markBatchAnchored({ batchId: first.id, txHash: keccak256("0x01"), blockNumber: 1, blockHash: keccak256("0xb1"), anchoredAt: 1_767_225_700, anchorer: deployment.publisher });
      const second = await store.createBatch(await batchOf([2]));
      expect((await store.listBatches({ afterId: 0, limit: 10 })).map((batch) => [batch.id, batch.status, batch.count])).toEqual([[first.id, "anchored", 2], [second.id, "built", 1]]);
      expect((await store.listBatches({ afterId: first.id, limit: 10 })).map((batch) => batch.id)).toEqual([second.id]);
      expect((await store.listBatches({ afterId: 0, limit: 1 })).map((batch) => batch.id)).toEqual([first.id]);
      expect(await store.getLastAnchoredBatch()).toMatchObject({ id: first.id, anchoredAt: 1_767_225_700, blockHash: keccak256("0xb1") });
      expect(await store.getBatchByRoot(first.root)).toMatchObject({ id: first.id });
      expect(await store.getBatchByRoot(keccak256("0x99"))).toBeNull();
      expect(await store.listRecordIds({ afterId: 0, limit: 10 })).toEqual([1, 2, 3, 4]);
      expect(await store.listRecordIds({ afterId: 1, limit: 2 })).toEqual([2, 3]);
      expect(await store.listRecordIds({ afterId: 0, limit: 10, batchId: first.id })).toEqual([1, 3]);
      expect(await store.listRecordIds({ afterId: 1, limit: 10, batchId: first.id })).toEqual([3]);
      await store.close();
    });

    test("a batch's stored tree serves every member's proof, and one whose root is not the batch's is refused", async () => {
      const store = await open(await create());
      const ids = await store.insertRecords(Array.from({ length: 37 }, (_, i) => record(i + 1)));
      const batch = await batchOf(ids);
      await expect(store.createBatch({ ...batch, root: keccak256("0x01") })).rejects.toThrow("refusing to keep it");
      await expect(store.createBatch({ ...batch, members: [{ recordId: 1, leafIndex: batch.members[1]!.leafIndex }] })).rejects.toThrow("Record 1's leaf is not leaf");
      const { id } = await store.createBatch(batch);
      for (const { recordId, leafIndex } of batch.members) expect(await store.getRecord(recordId)).toMatchObject({ batchId: id, leafIndex, proof: getProof(batch.tree, { index: leafIndex }) });
      await store.close();
    });

    test("the anchorer lock: one holder among handles on one store, taken again by its owner, freed by release or close", async () => {
      const location = await create();
      const store = await open(location);
      const other = await open(location);
      expect(await store.acquireLock({ name: "anchorer", owner: "a" })).toBe(true);
      expect(await store.acquireLock({ name: "anchorer", owner: "a" })).toBe(true);
      expect(await store.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
      expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
      // another name is another lock
      expect(await other.acquireLock({ name: "other", owner: "b" })).toBe(true);
      await store.releaseLock({ name: "anchorer", owner: "b" });
      expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
      await store.releaseLock({ name: "anchorer", owner: "a" });
      expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(true);
      await other.close();
      expect(await store.acquireLock({ name: "anchorer", owner: "c" })).toBe(true);
      expect(await store.acquireLock({ name: "other", owner: "c" })).toBe(true);
      await store.close();
    });

    test("lookup keys: registered secrets, keys stored with their record, candidates by tag in one call", async () => {
      const location = await create();
      const store = await open(location);
      const first = keccak256(toHex("fingerprint 1"));
      const second = keccak256(toHex("fingerprint 2"));
      const firstId = await store.registerLookupSecret(first);
      expect(await store.registerLookupSecret(first)).toBe(firstId);
      const secondId = await store.registerLookupSecret(second);
      expect(secondId).not.toBe(firstId);
      // record 1's exact key has the lowest tag, record 2's the highest; records 2 and 3 share a normalized tag (a collision)
      const mac = (tag: string, rest: string) => `0x${tag}${keccak256(toHex(rest)).slice(18)}` as const;
      const keyed = [
        { ...record(1), lookup: { secretId: firstId, exact: mac("8000000000000000", "e1"), normalized: mac("0000000000000001", "n1") } },
        { ...record(2), lookup: { secretId: firstId, exact: mac("7fffffffffffffff", "e2"), normalized: mac("ffffffffffffffff", "n2") } },
        { ...record(3), lookup: { secretId: secondId, exact: mac("1234567890abcdef", "e3"), normalized: mac("ffffffffffffffff", "n3") } },
      ];
      const ids = await store.insertRecords([record(0), ...keyed]);
      const [claimed] = await store.insertClaimedRecords([
        { record: { ...record(4), lookup: { secretId: secondId, exact: mac("0000000000000004", "e4"), normalized: mac("0000000000000005", "n4") } }, claim: { tokenName: "t", key: "k", requestHash: zeroHash } },
      ]);
      await store.close();

      const reopened = await open(location);
      expect(await reopened.listLookupSecrets()).toEqual([
        { id: firstId, fingerprint: first, createdAt: expect.any(Number), records: 2 },
        { id: secondId, fingerprint: second, createdAt: expect.any(Number), records: 2 },
      ]);
      expect(await reopened.countNotIndexed()).toBe(1);
      expect(await reopened.findLookupCandidates([], { perTag: 10 })).toEqual([]);
      // 8,000 tags at once, most of them matching nothing
      const misses = Array.from({ length: 8_000 }, (_, i) => BigInt(i) * 1_000_003n + 10n);
      const found = await reopened.findLookupCandidates([...misses, -(2n ** 63n), 2n ** 63n - 1n, -1n, 5n], { perTag: 10 });
      const byRecord = [...found].sort((a, b) => a.recordId - b.recordId || a.kind.localeCompare(b.kind));
      const facts = (i: number) => {
        const { modelId, timestamp, encoding, responseSalt, responseHash } = record(i);
        return { modelId, timestamp, encoding, responseSalt, responseHash };
      };
      expect(byRecord).toEqual([
        { tag: -(2n ** 63n), kind: "exact", mac: null, secretId: firstId, recordId: ids[1], ...facts(1) },
        { tag: 2n ** 63n - 1n, kind: "exact", mac: null, secretId: firstId, recordId: ids[2], ...facts(2) },
        { tag: -1n, kind: "normalized", mac: keyed[1]!.lookup.normalized, secretId: firstId, recordId: ids[2], ...facts(2) },
        { tag: -1n, kind: "normalized", mac: keyed[2]!.lookup.normalized, secretId: secondId, recordId: ids[3], ...facts(3) },
        { tag: 5n, kind: "normalized", mac: mac("0000000000000005", "n4"), secretId: secondId, recordId: claimed!.id, ...facts(4) },
      ]);
      expect(await reopened.findLookupCandidates(misses, { perTag: 10 })).toEqual([]);
      await reopened.close();
    });

    test("lookup keys: a tag held by many records returns its perTag lowest record ids per kind, not all of them", async () => {
      const store = await open(await create());
      const secretId = await store.registerLookupSecret(keccak256(toHex("fingerprint")));
      // 40 records of one text already normal (both rows under one tag); 10 of a variant whose normalized key is that
      // tag, and whose exact keys are their own; one other record
      const shared = keccak256(toHex("a refusal served many times"));
      const ids = await store.insertRecords([
        ...Array.from({ length: 40 }, (_, i) => ({ ...record(i + 1), lookup: { secretId, exact: shared, normalized: shared } })),
        ...Array.from({ length: 10 }, (_, i) => ({ ...record(i + 41), lookup: { secretId, exact: keccak256(toHex(`variant ${i}`)), normalized: shared } })),
        { ...record(51), lookup: { secretId, exact: keccak256(toHex("e51")), normalized: keccak256(toHex("n51")) } },
      ]);
      const tagOf = (mac: Hash) => BigInt.asIntN(64, BigInt(mac.slice(0, 18)));
      const sharedTag = tagOf(shared);
      const otherTag = tagOf(keccak256(toHex("e51")));
      for (const perTag of [1, 7, 10]) {
        const found = await store.findLookupCandidates([sharedTag, otherTag, sharedTag], { perTag });
        const idsOf = (kind: string) => found.filter((candidate) => candidate.tag === sharedTag && candidate.kind === kind).map((candidate) => candidate.recordId).sort((a, b) => a - b);
        expect(idsOf("exact")).toEqual(ids.slice(0, perTag));
        expect(idsOf("normalized")).toEqual(ids.slice(0, perTag));
        // the other tag is not crowded out
        expect(found.filter((candidate) => candidate.tag === otherTag).map((candidate) => candidate.recordId)).toEqual([ids[50]]);
      }
      // a variant's own exact row is found under its tag, however many normalized rows share another
      const variantTag = tagOf(keccak256(toHex("variant 9")));
      expect((await store.findLookupCandidates([variantTag], { perTag: 1 })).map((candidate) => [candidate.recordId, candidate.kind])).toEqual([[ids[49], "exact"]]);
      // a limit above the tag's rows returns them all: 40 exact, 50 normalized
      const all = await store.findLookupCandidates([sharedTag], { perTag: 100 });
      expect([all.filter((candidate) => candidate.kind === "exact").length, all.filter((candidate) => candidate.kind === "normalized").length]).toEqual([40, 50]);
      await store.close();
    });
  });
}
