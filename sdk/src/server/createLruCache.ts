/** A least-recently-used cache bounded by the total size of its values. */
export type LruCache<value> = {
  get(key: number): value | undefined;
  set(key: number, value: value, size: number): void;
  delete(key: number): void;
  readonly size: number;
};

/**
 * An LRU cache holding at most `maxBytes` (sizes as `set` reports them). A `Map` keeps insertion order, so
 * re-inserting on a hit makes the first key the least recently used: O(1) get, set and eviction.
 *
 * @example
 * const cache = createLruCache<Uint8Array>({ maxBytes: 64 * 1024 * 1024 })
 * cache.set(42, body, body.length)
 */
export function createLruCache<value>({ maxBytes }: { maxBytes: number }): LruCache<value> {
  const entries = new Map<number, { value: value; size: number }>();
  let bytes = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, size) {
      if (size > maxBytes) return;
      const old = entries.get(key);
      if (old) {
        bytes -= old.size;
        entries.delete(key);
      }
      entries.set(key, { value, size });
      bytes += size;
      for (const [oldest, entry] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= entry.size;
      }
    },
    delete(key) {
      const entry = entries.get(key);
      if (entry === undefined) return;
      entries.delete(key);
      bytes -= entry.size;
    },
    get size() {
      return entries.size;
    },
  };
}
