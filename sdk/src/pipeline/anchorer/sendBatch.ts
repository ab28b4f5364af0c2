import { encodeFunctionData, keccak256 } from "viem";
import { prepareTransactionRequest, sendRawTransaction } from "viem/actions";
import { aiAttestAbi } from "../../abi/aiAttestAbi.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Signs `anchor(root, count, uri)`, persists the signed transaction (so a crash right after broadcasting can
 * be recognised and never double-sends), then broadcasts it. Returns the transaction hash.
 */
export async function sendBatch(context: AnchorContext, batch: StoredBatch): Promise<`0x${string}`> {
  const { store, wallet, deployment } = context;
  try {
    const request = await prepareTransactionRequest(wallet, {
      account: wallet.account,
      chain: wallet.chain ?? null,
      to: deployment.contract,
      data: encodeFunctionData({ abi: aiAttestAbi, functionName: "anchor", args: [batch.root, batch.count, batch.manifestUri] }),
    });
    const rawTx = await wallet.account.signTransaction(request as Parameters<typeof wallet.account.signTransaction>[0]);
    const txHash = keccak256(rawTx);
    await store.markBatchSent({ batchId: batch.id, txHash, rawTx, nonce: request.nonce! });
    context.onStep?.({ step: "sent", batchId: batch.id, txHash });
    await broadcast(context, rawTx);
    return txHash;
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
