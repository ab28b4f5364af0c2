import { assertLeafIndex } from "./internal/assertLeafIndex.js";

export type GetProofNodeIndicesParameters = {
  /** Leaves in the tree. */
  leafCount: number;
  /** Leaf index: position in tree order, as in {@link getLeaves}. */
  index: number;
};

/**
 * The node indices of one leaf's proof, leaf to root: what {@link getProof} returns, as positions in
 * `MerkleTree.nodes` (node `i` at bytes `[32 i, 32 i + 32)`). Needs only the tree's size, not its nodes: a store
 * keeping a tree's nodes on disk reads just these ones (about 20 of two million for a million leaves).
 *
 * @throws {MerkleLeafIndexOutOfBoundsError} if `index` is not a leaf index of a tree of `leafCount` leaves.
 * @example
 * const indices = getProofNodeIndices({ leafCount: tree.leafCount, index: 7 });
 * const proof = indices.map((i) => bytesToHex(tree.nodes.subarray(32 * i, 32 * i + 32))); // getProof(tree, { index: 7 })
 */
export function getProofNodeIndices({ leafCount, index }: GetProofNodeIndicesParameters): number[] {
  assertLeafIndex({ index, leafCount, kind: "leaf" });
  const indices: number[] = [];
  // leaf k is node 2 leafCount - 2 - k; a left child (odd node) has its sibling on the right
  for (let node = 2 * leafCount - 2 - index; node > 0; node = (node - 1) >>> 1) indices.push(node & 1 ? node + 1 : node - 1);
  return indices;
}
