import { fc, test } from "@fast-check/vitest";
import { hexToBytes } from "viem";
import { describe, expect } from "vitest";
import { computeMerkleRoot } from "./computeMerkleRoot.js";
import { createMerkleTree } from "./createMerkleTree.js";
import { getLeaves } from "./getLeaves.js";
import { collidingLeafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";
import { ozTreeOf } from "../../../test/helpers/merkle/ozTreeOf.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

describe("computeMerkleRoot", () => {
  test.prop([fc.array(collidingLeafArbitrary, { minLength: 1, maxLength: 120 }), fc.boolean()])(
    "equals the root of the tree createMerkleTree builds",
    async (leaves, sortLeaves) => {
      expect(await computeMerkleRoot(leaves, { sortLeaves })).toBe((await createMerkleTree(leaves, { sortLeaves })).root);
    },
  );

  test.prop([fc.integer({ min: 1, max: 300 }), fc.integer(), fc.boolean()])(
    "equals @openzeppelin/merkle-tree's root for any leaf count up to 300",
    async (count, seed, sortLeaves) => {
      const leaves = seededLeaves(seed, count);
      expect(await computeMerkleRoot(leaves, { sortLeaves })).toBe(ozTreeOf(leaves, { sortLeaves }).root);
    },
  );

  test("equals the tree's root for every leaf count from 1 to 300, odd counts and each power of two included", async () => {
    for (let count = 1; count <= 300; count++) {
      const leaves = seededLeaves(count, count);
      expect(await computeMerkleRoot(leaves, { sortLeaves: false })).toBe((await createMerkleTree(leaves, { sortLeaves: false })).root);
    }
  });

  test("audits a batch from its leaves in tree order, as a manifest lists them", async () => {
    const leaves = seededLeaves(80, 999);
    const tree = await createMerkleTree(leaves);
    const treeOrder = getLeaves(tree);
    expect(await computeMerkleRoot(treeOrder)).toBe(ozTreeOf(leaves, { sortLeaves: true }).root);
    expect(await computeMerkleRoot(treeOrder, { sortLeaves: false })).toBe(tree.root);
  });

  test("accepts a flat buffer", async () => {
    const leaves = seededLeaves(81, 10);
    const flat = new Uint8Array(leaves.flatMap((leaf) => [...hexToBytes(leaf)]));
    expect(await computeMerkleRoot(flat)).toBe(await computeMerkleRoot(leaves));
  });

  test("rejects an empty leaf set and a bad leaf", async () => {
    await expect(computeMerkleRoot([])).rejects.toThrow(expect.objectContaining({ name: "MerkleEmptyLeavesError" }));
    await expect(computeMerkleRoot(["0x"])).rejects.toThrow(expect.objectContaining({ name: "MerkleInvalidLeafError", index: 0 }));
  });
});
