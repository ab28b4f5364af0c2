import type { Address, Client } from "viem";
import type { ChainReadError } from "../errors/ChainReadError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { readAttest } from "./readAttest.js";
import { type KeyRole, keyRoles } from "../types/KeyRole.js";


export type GetKeyParameters = { contract: Address; key: Address; blockNumber?: bigint | undefined };

export type GetKeyReturnType = {
  key: Address;
  publisher: Address;
  role: KeyRole;
  /** Unix seconds; the window is `[validFrom, validUntil)`. */
  validFrom: bigint;
  validUntil: bigint;
};

/** What `getKey` can throw: an unreachable RPC, or (a bug) a view that reverted. */
export type GetKeyErrorType = ChainReadError | InvariantError;

/**
 * Reads the part an address plays (publisher, signer or anchorer, for which publisher) and its window.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const { role, validFrom, validUntil } = await getKey(publicClient, { contract, key: signer })
 */
export async function getKey(client: Client, { contract, key, blockNumber }: GetKeyParameters): Promise<GetKeyReturnType> {
  const read = await readAttest(client, { contract, functionName: "getKey", args: [key], blockNumber });
  if (!read.ok) throw new InvariantError(`getKey reverted with ${read.errorName}`);
  const { publisher, role, validFrom, validUntil } = read.value;
  return { key, publisher, role: keyRoles[role] ?? "none", validFrom, validUntil };
}
