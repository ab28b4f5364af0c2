/** Seconds a cache may keep an anchored bundle or manifest whose anchor is not final yet. */
export const unfinalizedMaxAge = 60;

/** A year: what `immutable` responses advertise. */
const immutableMaxAge = 31_536_000;

/**
 * The `Cache-Control` of a bundle or manifest by the state of its batch. Final anchors never change: `immutable`.
 * An anchor not yet final can still be reorged away (the batch reopens, its bundles become receipts and later
 * carry another transaction and block): a short `max-age`, never `immutable`. A receipt (no batch, or a batch
 * not anchored) changes as soon as it is anchored: `no-cache` (revalidate each time; the ETag makes that cheap).
 *
 * @example
 * headers.set("cache-control", cacheControlOf(batch))
 */
export function cacheControlOf(batch: { status: string; final: boolean } | null): string {
  if (batch?.status !== "anchored") return "no-cache";
  return batch.final ? `public, max-age=${immutableMaxAge}, immutable` : `public, max-age=${unfinalizedMaxAge}`;
}
