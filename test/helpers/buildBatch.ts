import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hash, Hex, TypedDataDomain } from "viem";
import { leafOf, type Output } from "./outputs.js";

export type Batch = {
  outputs: Output[];
  leaves: Hash[];
  tree: SimpleMerkleTree;
  root: Hash;
  /** The proof of `outputs[index]`. */
  proof: (index: number) => Hex[];
};

/**
 * Builds a batch off-chain the way a lab does: one leaf per output (keccak256 of its EIP-712 digest) in an
 * OpenZeppelin sorted-pair tree, which `MerkleProof` accepts.
 */
export function buildBatch(parameters: { domain: TypedDataDomain; outputs: Output[]; sortLeaves?: boolean }): Batch {
  const { domain, outputs, sortLeaves = true } = parameters;
  const leaves = outputs.map((output) => leafOf(domain, output));
  const tree = SimpleMerkleTree.of(leaves, { sortLeaves });
  return { outputs, leaves, tree, root: tree.root as Hash, proof: (index) => tree.getProof(index) as Hex[] };
}
