import { describe, expect, test } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { getLeaves } from "./getLeaves.js";
import { getProof } from "./getProof.js";
import { verifyProof } from "./verifyProof.js";
import { ozMismatches } from "../../../test/helpers/merkle/ozMismatches.js";
import { ozTreeOf } from "../../../test/helpers/merkle/ozTreeOf.js";
import { proofSample } from "../../../test/helpers/merkle/proofSample.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";
import { hexToBytes, type Hex } from "viem";

describe("createMerkleTree", () => {
  test("builds OpenZeppelin's layout for every size from 1 to 1000, both sortLeaves values", async () => {
    const mismatches: string[] = [];
    for (let n = 1; n <= 1000; n++)
      for (const sortLeaves of [true, false])
        mismatches.push(...(await ozMismatches({ reference: "makeMerkleTree", leaves: seededLeaves(n + (sortLeaves ? 0 : 1_000_000), n), sortLeaves, proofInputIndices: proofSample(n) })));
    expect(mismatches).toEqual([]);
  });

  // SimpleMerkleTree.of costs ~15-25 µs a leaf (it ABI-encodes each leaf and builds a lookup table), so by
  // default these check sizes 1-64 and every 19th size up to 1000; MERKLE_OZ_EXHAUSTIVE=1 checks every size
  // (~1M leaves, ~40 s here)
  const simpleTreeSizes = Array.from({ length: 1000 }, (_, i) => i + 1).filter(
    (n) => process.env.MERKLE_OZ_EXHAUSTIVE === "1" || n <= 64 || n % 19 === 0 || n === 1000,
  );

  test(`equals SimpleMerkleTree.of with sorted leaves for ${simpleTreeSizes.length} sizes from 1 to 1000`, async () => {
    const mismatches: string[] = [];
    for (const n of simpleTreeSizes) {
      const leaves = seededLeaves(n, n);
      const proofInputIndices = proofSample(n);
      mismatches.push(...(await ozMismatches({ leaves, sortLeaves: true, proofInputIndices, isReferencePresorted: n > 64 })));
    }
    expect(mismatches).toEqual([]);
  });

  test(`equals SimpleMerkleTree.of with sortLeaves: false for ${simpleTreeSizes.length} sizes from 1 to 1000`, async () => {
    const mismatches: string[] = [];
    for (const n of simpleTreeSizes) {
      const leaves = seededLeaves(1_000_000 + n, n);
      mismatches.push(...(await ozMismatches({ leaves, sortLeaves: false, proofInputIndices: proofSample(n) })));
    }
    expect(mismatches).toEqual([]);
  });

  test("sorts leaves by default, like OpenZeppelin", async () => {
    const leaves = seededLeaves(7, 37);
    const tree = await createMerkleTree(leaves);
    expect(tree.sortLeaves).toBe(true);
    expect(tree.root).toBe(ozTreeOf(leaves, { sortLeaves: true }).root);
    expect(getLeaves(tree)).toEqual([...leaves].sort());
  });

  test("keeps input order with sortLeaves: false", async () => {
    const leaves = seededLeaves(8, 37);
    const tree = await createMerkleTree(leaves, { sortLeaves: false });
    expect(getLeaves(tree)).toEqual(leaves);
    expect(Array.from(tree.leafIndexOfInput)).toEqual(leaves.map((_, i) => i));
  });

  test("maps each input leaf to its leaf index", async () => {
    const leaves = seededLeaves(9, 100);
    const tree = await createMerkleTree(leaves);
    const treeOrder = getLeaves(tree);
    leaves.forEach((leaf, i) => expect(treeOrder[tree.leafIndexOfInput[i]!]).toBe(leaf));
  });

  test("accepts a flat buffer of leaves, aligned or not, with the same result", async () => {
    const leaves = seededLeaves(10, 50);
    const flat = new Uint8Array(50 * 32);
    leaves.forEach((leaf, i) => flat.set(hexToBytes(leaf), i * 32));
    const unaligned = new Uint8Array(flat.length + 1).subarray(1);
    unaligned.set(flat);
    const fromHex = await createMerkleTree(leaves);
    expect((await createMerkleTree(flat)).root).toBe(fromHex.root);
    expect((await createMerkleTree(unaligned)).root).toBe(fromHex.root);
  });

  test("accepts uppercase hex digits", async () => {
    const leaves = seededLeaves(11, 5);
    const upper = leaves.map((leaf) => `0x${leaf.slice(2).toUpperCase()}` as Hex);
    expect((await createMerkleTree(upper)).root).toBe((await createMerkleTree(leaves)).root);
  });

  test("one leaf is its own root, with an empty proof", async () => {
    const [leaf] = seededLeaves(12, 1) as [Hex];
    const tree = await createMerkleTree([leaf]);
    expect(tree.root).toBe(leaf);
    expect(getProof(tree, { index: 0 })).toEqual([]);
    expect(verifyProof({ root: tree.root, leaf, proof: [] })).toBe(true);
  });

  test("does not keep a reference to the input buffer", async () => {
    const flat = new Uint8Array(4 * 32).fill(7);
    const tree = await createMerkleTree(flat);
    const root = tree.root;
    flat.fill(9);
    expect(getLeaves(tree)[0]).toBe(`0x${"07".repeat(32)}`);
    expect(tree.root).toBe(root);
  });

  test("rejects an empty leaf set", async () => {
    await expect(createMerkleTree([])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MerkleEmptyLeavesError: Cannot build a Merkle tree from an empty leaf set: pass at least one 32-byte leaf.]`,
    );
    await expect(createMerkleTree(new Uint8Array(0))).rejects.toThrow(expect.objectContaining({ name: "MerkleEmptyLeavesError" }));
  });

  test("rejects a leaf that is not 32 bytes, naming it", async () => {
    const leaves = seededLeaves(13, 3);
    await expect(createMerkleTree([leaves[0]!, "0x1234", leaves[2]!])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MerkleInvalidLeafError: Leaf 1 is not a 32-byte value: "0x1234" is 2 bytes long.]`,
    );
    await expect(createMerkleTree([`0x${"ab".repeat(33)}`])).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidLeafError: Leaf 0 is not a 32-byte value: "0xababababababababababababababababababababababababababababababababab" is 33 bytes long.]`);
    await expect(createMerkleTree([`0x${"ab".repeat(100)}`])).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidLeafError: Leaf 0 is not a 32-byte value: "0xabababababababababababababababababababababababababababababababababababababa..." is 100 bytes long.]`);
    await expect(createMerkleTree([`0x${"zz".repeat(32)}` as Hex])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MerkleInvalidLeafError: Leaf 0 is not a 32-byte value: "0xzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" contains a non-hex character.]`,
    );
    await expect(createMerkleTree([leaves[0]!.slice(2) as Hex])).rejects.toThrow(/Leaf 0 is not a 32-byte value: .* lacks the 0x prefix/);
    await expect(createMerkleTree([42 as unknown as Hex])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MerkleInvalidLeafError: Leaf 0 is not a 32-byte value: expected a 0x-prefixed hex string, got number.]`,
    );
    await expect(createMerkleTree(new Uint8Array(65))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MerkleInvalidLeafError: Leaf 2 is not a 32-byte value: a flat leaf buffer must be a multiple of 32 bytes long, got 65 bytes.]`,
    );
  });
});
