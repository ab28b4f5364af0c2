import type { Hex } from "viem";
import { getLeafIndex } from "./getLeafIndex.js";
import { getProofNodeIndices } from "./getProofNodeIndices.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";
import { nodeToHex } from "./internal/nodeToHex.js";

export type GetProofParameters =
  | {
      /** Leaf index: position in tree order, as in {@link getLeaves}. */
      index: number;
    }
  | {
      /** A leaf value; if it occurs more than once, its last occurrence in tree order (as OpenZeppelin). */
      leaf: Hex | Uint8Array;
    };

/**
 * Returns the Merkle proof of one leaf: its sibling nodes from the leaf up to the root, the format
 * OpenZeppelin's `MerkleProof.verify(proof, root, leaf)` and `@openzeppelin/merkle-tree` use.
 *
 * @example
 * const tree = await createMerkleTree(leaves);
 * const proof = getProof(tree, { leaf: leaves[7]! });
 * verifyProof({ root: tree.root, leaf: leaves[7]!, proof }); // true
 */
export function getProof(tree: MerkleTree, parameters: GetProofParameters): Hex[] {
  const index = "index" in parameters ? parameters.index : getLeafIndex(tree, parameters);
  return getProofNodeIndices({ leafCount: tree.leafCount, index }).map((node) => nodeToHex(tree.nodes, node * nodeSize));
}
