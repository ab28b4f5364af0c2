import type { GetBatchReturnType } from "../../actions/getBatch.js";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { findAnchorEvent } from "./findAnchorEvent.js";

/**
 * The error that stops a run when a valid anchor of `batch`'s root was made by a transaction this anchorer never
 * sent (a stolen key front-running it, or a stolen copy of this key): it names the key, the transaction and the
 * manifest URI, and says what to do. The contract refuses our anchor while that one is valid, and adopting it
 * would give every bundle of the batch a manifest the lab never published.
 */
export async function foreignAnchorError(context: AnchorContext, batch: StoredBatch, onChain: NonNullable<GetBatchReturnType>): Promise<AnchorRunError> {
  const { publisher } = context.deployment;
  const { anchorer, anchoredAt } = onChain;
  const event = await findAnchorEvent(context, { root: batch.root, anchoredAt });
  const txHash = event?.txHash ?? null;
  const uri = event?.uri ?? null;

  const where = `in transaction ${txHash ?? "(not found in the logs)"} at block time ${anchoredAt}, with manifest URI ${JSON.stringify(uri ?? "(unknown)")}`;
  if (anchorer === publisher) {
    return new AnchorRunError({
      step: "confirm",
      message: `The root of batch ${batch.id} (${batch.root}) is already anchored by the publisher ${publisher} itself, ${where}: a transaction this anchorer never sent. A publisher's anchor can never be voided, so this batch cannot be anchored with its own manifest.`,
      metaMessages: ["Find out who anchored with the publisher key; the batch's records stay receipts until then."],
    });
  }
  return new AnchorRunError({
    step: "confirm",
    message: `The root of batch ${batch.id} (${batch.root}) is already anchored for publisher ${publisher} by anchorer key ${anchorer}, ${where}: a transaction this anchorer never sent. That key is still a valid anchorer at that time, so the contract refuses this batch's anchor, and adopting that one would give every bundle of the batch a manifest the lab did not publish.`,
    metaMessages: [
      `If that key is stolen or misused, revoke it as compromised since the anchor's time (or earlier): aiattest key revoke ${anchorer} --compromised-since ${anchoredAt}. That anchor is then void, and the next run anchors this batch over it.`,
      ...(anchorer === context.anchorer ? [`It is this run's own anchorer key: authorize a new anchorer key and point AIATTEST_ANCHORER_KEY at it before running again.`] : []),
    ],
  });
}
