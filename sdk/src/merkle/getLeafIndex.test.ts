import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { getLeafIndex } from "./getLeafIndex.js";
import { getLeaves } from "./getLeaves.js";
import { collidingLeafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

describe("getLeafIndex", () => {
  test.prop([fc.array(collidingLeafArbitrary, { minLength: 1, maxLength: 60 }), fc.boolean()])(
    "finds every leaf value at its last occurrence in tree order",
    async (leaves, sortLeaves) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const treeOrder = getLeaves(tree);
      for (const leaf of leaves) expect(getLeafIndex(tree, { leaf })).toBe(treeOrder.lastIndexOf(leaf));
    },
  );

  test.prop([fc.array(collidingLeafArbitrary, { minLength: 1, maxLength: 60 }), fc.boolean()])(
    "maps input indices to the leaf holding that input",
    async (leaves, sortLeaves) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const treeOrder = getLeaves(tree);
      const seen = new Set<number>();
      leaves.forEach((leaf, inputIndex) => {
        const index = getLeafIndex(tree, { inputIndex });
        expect(treeOrder[index]).toBe(leaf);
        seen.add(index);
      });
      // a permutation: no two inputs share a leaf
      expect(seen.size).toBe(leaves.length);
    },
  );

  test("equal inputs keep their input order in tree order, as a stable sort does", async () => {
    const [a, b] = seededLeaves(60, 2);
    const tree = await createMerkleTree([b!, a!, b!, a!, b!]);
    const indices = [0, 2, 4].map((inputIndex) => getLeafIndex(tree, { inputIndex }));
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
  });

  test("rejects an input index out of bounds and a malformed leaf", async () => {
    const tree = await createMerkleTree(seededLeaves(61, 3));
    expect(() => getLeafIndex(tree, { inputIndex: 3 })).toThrowErrorMatchingInlineSnapshot(`[MerkleLeafIndexOutOfBoundsError: Input index 3 is out of bounds: the tree has 3 leaves (valid indices 0 to 2).]`);
    expect(() => getLeafIndex(tree, { leaf: new Uint8Array(31) })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidLeafError: Leaf is not a 32-byte value: got 31 bytes instead of 32.]`);
  });
});
