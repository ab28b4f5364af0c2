import { describe, expect, test } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { getAllProofs } from "./getAllProofs.js";
import { getProof } from "./getProof.js";
import { nodeToHex } from "./internal/nodeToHex.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

describe("getAllProofs", () => {
  test("holds every proof getProof returns, for every size from 1 to 130 and a few larger", async () => {
    for (const n of [...Array.from({ length: 130 }, (_, i) => i + 1), 1000, 4097, 10_000]) {
      const tree = await createMerkleTree(seededLeaves(70 + n, n));
      const { offsets, nodeIndices } = getAllProofs(tree);
      expect(offsets.length).toBe(n + 1);
      expect(offsets[n]).toBe(nodeIndices.length);
      for (let k = 0; k < n; k++) {
        const proof = Array.from(nodeIndices.subarray(offsets[k], offsets[k + 1]), (node) => nodeToHex(tree.nodes, node * 32));
        expect(proof).toEqual(getProof(tree, { index: k }));
      }
    }
  });

  test("a proof is as long as its leaf is deep: 10 or 11 elements for 1,500 leaves", async () => {
    const tree = await createMerkleTree(seededLeaves(71, 1500));
    const { offsets } = getAllProofs(tree);
    const lengths = new Set(Array.from({ length: 1500 }, (_, k) => offsets[k + 1]! - offsets[k]!));
    expect([...lengths].sort()).toEqual([10, 11]);
  });
});
