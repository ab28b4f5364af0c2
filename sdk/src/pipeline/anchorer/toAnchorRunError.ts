import { BaseError as ViemBaseError, ContractFunctionRevertedError } from "viem";
import { AnchorRunError, type AnchorStep } from "../../errors/AnchorRunError.js";

/**
 * Explains a failed chain call of an anchoring step: a contract revert by its custom error, anything else as
 * an unreachable or failing RPC. Errors that are already explained pass through.
 */
export function toAnchorRunError(step: AnchorStep, error: unknown, context: string): AnchorRunError {
  if (error instanceof AnchorRunError) return error;
  const revert =
    error instanceof ViemBaseError ? (error.walk((cause) => cause instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null;
  if (revert?.data?.errorName) {
    const args = (revert.data.args ?? []).map(String).join(", ");
    return new AnchorRunError({
      step,
      message: `The contract refused to anchor (${context}): ${revert.data.errorName}(${args}).`,
      cause: error,
      metaMessages: revert.data.errorName === "OutputAnchorUnauthorizedAnchorer" ? ["Authorize this key as an anchorer (aiattest key add anchorer), or anchor from the publisher."] : [],
    });
  }
  // short messages only: a transport error's full message names the RPC URL, whose path may hold an API key
  const reason = hasShortMessage(error) ? error.shortMessage : error instanceof Error ? error.message : String(error);
  return new AnchorRunError({ step, message: `The RPC failed while ${context}: ${reason}`, cause: error, metaMessages: ["Check that the RPC endpoint is up, then run again."], isUnreachable: true });
}

function hasShortMessage(error: unknown): error is { shortMessage: string } {
  return typeof error === "object" && error !== null && typeof (error as { shortMessage?: unknown }).shortMessage === "string";
}
