import { getBlockNumber } from "viem/actions";
import { getBatch } from "../../actions/getBatch.js";
import type { AnchorContext } from "./AnchorContext.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Re-checks batches anchored in the last `window` blocks (or above the head, after a rollback): one the chain
 * no longer holds was reorged out, and goes back to `built` to be re-sent with the same root.
 */
export async function checkReorgs(context: AnchorContext, { window }: { window: number }): Promise<number> {
  const { client, store, deployment } = context;
  try {
    const head = Number(await getBlockNumber(client, { cacheTime: 0 }));
    let reopened = 0;
    for (const batch of await store.getAnchoredBatchesSince(Math.max(0, head - window))) {
      const onChain = await getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root: batch.root });
      if (onChain && Number(onChain.anchoredAt) === batch.anchoredAt) continue;
      await store.reopenBatch(batch.id);
      context.onStep?.({ step: "reopened", batchId: batch.id, reason: onChain ? "re-anchored at another time" : "anchor reorged out" });
      reopened++;
    }
    return reopened;
  } catch (error) {
    throw toAnchorRunError("reorg-check", error, "re-checking recent anchors");
  }
}
