/** The exit codes of `aiattest`, for scripts. */
export const exitCodes = {
  /** Success; for `verify`, a valid proof. */
  ok: 0,
  /** The command ran and failed: an invalid proof, a contract revert, a missing model. */
  failure: 1,
  /** Usage or input error: bad options, a missing or invalid setting, a file that cannot be read. */
  usage: 2,
  /** The chain could not be reached: the answer is unknown, not negative. Try again or use another RPC. */
  chainUnreachable: 3,
  /** `upgrade`: the record is not anchored yet; run it again after the lab's next anchor run. */
  notAnchoredYet: 4,
  /**
   * `anchor`: the run finished, but found outputs void: members whose signer's window did not cover their batch's
   * anchor time (taken out of it), or pending records whose signer's window closes before an anchor could land.
   */
  voidOutputs: 5,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
