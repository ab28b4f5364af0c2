import { AnchorRunError } from "../../errors/AnchorRunError.js";
import { createMerkleTreeInParallel } from "../../merkle/createMerkleTreeInParallel.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { startManifestWrite } from "./writeManifest.js";

/**
 * Takes up to `maxBatchSize` pending records claimed at or before `chainTime` (the earliest time the anchor can
 * carry: a record claimed later would verify as `timestamp-after-anchor`, so it waits for a later run), none signed
 * by a key of `context.excludedSigners` nor of a model of `context.retiredModels` claimed since its retirement, builds
 * their tree, writes the manifest (durably, while the batch is persisted), and persists the batch (its tree kept once,
 * proofs derived on read) as `built` in one transaction. Null
 * when no such record is pending, or when they would make the root of an earlier batch again.
 */
export async function buildBatch(context: AnchorContext, { maxBatchSize, chainTime }: { maxBatchSize: number; chainTime: bigint }): Promise<StoredBatch | null> {
  const { store, deployment, manifest } = context;
  // records of a signer whose window may close before the anchor lands, or of a model retired before they claim,
  // stay out (screenPendingSigners and screenPendingModels report them)
  const { ids, leaves } = await store.getPendingLeaves({
    limit: maxBatchSize,
    maxTimestamp: chainTime,
    excludeSigners: [...context.excludedSigners],
    excludeModels: [...context.retiredModels.values()],
  });
  if (ids.length === 0) return null;

  // a large batch is hashed on two threads
  const tree = await createMerkleTreeInParallel(leaves);
  // exactly the members of an earlier batch (records that left it, claimed after its anchor's time): that root is
  // taken, so they wait until other records join them (counted as waiting)
  if (await store.getBatchByRoot(tree.root)) return null;
  // ids come in id order: the store writes members in that order
  const members = ids.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! }));
  // the manifest is written (by a worker, when large) while the batch is persisted, and is durable before this
  // returns: before the batch's anchor can be sent. A crash in between leaves a built batch without its manifest,
  // which ensureManifest writes again before sending
  const { uri: manifestUri, durable } = startManifestWrite({ tree, meta: deployment, ...manifest });
  let batch: StoredBatch;
  try {
    batch = await store.createBatch({ root: tree.root, manifestUri, tree, members });
  } catch (error) {
    // the store's error is the one to act on; a manifest of no batch is only a file
    await durable.catch(() => undefined);
    throw error;
  }
  await durable.catch((error: unknown) => {
    throw new AnchorRunError({
      step: "build",
      message: `Batch ${batch.id} is kept, but writing its manifest ${manifestUri} failed: ${(error as Error).message}`,
      cause: error,
      metaMessages: ["Make room in (or fix the permissions of) the manifest folder (AIATTEST_MANIFEST_DIR): the next `aiattest anchor` writes the manifest again before sending."],
    });
  });
  context.onStep?.({ step: "built", batchId: batch.id, root: batch.root, count: batch.count });
  return batch;
}
