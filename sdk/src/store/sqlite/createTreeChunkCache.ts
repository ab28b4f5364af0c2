/** Chunks of batch trees kept in memory, by batch id and chunk number, least recently used evicted first. */
export type TreeChunkCache = {
  get(batchId: number, chunk: number): Uint8Array | undefined;
  set(batchId: number, chunk: number, nodes: Uint8Array): void;
  /** Drops every chunk kept of batch `batchId` (its tree is not the one they came from: a store restored under it). */
  forget(batchId: number): void;
};

/** What a store keeps by default: 8 MiB, 256 chunks of 1,024 nodes (the top levels of every tree, and more). */
export const defaultTreeChunkCacheBytes = 8 * 1024 * 1024;

/**
 * An LRU of `batch_tree_chunks` rows, bounded by their total bytes. A batch's tree is written once with the batch
 * and never changes (batch ids are not reused within a file); a file restored from a backup under a running store
 * can hold another tree under the same id, which `readTreeProof` notices (chunk 0 begins with the root) and
 * `forget`s. Chunk 0 (the tree's top ten
 * levels) is in every proof of its batch and so stays. A `Map` keeps insertion order: re-inserting on a hit makes
 * the first key the least recently used.
 *
 * @example
 * const chunks = createTreeChunkCache({ maxBytes: defaultTreeChunkCacheBytes })
 * chunks.set(3, 0, nodes)
 */
export function createTreeChunkCache({ maxBytes }: { maxBytes: number }): TreeChunkCache {
  const entries = new Map<number | string, Uint8Array>();
  let bytes = 0;
  return {
    get(batchId, chunk) {
      const key = keyOf(batchId, chunk);
      const nodes = entries.get(key);
      if (nodes === undefined) return undefined;
      entries.delete(key);
      entries.set(key, nodes);
      return nodes;
    },
    forget(batchId) {
      for (const [key, nodes] of entries) {
        if ((typeof key === "number" ? Math.floor(key / chunkKeySpan) : Number(key.split("/")[0])) !== batchId) continue;
        entries.delete(key);
        bytes -= nodes.length;
      }
    },
    set(batchId, chunk, nodes) {
      if (nodes.length > maxBytes) return;
      const key = keyOf(batchId, chunk);
      const old = entries.get(key);
      if (old !== undefined) {
        bytes -= old.length;
        entries.delete(key);
      }
      entries.set(key, nodes);
      bytes += nodes.length;
      for (const [oldest, evicted] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= evicted.length;
      }
    },
  };
}

/** Chunks per batch that fit a numeric key: 2^24 chunks of 1,024 nodes, trees of up to 8 billion leaves. */
const chunkKeySpan = 2 ** 24;
/** Batch ids that fit a numeric key with {@link chunkKeySpan}: below 2^29, so the key stays a safe integer. */
const batchKeyLimit = 2 ** 29;

/** One number per (batch, chunk), cheaper to hash than a string; a string past the numeric range (never in practice). */
function keyOf(batchId: number, chunk: number): number | string {
  return batchId < batchKeyLimit && chunk < chunkKeySpan ? batchId * chunkKeySpan + chunk : `${batchId}/${chunk}`;
}
