import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

/**
 * `SimpleMerkleTree.of`, the reference implementation. Its ABI encoder builds an `Error` (with a stack trace)
 * for every assertion even when it passes, which triples its run time; with stack traces off it is fast
 * enough to check every size from 1 to 1,000.
 */
export function ozTreeOf(leaves: readonly Hex[], options: { sortLeaves: boolean }): SimpleMerkleTree {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return SimpleMerkleTree.of(leaves as Hex[], options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
