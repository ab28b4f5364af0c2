import type { Hash } from "viem";
import type { Store, StoreDeployment, StoreGeneration, StoredBatch, StoredModel } from "../store/Store.js";
import type { LruCache } from "./createLruCache.js";

/** A response body ready to send again: its bytes, strong ETag and Cache-Control. */
export type CachedBody = { body: Uint8Array<ArrayBuffer>; etag: string; cacheControl: string };

/**
 * A final bundle kept in memory, with the batch and anchor it carries, and the store's generation when it was last
 * checked (undefined from a store without generations). A hit reads the store's generation: unchanged, nothing has
 * changed in the store since, and the bytes are served; otherwise it re-reads that batch (one row) and serves the
 * bytes only while it still has this root, transaction and block. Even the publisher's own final anchor
 * (`isImmutable`, which no revocation can change) is checked: a store restored from a backup under a running
 * server reuses record and batch ids for other outputs, and a record id alone would serve another output's bundle.
 */
export type CachedBundle = CachedBody & { batchId: number; root: Hash; txHash: Hash; blockHash: Hash; isImmutable: boolean; checkedAt: StoreGeneration | undefined };

/** What every route of the proof server reads: the store, the manifests folder, and caches of what never changes. */
export type ProofServerContext = {
  store: Store;
  /** Absolute path of the folder the anchorer writes `<root>.json` manifests to (AIATTEST_MANIFEST_DIR). */
  manifestDir: string;
  /** Where the server is reachable from outside, without a trailing slash: bundles carry `<publicUrl>/v1/records/<id>`. */
  publicUrl: string | undefined;
  /** Bundles of final anchors by record id, served from memory (re-checked against the batch unless immutable). */
  finalBundles: LruCache<CachedBundle>;
  /** The store's deployment: bound once, never changed. */
  deployment(): Promise<StoreDeployment>;
  /** A model by id: stored once, never changed. */
  model(modelId: Hash): Promise<StoredModel | null>;
  /**
   * A batch as the store holds it at `generation` or later: kept while the store's generation stays the same
   * (`memoizeBatches`), read every time from a store without generations (`generation` undefined).
   */
  batch(batchId: number, generation: StoreGeneration | undefined): Promise<StoredBatch | null>;
};
