import type { Client, Hash, TransactionReceipt } from "viem";
import { waitForTransactionReceipt } from "viem/actions";
import { AttestTransactionError } from "./AttestTransactionError.js";
import { toAttestWriteError } from "./toAttestWriteError.js";

export type WaitForAttestReceiptParameters = {
  action: string;
  txHash: Hash;
  /** Blocks the transaction must have (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

/**
 * Waits until a transaction has `confirmations` blocks and returns its receipt; a transaction that reverted on
 * chain (it passed gas estimation but not execution) is an error, never a receipt.
 *
 * @throws {AttestTransactionError} when the transaction reverted or was not mined in time.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const receipt = await waitForAttestReceipt(wallet, { action: "anchor", txHash })
 */
export async function waitForAttestReceipt(
  client: Client,
  { action, txHash, confirmations = 1 }: WaitForAttestReceiptParameters,
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForTransactionReceipt(client, { hash: txHash, confirmations });
  } catch (error) {
    throw toAttestWriteError({ action, error, txHash });
  }
  if (receipt.status !== "success") {
    throw new AttestTransactionError({ action, reason: `the transaction reverted on chain in block ${receipt.blockNumber}`, txHash });
  }
  return receipt;
}
