import type { Address } from "viem";
import { getKey } from "../../actions/getKey.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import type { AnchorTimeRange } from "./AnchorTimeRange.js";
import { judgeSignerWindow } from "./judgeSignerWindow.js";

/**
 * Takes out of `batch` the members whose signer's window does not cover `range`, the time its anchor lands: before
 * a batch is signed and sent (the range an anchor sent now can land in: a batch built by an earlier run, or
 * reopened because a revocation voided its anchor, may hold outputs of a signer whose window has closed since),
 * and once it is anchored (its real time as both ends: a transaction stuck past a window's end). Such members
 * cannot verify with this anchor; they leave the batch (its root, tree and count stay: the tree keeps every leaf)
 * and are pending again, where `screenPendingSigners` keeps them out of every later batch and reports them, so
 * they are never anchored in a loop nor shown as anchored. Their signers join `context.excludedSigners`, and each
 * is reported, one `void-members` step per key. Returns the ids taken out. One key read per distinct signer.
 *
 * @throws {ChainReadError} when the chain cannot be read (the caller wraps it for its step).
 * @example
 * const voided = await detachVoidMembers(context, { batch, range: { earliest: anchoredAt, latest: anchoredAt } })
 */
export async function detachVoidMembers(context: AnchorContext, { batch, range, anchoredAt }: { batch: StoredBatch; range: AnchorTimeRange; anchoredAt?: number | undefined }): Promise<number[]> {
  const { client, store, deployment } = context;
  const voided: number[] = [];
  for (const { signer } of await store.countBatchMembersBySigner(batch.id)) {
    const key = await getKey(client, { contract: deployment.contract, key: signer as Address });
    const { verdict, validUntil } = judgeSignerWindow({ key, publisher: deployment.publisher, range });
    if (verdict === "valid") continue;
    const recordIds = await store.detachBatchMembers({ batchId: batch.id, signers: [signer] });
    if (recordIds.length === 0) continue;
    context.excludedSigners.add(signer);
    voided.push(...recordIds);
    context.onStep?.({ step: "void-members", batchId: batch.id, signer, validUntil: validUntil === null ? null : Number(validUntil), recordIds, anchoredAt: anchoredAt ?? null, latestAnchorTime: Number(range.latest) });
  }
  return voided.sort((a, b) => a - b);
}
