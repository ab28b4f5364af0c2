import type { Client, Hash, TransactionReceipt } from "viem";
import { getBlockNumber, waitForTransactionReceipt } from "viem/actions";
import { ChainReadError } from "../errors/ChainReadError.js";
import { AttestTransactionError } from "../errors/AttestTransactionError.js";
import { toAttestWriteError } from "./internal/toAttestWriteError.js";

export type WaitForAttestReceiptParameters = {
  action: string;
  txHash: Hash;
  /** Blocks the transaction must have (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

export type WaitForAttestReceiptErrorType = AttestTransactionError | ChainReadError;

/** Consecutive failed polls of the chain after which it counts as unreachable. */
const unreachableAfter = 3;

/**
 * Waits until a transaction has `confirmations` blocks and returns its receipt; a transaction that reverted on
 * chain (it passed gas estimation but not execution) is an error, never a receipt.
 *
 * @throws {AttestTransactionError} when the transaction reverted or was not mined in time.
 * @throws {ChainReadError} when the RPC is unreachable, or stops answering while the wait polls it (three polls in a row).
 * @example
 * const receipt = await waitForAttestReceipt(wallet, { action: "anchor", txHash })
 */
export async function waitForAttestReceipt(
  client: Client,
  { action, txHash, confirmations = 1 }: WaitForAttestReceiptParameters,
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt;
  // viem's wait swallows polling errors until its timeout: poll the chain beside it, and stop once it is gone
  // (that many failed polls in a row: any answer resets the count)
  const outage = new AbortController();
  let failures = 0;
  let polling = false;
  const watch = setInterval(() => {
    if (polling) return;
    polling = true;
    getBlockNumber(client, { cacheTime: 0 })
      .then(() => (failures = 0))
      .catch((error: unknown) => {
        if (++failures >= unreachableAfter) outage.abort(error);
      })
      .finally(() => (polling = false));
  }, client.pollingInterval);
  try {
    receipt = await waitForTransactionReceipt(client, { hash: txHash, confirmations, signal: outage.signal });
  } catch (error) {
    if (outage.signal.aborted) {
      throw new ChainReadError({ action: `${action}: waiting for the receipt of ${txHash} (it may still be mined: check it before sending again)`, cause: outage.signal.reason });
    }
    throw toAttestWriteError({ action, error, txHash });
  } finally {
    clearInterval(watch);
  }
  if (receipt.status !== "success") {
    throw new AttestTransactionError({ action, reason: `the transaction reverted on chain in block ${receipt.blockNumber}`, txHash });
  }
  return receipt;
}
