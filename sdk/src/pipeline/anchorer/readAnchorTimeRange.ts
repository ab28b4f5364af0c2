import { getBlock } from "viem/actions";
import { getChainTime } from "../../actions/getChainTime.js";
import type { AnchorContext } from "./AnchorContext.js";
import type { AnchorTimeRange } from "./AnchorTimeRange.js";

/**
 * When an anchor sent now can land: from the latest block's time (never `latest + 1`: a later block may share its
 * timestamp) to the chain's time estimate (the pending block's, else the latest's) plus `signerMargin` seconds.
 *
 * @throws {ChainReadError} when the chain cannot be read.
 * @example
 * const range = await readAnchorTimeRange(context)
 */
export async function readAnchorTimeRange(context: Pick<AnchorContext, "client" | "signerMargin">): Promise<AnchorTimeRange> {
  const [latest, estimate] = await Promise.all([getBlock(context.client, { blockTag: "latest" }).then((block) => block.timestamp), getChainTime(context.client)]);
  return { earliest: latest, latest: (estimate > latest ? estimate : latest) + BigInt(context.signerMargin) };
}
