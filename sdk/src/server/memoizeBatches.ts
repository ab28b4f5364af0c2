import type { Store, StoreGeneration, StoredBatch } from "../store/Store.js";

/** Batches kept for one generation at most; past that the memo starts again (a store has far fewer in use). */
const maxMemoizedBatches = 4_096;

/**
 * A store's batches, kept while its generation (`Store.getGeneration`) stays the one they were read at: the proof
 * server builds every bundle of a quiet store from one read of its batch. A batch is read after the caller read
 * `generation`, so it is never older than the generation it is kept under; any commit since moves the store to
 * another generation, and the first caller to bring it drops them all. A caller with no generation (a store
 * without them) reads the batch every time.
 *
 * @example
 * const batch = memoizeBatches(store)
 * const { record, generation } = await store.getRecordWithGeneration(42)
 * await batch(record.batchId, generation)
 */
export function memoizeBatches(store: Store): (batchId: number, generation: StoreGeneration | undefined) => Promise<StoredBatch | null> {
  let keptAt: StoreGeneration | undefined;
  let kept = new Map<number, StoredBatch | null>();
  return async (batchId, generation) => {
    if (generation === undefined) return store.getBatch(batchId);
    if (generation !== keptAt) {
      keptAt = generation;
      kept = new Map();
    }
    const known = kept.get(batchId);
    if (known !== undefined) return known;
    const batch = await store.getBatch(batchId);
    // another request may have brought a newer generation while this one read
    if (keptAt === generation) {
      if (kept.size >= maxMemoizedBatches) kept.clear();
      kept.set(batchId, batch);
    }
    return batch;
  };
}
