import { expect } from "vitest";
import { AttestTransactionError } from "../../../sdk/src/errors/AttestTransactionError.js";

/** Awaits `promise`, asserts it failed with an AttestTransactionError for `errorName` and `args`, and returns it. */
export async function expectAttestTransactionError(
  promise: Promise<unknown>,
  errorName: string | null,
  args: readonly unknown[] = [],
): Promise<AttestTransactionError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${errorName}, but the transaction succeeded`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AttestTransactionError);
  const failure = error as AttestTransactionError;
  expect({ name: failure.name, errorName: failure.errorName, args: failure.args }).toEqual({ name: "AttestTransactionError", errorName, args });
  return failure;
}
