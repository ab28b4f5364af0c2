import type { Hex } from "viem";
import { describeBadNode } from "./internal/describeBadNode.js";
import { MerkleInvalidRootError } from "../errors/MerkleInvalidRootError.js";
import type { MerkleProof } from "./MerkleProof.js";
import { nodeSize } from "./internal/nodeSize.js";
import { processProofBytes } from "./internal/processProofBytes.js";
import { writeNode } from "./internal/writeNode.js";

export type VerifyProofParameters = {
  /** The Merkle root, as anchored on-chain. */
  root: Hex | Uint8Array;
  /** The 32-byte leaf. */
  leaf: Hex | Uint8Array;
  /** Sibling nodes from the leaf up to the root. */
  proof: MerkleProof;
};

/**
 * Checks that `proof` proves `leaf` is in the tree with root `root`, as OpenZeppelin's `MerkleProof.verify`
 * does. Pure and synchronous: uses the WebAssembly keccak once loaded (see {@link loadMerkleHasher}), viem's
 * pure-JS keccak before. Returns `false` for a wrong proof; throws only for malformed input (a root, leaf or
 * proof element that is not 32 bytes).
 *
 * @example
 * const ok = verifyProof({ root: batch.root, leaf, proof: bundle.proof });
 */
export function verifyProof({ root, leaf, proof }: VerifyProofParameters): boolean {
  const expected = new Uint8Array(nodeSize);
  if (!writeNode(root, expected, 0)) throw new MerkleInvalidRootError({ reason: describeBadNode(root) });
  const actual = processProofBytes(leaf, proof);
  for (let i = 0; i < nodeSize; i++) if (actual[i] !== expected[i]) return false;
  return true;
}
