import type { Account, Chain, Client, Transport } from "viem";

/**
 * A client that can send transactions from a known account: what every aiattest write needs. A viem
 * `WalletClient` with an `account` (a local key, JSON-RPC account or the ethers adapter) satisfies it, so a
 * write without an account is a type error rather than a runtime failure.
 */
export type AttestWalletClient = Client<Transport, Chain | undefined, Account>;
