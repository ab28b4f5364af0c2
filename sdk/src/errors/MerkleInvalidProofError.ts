import { BaseError } from "./BaseError.js";
/**
 * Thrown when a proof is malformed: an element is not a 32-byte value, or a flat proof's length is not a
 * multiple of 32 bytes. A well-formed proof that does not lead to the root is not an error: verification
 * returns `false`.
 */
export class MerkleInvalidProofError extends BaseError {
  override name = "MerkleInvalidProofError" as const;
  /** Position of the bad element in the proof, when one element is at fault. */
  readonly index: number | undefined;

  constructor({ index, reason }: { index?: number | undefined; reason: string }) {
    super(`${index === undefined ? "Proof" : `Proof element ${index}`} is malformed: ${reason}.`);
    this.index = index;
  }
}
