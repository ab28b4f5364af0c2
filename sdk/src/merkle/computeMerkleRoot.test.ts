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
