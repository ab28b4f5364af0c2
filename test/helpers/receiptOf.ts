import { parseEventLogs, type Hash, type TransactionReceipt } from "viem";
import type { PublicClient } from "@nomicfoundation/hardhat-viem/types";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";

/** One decoded event: its name and its arguments, nothing else, so tests can compare with `toEqual`. */
export type DecodedEvent = { eventName: string; args: Record<string, unknown> };

/**
 * Waits for the transaction `hash` and returns its receipt, the block time it was mined at and every
 * aiattest event it emitted, decoded with the generated ABI, in log order.
 */
export async function receiptOf(
  publicClient: PublicClient,
  hash: Hash,
): Promise<{ receipt: TransactionReceipt; timestamp: bigint; events: DecodedEvent[] }> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} failed`);
  const block = await publicClient.getBlock({ blockHash: receipt.blockHash });
  const events = parseEventLogs({ abi: aiAttestAbi, logs: receipt.logs }).map(({ eventName, args }) => ({
    eventName,
    args: { ...args } as Record<string, unknown>,
  }));
  return { receipt, timestamp: block.timestamp, events };
}
