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
 * strings): about 80 MB and a few tens of milliseconds for a million leaves. Convert single proofs to hex
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

  const nodeIndices = new Uint32Array(total);
  let p = 0;
  for (let k = 0; k < leafCount; k++)
    for (let node = lastNode - k; node > 0; node = (node - 1) >>> 1) nodeIndices[p++] = node & 1 ? node + 1 : node - 1;
  return { offsets, nodeIndices };
}
