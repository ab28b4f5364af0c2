import { type Hash, encodeAbiParameters, keccak256, stringToBytes } from "viem";
import type { Output } from "../types/Output.js";

/** `keccak256("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)")`. */
export const outputTypeHash: Hash = keccak256(
  stringToBytes("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)"),
);

const outputStructParameters = [
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "uint64" },
] as const;

/**
 * The EIP-712 `hashStruct` of an output. Twin of `OutputHashing.hashStruct` in Solidity.
 *
 * @example
 * const structHash = hashOutputStruct({ modelId, requestHash: zeroHash, responseHash, timestamp: 1767225600n })
 */
export function hashOutputStruct(output: Output): Hash {
  return keccak256(
    encodeAbiParameters(outputStructParameters, [
      outputTypeHash,
      output.modelId,
      output.requestHash,
      output.responseHash,
      output.timestamp,
    ]),
  );
}
