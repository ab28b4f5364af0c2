import { BaseError } from "./BaseError.js";
/**
 * Thrown when a field of a batch manifest is missing, of the wrong type or has an invalid value. `field` names
 * it as a path, for example `chainId` or `leaves[3]`.
 */
export class MerkleManifestFieldError extends BaseError {
  override name = "MerkleManifestFieldError" as const;
  readonly field: string;

  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Invalid batch manifest field "${field}": ${reason}.`);
    this.field = field;
  }
}
