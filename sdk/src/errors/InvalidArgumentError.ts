import { BaseError } from "./BaseError.js";

/**
 * A caller passed a value the SDK cannot use: wrong length, wrong type, out of range.
 *
 * @example
 * throw new InvalidArgumentError({ argument: "salt", expected: "32 bytes of hex", received: "0x12" })
 */
export class InvalidArgumentError extends BaseError {
  override name = "InvalidArgumentError" as const;
  readonly argument: string;

  constructor({ argument, expected, received }: { argument: string; expected: string; received: string }) {
    super(`Invalid ${argument}: expected ${expected}, received ${received}.`);
    this.argument = argument;
  }
}
