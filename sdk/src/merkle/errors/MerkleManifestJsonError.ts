/**
 * Thrown when a batch manifest given as text is not valid JSON.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleManifestJsonError extends Error {
  override name = "MerkleManifestJsonError" as const;

  constructor({ cause }: { cause: unknown }) {
    super(`Batch manifest is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}.`, { cause });
  }
}
