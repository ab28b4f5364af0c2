import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type Hash, bytesToHex, concat, hexToBytes, keccak256, toHex, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { toProofBundle } from "../../bundle/toProofBundle.js";
import { createMerkleTree } from "../../merkle/createMerkleTree.js";
import { getAllProofs } from "../../merkle/getAllProofs.js";
import { getProof } from "../../merkle/getProof.js";
import { verifyProof } from "../../merkle/verifyProof.js";
import { getProofBundle } from "../../pipeline/getProofBundle.js";
import { openSqliteStore } from "../openSqliteStore.js";
import type { NewRecord } from "../Store.js";
import { sqliteMigrations } from "./sqliteMigrations.js";
import { treeChunkNodes } from "../treeChunkNodes.js";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;
const model = { modelId: keccak256(toHex("model")), publisher: deployment.publisher, name: "atlas", version: "1.0" };

async function freshPath() {
  return join(await mkdtemp(join(tmpdir(), "aiattest-trees-")), "lab.db");
}

function record(i: number): NewRecord {
  return {
    modelId: model.modelId,
    requestHash: zeroHash,
    responseHash: keccak256(toHex(`response ${i}`)),
    timestamp: 1_767_225_600n + BigInt(i),
    encoding: "utf8",
    responseSalt: keccak256(toHex(`salt ${i}`)),
    requestSalt: null,
    signer: deployment.publisher,
    signature: `0x${"ab".repeat(64)}1b`,
    leaf: keccak256(toHex(`leaf ${i}`)),
  };
}

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, i) => from + i);

/** A batch of the records `ids` (`record(i)` stored as id i): their tree, and each one's leaf index in it. */
async function batchOf(members: number[]) {
  const tree = await createMerkleTree(members.map((i) => record(i).leaf));
  return { root: tree.root, manifestUri: "x", tree, members: members.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! })) };
}

