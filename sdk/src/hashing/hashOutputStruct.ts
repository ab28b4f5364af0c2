import { type Hash, bytesToHex, hexToBytes, keccak256, stringToBytes } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { getMerkleHasher } from "../merkle/loadMerkleHasher.js";
import type { Output } from "../types/Output.js";

/** `keccak256("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)")`. */
export const outputTypeHash: Hash = keccak256(
  stringToBytes("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)"),
);

const typeHashBytes = hexToBytes(outputTypeHash);
const maxUint64 = 2n ** 64n - 1n;

/**
 * The EIP-712 `hashStruct` of an output. Twin of `OutputHashing.hashStruct` in Solidity (tests pin them equal).
 *
 * @throws {InvalidArgumentError} if a hash is not 32 bytes or the timestamp does not fit in uint64.
 *
 * @example
 * const structHash = hashOutputStruct({ modelId, requestHash: zeroHash, responseHash, timestamp: 1767225600n })
 */
export function hashOutputStruct(output: Output): Hash {
  if (output.timestamp < 0n || output.timestamp > maxUint64) {
    throw new InvalidArgumentError({ argument: "timestamp", expected: "a uint64 (unix seconds)", received: String(output.timestamp) });
  }
  // abi.encode of five static words: typeHash, three bytes32, and the uint64 left-padded to 32 bytes
  const encoded = new Uint8Array(160);
  encoded.set(typeHashBytes, 0);
  encoded.set(hexToBytes(output.modelId, { size: 32 }), 32);
  encoded.set(hexToBytes(output.requestHash, { size: 32 }), 64);
  encoded.set(hexToBytes(output.responseHash, { size: 32 }), 96);
  new DataView(encoded.buffer).setBigUint64(152, output.timestamp);
  return bytesToHex(getMerkleHasher()(encoded)) as Hash;
}
