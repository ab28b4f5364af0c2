import { decodeAttestRevert } from "../../actions/internal/decodeAttestRevert.js";
import { AnchorRunError, type AnchorStep } from "../../errors/AnchorRunError.js";
import { hasShortMessage } from "../../errors/hasShortMessage.js";

/**
 * Explains a failed chain call of an anchoring step: a contract revert by its custom error, anything else as
 * an unreachable or failing RPC. Errors that are already explained pass through.
 */
export function toAnchorRunError(step: AnchorStep, error: unknown, context: string): AnchorRunError {
  if (error instanceof AnchorRunError) return error;
  const revert = decodeAttestRevert(error);
  if (revert?.errorName) {
    const args = revert.args.map(String).join(", ");
    return new AnchorRunError({
      step,
      message: `The contract refused to anchor (${context}): ${revert.errorName}(${args}).`,
      cause: error,
      metaMessages: revert.errorName === "OutputAnchorUnauthorizedAnchorer" ? ["Authorize this key as an anchorer (aiattest key add anchorer), or anchor from the publisher."] : [],
    });
  }
  // short messages only: a transport error's full message names the RPC URL, whose path may hold an API key
  const reason = hasShortMessage(error) ? error.shortMessage : error instanceof Error ? error.message : String(error);
  return new AnchorRunError({ step, message: `The RPC failed while ${context}: ${reason}`, cause: error, metaMessages: ["Check that the RPC endpoint is up, then run again."], isUnreachable: true });
}
