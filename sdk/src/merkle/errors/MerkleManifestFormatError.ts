/**
 * Thrown when a batch manifest carries a `format` tag this SDK does not know.
 *
 * Extends `Error` for now; it will be re-based on the SDK's `BaseError`.
 */
export class MerkleManifestFormatError extends Error {
  override name = "MerkleManifestFormatError" as const;
  /** The tag found in the manifest (`undefined` if absent). */
  readonly format: unknown;

  constructor({ format, expected }: { format: unknown; expected: string }) {
    super(
      format === undefined
        ? `Batch manifest has no "format" tag: expected "${expected}".`
        : `Unsupported batch manifest format ${JSON.stringify(format)}: expected "${expected}".`,
    );
    this.format = format;
  }
}
