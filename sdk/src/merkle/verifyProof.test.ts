import { fc, test } from "@fast-check/vitest";
import { MerkleTree as MerkleTreeJs } from "merkletreejs";
import { bytesToHex, hexToBytes, keccak256, type Hex } from "viem";
import { describe, expect } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { getAllProofs } from "./getAllProofs.js";
import { getLeaves } from "./getLeaves.js";
import { getProof } from "./getProof.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import { processProof } from "./internal/processProof.js";
import { verifyProof } from "./verifyProof.js";
import { leafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

const merkletreejsKeccak = (data: Uint8Array): Uint8Array => keccak256(data, "bytes");

describe("verifyProof", () => {
  test("merkletreejs (sortPairs) accepts every proof and rejects altered ones", async () => {
    for (const n of [1, 2, 3, 5, 8, 13, 64, 100, 257]) {
      for (const sortLeaves of [true, false]) {
        const tree = await createMerkleTree(seededLeaves(30 + n, n), { sortLeaves });
        getLeaves(tree).forEach((leaf, index) => {
          const proof = getProof(tree, { index });
          // hex-string proof elements carry no left/right position; with sortPairs none is needed
          expect(MerkleTreeJs.verify(proof, leaf, tree.root, merkletreejsKeccak, { sortPairs: true })).toBe(true);
          if (proof.length > 0)
            expect(MerkleTreeJs.verify(proof.slice(1), leaf, tree.root, merkletreejsKeccak, { sortPairs: true })).toBe(false);
        });
      }
    }
  });

  test.prop([fc.array(leafArbitrary, { minLength: 1, maxLength: 100 }), fc.boolean(), fc.nat(), fc.nat({ max: 31 })], { numRuns: 50 })(
    "merkletreejs accepts the proof of any leaf of any tree, and rejects it with a flipped byte",
    async (leaves, sortLeaves, seed, byte) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const index = seed % tree.leafCount;
      const leaf = getLeaves(tree)[index]!;
      const proof = getProof(tree, { index });
      expect(MerkleTreeJs.verify(proof, leaf, tree.root, merkletreejsKeccak, { sortPairs: true })).toBe(true);
      const root = hexToBytes(tree.root);
      root[byte]! ^= 1;
      expect(MerkleTreeJs.verify(proof, leaf, bytesToHex(root), merkletreejsKeccak, { sortPairs: true })).toBe(false);
    },
  );

  test("agrees with a root recomputed by hand with viem's keccak256", async () => {
    await loadMerkleHasher();
    const tree = await createMerkleTree(seededLeaves(40, 33));
    const leaf = getLeaves(tree)[5]!;
    let node = hexToBytes(leaf);
    for (const sibling of getProof(tree, { index: 5 }).map((hex) => hexToBytes(hex))) {
      const [a, b] = bytesToHex(node) < bytesToHex(sibling) ? [node, sibling] : [sibling, node];
      node = keccak256(new Uint8Array([...a, ...b]), "bytes");
    }
    expect(bytesToHex(node)).toBe(tree.root);
    expect(processProof(leaf, getProof(tree, { index: 5 }))).toBe(tree.root);
  });

  test("accepts a proof as one flat buffer, as getAllProofs gives it", async () => {
    const tree = await createMerkleTree(seededLeaves(41, 77));
    const { offsets, nodeIndices } = getAllProofs(tree);
    const leaf = getLeaves(tree)[10]!;
    const elements = nodeIndices.subarray(offsets[10], offsets[11]);
    const flat = new Uint8Array(elements.length * 32);
    elements.forEach((node, i) => flat.set(tree.nodes.subarray(node * 32, node * 32 + 32), i * 32));
    expect(verifyProof({ root: tree.root, leaf, proof: flat })).toBe(true);
    flat[0]! ^= 1;
    expect(verifyProof({ root: tree.root, leaf, proof: flat })).toBe(false);
  });

  test("compares roots by value, whatever the hex case", async () => {
    const tree = await createMerkleTree(seededLeaves(42, 6));
    const leaf = getLeaves(tree)[0]!;
    const root = `0x${tree.root.slice(2).toUpperCase()}` as Hex;
    expect(verifyProof({ root, leaf, proof: getProof(tree, { index: 0 }) })).toBe(true);
  });

  test("throws only on malformed input", async () => {
    const tree = await createMerkleTree(seededLeaves(43, 4));
    const leaf = getLeaves(tree)[0]!;
    const proof = getProof(tree, { index: 0 });
    expect(() => verifyProof({ root: "0x1234", leaf, proof })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidRootError: Root is not a 32-byte value: "0x1234" is 2 bytes long.]`);
    expect(() => verifyProof({ root: tree.root, leaf: "0x", proof })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidLeafError: Leaf is not a 32-byte value: "0x" is 0 bytes long.]`);
    expect(() => verifyProof({ root: tree.root, leaf, proof: [proof[0]!, "0x12"] })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidProofError: Proof element 1 is malformed: "0x12" is 1 byte long.]`);
    expect(() => verifyProof({ root: tree.root, leaf, proof: new Uint8Array(40) })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidProofError: Proof is malformed: a flat proof must be a multiple of 32 bytes long, got 40 bytes.]`);
    expect(() => verifyProof({ root: tree.root, leaf, proof: "0x12" as unknown as Hex[] })).toThrowErrorMatchingInlineSnapshot(`[MerkleInvalidProofError: Proof is malformed: expected an array of hex values or a Uint8Array.]`);
  });
});
