/**
 * Inputs whose proofs to compare for an `n`-leaf tree: all of them up to 64 leaves, else the first, the middle
 * and the last. Equal nodes already imply equal proofs; this checks each library's proof extraction, and
 * OpenZeppelin's costs ~100 µs a proof (it re-verifies each).
 */
export function proofSample(n: number): number[] {
  const allUpTo = 64;
  if (n <= allUpTo) return Array.from({ length: n }, (_, i) => i);
  return [0, n >>> 1, n - 1];
}
