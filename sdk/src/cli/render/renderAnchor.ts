import type { AnchorResult } from "../commands/anchor.js";

/**
 * One line per anchored batch, or why nothing happened.
 *
 * @example
 * console.log(renderAnchor(result))
 */
export function renderAnchor(result: AnchorResult): string {
  if (result.status === "locked") return "Another anchoring run holds the lock: nothing done.";
  const voids = [
    result.voided.count > 0 ? `${result.voided.count} record(s) void with their batch's anchor (signer window closed, or model retired before they claim), taken out of it: ${result.voided.recordIds.join(", ")}` : "",
    result.voidSigned > 0 ? `${result.voidSigned} pending record(s) void for good (signer window closed), not anchored` : "",
    result.voidRetired > 0 ? `${result.voidRetired} pending record(s) void for good (model retired before they claim), not anchored` : "",
    result.closing > 0 ? `${result.closing} pending record(s) not anchored: their signer's window closes before an anchor could land` : "",
  ].filter((line) => line !== "");
  if (result.batches.length === 0) return ["Nothing to anchor.", ...voids].join("\n");
  return [
    ...result.batches.map((batch) => `batch ${batch.id}: ${batch.count} records, root ${batch.root}, block ${batch.blockNumber}, tx ${batch.txHash}`),
    `Anchored ${result.anchored} record(s) in ${result.batches.length} batch(es)${result.reopened ? `; ${result.reopened} batch(es) re-anchored (reorged out, or voided by a revocation)` : ""}.`,
    ...voids,
  ].join("\n");
}