/** A store file as schema version `version` wrote it, bound to the deployment (and holding the model), left open to fill. */
function storeWrittenByVersion(path: string, version: number, { withModel = true }: { withModel?: boolean } = {}): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version (version) VALUES (${version});`);
  for (const migration of sqliteMigrations.slice(0, version)) db.exec(migration);
  db.prepare("INSERT INTO meta (key, value) VALUES ('deployment', ?)").run(JSON.stringify(deployment));
  if (withModel) db.prepare("INSERT INTO models (model_id, publisher, name, version) VALUES (?, ?, ?, ?)").run(hexToBytes(model.modelId), model.publisher, model.name, model.version);
  return db;
}

const anchored = (batchId: number, anchoredAt = 1_767_300_000) => ({ batchId, txHash: keccak256(toHex(`tx ${batchId}`)), blockNumber: 9, blockHash: keccak256(toHex(`block ${batchId}`)), anchoredAt, anchorer: deployment.publisher });

describe("batch trees", () => {
  test("every member's proof is derived from the tree kept once, across its chunks, and verifies against the root", async () => {
    const path = await freshPath();
    const store = await openSqliteStore({ path });
    // 3,001 leaves: 6,001 nodes in 6 chunks, proofs 11 or 12 nodes long reaching into every chunk
    const count = 3_001;
    await store.insertRecords(ids(count).map(record));
    const batch = await batchOf(ids(count));
    const { id } = await store.createBatch(batch);
    expect(Math.ceil((2 * count - 1) / treeChunkNodes)).toBe(6);
    for (let recordId = 1; recordId <= count; recordId++) {
      const stored = await store.getRecord(recordId);
      const leafIndex = batch.tree.leafIndexOfInput[recordId - 1]!;
      expect(stored).toMatchObject({ batchId: id, leafIndex });
      expect(stored!.proof).toEqual(getProof(batch.tree, { index: leafIndex }));
      expect(verifyProof({ root: batch.root, leaf: stored!.leaf, proof: stored!.proof! })).toBe(true);
    }
    // no proof rows: the tree's nodes, once, are all a batch keeps
    const db = new DatabaseSync(path);
    expect(db.prepare("SELECT count(*) AS n FROM records WHERE proof IS NOT NULL").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT sum(length(nodes)) AS bytes FROM batch_tree_chunks WHERE batch_id = ?").get(id)).toEqual({ bytes: (2 * count - 1) * 32 });
    db.close();
    await store.close();
  });

  test("a member leaving at the anchor leaves the tree as it is: the others' proofs still verify, its own is gone", async () => {
    const store = await openSqliteStore({ path: await freshPath() });
    await store.insertRecords(ids(5).map(record));
    const batch = await batchOf(ids(5));
    const { id } = await store.createBatch(batch);
    // anchored at record 3's claimed time: records 4 and 5 leave
    expect(await store.markBatchAnchored(anchored(id, Number(record(3).timestamp)))).toEqual({ detached: 2 });
    for (const recordId of [1, 2, 3]) {
      const stored = (await store.getRecord(recordId))!;
      expect(verifyProof({ root: batch.root, leaf: stored.leaf, proof: stored.proof! })).toBe(true);
    }
    expect(await store.getRecord(4)).toMatchObject({ batchId: null, leafIndex: null, proof: null });
    // they join a later batch with a tree of their own
    const later = await batchOf([4, 5]);
    const { id: laterId } = await store.createBatch(later);
    expect((await store.getRecord(5))!.proof).toEqual(getProof(later.tree, { index: later.tree.leafIndexOfInput[1]! }));
    expect(await store.getBatch(laterId)).toMatchObject({ count: 2, root: later.root });
    await store.close();
  });

  test("a restored batch keeps the manifest's whole tree: members holding only some of its leaves get proofs in it", async () => {
    const store = await openSqliteStore({ path: await freshPath() });
    // the store holds records 1, 3 and 5 (stored as ids 1, 2, 3) of a manifest of leaves 1..6
    await store.insertRecords([1, 3, 5].map(record));
    const tree = await createMerkleTree(ids(6).map((i) => record(i).leaf));
    // members given in leaf order (not id order), as a restore finds them
    const members = [1, 3, 5]
      .map((i, index) => ({ recordId: index + 1, leafIndex: tree.leafIndexOfInput[i - 1]! }))
      .sort((a, b) => a.leafIndex - b.leafIndex);
    const { id } = await store.createBatch({ root: tree.root, manifestUri: "x", tree, members });
    expect(await store.getBatch(id)).toMatchObject({ count: 3 });
    for (const { recordId, leafIndex } of members) expect((await store.getRecord(recordId))!.proof).toEqual(getProof(tree, { index: leafIndex }));
    await store.close();
  });

  test("refuses a tree that is not the batch's, a member whose leaf is not the tree's at its index, and an index outside it; keeps nothing", async () => {
    const path = await freshPath();
    const store = await openSqliteStore({ path });
    await store.insertRecords(ids(3).map(record));
    const batch = await batchOf(ids(3));
    await expect(store.createBatch({ ...batch, root: keccak256("0x01") })).rejects.toThrow(`The tree given for batch root ${keccak256("0x01")} has the root ${batch.root}`);
    await expect(store.createBatch({ ...batch, tree: { nodes: batch.tree.nodes.subarray(32), leafCount: 3 } })).rejects.toThrow("A batch's tree of 3 leaves has 128 bytes of nodes, not 160");
    const swapped = batch.members.map((member, i) => ({ ...member, leafIndex: batch.members[(i + 1) % 3]!.leafIndex }));
    await expect(store.createBatch({ ...batch, members: swapped })).rejects.toThrow("Record 1's leaf is not leaf");
    await expect(store.createBatch({ ...batch, members: [{ recordId: 1, leafIndex: 3 }] })).rejects.toThrow("Record 1's leaf index 3 is outside the batch's tree of 3 leaves.");
    expect(await store.getOpenBatch()).toBeNull();
    expect(await store.countPending()).toBe(3);
    const db = new DatabaseSync(path);
    expect(db.prepare("SELECT count(*) AS n FROM batch_tree_chunks").get()).toEqual({ n: 0 });
    db.close();
    await store.close();
  });
});

describe("migration to version 5", () => {
  test("a version 4 store keeps its batches' proof rows and serves the same bundles byte for byte; new batches keep trees", async () => {
    const path = await freshPath();
    // a store written by version 4: one batch of three records, anchored, with a proof row per member, and a
    // one-record batch (its empty proof stored as NULL)
    const db = storeWrittenByVersion(path, 4);
    const tree = await createMerkleTree(ids(3).map((i) => record(i).leaf));
    const { offsets, nodeIndices } = getAllProofs(tree);
    const proofBytes = (leafIndex: number) => {
      const nodes = Array.from(nodeIndices.subarray(offsets[leafIndex]!, offsets[leafIndex + 1]!), (node) => bytesToHex(tree.nodes.subarray(node * 32, node * 32 + 32)));
      return hexToBytes(concat(nodes));
    };
    const insertBatch = db.prepare(
      "INSERT INTO batches (root, count, status, manifest_uri, tx_hash, raw_tx, nonce, block_number, block_hash, anchored_at, anchorer, created_at, updated_at) VALUES (?, ?, 'anchored', ?, ?, X'01', 0, 9, ?, ?, ?, 0, 0)",
    );
    insertBatch.run(hexToBytes(tree.root), 3, "file:///m/a.json", hexToBytes(keccak256("0xa1")), hexToBytes(keccak256("0xb1")), 1_767_300_000, deployment.publisher);
    insertBatch.run(hexToBytes(record(4).leaf), 1, "file:///m/b.json", hexToBytes(keccak256("0xa2")), hexToBytes(keccak256("0xb2")), 1_767_300_000, deployment.publisher);
    const insertRecord = db.prepare(
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, batch_id, leaf_index, proof, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0)`,
    );
    for (const i of ids(4)) {
      const r = record(i);
      const [batchId, leafIndex] = i <= 3 ? [1, tree.leafIndexOfInput[i - 1]!] : [2, 0];
      const proof = i <= 3 ? proofBytes(leafIndex) : null;
      insertRecord.run(hexToBytes(r.modelId), hexToBytes(r.requestHash), hexToBytes(r.responseHash), r.timestamp, r.encoding, hexToBytes(r.responseSalt), r.signer, hexToBytes(r.signature), hexToBytes(r.leaf), batchId, leafIndex, proof);
    }
    db.close();

    const store = await openSqliteStore({ path });
    const batches = [(await store.getBatch(1))!, (await store.getBatch(2))!];
    for (const i of ids(4)) {
      const [batch, leafIndex, proof]: [(typeof batches)[number], number, Hash[]] = i <= 3 ? [batches[0]!, tree.leafIndexOfInput[i - 1]!, getProof(tree, { index: tree.leafIndexOfInput[i - 1]! })] : [batches[1]!, 0, []];
      const expected = toProofBundle({ deployment, model, record: { ...record(i), id: i, leafIndex, proof }, batch });
      expect(serializeBundle((await getProofBundle({ store, recordId: i }))!)).toBe(serializeBundle(expected));
    }
    // a member of an old batch leaving it still works (its proof row goes with it), and new batches keep trees
    await store.reopenBatch(1);
    expect(await store.markBatchAnchored(anchored(1, Number(record(2).timestamp)))).toEqual({ detached: 1 });
    expect(await store.getRecord(3)).toMatchObject({ batchId: null, proof: null });
    await store.insertRecords([record(5)]);
    const next = await batchOf([3, 5]);
    await store.createBatch(next);
    expect((await store.getRecord(5))!.proof).toEqual(getProof(next.tree, { index: next.tree.leafIndexOfInput[1]! }));
    expect((await store.getRecord(1))!.proof).toEqual(getProof(tree, { index: tree.leafIndexOfInput[0]! }));
    await store.close();
  });
});

