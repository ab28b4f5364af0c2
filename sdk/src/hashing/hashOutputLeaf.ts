import { type Hash, bytesToHex, hexToBytes } from "viem";
import { getMerkleHasher } from "../merkle/loadMerkleHasher.js";

/**
 * The Merkle leaf of an output digest: `keccak256(digest)`. Twin of `OutputHashing.leaf`.
 * A leaf hashes 32 bytes and an inner node 64, so an inner node can never pass for a leaf.
 *
 * @example
 * const leaf = hashOutputLeaf(hashOutput({ domain, output }))
 */
export function hashOutputLeaf(digest: Hash): Hash {
  return bytesToHex(getMerkleHasher()(hexToBytes(digest, { size: 32 }))) as Hash;
}
