import type { Client } from "viem";
import { getBlock } from "viem/actions";
import { ChainReadError } from "../errors/ChainReadError.js";

export type GetChainTimeErrorType = ChainReadError;

/**
 * The chain's time now, as the next block will see it at the earliest: the `pending` block's timestamp where
 * the node builds one (a dev chain that mines on demand says about now, not the hours-old time of its last
 * block), else the latest block's. An anchor sent now lands in a block whose time is at least this.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const now = await getChainTime(publicClient)
 */
export async function getChainTime(client: Client): Promise<bigint> {
  try {
    const pending = await getBlock(client, { blockTag: "pending" }).catch(() => null);
    return (pending ?? (await getBlock(client, { blockTag: "latest" }))).timestamp;
  } catch (error) {
    throw new ChainReadError({ action: "eth_getBlockByNumber", cause: error });
  }
}
