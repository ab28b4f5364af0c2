import { nodeSize } from "./nodeSize.js";

/**
 * Compares two 32-byte nodes as unsigned big-endian numbers (the order OpenZeppelin and Solidity use),
 * given their byte offsets in `bytes`. Returns a negative number, zero or a positive number.
 */
export function compareNodes(bytes: Uint8Array, a: number, b: number): number {
  for (let i = 0; i < nodeSize; i++) {
    const d = bytes[a + i]! - bytes[b + i]!;
    if (d !== 0) return d;
  }
  return 0;
}
