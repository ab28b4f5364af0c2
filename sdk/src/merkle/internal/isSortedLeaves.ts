import { compareNodes } from "./compareNodes.js";
import { nodeSize } from "./nodeSize.js";

/** Whether `count` flat 32-byte leaves are in ascending (non-decreasing) big-endian order. */
export function isSortedLeaves(bytes: Uint8Array, count: number): boolean {
  for (let o = nodeSize, end = count * nodeSize; o < end; o += nodeSize)
    if (compareNodes(bytes, o - nodeSize, o) > 0) return false;
  return true;
}
