import { type Hash, bytesToHex, hexToBytes } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { getMerkleHasher } from "./loadMerkleHasher.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

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
  if (typeof digest !== "string" || !bytes32Pattern.test(digest)) {
    throw new InvalidArgumentError({ argument: "digest", expected: "32 bytes of 0x-hex", received: String(digest) });
  }
  return bytesToHex(getMerkleHasher()(hexToBytes(digest))) as Hash;
}
