import { AbiCoder, keccak256 } from "ethers";
import type { Address, Hash } from "viem";

/**
 * A model id computed offline by an independent implementation (ethers' ABI coder and keccak, not viem's, which
 * `computeModelId` uses): `keccak256(abi.encode(publisher, name, version))`, as PROTOCOL §2 specifies.
 */
export function modelIdOf(parameters: { publisher: Address; name: string; version: string }): Hash {
  const { publisher, name, version } = parameters;
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "string", "string"], [publisher, name, version])) as Hash;
}
