import type { Client } from "viem";
import { getBlock, getBlockNumber } from "viem/actions";
import { findTransactionReceipt } from "../../actions/findTransactionReceipt.js";
import type { AnchorContext } from "./AnchorContext.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Re-checks every anchored batch that is not final yet, however far back it was anchored (a run an hour after
 * a reorg still sees it): the batch's own transaction must still have its receipt in the very block stored (by
 * hash: a re-mined transaction can land at the same number, even at the same time, in another block). One that
 * does is marked final once that block is final; one that does not goes back to `sent` with the same signed
 * transaction, and the run re-reads its receipt (re-mined elsewhere: block and time updated in place) or
 * re-broadcasts it (reorged out). No log scan is needed: the batch keeps its transaction hash.
 *
 * Final means at or below the chain's `finalized` block, or, with `finalityDepth`, at least that many blocks
 * below the head (for chains without a `finalized` tag, or to be stricter than it).
 */
export async function checkReorgs(context: AnchorContext, { finalityDepth }: { finalityDepth?: number | undefined }): Promise<number> {
  const { client, store } = context;
  try {
    const batches = await store.getUnfinalizedBatches();
    if (batches.length === 0) return 0;
    const finalized = await finalizedBlockNumber(client, finalityDepth).catch((error: unknown) => {
      throw toAnchorRunError("reorg-check", error, finalityDepth === undefined ? "reading the chain's `finalized` block (an RPC that does not serve it needs AIATTEST_FINALITY_DEPTH)" : "reading the head block");
    });
    let reopened = 0;
    for (const batch of batches) {
      const receipt = await findTransactionReceipt(client, { hash: batch.txHash! });
      if (receipt?.status === "success" && batch.blockHash === null && Number(receipt.blockNumber) === batch.blockNumber) {
        // anchored by a version that kept no block hash: take this one's, then judge it like any other
        await store.markBatchAnchored({ batchId: batch.id, txHash: batch.txHash!, blockNumber: batch.blockNumber, blockHash: receipt.blockHash, anchoredAt: batch.anchoredAt!, anchorer: batch.anchorer! });
        batch.blockHash = receipt.blockHash;
      }
      if (receipt?.status === "success" && receipt.blockHash === batch.blockHash) {
        if (batch.blockNumber! <= finalized) await store.markBatchFinal(batch.id);
        continue;
      }
      await store.reopenBatch(batch.id, { keepTransaction: true });
      const reason = receipt ? `its transaction ${batch.txHash} was re-mined in block ${receipt.blockNumber} (was ${batch.blockNumber})` : `its transaction ${batch.txHash} was reorged out of block ${batch.blockNumber}`;
      context.onStep?.({ step: "reopened", batchId: batch.id, reason });
      reopened++;
    }
    return reopened;
  } catch (error) {
    throw toAnchorRunError("reorg-check", error, "re-checking anchors that are not final yet");
  }
}

/** The highest final block: the chain's `finalized` block (never above the head), or the head minus `finalityDepth`. */
async function finalizedBlockNumber(client: Client, finalityDepth: number | undefined): Promise<number> {
  const head = Number(await getBlockNumber(client, { cacheTime: 0 }));
  if (finalityDepth !== undefined) return head - finalityDepth;
  return Math.min(head, Number((await getBlock(client, { blockTag: "finalized" })).number));
}
