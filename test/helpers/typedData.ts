import type { Address, TypedDataDomain } from "viem";

/** The parts an address can play in the registry, as the contract's `KeyRole` enum. */
export const KeyRole = { None: 0, Publisher: 1, Signer: 2, Anchorer: 3 } as const;
export type KeyRole = (typeof KeyRole)[keyof typeof KeyRole];

/** EIP-712 types of an output, exactly as `OutputHashing.OUTPUT_TYPEHASH` spells them. */
export const outputTypes = {
  Output: [
    { name: "modelId", type: "bytes32" },
    { name: "requestHash", type: "bytes32" },
    { name: "responseHash", type: "bytes32" },
    { name: "timestamp", type: "uint64" },
  ],
} as const;

/** EIP-712 types of a key's consent to `authorizeKey`. */
export const keyAuthorizationTypes = {
  KeyAuthorization: [
    { name: "publisher", type: "address" },
    { name: "key", type: "address" },
    { name: "role", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** The aiattest EIP-712 domain of the contract at `verifyingContract` on `chainId`. */
export function attestDomain(parameters: { chainId: number; verifyingContract: Address }): TypedDataDomain {
  return { name: "aiattest", version: "1", ...parameters };
}
