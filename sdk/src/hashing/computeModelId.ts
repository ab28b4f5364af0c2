import { type Address, type Hash, encodeAbiParameters, keccak256 } from "viem";

export type ComputeModelIdParameters = { publisher: Address; name: string; version: string };

/**
 * A model's id, computable offline: `keccak256(abi.encode(publisher, name, version))`. Twin of
 * `ModelRegistry.computeModelId`. Namespaced by publisher, so nobody else can take a lab's model id.
 *
 * @example
 * const modelId = computeModelId({ publisher: "0xf39F…2266", name: "gpt-lab", version: "2026-11" })
 */
export function computeModelId({ publisher, name, version }: ComputeModelIdParameters): Hash {
  return keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "string" }, { type: "string" }], [publisher, name, version]),
  );
}
