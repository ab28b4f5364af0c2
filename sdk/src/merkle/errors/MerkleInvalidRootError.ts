/**
 * Thrown when a root passed for verification is not a 32-byte value.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleInvalidRootError extends Error {
  override name = "MerkleInvalidRootError" as const;

  constructor({ reason }: { reason: string }) {
    super(`Root is not a 32-byte value: ${reason}.`);
  }
}
