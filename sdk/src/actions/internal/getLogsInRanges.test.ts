import { LimitExceededRpcError, type Client } from "viem";
import { expect, test } from "vitest";
import { getLogsInRanges } from "./getLogsInRanges.js";

const client = {} as Client; // not read: every call gives toBlock

/** A query over blocks that returns each block number once, refusing spans wider than `cap` as providers do. */
function cappedQuery(cap: bigint, refuseAlso: (call: number) => boolean = () => false) {
  const calls: [bigint, bigint][] = [];
  const query = async (from: bigint, to: bigint) => {
    calls.push([from, to]);
    if (to - from + 1n > cap || refuseAlso(calls.length)) throw new LimitExceededRpcError(new Error(`query exceeds the ${cap}-block range`));
    return Array.from({ length: Number(to - from + 1n) }, (_, i) => from + BigInt(i));
  };
  return { calls, query };
}

test("a provider's range cap: the range is halved until accepted, and every block is read exactly once", async () => {
  const { calls, query } = cappedQuery(1_000n);
  const logs = await getLogsInRanges(client, { fromBlock: 10n, toBlock: 12_345n, range: 10_000, query });
  expect(logs).toEqual(Array.from({ length: 12_336 }, (_, i) => 10n + BigInt(i)));
  expect(calls.slice(0, 5).map(([from, to]) => Number(to - from + 1n))).toEqual([10_000, 5_000, 2_500, 1_250, 625]);
});

test("a passing refusal (a rate limit shares the code) shrinks the range only for a while: it grows back after 8 ranges in a row", async () => {
  const { calls, query } = cappedQuery(1_000_000n, (call) => call <= 6);
  await getLogsInRanges(client, { fromBlock: 0n, toBlock: 199_999n, range: 10_000, query });
  // six refusals halve 10,000 to 156; then it doubles back every 8 ranges instead of reading 156 blocks at a time
  expect(calls.length).toBeLessThan(100);
  expect(Number(calls.at(-1)![1] - calls.at(-1)![0] + 1n)).toBeGreaterThan(1_000);
});

test("other errors, and a refusal of a single block, are thrown", async () => {
  await expect(getLogsInRanges(client, { fromBlock: 0n, toBlock: 10n, range: 4, query: async () => Promise.reject(new Error("connection refused")) })).rejects.toThrow("connection refused");
  const { query } = cappedQuery(0n);
  await expect(getLogsInRanges(client, { fromBlock: 0n, toBlock: 10n, range: 4, query })).rejects.toBeInstanceOf(LimitExceededRpcError);
});
