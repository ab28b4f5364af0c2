import type { Hex } from "viem";

/**
 * Thrown when the root written in a batch manifest differs from the root rebuilt from its leaves: the root or
 * a leaf was altered, or the leaves are not in tree order.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleManifestRootMismatchError extends Error {
  override name = "MerkleManifestRootMismatchError" as const;
  /** The root written in the manifest. */
  readonly expected: Hex;
  /** The root rebuilt from the manifest's leaves. */
  readonly actual: Hex;

  constructor({ expected, actual }: { expected: Hex; actual: Hex }) {
    super(`Batch manifest root ${expected} does not match the root rebuilt from its leaves, ${actual}.`);
    this.expected = expected;
    this.actual = actual;
  }
}
