import type { MerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { nodeSize } from "./nodeSize.js";

const wordsPerNode = nodeSize / 4;

export type BuildNodesParameters = {
  /** Flat 32-byte leaves in input order; byte offset a multiple of 4. */
  leaves: Uint8Array;
  leafCount: number;
  /** `order[leafIndex] = inputIndex`, or `undefined` to keep input order. */
  order: Uint32Array | undefined;
  hash: MerkleHasher;
};

/**
 * Builds every node of the tree in `@openzeppelin/merkle-tree`'s layout: a complete binary tree in one array
 * (node `i` has children `2i + 1` and `2i + 2`, root at 0), here one flat buffer of 32-byte nodes, with leaf
 * `k` (tree order) at node `2n - 2 - k` and each inner node `keccak256(sort(left, right))`, as OpenZeppelin's
 * `MerkleProof` hashes pairs.
 */
export function buildNodes({ leaves, leafCount, order, hash }: BuildNodesParameters): Uint8Array {
  const nodeCount = 2 * leafCount - 1;
  const nodes = new Uint8Array(nodeCount * nodeSize);
  const words = new Uint32Array(nodes.buffer);
  const leafWords = new Uint32Array(leaves.buffer, leaves.byteOffset, leafCount * wordsPerNode);

  // place leaves at the end of the array in reverse tree order
  for (let k = 0; k < leafCount; k++) {
    const from = (order === undefined ? k : order[k]!) * wordsPerNode;
    const to = (nodeCount - 1 - k) * wordsPerNode;
    for (let w = 0; w < wordsPerNode; w++) words[to + w] = leafWords[from + w]!;
  }

  // hash inner nodes bottom-up; `pair` is reused so the loop allocates only hash-wasm's digest
  const pair = new Uint8Array(2 * nodeSize);
  const pairWords = new Uint32Array(pair.buffer);
  for (let i = leafCount - 2; i >= 0; i--) {
    const left = (2 * i + 1) * nodeSize;
    const right = left + nodeSize;
    let j = 0;
    while (j < nodeSize && nodes[left + j] === nodes[right + j]) j++;
    const leftFirst = j === nodeSize || nodes[left + j]! < nodes[right + j]!;
    const a = (leftFirst ? left : right) >>> 2;
    const b = (leftFirst ? right : left) >>> 2;
    for (let w = 0; w < wordsPerNode; w++) {
      pairWords[w] = words[a + w]!;
      pairWords[wordsPerNode + w] = words[b + w]!;
    }
    nodes.set(hash(pair), i * nodeSize);
  }
  return nodes;
}
