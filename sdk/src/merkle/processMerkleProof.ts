import { type Hash, concat, keccak256 } from "viem";

/**
 * TEMPORARY stand-in until the fast tree lands: the root a proof leads to (sorted-pair keccak).
 */
export async function processMerkleProof({ leaf, proof }: { leaf: Hash; proof: readonly Hash[] }): Promise<Hash> {
  let node = leaf;
  for (const sibling of proof) node = keccak256(node < sibling ? concat([node, sibling]) : concat([sibling, node]));
  return node;
}
