import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { bytesToHex, keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { createMerkleTreeInParallel } from "./createMerkleTreeInParallel.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import { buildNodes } from "./internal/buildNodes.js";
import { buildNodesInParallel } from "./internal/buildNodesInParallel.js";

/** `count` distinct 32-byte leaves as one flat buffer, a few repeated (duplicates are kept, as OpenZeppelin keeps them). */
function leavesOf(count: number): Uint8Array {
  const leaves = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) leaves.set(keccak256(toHex(`leaf ${i % 9_973}`), "bytes"), i * 32);
  return leaves;
}

describe("createMerkleTreeInParallel", () => {
  // sizes around powers of two and levels split between the threads (a split needs 4,096 nodes in a level)
  test.each([1, 2, 3, 8_191, 8_192, 8_193, 12_345, 20_000])("%i leaves: every node, the root and the leaf order are createMerkleTree's", async (count) => {
    const leaves = leavesOf(count);
    const parallel = await createMerkleTreeInParallel(leaves, { minLeaves: 1 });
    const single = await createMerkleTree(leaves);
    expect(parallel.root).toBe(single.root);
    expect(Buffer.from(parallel.nodes).equals(Buffer.from(single.nodes))).toBe(true);
    expect(parallel.leafIndexOfInput).toEqual(single.leafIndexOfInput);
  });
  test("the worker thread really hashes (no fallback here): its half of a level is in the nodes, equal to one thread's", async () => {
    const leaves = leavesOf(20_000);
    const parameters = { leaves, leafCount: 20_000, order: undefined, hash: await loadMerkleHasher() };
    const parallel = await buildNodesInParallel(parameters);
    expect(parallel.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(parallel).equals(Buffer.from(buildNodes(parameters)))).toBe(true);
  });
  test("its root is OpenZeppelin's, sorted or in input order", async () => {
    const leaves = leavesOf(10_000);
    const hexLeaves = Array.from({ length: 10_000 }, (_, i) => bytesToHex(leaves.subarray(i * 32, i * 32 + 32)));
    expect((await createMerkleTreeInParallel(leaves, { minLeaves: 1 })).root).toBe(SimpleMerkleTree.of(hexLeaves).root);
    expect((await createMerkleTreeInParallel(leaves, { minLeaves: 1, sortLeaves: false })).root).toBe(SimpleMerkleTree.of(hexLeaves, { sortLeaves: false }).root);
  });
});
