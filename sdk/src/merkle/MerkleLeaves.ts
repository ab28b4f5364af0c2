import type { Hex } from "viem";

/**
 * Leaves as the tree functions accept them: 32-byte hex values, or one flat buffer of 32-byte leaves
 * (leaf `i` at bytes `[32 i, 32 i + 32)`), which skips hex parsing on large batches.
 */
export type MerkleLeaves = readonly Hex[] | Uint8Array;
