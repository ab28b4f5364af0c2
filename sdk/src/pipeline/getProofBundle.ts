import type { ProofBundle } from "../bundle/ProofBundle.js";
import { toProofBundle } from "../bundle/toProofBundle.js";
import { StoreError } from "../errors/StoreError.js";
import type { Store } from "../store/Store.js";

export type GetProofBundleParameters = { store: Store; recordId: number };

/**
 * The proof bundle of a record: anchored when its batch is, otherwise its signed-only receipt. Null when the
 * store has no such record.
 *
 * @throws {StoreError} if the store has no deployment or lacks the record's model (a corrupted store).
 * @example
 * const bundle = await getProofBundle({ store, recordId: 42 })
 */
export async function getProofBundle({ store, recordId }: GetProofBundleParameters): Promise<ProofBundle | null> {
  const record = await store.getRecord(recordId);
  if (!record) return null;
  const [deployment, model, batch] = await Promise.all([
    store.getDeployment(),
    store.getModel(record.modelId),
    record.batchId === null ? null : store.getBatch(record.batchId),
  ]);
  if (!deployment || !model) throw new StoreError(`Record ${recordId} exists but its ${deployment ? "model" : "deployment"} is not in the store.`);
  return toProofBundle({ deployment, model, record, batch });
}
