import { formatEther } from "viem";
import type { StatusResult } from "../commands/status.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";
import { renderKeyWindow } from "./renderKeyWindow.js";

/**
 * The human text of `aiattest status`: the deployment, the records pending, the open batch, the last anchor, the
 * keys (or why they were not read), then one line per batch, newest first.
 *
 * @example
 * logger.result(result, renderStatus(result))
 */
export function renderStatus(result: StatusResult): string {
  const { deployment, pending, batches, openBatch, lastAnchor, keys } = result;
  const anchoredAt = lastAnchor === null || lastAnchor.anchoredAt === null ? "" : ` at ${formatUnixTime(lastAnchor.anchoredAt)}`;
  return [
    deployment ? `Store ${result.db}: chain ${deployment.chainId}, contract ${deployment.contract}, publisher ${deployment.publisher}.` : `Store ${result.db}: no record yet.`,
    `${pending} record(s) pending (not in a batch); ${result.unanchored} not anchored yet.`,
    openBatch ? `Open batch ${openBatch.id}: ${openBatch.status}, ${openBatch.count} output(s)${openBatch.txHash ? `, tx ${openBatch.txHash}` : ""}.` : "No open batch.",
    lastAnchor ? `Last anchor: batch ${lastAnchor.batchId} in block ${lastAnchor.blockNumber}${anchoredAt}, tx ${lastAnchor.txHash}.` : "No anchor yet.",
    ...(result.voidPending && result.voidPending.count > 0
      ? [
          `${result.voidPending.count} pending record(s) are void for good (their signer's window closed): never anchored. Record ids: ${result.voidPending.recordIds.join(", ")}${result.voidPending.count > result.voidPending.recordIds.length ? ` and ${result.voidPending.count - result.voidPending.recordIds.length} more` : ""}.`,
          ...result.voidPending.signers.map((entry) => `  ${entry.count} signed by ${entry.signer}, ${entry.validUntil === null ? "not a signer key of the publisher" : `window closed at ${formatUnixTime(entry.validUntil)}`}`),
        ]
      : []),
    ...(result.voidRetired && result.voidRetired.count > 0
      ? [
          `${result.voidRetired.count} pending record(s) are void for good (their model was retired before the time they claim): never anchored. Record ids: ${result.voidRetired.recordIds.join(", ")}${result.voidRetired.count > result.voidRetired.recordIds.length ? ` and ${result.voidRetired.count - result.voidRetired.recordIds.length} more` : ""}.`,
          ...result.voidRetired.models.map((entry) => `  ${entry.count} of model ${entry.modelId}, retired at ${formatUnixTime(entry.retiredAt)}`),
        ]
      : []),
    ...(keys === null ? [`Keys not read: ${result.keysUnread}.`] : keys.length === 0 ? ["No signer or anchorer keys on chain."] : ["Keys:", ...keys.map((key) => `  ${renderKeyWindow(key)}`)]),
    ...batches.map((batch) => {
      const where = batch.blockNumber === null ? "" : ` in block ${batch.blockNumber}`;
      const cost = batch.gasUsed === null ? "" : `, ${batch.gasUsed.toLocaleString("en-US")} gas${batch.feeWei === null ? "" : ` (${formatEther(batch.feeWei)} in the chain's currency)`}`;
      return `batch ${batch.id}: ${batch.status}${where}, ${batch.count} output(s)${cost}${batch.txHash ? `, tx ${batch.txHash}` : ""}`;
    }),
  ].join("\n");
}
