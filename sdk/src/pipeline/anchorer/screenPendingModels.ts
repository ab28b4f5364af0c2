import { getModel } from "../../actions/getModel.js";
import type { AnchorContext } from "./AnchorContext.js";
import { reportedIdsLimit } from "./screenPendingSigners.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

export type ScreenPendingModelsReturnType = {
  /** Pending records of a model retired at or before the time they claim: void for good. */
  voidRetired: number;
  /** The first ids of them, in id order. */
  recordIds: number[];
};

/**
 * Reads the retirement of each model with pending records, and keeps out of this run's batches the records it
 * voids: those claimed at or after its `retiredAt` (a recorder signing from facts cached before the retirement,
 * while the chain could not be read, signs them; they verify as `model-retired` whatever the anchor). Their model
 * joins `context.retiredModels`, and each is reported, one `void-retired` step per model; they stay pending, are
 * never anchored (no gas spent on them, no bundle shown as anchored) and are reported by every run and by
 * `aiattest status`. The same model's records claimed before its retirement are batched as any other. A
 * retirement is for good and only a reorg can move its time (the records, still pending, are judged again by the next
 * run), so nothing here is "closing": a record is void or it is not.
 * One model read per distinct model. A model unknown to the registry, or of another publisher, is not judged here
 * (the recorder never signs for one).
 *
 * @throws {AnchorRunError} when the chain cannot be read.
 * @example
 * const { voidRetired } = await screenPendingModels(context)
 */
export async function screenPendingModels(context: AnchorContext): Promise<ScreenPendingModelsReturnType> {
  const { client, store, deployment } = context;
  try {
    let voidRetired = 0;
    for (const { modelId } of await store.countPendingByModel()) {
      const model = await getModel(client, { contract: deployment.contract, modelId });
      if (!model || model.retiredAt === 0n) continue;
      const retired = { modelId, retiredAt: model.retiredAt };
      context.retiredModels.set(modelId, retired);
      const count = await store.countPendingRetired(retired);
      if (count === 0) continue;
      voidRetired += count;
      const recordIds = await store.listPendingRetiredIds({ models: [retired], limit: reportedIdsLimit });
      context.onStep?.({ step: "void-retired", modelId, retiredAt: Number(model.retiredAt), count, recordIds });
    }
    const recordIds = voidRetired === 0 ? [] : await store.listPendingRetiredIds({ models: [...context.retiredModels.values()], limit: reportedIdsLimit });
    return { voidRetired, recordIds };
  } catch (error) {
    throw toAnchorRunError("void-check", error, "reading the retirement of the pending records' models");
  }
}
