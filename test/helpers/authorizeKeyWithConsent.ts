import { maxUint256, type Hash, type TypedDataDomain } from "viem";
import type { WalletClient } from "@nomicfoundation/hardhat-viem/types";
import type { AIAttest } from "./deployAttestFixture.js";
import type { KeyAccount } from "./keyAccount.js";
import { signKeyAuthorization } from "./signKeyAuthorization.js";
import type { KeyRole } from "./typedData.js";

/**
 * Has `publisher` authorize `key` in `role`, with the key's consent signed over its current nonce.
 * Returns the transaction hash.
 */
export async function authorizeKeyWithConsent(parameters: {
  attest: AIAttest;
  domain: TypedDataDomain;
  publisher: WalletClient;
  key: KeyAccount;
  role: KeyRole;
  deadline?: bigint;
}): Promise<Hash> {
  const { attest, domain, publisher, key, role, deadline = maxUint256 } = parameters;
  const nonce = await attest.read.nonces([key.address]);
  const signature = await signKeyAuthorization({
    key,
    domain,
    publisher: publisher.account.address,
    role,
    nonce,
    deadline,
  });
  return publisher.writeContract({
    address: attest.address,
    abi: attest.abi,
    functionName: "authorizeKey",
    args: [key.address, role, deadline, signature],
  });
}
