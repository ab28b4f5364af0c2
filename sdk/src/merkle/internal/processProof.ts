import type { Hex } from "viem";
import type { MerkleProof } from "../MerkleProof.js";
import { nodeToHex } from "./nodeToHex.js";
import { processProofBytes } from "./processProofBytes.js";

/**
 * Computes the root a proof leads to from a leaf, hashing pairs as OpenZeppelin's `MerkleProof.processProof`
 * does (`keccak256(sort(a, b))`). The proof is valid for a tree if the result is its root. Synchronous: uses
 * the WebAssembly keccak once loaded (see {@link loadMerkleHasher}), viem's pure-JS keccak before.
 *
 * Throws `MerkleInvalidLeafError` or `MerkleInvalidProofError` when the leaf or a proof element is not
 * 32 bytes.
 *
 * @example
 * const root = processProof(leaf, bundle.proof);
 * if (root !== anchoredRoot) throw new Error("output is not in the anchored batch");
 */
export function processProof(leaf: Hex | Uint8Array, proof: MerkleProof): Hex {
  return nodeToHex(processProofBytes(leaf, proof), 0);
}
