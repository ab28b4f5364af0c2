import { BaseError } from "./BaseError.js";
import type { Hex } from "viem";

/**
 * Thrown when the root written in a batch manifest differs from the root rebuilt from its leaves: the root or
 * a leaf was altered, or the leaves are not in tree order.
 */
export class MerkleManifestRootMismatchError extends BaseError {
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
