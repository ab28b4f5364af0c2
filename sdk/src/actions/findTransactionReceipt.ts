import { type Client, type Hash, type TransactionReceipt, TransactionReceiptNotFoundError } from "viem";
import { getTransactionReceipt } from "viem/actions";
import { ChainReadError } from "../errors/ChainReadError.js";

export type FindTransactionReceiptErrorType = ChainReadError;

/**
 * A transaction's receipt, or null when the chain has none (never mined, dropped, or reorged out).
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const receipt = await findTransactionReceipt(publicClient, { hash: bundle.anchor.txHash })
 */
export async function findTransactionReceipt(client: Client, { hash }: { hash: Hash }): Promise<TransactionReceipt | null> {
  try {
    return await getTransactionReceipt(client, { hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return null;
    throw new ChainReadError({ action: "eth_getTransactionReceipt", cause: error });
  }
}
