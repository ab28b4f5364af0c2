/**
 * A unix time (seconds) as ISO 8601 UTC without milliseconds.
 *
 * @example
 * formatUnixTime(1793606400n) // "2026-11-02T08:00:00Z"
 */
export function formatUnixTime(seconds: bigint | number): string {
  const milliseconds = Number(seconds) * 1000;
  if (!Number.isFinite(milliseconds) || Math.abs(milliseconds) > 8.64e15) return `unix ${seconds}`;
  return new Date(milliseconds).toISOString().replace(/\.000Z$/, "Z");
}
