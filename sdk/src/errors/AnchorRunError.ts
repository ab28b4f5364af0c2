import { BaseError } from "./BaseError.js";

/** Where an anchoring run stopped. */
export type AnchorStep = "lock" | "reorg-check" | "void-check" | "build" | "send" | "confirm";

/**
 * An anchoring run could not finish: the RPC is down, a transaction was not mined in time, or another run
 * holds the lock. Nothing is lost: every step's state is durable, and the next run resumes from it.
 *
 * @example
 * throw new AnchorRunError({ step: "send", message: "The RPC is unreachable.", cause })
 */
export class AnchorRunError extends BaseError {
  override name = "AnchorRunError" as const;
  readonly step: AnchorStep;
  /** True when the chain could not be reached (the CLI exits 3), false when it answered and refused. */
  readonly isUnreachable: boolean;

  constructor({ step, message, cause, metaMessages, isUnreachable = false }: { step: AnchorStep; message: string; cause?: unknown; metaMessages?: string[]; isUnreachable?: boolean }) {
    super(message, { cause, metaMessages: [...(metaMessages ?? []), "Nothing was lost: the next run resumes from the saved state."] });
    this.step = step;
    this.isUnreachable = isUnreachable;
  }
}
