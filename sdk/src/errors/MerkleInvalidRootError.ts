import { BaseError } from "./BaseError.js";
/**
 * Thrown when a root passed for verification is not a 32-byte value.
 */
export class MerkleInvalidRootError extends BaseError {
  override name = "MerkleInvalidRootError" as const;

  constructor({ reason }: { reason: string }) {
    super(`Root is not a 32-byte value: ${reason}.`);
  }
}
