import type { Hex, TypedDataDomain } from "viem";
import type { KeyAccount } from "./keyAccount.js";
import type { Output } from "./outputs.js";
import { outputTypes } from "./typedData.js";

/** A signer key's 65-byte EIP-712 signature over `output` under `domain`. */
export function signOutput(parameters: { signer: KeyAccount; domain: TypedDataDomain; output: Output }): Promise<Hex> {
  const { signer, domain, output } = parameters;
  return signer.signTypedData({ domain, types: outputTypes, primaryType: "Output", message: output });
}
