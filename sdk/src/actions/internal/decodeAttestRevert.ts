import { BaseError as ViemBaseError, ContractFunctionRevertedError } from "viem";
import type { AttestErrorName } from "../../errors/AttestErrorName.js";

/** A contract revert found in an error's causes: the custom error decoded against our ABI, or why it could not be. */
export type AttestRevert =
  | { errorName: AttestErrorName; args: readonly unknown[] }
  | { errorName: null; reason: string };

/**
 * The one place a revert is decoded: finds viem's `ContractFunctionRevertedError` among `error`'s causes and
 * returns the contract's custom error (name and arguments, decoded against the generated ABI), or null when
 * the contract did not revert (a transport failure, a bad request).
 *
 * @example
 * const revert = decodeAttestRevert(error)
 * if (revert?.errorName === "OutputAnchorRootExists") return
 */
export function decodeAttestRevert(error: unknown): AttestRevert | null {
  if (!(error instanceof ViemBaseError)) return null;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  // viem decodes against the ABI it was given, which is always ours here
  if (reverted.data?.errorName) return { errorName: reverted.data.errorName as AttestErrorName, args: reverted.data.args ?? [] };
  return { errorName: null, reason: reverted.reason ?? reverted.signature ?? "no reason given" };
}