describe("migration to version 8 (membership in narrow tables)", () => {
  test("a version 7 store keeps its members, proofs and pending records; anchoring and detaching go on from there", async () => {
    const path = await freshPath();
    // a store written by version 7: records 1-5 in an anchored batch whose tree is kept, records 6-8 pending
    const db = storeWrittenByVersion(path, 7);
    const { tree } = await batchOf(ids(5));
    db.prepare(
      "INSERT INTO batches (root, count, status, manifest_uri, tx_hash, raw_tx, nonce, block_number, block_hash, anchored_at, anchorer, tree_leaves, created_at, updated_at) VALUES (?, 5, 'anchored', 'x', ?, X'01', 0, 9, ?, 1767300000, ?, 5, 0, 0)",
    ).run(hexToBytes(tree.root), hexToBytes(keccak256("0xa1")), hexToBytes(keccak256("0xb1")), deployment.publisher);
    db.prepare("INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) VALUES (1, 0, ?)").run(tree.nodes);
    const insertRecord = db.prepare(
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, batch_id, leaf_index, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 0)`,
    );
    for (const i of ids(8)) {
      const r = record(i);
      const [batchId, leafIndex] = i <= 5 ? [1, tree.leafIndexOfInput[i - 1]!] : [null, null];
      insertRecord.run(hexToBytes(r.modelId), hexToBytes(r.requestHash), hexToBytes(r.responseHash), r.timestamp, r.encoding, hexToBytes(r.responseSalt), r.signer, hexToBytes(r.signature), hexToBytes(r.leaf), batchId, leafIndex);
    }
    db.close();

    const store = await openSqliteStore({ path });
    for (const i of ids(5)) expect(await store.getRecord(i)).toMatchObject({ batchId: 1, leafIndex: tree.leafIndexOfInput[i - 1]!, proof: getProof(tree, { index: tree.leafIndexOfInput[i - 1]! }) });
    expect(await store.countPending()).toBe(3);
    expect(await store.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n })).toEqual({ ids: [6, 7, 8], leaves: hexToBytes(concat(ids(3, 6).map((i) => record(i).leaf))) });
    expect(await store.listRecordIds({ afterId: 0, limit: 10, batchId: 1 })).toEqual(ids(5));
    // the pending records form the next batch; a member claimed after its anchor goes back to pending
    const next = await batchOf(ids(3, 6));
    const { id } = await store.createBatch(next);
    expect(await store.countPending()).toBe(0);
    expect(await store.markBatchAnchored(anchored(id, Number(record(7).timestamp)))).toEqual({ detached: 1 });
    expect(await store.getRecord(8)).toMatchObject({ batchId: null, leafIndex: null, proof: null });
    expect(await store.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n })).toEqual({ ids: [8], leaves: hexToBytes(record(8).leaf) });
    expect(await store.getBatchLeaves(id)).toHaveLength(2 * 32);
    await store.close();
    // the records table no longer says who is in a batch: only batch_members does
    const after = new DatabaseSync(path);
    expect(after.prepare("SELECT count(*) AS n FROM records WHERE batch_id IS NOT NULL OR leaf_index IS NOT NULL").get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM batch_members").get()).toEqual({ n: 7 });
    after.close();
  });
});

describe("migration to version 9 (members counted per signer, no per-row foreign keys)", () => {
  test("a version 8 store's batches are counted per signer, its pending and member rows kept, and the narrow tables check no foreign key", async () => {
    const path = await freshPath();
    const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    // a store written by version 8: records 1-4 in an anchored batch (two signers), 5-6 in an open one, 7 pending
    const db = storeWrittenByVersion(path, 8, { withModel: false });
    const signerOf = (i: number) => (i % 2 === 0 ? other : deployment.publisher);
    const insertRecord = db.prepare(
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0)`,
    );
    for (const i of ids(7)) {
      const r = record(i);
      insertRecord.run(hexToBytes(r.modelId), hexToBytes(r.requestHash), hexToBytes(r.responseHash), r.timestamp, r.encoding, hexToBytes(r.responseSalt), signerOf(i), hexToBytes(r.signature), hexToBytes(r.leaf));
    }
    const first = await batchOf(ids(4));
    const second = await batchOf(ids(2, 5));
    const insertBatch = db.prepare("INSERT INTO batches (root, count, status, manifest_uri, anchored_at, tree_leaves, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?, 0, 0)");
    insertBatch.run(hexToBytes(first.root), 4, "anchored", 1_767_300_000, 4);
    insertBatch.run(hexToBytes(second.root), 2, "built", null, 2);
    db.prepare("INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) VALUES (?, 0, ?)").run(1, first.tree.nodes);
    db.prepare("INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) VALUES (?, 0, ?)").run(2, second.tree.nodes);
    for (const [batchId, batch] of [[1, first], [2, second]] as const) {
      for (const { recordId, leafIndex } of batch.members) db.prepare("INSERT INTO batch_members (record_id, batch_id, leaf_index) VALUES (?, ?, ?)").run(recordId, batchId, leafIndex);
    }
    db.prepare("INSERT INTO pending_records (record_id, timestamp, signer, leaf) VALUES (7, ?, ?, ?)").run(record(7).timestamp, signerOf(7), hexToBytes(record(7).leaf));
    db.close();

    const store = await openSqliteStore({ path });
    expect(await store.countBatchMembersBySigner(1)).toEqual([
      { signer: other, count: 2 },
      { signer: deployment.publisher, count: 2 },
    ]);
    expect(await store.countBatchMembersBySigner(2)).toEqual([
      { signer: other, count: 1 },
      { signer: deployment.publisher, count: 1 },
    ]);
    // pending: record 7; open batch 2: records 5 and 6
    expect(await store.countUnanchored({ signer: deployment.publisher })).toBe(2);
    expect(await store.countAnchoredSince({ signer: other, since: 1_767_300_000n })).toBe(2);
    expect(await store.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n })).toEqual({ ids: [7], leaves: hexToBytes(record(7).leaf) });
    for (const i of ids(4)) expect(await store.getRecord(i)).toMatchObject({ batchId: 1, proof: getProof(first.tree, { index: first.tree.leafIndexOfInput[i - 1]! }) });
    await store.close();
    const after = new DatabaseSync(path);
    for (const table of ["pending_records", "batch_members"]) expect(after.prepare(`SELECT count(*) AS n FROM pragma_foreign_key_list('${table}')`).get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM batch_members").get()).toEqual({ n: 6 });
    after.close();
  });
});

