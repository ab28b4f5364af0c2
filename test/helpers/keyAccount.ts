import type { Address, Hex, LocalAccount, TypedDataDefinition } from "viem";
import type { WalletClient } from "@nomicfoundation/hardhat-viem/types";

/** An address that can sign EIP-712 data: a local private key or one of Hardhat's node-managed accounts. */
export type KeyAccount = {
  address: Address;
  signTypedData: (typedData: TypedDataDefinition) => Promise<Hex>;
};

/** A {@link KeyAccount} over a local account (a hot signer key that never sends transactions). */
export function localKeyAccount(account: LocalAccount): KeyAccount {
  return { address: account.address, signTypedData: (typedData) => account.signTypedData(typedData) };
}

/** A {@link KeyAccount} over a Hardhat wallet client (signs through `eth_signTypedData_v4`). */
export function walletKeyAccount(wallet: WalletClient): KeyAccount {
  return {
    address: wallet.account.address,
    signTypedData: (typedData) => wallet.signTypedData({ account: wallet.account, ...typedData }),
  };
}
