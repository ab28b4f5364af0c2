import { hexToBytes } from "viem";
import { StoreError } from "../errors/StoreError.js";

/**
 * A new record's leaf as the 32 bytes a store keeps: the anchorer reads pending leaves as one blob, 32 bytes a leaf,
 * so a leaf of another length would shift every leaf after it in a batch.
 *
 * @throws {StoreError} for a leaf that is not 32 bytes (nothing of the insert is kept).
 */
export function leafBytesOf(record: { leaf: `0x${string}` }): Uint8Array {
  const leaf = hexToBytes(record.leaf);
  if (leaf.length !== 32) throw new StoreError(`A record's leaf must be 32 bytes, not ${leaf.length} (${record.leaf}): nothing of this insert was kept.`);
  return leaf;
}
