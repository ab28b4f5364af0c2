import type { Address, Client, Hash } from "viem";
import type { ChainReadError } from "../errors/ChainReadError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { readAttest } from "./readAttest.js";

export type GetBatchParameters = { contract: Address; publisher: Address; root: Hash; blockNumber?: bigint | undefined };

export type GetBatchReturnType = { publisher: Address; root: Hash; anchorer: Address; anchoredAt: bigint; count: number } | null;

/** What `getBatch` can throw: an unreachable RPC, or (a bug) a view that reverted. */
export type GetBatchErrorType = ChainReadError | InvariantError;

/**
 * Reads an anchored batch of `publisher`, or null when that publisher never anchored `root`.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const batch = await getBatch(publicClient, { contract, publisher, root })
 */
export async function getBatch(client: Client, { contract, publisher, root, blockNumber }: GetBatchParameters): Promise<GetBatchReturnType> {
  const read = await readAttest(client, { contract, functionName: "getBatch", args: [publisher, root], blockNumber });
  if (!read.ok) throw new InvariantError(`getBatch reverted with ${read.errorName}`);
  if (read.value.anchoredAt === 0n) return null;
  return { publisher, root, ...read.value };
}
