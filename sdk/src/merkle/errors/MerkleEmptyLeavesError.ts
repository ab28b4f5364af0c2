/**
 * Thrown when a tree or a root is requested for zero leaves: a Merkle tree needs at least one leaf.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleEmptyLeavesError extends Error {
  override name = "MerkleEmptyLeavesError" as const;

  constructor() {
    super("Cannot build a Merkle tree from an empty leaf set: pass at least one 32-byte leaf.");
  }
}
