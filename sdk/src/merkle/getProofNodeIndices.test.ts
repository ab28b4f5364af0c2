import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { bytesToHex } from "viem";
import { createMerkleTree } from "./createMerkleTree.js";
import { getProof } from "./getProof.js";
import { getProofNodeIndices } from "./getProofNodeIndices.js";
import { leafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";

describe("getProofNodeIndices", () => {
  test.prop([fc.array(leafArbitrary, { minLength: 1, maxLength: 150 }), fc.nat()])("its nodes are getProof's proof, element for element", async (leaves, seed) => {
    const tree = await createMerkleTree(leaves);
    const index = seed % leaves.length;
    const nodes = getProofNodeIndices({ leafCount: tree.leafCount, index }).map((i) => bytesToHex(tree.nodes.subarray(32 * i, 32 * i + 32)));
    expect(nodes).toEqual(getProof(tree, { index }));
  });

  test("a one-leaf tree has an empty proof; an index outside the tree is refused", () => {
    expect(getProofNodeIndices({ leafCount: 1, index: 0 })).toEqual([]);
    expect(() => getProofNodeIndices({ leafCount: 3, index: 3 })).toThrow(/leaf index 3/i);
    expect(() => getProofNodeIndices({ leafCount: 3, index: -1 })).toThrow();
  });
});
