import { describeBadNode } from "./describeBadNode.js";
import { MerkleEmptyLeavesError } from "../../errors/MerkleEmptyLeavesError.js";
import { MerkleInvalidLeafError } from "../../errors/MerkleInvalidLeafError.js";
import type { MerkleLeaves } from "../MerkleLeaves.js";
import { nodeSize } from "./nodeSize.js";
import { writeHexNode } from "./writeHexNode.js";

/**
 * Validates leaves and returns them as one flat buffer of 32-byte leaves whose byte offset is a multiple of 4
 * (so callers may view it as a Uint32Array). A flat input that already qualifies is returned as is, not copied.
 */
export function leavesToBytes(leaves: MerkleLeaves): Uint8Array {
  if (leaves instanceof Uint8Array) {
    if (leaves.length === 0) throw new MerkleEmptyLeavesError();
    if (leaves.length % nodeSize !== 0)
      throw new MerkleInvalidLeafError({
        index: Math.floor(leaves.length / nodeSize),
        reason: `a flat leaf buffer must be a multiple of ${nodeSize} bytes long, got ${leaves.length} bytes`,
      });
    return leaves.byteOffset % 4 === 0 ? leaves : leaves.slice();
  }
  if (!Array.isArray(leaves)) throw new MerkleInvalidLeafError({ reason: "leaves must be an array of hex values or a Uint8Array" });
  if (leaves.length === 0) throw new MerkleEmptyLeavesError();
  const bytes = new Uint8Array(leaves.length * nodeSize);
  for (let i = 0; i < leaves.length; i++) {
    const leaf: unknown = leaves[i];
    if (!writeHexNode(leaf, bytes, i * nodeSize))
      throw new MerkleInvalidLeafError({ index: i, reason: describeBadNode(leaf) });
  }
  return bytes;
}
