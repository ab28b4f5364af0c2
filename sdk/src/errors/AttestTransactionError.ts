import type { Hash } from "viem";
import type { AttestErrorName } from "./AttestErrorName.js";
import { BaseError } from "./BaseError.js";
import { attestRevertHints } from "./attestRevertHints.js";

export type AttestTransactionErrorParameters = {
  /** The SDK action that failed, such as `registerModel`. */
  action: string;
  /** The contract's custom error, decoded against our ABI; null when the failure is not a decoded revert. */
  errorName?: AttestErrorName | null | undefined;
  /** The custom error's arguments, in declaration order. */
  args?: readonly unknown[] | undefined;
  /** Why it failed, when it is not a decoded revert. */
  reason?: string | undefined;
  /** The transaction, when one was sent. */
  txHash?: Hash | undefined;
  cause?: unknown;
};

/**
 * A transaction to the AIAttest contract failed. When the contract reverted, `errorName` and `args` are the
 * custom error decoded against the generated ABI (`ModelRegistryModelExists`, `[modelId]`); otherwise they are
 * null and empty, and `shortMessage` says what went wrong. The raw error is in `cause`.
 *
 * @example
 * try { await registerModel(wallet, { contract, name: "atlas", version: "1.0" }) } catch (error) {
 *   if (error instanceof AttestTransactionError && error.errorName === "ModelRegistryModelExists") console.log(error.args[0])
 * }
 */
export class AttestTransactionError extends BaseError {
  override name = "AttestTransactionError" as const;
  readonly action: string;
  readonly errorName: AttestErrorName | null;
  readonly args: readonly unknown[];
  readonly txHash: Hash | undefined;

  constructor({ action, errorName = null, args = [], reason, txHash, cause }: AttestTransactionErrorParameters) {
    const hint = errorName ? attestRevertHints[errorName] : undefined;
    super(
      errorName ? `${action} reverted: ${errorName}(${args.map(formatArgument).join(", ")})` : `${action} failed: ${reason ?? "unknown error"}`,
      { cause, metaMessages: [...(hint ? [hint] : []), ...(txHash ? [`Transaction: ${txHash}`] : [])] },
    );
    this.action = action;
    this.errorName = errorName;
    this.args = args;
    this.txHash = txHash;
  }
}

function formatArgument(value: unknown): string {
  if (typeof value === "string") return value.startsWith("0x") ? value : JSON.stringify(value);
  return String(value);
}
