import { type Hash, bytesToHex, hexToBytes, keccak256, stringToBytes } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { getMerkleHasher } from "./loadMerkleHasher.js";
import type { Output } from "../types/Output.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

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
  if (typeof output.timestamp !== "bigint" || output.timestamp < 0n || output.timestamp > maxUint64) {
    throw new InvalidArgumentError({ argument: "timestamp", expected: "a uint64 (unix seconds)", received: String(output.timestamp) });
  }
  // abi.encode of five static words: typeHash, three bytes32, and the uint64 left-padded to 32 bytes
  const encoded = new Uint8Array(160);
  encoded.set(typeHashBytes, 0);
  encoded.set(bytes32Of("modelId", output.modelId), 32);
  encoded.set(bytes32Of("requestHash", output.requestHash), 64);
  encoded.set(bytes32Of("responseHash", output.responseHash), 96);
  new DataView(encoded.buffer).setBigUint64(152, output.timestamp);
  return bytesToHex(getMerkleHasher()(encoded)) as Hash;
}

/** A bytes32 field as bytes; a shorter or longer value is refused rather than padded (it would hash as another). */
function bytes32Of(argument: string, value: Hash): Uint8Array {
  if (typeof value !== "string" || !bytes32Pattern.test(value)) {
    throw new InvalidArgumentError({ argument, expected: "32 bytes of 0x-hex", received: String(value) });
  }
  return hexToBytes(value);
}
