/** Indices whose proofs to compare for an `n`-leaf tree: all of them up to 64 leaves, else ends and middle. */
export function proofSample(n: number): number[] {
  const allUpTo = 64;
  if (n <= allUpTo) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, n >>> 1, n - 2, n - 1];
}
