import type { Hex } from "viem";

/**
 * A Merkle tree over 32-byte leaves, node for node the tree `@openzeppelin/merkle-tree`'s `SimpleMerkleTree`
 * builds from the same leaves and `sortLeaves` option, so its root and proofs are the same and Solidity's
 * `MerkleProof.verify` accepts them.
 *
 * Indices: a *leaf index* is a position in tree order (`0 .. leafCount - 1`, the order of {@link getLeaves});
 * an *input index* is a position in the leaves given to {@link createMerkleTree}; a *node index* is a
 * position in `nodes` (`0 .. 2 leafCount - 2`). Leaf `k` is node `2 leafCount - 2 - k`.
 *
 * Build one with {@link createMerkleTree} and treat it as immutable.
 */
export type MerkleTree = {
  /**
   * Every node, 32 bytes each: node `i` at bytes `[32 i, 32 i + 32)`, its children at nodes `2i + 1` and
   * `2i + 2`, the root at node 0.
   */
  readonly nodes: Uint8Array;
  readonly leafCount: number;
  readonly root: Hex;
  /** Whether the leaves were sorted before building (OpenZeppelin's default), or kept in input order. */
  readonly sortLeaves: boolean;
  /** `leafIndexOfInput[inputIndex]` is the leaf index (tree order) of that input leaf. */
  readonly leafIndexOfInput: Uint32Array;
};
