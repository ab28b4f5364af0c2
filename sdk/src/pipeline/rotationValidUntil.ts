/**
 * Seconds that {@link rotationValidUntil} adds to the maximum anchor delay: what a running recorder can still sign
 * with a key after the revocation was read from the chain, and how late the revocation may be mined.
 * - 60 s: the recorder re-reads its key's window once a minute (`refreshInterval`), and signs freely until then;
 * - 60 s: its clock may run that far ahead of the chain's (`maxClockSkew`), so its outputs claim times that late;
 * - 60 s: the revocation is mined at most this long after the chain time it was computed from (the command
 *   warns when it was mined later).
 */
export const rotationLagSeconds = 180n;

/**
 * The end of a key's window for a planned rotation: no output or anchor made under the lab pipeline's promise is
 * voided by it. A recorder signs an output at claimed time `t` only while `t + maxAnchorDelay < validUntil`,
 * and the anchorer anchors it by `t + maxAnchorDelay`; an output signed before the recorder saw the revocation
 * claims at most `chainTime + rotationLagSeconds`, so it is anchored before
 * `chainTime + rotationLagSeconds + maxAnchorDelay`, which is this bound (PROTOCOL §10, key rotation).
 *
 * @example
 * rotationValidUntil({ chainTime: 1793606400n, maxAnchorDelay: 3600 }) // 1793610180n
 */
export function rotationValidUntil({ chainTime, maxAnchorDelay }: { chainTime: bigint; maxAnchorDelay: number }): bigint {
  return chainTime + BigInt(maxAnchorDelay) + rotationLagSeconds;
}
