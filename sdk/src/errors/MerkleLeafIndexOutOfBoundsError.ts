import { BaseError } from "./BaseError.js";
/**
 * Thrown when a leaf index (tree order) or an input index is not an integer in `[0, leafCount)`.
 */
export class MerkleLeafIndexOutOfBoundsError extends BaseError {
  override name = "MerkleLeafIndexOutOfBoundsError" as const;
  readonly index: number;
  readonly leafCount: number;

  constructor({ index, leafCount, kind = "leaf" }: { index: number; leafCount: number; kind?: "leaf" | "input" }) {
    super(`${kind === "leaf" ? "Leaf" : "Input"} index ${index} is out of bounds: the tree has ${leafCount} leaves (valid indices 0 to ${leafCount - 1}).`);
    this.index = index;
    this.leafCount = leafCount;
  }
}
