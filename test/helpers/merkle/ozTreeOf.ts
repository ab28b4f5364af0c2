import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

/**
 * `SimpleMerkleTree.of`, the reference implementation. Its ABI encoder builds an `Error` (with a stack trace)
 * for every assertion, even one that passes; with stack traces off it runs about a third faster.
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
