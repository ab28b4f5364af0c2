import type { Address } from "viem";
import type { StoredBatch } from "../store/Store.js";

/** Seconds a cache may keep an anchored bundle or manifest that could still change (then revalidated by ETag). */
export const unfinalizedMaxAge = 60;

/** A year: what `immutable` responses advertise. */
const immutableMaxAge = 31_536_000;

/**
 * Whether a batch's anchor can never change: final (no reorg can move it) AND made by the publisher itself. An
 * anchor made by an anchorer key is voided when the publisher revokes that key back to or before it (the
 * contract's `isValidAnchorer` at `anchoredAt`), even long after it is final; the anchorer then re-anchors the
 * same root by another transaction, so the bundles' `anchor` changes. The publisher's own anchors are never void.
 *
 * @example
 * if (isImmutableAnchor({ batch, publisher: deployment.publisher })) cache.set(id, body, body.length)
 */
export function isImmutableAnchor({ batch, publisher }: { batch: Pick<StoredBatch, "status" | "final" | "anchorer"> | null; publisher: Address }): boolean {
  return batch?.status === "anchored" && batch.final && batch.anchorer !== null && batch.anchorer.toLowerCase() === publisher.toLowerCase();
}

/**
 * The `Cache-Control` of a bundle or manifest by the state of its batch. Only an anchor nothing can change
 * (`isImmutableAnchor`: final and the publisher's own) is `immutable`. Any other anchor can still change — reorged
 * away before it is final, or voided by a revocation of its anchorer key at any time — so it gets a short
 * `max-age` and is revalidated by its ETag. A receipt (no batch, or a batch not anchored) changes as soon as it is
 * anchored: `no-cache` (revalidate each time; the ETag makes that cheap).
 *
 * @example
 * headers.set("cache-control", cacheControlOf({ batch, publisher: deployment.publisher }))
 */
export function cacheControlOf({ batch, publisher }: { batch: Pick<StoredBatch, "status" | "final" | "anchorer"> | null; publisher: Address }): string {
  if (batch?.status !== "anchored") return "no-cache";
  return isImmutableAnchor({ batch, publisher }) ? `public, max-age=${immutableMaxAge}, immutable` : `public, max-age=${unfinalizedMaxAge}`;
}
