/**
 * Thrown when a field of a batch manifest is missing, of the wrong type or has an invalid value. `field` names
 * it as a path, for example `chainId` or `leaves[3]`.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleManifestFieldError extends Error {
  override name = "MerkleManifestFieldError" as const;
  readonly field: string;

  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Invalid batch manifest field "${field}": ${reason}.`);
    this.field = field;
  }
}
