import { BaseError } from "./BaseError.js";
/**
 * Thrown when a tree or a root is requested for zero leaves: a Merkle tree needs at least one leaf.
 */
export class MerkleEmptyLeavesError extends BaseError {
  override name = "MerkleEmptyLeavesError" as const;

  constructor() {
    super("Cannot build a Merkle tree from an empty leaf set: pass at least one 32-byte leaf.");
  }
}
