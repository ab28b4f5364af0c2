import type { Client } from "viem";
import { getChainTime } from "../actions/getChainTime.js";
import { listKeys } from "../actions/listKeys.js";
import type { AttestConfig } from "../config/AttestConfig.js";
import { connectChain } from "../config/connectChain.js";
import { requireSetting } from "../config/requireSetting.js";
import { BaseError } from "../errors/BaseError.js";
import type { StoreDeployment } from "../store/Store.js";
import type { CommandContext } from "./CommandContext.js";
import { type KeyListEntry, keyStateAt } from "./commands/keyList.js";

/** The keys and the chain's time, with the client they were read through (for more reads of the same chain); or why not. */
export type PublisherKeys = { keys: KeyListEntry[]; chainTime: bigint; client: Client } | { keys: null; unread: string };

/**
 * The keys of the store's publisher on its contract, with their windows, for `aiattest status`: never throws, since
 * the chain is the optional part of the status. Without an RPC, with the chain down or serving another chain, it
 * returns why the keys were not read.
 *
 * @example
 * const read = await readPublisherKeys({ config, context, deployment })
 * if (read.keys === null) console.log(`keys not read: ${read.unread}`)
 */
export async function readPublisherKeys({ config, context, deployment }: { config: AttestConfig; context: CommandContext; deployment: StoreDeployment | null }): Promise<PublisherKeys> {
  if (deployment === null) return { keys: null, unread: "the store has no deployment yet (nothing recorded)" };
  if (!context.transport && config.entries.rpcUrl === undefined) return { keys: null, unread: "no RPC configured (AIATTEST_RPC_URL or --rpc)" };
  try {
    const { chain, publicClient } = await connectChain(config, { transport: context.transport });
    if (chain.id !== deployment.chainId) return { keys: null, unread: `the RPC serves chain ${chain.id}, the store's records are for chain ${deployment.chainId}` };
    const [keys, chainTime] = await Promise.all([
      listKeys(publicClient, { contract: deployment.contract, publisher: deployment.publisher, logRange: requireSetting(config, "logRange") }),
      getChainTime(publicClient),
    ]);
    return { keys: keys.map((key) => ({ ...key, state: keyStateAt(key, chainTime) })), chainTime, client: publicClient };
  } catch (error) {
    return { keys: null, unread: error instanceof BaseError ? error.shortMessage : "the chain could not be read" };
  }
}
