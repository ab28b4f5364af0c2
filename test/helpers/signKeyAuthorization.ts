import type { Address, Hex, TypedDataDomain } from "viem";
import type { KeyAccount } from "./keyAccount.js";
import { keyAuthorizationTypes, type KeyRole } from "./typedData.js";

/** The key's EIP-712 consent to serve `publisher` in `role`, as `authorizeKey` checks it. */
export function signKeyAuthorization(parameters: {
  key: KeyAccount;
  domain: TypedDataDomain;
  publisher: Address;
  role: KeyRole;
  nonce: bigint;
  deadline: bigint;
}): Promise<Hex> {
  const { key, domain, publisher, role, nonce, deadline } = parameters;
  return key.signTypedData({
    domain,
    types: keyAuthorizationTypes,
    primaryType: "KeyAuthorization",
    message: { publisher, key: key.address, role, nonce, deadline },
  });
}
