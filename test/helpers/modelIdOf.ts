import { encodeAbiParameters, keccak256, type Address, type Hash } from "viem";

/** A model id computed offline: `keccak256(abi.encode(publisher, name, version))`. */
export function modelIdOf(parameters: { publisher: Address; name: string; version: string }): Hash {
  const { publisher, name, version } = parameters;
  return keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "string" }, { type: "string" }], [publisher, name, version]),
  );
}
