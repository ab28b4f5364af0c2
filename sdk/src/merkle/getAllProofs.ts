import type { MerkleTree } from "./MerkleTree.js";

/**
 * Every proof of a tree as node indices, in two flat arrays: the proof of leaf `k` (tree order) is the nodes
 * `nodeIndices[offsets[k]] .. nodeIndices[offsets[k + 1] - 1]`, leaf to root; node `i`'s bytes are
 * `tree.nodes.subarray(32 i, 32 i + 32)`.
 */
export type MerkleProofs = {
  readonly offsets: Uint32Array;
  readonly nodeIndices: Uint32Array;
};

/**
 * Extracts the proof of every leaf at once, as indices into `tree.nodes` (4 bytes per proof element, no hex
 * strings): about 84 MB and some 60 ms for a million leaves. Convert single proofs to hex
 * only where one is needed, or use {@link getProof} directly.
 *
 * @example
 * const tree = await createMerkleTree(leaves);
 * const { offsets, nodeIndices } = getAllProofs(tree);
 * for (let k = 0; k < tree.leafCount; k++) {
 *   const proof = nodeIndices.subarray(offsets[k], offsets[k + 1]); // siblings of leaf k, leaf to root
 *   store.saveProof(k, proof);
 * }
 */
export function getAllProofs(tree: MerkleTree): MerkleProofs {
  const { leafCount } = tree;
  const lastNode = 2 * leafCount - 2;

  // a node's depth is its proof length: floor(log2(node + 1))
  const offsets = new Uint32Array(leafCount + 1);
  let total = 0;
  for (let k = 0; k < leafCount; k++) {
    total += 31 - Math.clz32(lastNode - k + 1);
    offsets[k + 1] = total;
  }

  // Consecutive leaves' paths meet at a common ancestor, above which their proofs are the same: walk only
  // up to it and copy the rest from the previous proof (two elements walked per leaf on average, not ~20)
  const nodeIndices = new Uint32Array(total);
  let p = 0;
  let previousStart = 0;
  let previousLength = -1;
  let previousNode = -1;
  for (let k = 0; k < leafCount; k++) {
    const node = lastNode - k;
    const start = p;
    const length = offsets[k + 1]! - offsets[k]!;
    let a = node;
    if (length === previousLength) {
      let b = previousNode;
      let level = 0;
      for (; a !== b; level++, a = (a - 1) >>> 1, b = (b - 1) >>> 1) nodeIndices[p++] = a & 1 ? a + 1 : a - 1;
      nodeIndices.copyWithin(p, previousStart + level, previousStart + length);
      p += length - level;
    } else {
      // a sibling sits to the right of an odd (left-child) node
      for (; a > 0; a = (a - 1) >>> 1) nodeIndices[p++] = a & 1 ? a + 1 : a - 1;
    }
    previousStart = start;
    previousLength = length;
    previousNode = node;
  }
  return { offsets, nodeIndices };
}
