import { BaseError, type Client } from "viem";
import { getBlockNumber } from "viem/actions";

/**
 * Runs a log query over `[fromBlock, toBlock]` in ranges of at most `range` blocks, oldest first: providers cap
 * the blocks (or results) one `eth_getLogs` may span. A range the RPC refuses as too large is halved and asked
 * again, down to one block, and grows back (doubling) after 8 ranges in a row succeed; any other failure is thrown.
 *
 * @example
 * const logs = await getLogsInRanges(client, { fromBlock: 0n, range: 10_000, query: (from, to) => getContractEvents(client, { ...filter, fromBlock: from, toBlock: to }) })
 */
export async function getLogsInRanges<log>(
  client: Client,
  { fromBlock, toBlock, range, query }: { fromBlock: bigint; toBlock?: bigint | undefined; range: number; query: (from: bigint, to: bigint) => Promise<log[]> },
): Promise<log[]> {
  const last = toBlock ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const logs: log[] = [];
  const maximum = BigInt(Math.max(1, range));
  let span = maximum;
  let successes = 0;
  for (let from = fromBlock; from <= last; ) {
    const to = from + span - 1n < last ? from + span - 1n : last;
    try {
      logs.push(...(await query(from, to)));
      from = to + 1n;
      // a refusal may have been a passing limit (a rate limit shares its code with a range limit): after 8 ranges
      // in a row, grow back
      if (++successes >= 8 && span < maximum) {
        span = span * 2n < maximum ? span * 2n : maximum;
        successes = 0;
      }
    } catch (error) {
      if (span === 1n || !isRangeRefusal(error)) throw error;
      span /= 2n;
      successes = 0;
    }
  }
  return logs;
}

/** The errors providers give for a log range too wide or with too many results (Alchemy, Infura, QuickNode, geth…). */
function isRangeRefusal(error: unknown): boolean {
  const text = error instanceof BaseError ? `${error.shortMessage} ${error.details}` : String(error);
  const code = error instanceof BaseError ? (error.walk((cause) => typeof (cause as { code?: unknown }).code === "number") as { code?: number } | null)?.code : undefined;
  return code === -32005 || /block range|range (is )?too (large|wide)|too many (results|logs|blocks)|limit(ed)? (exceeded|to)|more than \d+ (results|blocks)|exceeds? .*range|query returned more than/i.test(text);
}
