import type { Account, Chain, LocalAccount, Transport, WalletClient } from "viem";

/**
 * True for a signer that is a WalletClient (it signs over its transport, `eth_signTypedData_v4`), false for a
 * local account (a viem Account or the ethers adapter's).
 *
 * @example
 * const address = isWalletClientSigner(signer) ? signer.account.address : signer.address
 */
export function isWalletClientSigner(
  signer: LocalAccount | WalletClient<Transport, Chain | undefined, Account>,
): signer is WalletClient<Transport, Chain | undefined, Account> {
  return "transport" in signer;
}
