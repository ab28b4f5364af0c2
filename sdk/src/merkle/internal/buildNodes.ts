import type { MerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { hashInnerNodes } from "./hashInnerNodes.js";
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
  const nodes = new Uint8Array((2 * leafCount - 1) * nodeSize);
  placeLeaves({ nodes, leaves, leafCount, order });
  hashInnerNodes(nodes, 0, leafCount - 2, hash);
  return nodes;
}

/** Copies the leaves to the end of `nodes` (`2 leafCount - 1` nodes) in reverse tree order: leaf `k` at node `2n - 2 - k`. */
export function placeLeaves({ nodes, leaves, leafCount, order }: { nodes: Uint8Array; leaves: Uint8Array; leafCount: number; order: Uint32Array | undefined }): void {
  const nodeCount = 2 * leafCount - 1;
  const words = new Uint32Array(nodes.buffer, nodes.byteOffset, nodeCount * wordsPerNode);
  const leafWords = new Uint32Array(leaves.buffer, leaves.byteOffset, leafCount * wordsPerNode);
  for (let k = 0; k < leafCount; k++) {
    const from = (order === undefined ? k : order[k]!) * wordsPerNode;
    const to = (nodeCount - 1 - k) * wordsPerNode;
    for (let w = 0; w < wordsPerNode; w++) words[to + w] = leafWords[from + w]!;
  }
}
