import type { Hash } from "viem";
import type { Store } from "../../store/Store.js";

/** Milliseconds the ingestion API trusts its copy of the token table: a revocation takes effect within this. */
export const defaultTokenTtlMs = 5_000;

export type TokenCache = {
  /** The name of the live (not revoked) token with this hash, or null. */
  nameOf(tokenHash: Hash): Promise<string | null>;
};

/**
 * The store's token table, re-read when older than `ttlMs` (one read shared by the requests that find it stale):
 * every request is checked against it, and `aiattest token revoke` takes effect within `ttlMs` without a store read
 * per request.
 *
 * @example
 * const tokens = createTokenCache({ store, ttlMs: 5_000 })
 * const name = await tokens.nameOf(hashIngestToken(bearer))
 */
export function createTokenCache({ store, ttlMs = defaultTokenTtlMs }: { store: Store; ttlMs?: number | undefined }): TokenCache {
  let live = new Map<Hash, string>();
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const reread = async () => {
    const tokens = await store.listTokens();
    live = new Map(tokens.filter((token) => token.revokedAt === null).map((token) => [token.tokenHash, token.name]));
    readAt = performance.now();
  };
  return {
    async nameOf(tokenHash) {
      if (performance.now() - readAt >= ttlMs) {
        reading ??= reread().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return live.get(tokenHash) ?? null;
    },
  };
}
