import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Hex } from "viem";
import { createMerkleTree } from "./createMerkleTree.js";
import { getLeafIndex } from "./getLeafIndex.js";
import { getLeaves } from "./getLeaves.js";
import { getProof } from "./getProof.js";
import { processProof } from "./internal/processProof.js";
import { verifyProof } from "./verifyProof.js";
import { collidingLeafArbitrary, leafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";
import { ozMismatches } from "../../../test/helpers/merkle/ozMismatches.js";
import { ozTreeOf } from "../../../test/helpers/merkle/ozTreeOf.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

const leavesArbitrary = fc.array(leafArbitrary, { minLength: 1, maxLength: 150 });

/** A tree's leaves, whether to sort them, and one leaf index in it. */
const treeCaseArbitrary = fc
  .record({ leaves: leavesArbitrary, sortLeaves: fc.boolean(), seed: fc.nat() })
  .map(({ leaves, sortLeaves, seed }) => ({ leaves, sortLeaves, index: seed % leaves.length }));

const flipByte = (hex: Hex, byte: number): Hex => {
  const position = 2 + 2 * byte;
  const value = Number.parseInt(hex.slice(position, position + 2), 16) ^ 0xff;
  return `${hex.slice(0, position)}${value.toString(16).padStart(2, "0")}${hex.slice(position + 2)}` as Hex;
};

describe("getProof", () => {
  test.prop([treeCaseArbitrary])("every leaf is provable", async ({ leaves, sortLeaves }) => {
    const tree = await createMerkleTree(leaves, { sortLeaves });
    getLeaves(tree).forEach((leaf, index) => {
      const proof = getProof(tree, { index });
      expect(processProof(leaf, proof)).toBe(tree.root);
      expect(verifyProof({ root: tree.root, leaf, proof })).toBe(true);
    });
  });

  test.prop([treeCaseArbitrary, fc.nat(), fc.nat({ max: 31 })])(
    "a proof with a flipped byte fails",
    async ({ leaves, sortLeaves, index }, element, byte) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const proof = getProof(tree, { index });
      fc.pre(proof.length > 0);
      const altered = [...proof];
      const at = element % proof.length;
      altered[at] = flipByte(proof[at]!, byte);
      expect(verifyProof({ root: tree.root, leaf: getLeaves(tree)[index]!, proof: altered })).toBe(false);
    },
  );

  test.prop([treeCaseArbitrary, fc.nat()])("a proof missing an element fails", async ({ leaves, sortLeaves, index }, element) => {
    const tree = await createMerkleTree(leaves, { sortLeaves });
    const proof = getProof(tree, { index });
    fc.pre(proof.length > 0);
    const altered = proof.filter((_, i) => i !== element % proof.length);
    expect(verifyProof({ root: tree.root, leaf: getLeaves(tree)[index]!, proof: altered })).toBe(false);
  });

  test.prop([treeCaseArbitrary, leafArbitrary])("a proof with an extra element fails", async ({ leaves, sortLeaves, index }, extra) => {
    const tree = await createMerkleTree(leaves, { sortLeaves });
    const proof = [...getProof(tree, { index }), extra];
    expect(verifyProof({ root: tree.root, leaf: getLeaves(tree)[index]!, proof })).toBe(false);
  });

  test.prop([treeCaseArbitrary, fc.nat()])("a proof with two elements swapped fails", async ({ leaves, sortLeaves, index }, element) => {
    const tree = await createMerkleTree(leaves, { sortLeaves });
    const proof = getProof(tree, { index });
    fc.pre(proof.length > 1);
    const at = element % (proof.length - 1);
    // swapping equal siblings (duplicate subtrees) changes nothing
    fc.pre(proof[at] !== proof[at + 1]);
    const altered = [...proof];
    [altered[at], altered[at + 1]] = [proof[at + 1]!, proof[at]!];
    expect(verifyProof({ root: tree.root, leaf: getLeaves(tree)[index]!, proof: altered })).toBe(false);
  });

  test.prop([treeCaseArbitrary, fc.nat()])("the proof of another index fails", async ({ leaves, sortLeaves, index }, other) => {
    const tree = await createMerkleTree(leaves, { sortLeaves });
    const treeLeaves = getLeaves(tree);
    const wrongIndex = other % tree.leafCount;
    // another copy of the same leaf value is legitimately proven by its own proof
    fc.pre(treeLeaves[wrongIndex] !== treeLeaves[index]);
    const proof = getProof(tree, { index: wrongIndex });
    expect(verifyProof({ root: tree.root, leaf: treeLeaves[index]!, proof })).toBe(false);
  });

  test.prop([treeCaseArbitrary, leafArbitrary])("a leaf not in the tree fails with any leaf's proof", async ({ leaves, sortLeaves, index }, stranger) => {
    fc.pre(!leaves.includes(stranger));
    const tree = await createMerkleTree(leaves, { sortLeaves });
    expect(verifyProof({ root: tree.root, leaf: stranger, proof: getProof(tree, { index }) })).toBe(false);
  });

  test.prop([fc.array(collidingLeafArbitrary, { minLength: 1, maxLength: 80 }), fc.boolean()], { numRuns: 60 })(
    "duplicate leaves and shared prefixes give OpenZeppelin's tree and proofs",
    async (leaves, sortLeaves) => {
      const indices = leaves.map((_, i) => i);
      expect(await ozMismatches({ leaves, sortLeaves, proofInputIndices: indices })).toEqual([]);
    },
  );

  test("a duplicated leaf is proven at its last occurrence in tree order, as OpenZeppelin does", async () => {
    const [a, b, c] = seededLeaves(20, 3) as [Hex, Hex, Hex];
    for (const sortLeaves of [true, false]) {
      const leaves = [b, a, b, c, b];
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const last = getLeaves(tree).lastIndexOf(b);
      expect(getLeafIndex(tree, { leaf: b })).toBe(last);
      expect(getProof(tree, { leaf: b })).toEqual(ozTreeOf(leaves, { sortLeaves }).getProof(b));
    }
  });

  test("accepts the leaf as bytes", async () => {
    const leaves = seededLeaves(21, 9);
    const tree = await createMerkleTree(leaves);
    expect(getProof(tree, { leaf: Uint8Array.from(Buffer.from(leaves[4]!.slice(2), "hex")) })).toEqual(getProof(tree, { leaf: leaves[4]! }));
  });

  test("rejects an index out of bounds and a leaf not in the tree", async () => {
    const leaves = seededLeaves(22, 5);
    const tree = await createMerkleTree(leaves);
    expect(() => getProof(tree, { index: 5 })).toThrowErrorMatchingInlineSnapshot(`[MerkleLeafIndexOutOfBoundsError: Leaf index 5 is out of bounds: the tree has 5 leaves (valid indices 0 to 4).]`);
    expect(() => getProof(tree, { index: -1 })).toThrow(expect.objectContaining({ name: "MerkleLeafIndexOutOfBoundsError" }));
    expect(() => getProof(tree, { index: 1.5 })).toThrow(expect.objectContaining({ name: "MerkleLeafIndexOutOfBoundsError" }));
    expect(() => getProof(tree, { leaf: `0x${"00".repeat(32)}` })).toThrowErrorMatchingInlineSnapshot(`[MerkleLeafNotFoundError: Leaf 0x0000000000000000000000000000000000000000000000000000000000000000 is not in the tree.]`);
    expect(() => getProof(tree, { leaf: "0x00" })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidLeafError: Leaf is not a 32-byte value: "0x00" is 1 byte long.]`);
  });
});
