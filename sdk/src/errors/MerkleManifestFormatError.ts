import { BaseError } from "./BaseError.js";
/**
 * Thrown when a batch manifest carries a `format` tag this SDK does not know.
 */
export class MerkleManifestFormatError extends BaseError {
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
