import { BaseError } from "./BaseError.js";

/**
 * Reading the chain failed for a reason that says nothing about the proof: the RPC is down, times out, or
 * answers garbage. Verification cannot conclude; try again or use another RPC.
 *
 * @example
 * throw new ChainReadError({ action: "getBatch", cause: error })
 */
export class ChainReadError extends BaseError {
  override name = "ChainReadError" as const;
  readonly action: string;

  constructor({ action, cause }: { action: string; cause: unknown }) {
    super(`Could not read the chain (${action}): the RPC endpoint failed or is unreachable.`, {
      cause,
      metaMessages: ["Check the RPC URL and that the node is running, then try again."],
    });
    this.action = action;
  }
}
