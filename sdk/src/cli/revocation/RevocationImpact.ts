import type { Address } from "viem";

/** What a revocation does to the outputs in the local store, counted before it is sent. */
export type RevocationImpact = {
  /** The store counted from (AIATTEST_DB). */
  db: string;
  /** False when there is no store there, or it serves another contract: the counts are then unknown (zeros). */
  isCounted: boolean;
  /** Signer: anchored outputs it signed whose anchor is at or after `validUntil` (void for good). Anchorer: outputs in the batches below. */
  voidOutputs: number;
  /** Anchorer only: batches it anchored at or after `validUntil` (void; the next `anchor` run anchors them again). */
  voidBatches: number;
  /** Signer only: outputs it signed that are not anchored yet (void when compromised; to anchor before `validUntil` when rotated). */
  unanchored: number;
  /**
   * Anchorer only: of `voidOutputs`, those the next `anchor` run cannot anchor again, since their signer's window has
   * closed, or closes before an anchor sent now is sure to be mined: void for good (the run reports them and leaves
   * them out of the new anchor).
   */
  voidForGood: number;
};

/** A key's successor for a rotation: the configured key of the same role, valid after the old one closes. */
export type SuccessorKey = { address: Address; setting: "AIATTEST_SIGNER_KEY" | "AIATTEST_ANCHORER_KEY" | "the publisher" };
