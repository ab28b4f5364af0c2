import type { Address, Hash, LocalAccount } from "viem";
import { getBlock, getChainId } from "viem/actions";
import type { ChainReadError } from "../errors/ChainReadError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { signKeyAuthorization } from "../signing/signKeyAuthorization.js";
import { keyRoleIds } from "../types/KeyRole.js";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { keyRoles } from "../types/KeyRole.js";
import { readChain } from "./internal/readChain.js";
import { readAttest } from "./readAttest.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

/** How long a key's consent signature stays valid by default: one hour, in seconds. */
export const defaultKeyConsentLifetime = 3600n;

export type AuthorizeKeyParameters = {
  contract: Address;
  /** The key to authorize. It signs its own consent, so only a key you hold can be bound to you. */
  key: LocalAccount;
  role: keyof typeof keyRoleIds;
  /** Last block time (unix seconds) at which the consent is accepted. Default: the latest block's time + 1 hour. */
  deadline?: bigint | undefined;
  confirmations?: number | undefined;
};

export type AuthorizeKeyReturnType = {
  publisher: Address;
  key: Address;
  role: "signer" | "anchorer";
  /** The window opens at the block time of authorization and has no end until revoked. */
  validFrom: bigint;
  txHash: Hash;
  blockNumber: bigint;
};

export type AuthorizeKeyErrorType = AttestTransactionError | ChainReadError | InvariantError;

/**
 * Authorizes `key` as a signer or anchorer of the client's account (the publisher). Reads the key's nonce,
 * has the key sign its EIP-712 `KeyAuthorization` consent, then sends `authorizeKey`.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `ModelRegistryAccountInUse(key, publisher, role)` for a key that ever served anyone.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const signer = privateKeyToAccount(process.env.AIATTEST_SIGNER_KEY as Hex)
 * const { validFrom } = await authorizeKey(publisherWallet, { contract, key: signer, role: "signer" })
 */
export async function authorizeKey(
  client: AttestWalletClient,
  { contract, key, role, deadline, confirmations }: AuthorizeKeyParameters,
): Promise<AuthorizeKeyReturnType> {
  const action = "authorizeKey";
  // the consent is bound to this chain, contract, publisher and the key's current nonce
  const [chainId, nonce, consentDeadline] = await Promise.all([
    client.chain?.id ?? readChain(action, () => getChainId(client)),
    readNonce(client, { contract, key: key.address }),
    deadline ?? readChain(action, async () => (await getBlock(client)).timestamp + defaultKeyConsentLifetime),
  ]);
  const signature = await signKeyAuthorization({
    key,
    domain: { chainId, contract },
    publisher: client.account.address,
    role,
    nonce,
    deadline: consentDeadline,
  });

  const { txHash, receipt, events } = await writeAttest(client, {
    contract,
    functionName: action,
    args: [key.address, keyRoleIds[role], consentDeadline, signature],
    confirmations,
  });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "KeyAuthorized" });
  const authorizedRole = keyRoles[args.role];
  if (authorizedRole !== "signer" && authorizedRole !== "anchorer") throw new InvariantError(`KeyAuthorized carried role ${args.role}`);
  return { publisher: args.publisher, key: args.key, role: authorizedRole, validFrom: args.validFrom, txHash, blockNumber: receipt.blockNumber };
}

async function readNonce(client: AttestWalletClient, { contract, key }: { contract: Address; key: Address }): Promise<bigint> {
  const read = await readAttest(client, { contract, functionName: "nonces", args: [key] });
  if (!read.ok) throw new InvariantError(`nonces reverted with ${read.errorName}`);
  return read.value;
}
