import type { Hash } from "viem";

/**
 * One AI output as signed and anchored: the EIP-712 struct
 * `Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)`.
 */
export type Output = {
  modelId: Hash;
  /** `keccak256(requestSalt ‖ request bytes)`, or zero when the request is not committed. */
  requestHash: Hash;
  /** `keccak256(responseSalt ‖ response bytes)`. */
  responseHash: Hash;
  /** Unix seconds the signer claims the output was produced (uint64). */
  timestamp: bigint;
};
