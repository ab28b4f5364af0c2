import { MerkleLeafIndexOutOfBoundsError } from "../../errors/MerkleLeafIndexOutOfBoundsError.js";

/**
 * Throws `MerkleLeafIndexOutOfBoundsError` unless `index` is an integer in `[0, leafCount)`; `kind` says
 * whether it is a leaf index (tree order) or an input index, for the message.
 */
export function assertLeafIndex({ index, leafCount, kind }: { index: number; leafCount: number; kind: "leaf" | "input" }): void {
  if (!Number.isInteger(index) || index < 0 || index >= leafCount)
    throw new MerkleLeafIndexOutOfBoundsError({ index, leafCount, kind });
}
