import { BaseError } from "./BaseError.js";
/**
 * Thrown when a batch manifest given as text is not valid JSON.
 */
export class MerkleManifestJsonError extends BaseError {
  override name = "MerkleManifestJsonError" as const;

  constructor({ cause }: { cause: unknown }) {
    super(`Batch manifest is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}.`, { cause });
  }
}
