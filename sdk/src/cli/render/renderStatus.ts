import { formatEther } from "viem";
import type { StatusResult } from "../commands/status.js";

/**
 * The human text of `aiattest status`: the deployment, the records pending, then one line per batch, newest first.
 *
 * @example
 * logger.result(result, renderStatus(result))
 */
export function renderStatus(result: StatusResult): string {
  const { deployment, pending, batches } = result;
  return [
    deployment ? `Store ${result.db}: chain ${deployment.chainId}, contract ${deployment.contract}, publisher ${deployment.publisher}.` : `Store ${result.db}: no record yet.`,
    `${pending} record(s) pending (not in a batch); ${result.unanchored} not anchored yet.`,
    ...batches.map((batch) => {
      const where = batch.blockNumber === null ? "" : ` in block ${batch.blockNumber}`;
      const cost = batch.gasUsed === null ? "" : `, ${batch.gasUsed.toLocaleString("en-US")} gas${batch.feeWei === null ? "" : ` (${formatEther(batch.feeWei)} in the chain's currency)`}`;
      return `batch ${batch.id}: ${batch.status}${where}, ${batch.count} output(s)${cost}${batch.txHash ? `, tx ${batch.txHash}` : ""}`;
    }),
  ].join("\n");
}