describe("migration to version 10 (pending records and batch members by model)", () => {
  test("a version 9 store's pending records get their model from their records, its open batch its counts per model; an anchored one is counted from its members", async () => {
    const path = await freshPath();
    const retiree = keccak256(toHex("retired model"));
    const modelOf = (i: number) => (i % 2 === 0 ? retiree : model.modelId);
    const byModel = (entries: { modelId: Hash; count: number }[]) => [...entries].sort((a, b) => (a.modelId < b.modelId ? -1 : 1));
    // a store written by version 9: records 1-2 in an anchored batch, 3-5 in a built one, 6-8 pending; even ones of the retiree
    const db = storeWrittenByVersion(path, 9);
    const insertRecord = db.prepare(
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0)`,
    );
    for (const i of ids(8)) {
      const r = record(i);
      insertRecord.run(hexToBytes(modelOf(i)), hexToBytes(r.requestHash), hexToBytes(r.responseHash), r.timestamp, r.encoding, hexToBytes(r.responseSalt), r.signer, hexToBytes(r.signature), hexToBytes(r.leaf));
    }
    const first = await batchOf(ids(2));
    const second = await batchOf(ids(3, 3));
    const insertBatch = db.prepare("INSERT INTO batches (root, count, status, manifest_uri, anchored_at, tree_leaves, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?, 0, 0)");
    insertBatch.run(hexToBytes(first.root), 2, "anchored", 1_767_300_000, 2);
    insertBatch.run(hexToBytes(second.root), 3, "built", null, 3);
    for (const [batchId, batch] of [[1, first], [2, second]] as const) {
      db.prepare("INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) VALUES (?, 0, ?)").run(batchId, batch.tree.nodes);
      for (const { recordId, leafIndex } of batch.members) db.prepare("INSERT INTO batch_members (record_id, batch_id, leaf_index) VALUES (?, ?, ?)").run(recordId, batchId, leafIndex);
    }
    db.exec("INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) SELECT m.batch_id, r.signer, count(*), max(r.timestamp) FROM batch_members m JOIN records r ON r.id = m.record_id GROUP BY m.batch_id, r.signer");
    for (const i of ids(3, 6)) db.prepare("INSERT INTO pending_records (record_id, timestamp, signer, leaf) VALUES (?, ?, ?, ?)").run(i, record(i).timestamp, record(i).signer, hexToBytes(record(i).leaf));
    db.close();

    const store = await openSqliteStore({ path });
    // migrated: every pending row has its model, and only the open batch its counts per model
    const migrated = new DatabaseSync(path);
    expect(migrated.prepare("SELECT count(*) AS unknown FROM pending_records WHERE model_id IS NULL").get()).toEqual({ unknown: 0 });
    expect(migrated.prepare("SELECT batch_id, count(*) AS models, sum(members) AS members FROM batch_models GROUP BY batch_id").all()).toEqual([{ batch_id: 2, models: 2, members: 3 }]);
    migrated.close();
    expect(await store.countPendingByModel()).toEqual(byModel([{ modelId: model.modelId, count: 1 }, { modelId: retiree, count: 2 }]));
    const retiredAt7 = { modelId: retiree, retiredAt: record(7).timestamp };
    expect(await store.listPendingRetiredIds({ models: [retiredAt7], limit: 10 })).toEqual([8]);
    expect(await store.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n, excludeModels: [retiredAt7] })).toEqual({ ids: [6, 7], leaves: hexToBytes(concat([record(6).leaf, record(7).leaf])) });
    expect(await store.countBatchMembersByModel(2)).toEqual(byModel([{ modelId: model.modelId, count: 2 }, { modelId: retiree, count: 1 }]));
    expect(await store.countBatchMembersByModel(1)).toEqual(byModel([{ modelId: model.modelId, count: 1 }, { modelId: retiree, count: 1 }]));
    // the open batch's retired member leaves it with its model; so does the anchored batch's, once reopened (counted from its members)
    expect(await store.detachRetiredBatchMembers({ batchId: 2, models: [{ modelId: retiree, retiredAt: record(4).timestamp }] })).toEqual([4]);
    await store.reopenBatch(1);
    expect(await store.detachRetiredBatchMembers({ batchId: 1, models: [{ modelId: retiree, retiredAt: record(2).timestamp }] })).toEqual([2]);
    expect(await store.countBatchMembersByModel(1)).toEqual([{ modelId: model.modelId, count: 1 }]);
    expect(await store.countPendingByModel()).toEqual(byModel([{ modelId: model.modelId, count: 1 }, { modelId: retiree, count: 4 }]));
    expect(await store.listPendingRetiredIds({ models: [{ modelId: retiree, retiredAt: 0n }], limit: 10 })).toEqual([2, 4, 6, 8]);
    await store.close();
  });
});
