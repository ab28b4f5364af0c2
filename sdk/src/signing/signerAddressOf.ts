import type { Account, Address, Chain, LocalAccount, Transport, WalletClient } from "viem";
import { isWalletClientSigner } from "./isWalletClientSigner.js";

/**
 * The address a signer signs as: a local account's own, or a WalletClient's account's.
 *
 * @example
 * const signer = signerAddressOf(privateKeyToAccount(key))
 */
export function signerAddressOf(signer: LocalAccount | WalletClient<Transport, Chain | undefined, Account>): Address {
  return isWalletClientSigner(signer) ? signer.account.address : signer.address;
}
