import { BaseError } from "./BaseError.js";
/**
 * Thrown when a leaf is not a 32-byte value (a `0x`-prefixed string of 64 hex digits, or 32 bytes).
 */
export class MerkleInvalidLeafError extends BaseError {
  override name = "MerkleInvalidLeafError" as const;
  /** Position of the bad leaf in the input, when the input was a list. */
  readonly index: number | undefined;

  constructor({ index, reason }: { index?: number | undefined; reason: string }) {
    super(`${index === undefined ? "Leaf" : `Leaf ${index}`} is not a 32-byte value: ${reason}.`);
    this.index = index;
  }
}
