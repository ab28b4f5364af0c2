import type { Hex } from "viem";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";
import { nodeToHex } from "./internal/nodeToHex.js";

/**
 * Returns the tree's leaves in tree order (sorted when the tree was built with `sortLeaves`): leaf index `k`
 * of {@link getProof} is element `k`. A batch manifest stores this list.
 *
 * @example
 * const tree = await createMerkleTree(leaves, { sortLeaves: false });
 * getLeaves(tree); // equal to `leaves`
 */
export function getLeaves(tree: MerkleTree): Hex[] {
  const { nodes, leafCount } = tree;
  const leaves = new Array<Hex>(leafCount);
  for (let k = 0; k < leafCount; k++) leaves[k] = nodeToHex(nodes, (2 * leafCount - 2 - k) * nodeSize);
  return leaves;
}
