import { BaseError } from "./BaseError.js";
import type { Hex } from "viem";

/**
 * Thrown when a proof is requested for a leaf value that is not in the tree.
 */
export class MerkleLeafNotFoundError extends BaseError {
  override name = "MerkleLeafNotFoundError" as const;
  readonly leaf: Hex;

  constructor({ leaf }: { leaf: Hex }) {
    super(`Leaf ${leaf} is not in the tree.`);
    this.leaf = leaf;
  }
}
