import { BaseError, ContractFunctionRevertedError } from "viem";
import { expect } from "vitest";

/**
 * Awaits `promise` and asserts it reverted with the custom error `errorName` carrying exactly `args`.
 * Works for writes (gas estimation reverts) and reads alike: viem decodes the revert data against the
 * contract's ABI into a `ContractFunctionRevertedError` somewhere in the error's `cause` chain.
 */
export async function expectRevert(
  promise: Promise<unknown>,
  errorName: string,
  args: readonly unknown[] = [],
): Promise<void> {
  const outcome = await promise.then(
    (value) => ({ fulfilled: true as const, value }),
    (error: unknown) => ({ fulfilled: false as const, error }),
  );
  if (outcome.fulfilled) throw new Error(`expected a revert with ${errorName}, but the call succeeded`);
  expect(outcome.error).toBeInstanceOf(BaseError);
  const reverted = (outcome.error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) throw outcome.error;
  expect({ errorName: reverted.data?.errorName, args: reverted.data?.args ?? [] }).toEqual({ errorName, args });
}
