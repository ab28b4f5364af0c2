import { getKey } from "../../actions/getKey.js";
import type { AnchorContext } from "./AnchorContext.js";
import { judgeSignerWindow } from "./judgeSignerWindow.js";
import { readAnchorTimeRange } from "./readAnchorTimeRange.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/** How many ids of void records a run reports (the counts are always whole). */
export const reportedIdsLimit = 100;

export type ScreenPendingSignersReturnType = {
  /** Pending records whose signer's window closed (or that no signer key of the publisher signed): void for good. */
  voidSigned: number;
  /** Pending records whose signer's window closes before an anchor sent now is sure to be mined: not batched. */
  closing: number;
  /** The first ids of both, in id order. */
  recordIds: number[];
};

/**
 * Reads the window of each key with pending records against the time an anchor sent now can land
 * ({@link readAnchorTimeRange}), and keeps out of this run's batches the records it cannot make verify: their
 * signers join `context.excludedSigners`, and each is reported, one step per key. A record whose signer's window
 * closed is void for good (anchor times only move later): it stays pending, is never anchored (no gas spent on
 * it, no bundle shown as anchored) and is reported by every run and by `aiattest status`. A record whose signer's
 * window closes within the margin stays pending too: the anchor could land after it; the next run finds it void,
 * or (a window extended by no one: windows only shrink) never valid again. One key read per distinct signer.
 *
 * @throws {AnchorRunError} when the chain cannot be read.
 * @example
 * const { voidSigned, closing } = await screenPendingSigners(context)
 */
export async function screenPendingSigners(context: AnchorContext): Promise<ScreenPendingSignersReturnType> {
  const { client, store, deployment } = context;
  try {
    const pending = await store.countPendingBySigner();
    if (pending.length === 0) return { voidSigned: 0, closing: 0, recordIds: [] };
    const range = await readAnchorTimeRange(context);
    let voidSigned = 0;
    let closing = 0;
    for (const { signer, count } of pending) {
      const key = await getKey(client, { contract: deployment.contract, key: signer });
      const { verdict, validUntil } = judgeSignerWindow({ key, publisher: deployment.publisher, range });
      if (verdict === "valid") continue;
      context.excludedSigners.add(signer);
      const recordIds = await store.listPendingIdsBySigners({ signers: [signer], limit: reportedIdsLimit });
      if (verdict === "closing") {
        closing += count;
        context.onStep?.({ step: "signer-closing", signer, count, validUntil: Number(validUntil), recordIds, latestAnchorTime: Number(range.latest) });
      } else {
        voidSigned += count;
        context.onStep?.({ step: "void-signed", signer, count, validUntil: validUntil === null ? null : Number(validUntil), recordIds });
      }
    }
    const recordIds = context.excludedSigners.size === 0 ? [] : await store.listPendingIdsBySigners({ signers: [...context.excludedSigners], limit: reportedIdsLimit });
    return { voidSigned, closing, recordIds };
  } catch (error) {
    throw toAnchorRunError("void-check", error, "reading the windows of the pending records' signer keys");
  }
}
