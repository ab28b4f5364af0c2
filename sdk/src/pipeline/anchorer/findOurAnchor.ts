import type { Hash } from "viem";
import { getBlock } from "viem/actions";
import { findTransactionReceipt } from "../../actions/findTransactionReceipt.js";
import type { GetBatchReturnType } from "../../actions/getBatch.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { findBatchAnchoredEvent } from "./findBatchAnchoredEvent.js";

/**
 * The transaction, among every one this anchorer sent for `batch` (the store keeps them all across re-sends),
 * that made the anchor the chain holds, or null if none did. Matching by transaction, not by anchorer address:
 * a stolen copy of this very key anchoring our root with another manifest URI is not our anchor, and adopting
 * it would make every bundle of the batch name a transaction and manifest the lab never published.
 */
export async function findOurAnchor(context: AnchorContext, batch: StoredBatch, onChain: NonNullable<GetBatchReturnType>): Promise<Hash | null> {
  const { client, store, deployment } = context;
  for (const hash of await store.getBatchTransactions(batch.id)) {
    const receipt = await findTransactionReceipt(client, { hash });
    if (receipt?.status !== "success") continue;
    const event = findBatchAnchoredEvent({ logs: receipt.logs, deployment, root: batch.root });
    if (event?.args.anchorer !== onChain.anchorer) continue;
    // the stored batch is this anchor, not an earlier (void) one of ours that another anchor has replaced
    const block = await getBlock(client, { blockNumber: receipt.blockNumber });
    if (block.timestamp === onChain.anchoredAt) return hash;
  }
  return null;
}
