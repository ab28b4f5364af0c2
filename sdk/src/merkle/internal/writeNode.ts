import { nodeSize } from "./nodeSize.js";
import { writeHexNode } from "./writeHexNode.js";

/**
 * Writes a 32-byte node given as hex or as bytes into `target` at byte `offset`. Returns `false`, writing
 * nothing meaningful, if `value` is neither a 32-byte Uint8Array nor `0x` followed by 64 hex digits.
 */
export function writeNode(value: unknown, target: Uint8Array, offset: number): boolean {
  if (value instanceof Uint8Array) {
    if (value.length !== nodeSize) return false;
    target.set(value, offset);
    return true;
  }
  return writeHexNode(value, target, offset);
}
