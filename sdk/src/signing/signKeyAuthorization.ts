import type { Address, Hex } from "viem";
import { getAttestTypedDataDomain } from "../hashing/getAttestTypedDataDomain.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { OutputSigner } from "./signOutput.js";
import { keyRoleIds } from "../types/KeyRole.js";
import { isWalletClientSigner } from "./isWalletClientSigner.js";
import { signerAddressOf } from "./signerAddressOf.js";

/** The EIP-712 types of a key's consent to serve a publisher (`ModelRegistry.KEY_AUTHORIZATION_TYPEHASH`). */
export const keyAuthorizationTypes = {
  KeyAuthorization: [
    { name: "publisher", type: "address" },
    { name: "key", type: "address" },
    { name: "role", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;


export type SignKeyAuthorizationParameters = {
  /** The key itself: it consents, so nobody can bind a key they do not hold. */
  key: OutputSigner;
  domain: AttestDomain;
  publisher: Address;
  role: keyof typeof keyRoleIds;
  /** `nonces(key)` on the contract. */
  nonce: bigint;
  /** Unix seconds after which the consent expires. */
  deadline: bigint;
};

/**
 * The key's EIP-712 consent signature that `authorizeKey` requires.
 *
 * @example
 * const signature = await signKeyAuthorization({ key: hotKey, domain, publisher, role: "signer", nonce: 0n, deadline })
 */
export async function signKeyAuthorization({ key, domain, publisher, role, nonce, deadline }: SignKeyAuthorizationParameters): Promise<Hex> {
  const typedData = {
    domain: getAttestTypedDataDomain(domain),
    types: keyAuthorizationTypes,
    primaryType: "KeyAuthorization",
    message: { publisher, key: signerAddressOf(key), role: keyRoleIds[role], nonce, deadline },
  } as const;
  if (isWalletClientSigner(key)) return key.signTypedData({ ...typedData, account: key.account });
  return key.signTypedData(typedData);
}
