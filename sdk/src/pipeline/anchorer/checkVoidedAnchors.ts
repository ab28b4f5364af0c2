import type { Address } from "viem";
import { type GetKeyReturnType, getKey } from "../../actions/getKey.js";
import type { AnchorContext } from "./AnchorContext.js";
import { isAnchorValid } from "./isAnchorValid.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Re-checks the anchored batches for anchors voided since: their anchorer key revoked with an effectiveAt at
 * or before their `anchoredAt` (a stolen key is revoked back to its theft, voiding what it anchored since).
 * Such a batch goes back to `built`, and the run anchors the same root again (the contract accepts an anchor
 * over a void one); its records' bundles then carry the new anchor. Before it is sent again, its members whose
 * signer's window no longer covers the new anchor's time leave it and are reported (`detachVoidMembers`); a batch
 * with no member left is not anchored again. The publisher's own anchors can never be
 * voided and cost no read.
 *
 * How far back: every anchored batch, since a revocation can reach back to any time. The store read is one
 * row per batch, but the chain reads are one `getKey` per distinct anchorer key (usually one or two): a batch
 * is void exactly when its `anchoredAt` lies outside its anchorer's window, and a key's window is one read.
 */
export async function checkVoidedAnchors(context: AnchorContext): Promise<number> {
  const { client, store, deployment } = context;
  try {
    const keys = new Map<Address, GetKeyReturnType>();
    let reopened = 0;
    for (const batch of await store.getAnchoredBatches()) {
      const anchorer = batch.anchorer!;
      let key = keys.get(anchorer) ?? null;
      if (anchorer !== deployment.publisher && !key) {
        key = await getKey(client, { contract: deployment.contract, key: anchorer });
        keys.set(anchorer, key);
      }
      if (isAnchorValid({ publisher: deployment.publisher, anchorer, anchoredAt: BigInt(batch.anchoredAt!), key })) continue;
      // every member left it (void with its signer's window, or claimed after its anchor): no output needs this root again
      if ((await store.countBatchMembersBySigner(batch.id)).length === 0) continue;
      await store.reopenBatch(batch.id);
      context.onStep?.({ step: "reopened", batchId: batch.id, reason: `its anchor is void: anchorer ${anchorer} was revoked back to ${key?.validUntil}, at or before the anchor (${batch.anchoredAt})` });
      reopened++;
    }
    return reopened;
  } catch (error) {
    throw toAnchorRunError("void-check", error, "re-checking anchors for revoked anchorers");
  }
}
