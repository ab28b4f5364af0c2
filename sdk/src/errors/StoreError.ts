import { BaseError } from "./BaseError.js";

/**
 * The store refused an operation that would break its guarantees: a different deployment, a record batched
 * twice, a schema from a newer version.
 *
 * @example
 * throw new StoreError("The store belongs to chain 1, not 31337.", { metaMessages: ["Use another database file."] })
 */
export class StoreError extends BaseError {
  override name = "StoreError" as const;
}
