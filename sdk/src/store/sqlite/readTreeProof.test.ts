import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { keccak256, toHex, zeroHash } from "viem";
import { expect, test } from "vitest";
import { createMerkleTree } from "../../merkle/createMerkleTree.js";
import { getProof } from "../../merkle/getProof.js";
import { getProofNodeIndices } from "../../merkle/getProofNodeIndices.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { createTreeChunkCache } from "./createTreeChunkCache.js";
import { readTreeProof } from "./readTreeProof.js";
import { treeChunkNodes } from "../treeChunkNodes.js";

const leafCount = 5_000; // 9,999 nodes: 10 chunks

/** A real SQLite file holding one batch's tree (as the store writes it), opened directly, counting statements run. */
async function storedTree() {
  const path = join(await mkdtemp(join(tmpdir(), "aiattest-proof-read-")), "lab.db");
  const leaves = Array.from({ length: leafCount }, (_, i) => keccak256(toHex(`leaf ${i}`)));
  const tree = await createMerkleTree(leaves);
  const store = await openSqliteStore({ path });
  // one member is enough: the whole tree is kept
  const signer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  await store.insertRecords([{ modelId: keccak256(toHex("model")), requestHash: zeroHash, responseHash: zeroHash, timestamp: 1n, encoding: "utf8", responseSalt: zeroHash, requestSalt: null, signer, signature: `0x${"ab".repeat(64)}1b`, leaf: leaves[0]! }]);
  await store.createBatch({ root: tree.root, manifestUri: "x", tree, members: [{ recordId: 1, leafIndex: tree.leafIndexOfInput[0]! }] });
  const batchId = (await store.getBatchByRoot(tree.root))!.id;
  await store.close();
  const db = new DatabaseSync(path);
  const executed: string[] = [];
  const statement = (sql: string): StatementSync => {
    const prepared = db.prepare(sql);
    return { all: (...values: never[]) => (executed.push(sql), prepared.all(...values)), get: (...values: never[]) => (executed.push(sql), prepared.get(...values)) } as unknown as StatementSync;
  };
  return { db, tree, batchId, root: tree.nodes.slice(0, 32), statement, executed };
}

test("reads every chunk a proof needs in one statement, each chunk once; then from memory, with no statement", async () => {
  const { db, tree, batchId, root, statement, executed } = await storedTree();
  const chunks = createTreeChunkCache({ maxBytes: 1024 * 1024 });
  const leafIndex = 4_321;
  const needed = new Set(getProofNodeIndices({ leafCount, index: leafIndex }).map((node) => Math.floor(node / treeChunkNodes)));
  expect(needed.size).toBeGreaterThan(2);
  expect(readTreeProof({ statement, chunks, batchId, root, leafCount, leafIndex })).toEqual(getProof(tree, { index: leafIndex }));
  expect(executed).toHaveLength(1);
  expect(executed[0]).toContain(`chunk IN (${[...needed].map(() => "?").join(", ")})`);
  expect(readTreeProof({ statement, chunks, batchId, root, leafCount, leafIndex })).toEqual(getProof(tree, { index: leafIndex }));
  expect(executed).toHaveLength(1);
  // every leaf's proof, read through a cache smaller than the tree (evicting as it goes), is the tree's own
  const small = createTreeChunkCache({ maxBytes: 3 * treeChunkNodes * 32 });
  for (let index = 0; index < leafCount; index += 37) expect(readTreeProof({ statement, chunks: small, batchId, root, leafCount, leafIndex: index })).toEqual(getProof(tree, { index }));
  db.close();
});

test("a chunk missing from the store is a StoreError naming the node, not a wrong proof", async () => {
  const { db, batchId, root, statement } = await storedTree();
  db.prepare("DELETE FROM batch_tree_chunks WHERE batch_id = ? AND chunk = 0").run(batchId);
  expect(() => readTreeProof({ statement, chunks: createTreeChunkCache({ maxBytes: 1024 * 1024 }), batchId, root, leafCount, leafIndex: 7 })).toThrow(/^Node \d+ of batch \d+'s tree is missing from the store/);
  db.close();
});

test("the chunk cache evicts the least recently used chunks beyond its bytes; a hit refreshes one", () => {
  const chunks = createTreeChunkCache({ maxBytes: 8 });
  const four = new Uint8Array(4);
  chunks.set(1, 0, four);
  chunks.set(1, 1, four);
  expect(chunks.get(1, 0)).toBe(four); // (1, 1) is now the oldest
  chunks.set(2, 0, four);
  expect([chunks.get(1, 0), chunks.get(1, 1), chunks.get(2, 0)]).toEqual([four, undefined, four]);
  chunks.set(3, 0, new Uint8Array(9));
  expect(chunks.get(3, 0)).toBeUndefined();
});

test("chunks kept of another tree under the same batch id (a file restored under a running store) are dropped, never used", async () => {
  const { db, tree, batchId, root, statement, executed } = await storedTree();
  const chunks = createTreeChunkCache({ maxBytes: 1024 * 1024 });
  // every chunk of a tree that is not this batch's, kept under its id
  const other = await createMerkleTree(Array.from({ length: leafCount }, (_, i) => keccak256(toHex(`other ${i}`))));
  for (let chunk = 0; chunk * treeChunkNodes * 32 < other.nodes.length; chunk++) chunks.set(batchId, chunk, other.nodes.slice(chunk * treeChunkNodes * 32, (chunk + 1) * treeChunkNodes * 32));
  expect(readTreeProof({ statement, chunks, batchId, root, leafCount, leafIndex: 4_321 })).toEqual(getProof(tree, { index: 4_321 }));
  expect(executed).toHaveLength(1);
  // and kept chunks of this tree without its chunk 0 are not trusted either
  chunks.forget(batchId);
  chunks.set(batchId, 3, other.nodes.slice(3 * treeChunkNodes * 32, 4 * treeChunkNodes * 32));
  for (let index = 0; index < leafCount; index += 501) expect(readTreeProof({ statement, chunks, batchId, root, leafCount, leafIndex: index })).toEqual(getProof(tree, { index }));
  db.close();
});
