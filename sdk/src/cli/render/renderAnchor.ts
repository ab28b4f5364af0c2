import type { AnchorResult } from "../commands/anchor.js";

/**
 * One line per anchored batch, or why nothing happened.
 *
 * @example
 * console.log(renderAnchor(result))
 */
export function renderAnchor(result: AnchorResult): string {
  if (result.status === "locked") return "Another anchoring run holds the lock: nothing done.";
  if (result.batches.length === 0) return "Nothing to anchor.";
  return [
    ...result.batches.map((batch) => `batch ${batch.id}: ${batch.count} records, root ${batch.root}, block ${batch.blockNumber}, tx ${batch.txHash}`),
    `Anchored ${result.anchored} record(s) in ${result.batches.length} batch(es)${result.reopened ? `; ${result.reopened} batch(es) re-anchored (reorged out, or voided by a revocation)` : ""}${result.voidSigned ? `; ${result.voidSigned} of them void (signed by a revoked key)` : ""}.`,
  ].join("\n");
}
