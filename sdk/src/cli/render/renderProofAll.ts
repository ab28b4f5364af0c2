import type { ProofAllResult } from "../commands/proofAll.js";

/**
 * The human summary of `aiattest proof --all` / `--batch`.
 *
 * @example
 * renderProofAll({ outDir: "/data/proofs", batch: null, written: 3, anchored: 2, receipts: 1 })
 * // "Wrote 3 proofs to /data/proofs: 2 anchored, 1 receipt (not anchored yet)."
 */
export function renderProofAll({ outDir, written, anchored, receipts }: ProofAllResult): string {
  return `Wrote ${written} proof${written === 1 ? "" : "s"} to ${outDir}: ${anchored} anchored, ${receipts} receipt${receipts === 1 ? "" : "s"} (not anchored yet).`;
}
