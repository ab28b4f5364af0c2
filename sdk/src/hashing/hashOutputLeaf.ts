import { type Hash, bytesToHex, hexToBytes } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { getMerkleHasher } from "../merkle/loadMerkleHasher.js";

/**
 * The Merkle leaf of an output digest: `keccak256(digest)`. Twin of `OutputHashing.leaf`.
 * A leaf hashes 32 bytes and an inner node 64, so an inner node can never pass for a leaf.
 *
 * @throws {InvalidArgumentError} if `digest` is not 32 bytes of hex.
 *
 * @example
 * const leaf = hashOutputLeaf(hashOutput({ domain, output }))
 */
export function hashOutputLeaf(digest: Hash): Hash {
  if (typeof digest !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(digest)) {
    throw new InvalidArgumentError({ argument: "digest", expected: "32 bytes of 0x-hex", received: String(digest) });
  }
  return bytesToHex(getMerkleHasher()(hexToBytes(digest))) as Hash;
}
