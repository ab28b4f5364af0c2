import { type Hash, type TransactionSerialized, encodeFunctionData, keccak256, parseTransaction } from "viem";
import { prepareTransactionRequest, sendRawTransaction } from "viem/actions";
import { aiAttestAbi } from "../../abi/aiAttestAbi.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { chooseFees } from "./chooseFees.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Signs `anchor(root, count, uri)` with EIP-1559 fees from the node's estimate under the lab's cap, persists the
 * signed transaction (so a crash right after broadcasting can be recognised and never double-sends), then
 * broadcasts it. With `replacing` (the batch's pending transaction, signed by this key), the same nonce with fees
 * raised by at least 12.5 %. Returns the transaction hash, or `capped` when the cap leaves too little for the next
 * block (or for a replacement): nothing is sent, the batch waits; or `adequate` when a replacement would offer no
 * more than the pending transaction already does.
 */
export async function sendBatch(context: AnchorContext, batch: StoredBatch, { replacing }: { replacing?: `0x${string}` | undefined } = {}): Promise<{ txHash: Hash } | { capped: { needed: bigint; cap: bigint } } | { adequate: true }> {
  const { store, wallet, deployment } = context;
  try {
    const choice = await chooseFees(wallet, { cap: context.maxFeePerGas, replacing });
    if ("capped" in choice || "adequate" in choice) return choice;
    const request = await prepareTransactionRequest(wallet, {
      account: wallet.account,
      chain: wallet.chain ?? null,
      to: deployment.contract,
      data: encodeFunctionData({ abi: aiAttestAbi, functionName: "anchor", args: [batch.root, batch.count, batch.manifestUri] }),
      ...choice.fees,
      ...(replacing ? { nonce: parseTransaction(replacing as TransactionSerialized).nonce! } : {}),
    });
    const rawTx = await wallet.account.signTransaction(request as Parameters<typeof wallet.account.signTransaction>[0]);
    const txHash = keccak256(rawTx);
    // fenced: the store refuses (and nothing is broadcast) once this run no longer holds the anchorer lock
    await store.markBatchSent({ batchId: batch.id, txHash, rawTx, nonce: request.nonce!, sentAtBlock: choice.blockNumber, lock: context.lock });
    context.onStep?.({ step: "sent", batchId: batch.id, txHash });
    await broadcast(context, rawTx);
    return { txHash };
  } catch (error) {
    throw toAnchorRunError("send", error, `sending the anchor of batch ${batch.id}`);
  }
}

/** Broadcasts a signed transaction; one the node already has is not an error. */
export async function broadcast(context: AnchorContext, rawTx: `0x${string}`): Promise<void> {
  try {
    await sendRawTransaction(context.wallet, { serializedTransaction: rawTx });
  } catch (error) {
    if (/already known|already imported|known transaction/i.test(String((error as Error).message))) return;
    throw error;
  }
}
