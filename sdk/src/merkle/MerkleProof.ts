import type { Hex } from "viem";

/**
 * A proof as the verification functions accept it: 32-byte sibling nodes from the leaf up to the root, as hex
 * values or as one flat buffer (element `i` at bytes `[32 i, 32 i + 32)`).
 */
export type MerkleProof = readonly Hex[] | Uint8Array;
