import type { Address, Hash } from "viem";
import { getBlock, getBlockNumber, getContractEvents } from "viem/actions";
import type { AnchorContext } from "./AnchorContext.js";
import { batchAnchoredFilter } from "./batchAnchoredFilter.js";

export type AnchorEvent = { txHash: Hash; blockNumber: number; uri: string; anchorer: Address };

/**
 * The `BatchAnchored` event that made the chain's anchor of `root` for the deployment's publisher, found from
 * the anchor's own time: a binary search for the blocks with that timestamp (about log2(head) block reads),
 * then one log query over just those blocks. Never a scan from `earliest`, which RPCs that limit log ranges
 * refuse. Null when no such event is found there.
 */
export async function findAnchorEvent(context: Pick<AnchorContext, "client" | "deployment">, { root, anchoredAt }: { root: Hash; anchoredAt: bigint }): Promise<AnchorEvent | null> {
  const { client, deployment } = context;
  const head = await getBlockNumber(client, { cacheTime: 0 });
  const timeOf = async (blockNumber: bigint) => (await getBlock(client, { blockNumber })).timestamp;
  // the first block at or after anchoredAt
  let low = 0n;
  let high = head;
  if ((await timeOf(high)) < anchoredAt) return null;
  while (low < high) {
    const middle = (low + high) / 2n;
    if ((await timeOf(middle)) < anchoredAt) low = middle + 1n;
    else high = middle;
  }
  // chains with sub-second blocks give several blocks one timestamp: take them all
  let last = low;
  while (last < head && (await timeOf(last + 1n)) === anchoredAt) last++;
  const logs = await getContractEvents(client, {
    ...batchAnchoredFilter({ deployment, root }),
    address: deployment.contract,
    fromBlock: low,
    toBlock: last,
    strict: true,
  });
  const log = logs.at(-1);
  return log ? { txHash: log.transactionHash, blockNumber: Number(log.blockNumber), uri: log.args.uri, anchorer: log.args.anchorer } : null;
}
