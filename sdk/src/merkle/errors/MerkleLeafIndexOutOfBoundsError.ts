/**
 * Thrown when a leaf index (tree order) or an input index is not an integer in `[0, leafCount)`.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleLeafIndexOutOfBoundsError extends Error {
  override name = "MerkleLeafIndexOutOfBoundsError" as const;
  readonly index: number;
  readonly leafCount: number;

  constructor({ index, leafCount, kind = "leaf" }: { index: number; leafCount: number; kind?: "leaf" | "input" }) {
    super(`${kind === "leaf" ? "Leaf" : "Input"} index ${index} is out of bounds: the tree has ${leafCount} leaves (valid indices 0 to ${leafCount - 1}).`);
    this.index = index;
    this.leafCount = leafCount;
  }
}
