import { getModel } from "../../actions/getModel.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";

/**
 * Takes out of `batch` the members whose model was retired at or before the time they claim: before a batch is
 * signed and sent (a batch built by an earlier run, or reopened, may hold outputs of a model retired since, or
 * signed from cached facts during a chain outage), and once it is mined, before it is marked anchored (a
 * retirement mined while the anchor was on its way). Such members never verify, whatever the anchor
 * (`model-retired`): they leave the batch (its root, tree and count stay: the tree keeps every leaf) and are pending
 * again, where `screenPendingModels` keeps them out of every later batch and reports them, so they are never
 * anchored in a loop nor shown as anchored. Their model joins `context.retiredModels`, and each is reported, one
 * `void-retired-members` step per model. Returns the ids taken out. One model read per distinct model of the batch;
 * once mined, one at the anchor's `blockNumber` and, if the model was not retired there, one at the latest block.
 *
 * @throws {ChainReadError} when the chain cannot be read (the caller wraps it for its step).
 * @example
 * const voided = await detachRetiredMembers(context, { batch })
 */
export async function detachRetiredMembers(
  context: AnchorContext,
  { batch, anchoredAt, blockNumber }: { batch: StoredBatch; anchoredAt?: number | undefined; blockNumber?: bigint | undefined },
): Promise<number[]> {
  const { client, store, deployment } = context;
  const voided: number[] = [];
  for (const { modelId } of await store.countBatchMembersByModel(batch.id)) {
    // once mined, read at the anchor's block first: an RPC answering `latest` from a block below it (a lagging or
    // load-balanced node) could miss a retirement mined before the anchor. Not retired there, read `latest` too: a
    // retirement mined after the anchor in the same second voids members claiming that second
    const pinned = blockNumber === undefined ? undefined : await getModel(client, { contract: deployment.contract, modelId, blockNumber });
    const model = pinned !== undefined && pinned !== null && pinned.retiredAt !== 0n ? pinned : await getModel(client, { contract: deployment.contract, modelId });
    if (!model || model.retiredAt === 0n) continue;
    const retired = { modelId, retiredAt: model.retiredAt };
    context.retiredModels.set(modelId, retired);
    const recordIds = await store.detachRetiredBatchMembers({ batchId: batch.id, models: [retired] });
    if (recordIds.length === 0) continue;
    voided.push(...recordIds);
    context.onStep?.({ step: "void-retired-members", batchId: batch.id, modelId, retiredAt: Number(model.retiredAt), recordIds, anchoredAt: anchoredAt ?? null });
  }
  return voided.sort((a, b) => a - b);
}
