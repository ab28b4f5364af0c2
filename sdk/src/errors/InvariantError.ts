import { BaseError } from "./BaseError.js";

/**
 * A broken internal assumption: a bug in the SDK, never the caller's fault. Please report it.
 *
 * @example
 * if (root !== expected) throw new InvariantError("tree root changed after build")
 */
export class InvariantError extends BaseError {
  override name = "InvariantError" as const;

  constructor(message: string) {
    super(`Invariant violated: ${message}. This is a bug in @aiattest/sdk.`);
  }
}
