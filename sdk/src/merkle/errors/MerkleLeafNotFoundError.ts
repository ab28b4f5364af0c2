import type { Hex } from "viem";

/**
 * Thrown when a proof is requested for a leaf value that is not in the tree.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleLeafNotFoundError extends Error {
  override name = "MerkleLeafNotFoundError" as const;
  readonly leaf: Hex;

  constructor({ leaf }: { leaf: Hex }) {
    super(`Leaf ${leaf} is not in the tree.`);
    this.leaf = leaf;
  }
}
