import type { Address, Hash } from "viem";
import { getBlock } from "viem/actions";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { type KeyRole, keyRoles } from "../types/KeyRole.js";
import { readChain } from "./internal/readChain.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

export type RevokeKeyParameters = {
  contract: Address;
  key: Address;
  /**
   * The first unix second at which the key is no longer valid. It may lie in the past (a compromised key:
   * everything it signed or anchored since is void). Default: the latest block's time, the chain's "now".
   */
  effectiveAt?: bigint | undefined;
  confirmations?: number | undefined;
};

export type RevokeKeyReturnType = {
  publisher: Address;
  key: Address;
  role: KeyRole;
  /** The key's window is now `[validFrom, validUntil)`. */
  validUntil: bigint;
  txHash: Hash;
  blockNumber: bigint;
};

export type RevokeKeyErrorType = AttestTransactionError | ChainReadError;

/**
 * Closes the validity window of one of the client's (the publisher's) keys at `effectiveAt`.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `ModelRegistryNotPublisherKey(publisher, key)` or `ModelRegistryInvalidRevocation(…)`.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * // the signer key leaked at 2026-11-02T08:00Z: void everything it signed since
 * await revokeKey(publisherWallet, { contract, key: leakedSigner, effectiveAt: 1793606400n })
 */
export async function revokeKey(
  client: AttestWalletClient,
  { contract, key, effectiveAt, confirmations }: RevokeKeyParameters,
): Promise<RevokeKeyReturnType> {
  const action = "revokeKey";
  const until = effectiveAt ?? (await readChain(action, async () => (await getBlock(client)).timestamp));
  const { txHash, receipt, events } = await writeAttest(client, { contract, functionName: action, args: [key, until], confirmations });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "KeyRevoked" });
  return { publisher: args.publisher, key: args.key, role: keyRoles[args.role] ?? "none", validUntil: args.validUntil, txHash, blockNumber: receipt.blockNumber };
}
