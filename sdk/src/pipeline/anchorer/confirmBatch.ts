import { type Hash, WaitForTransactionReceiptTimeoutError, parseEventLogs } from "viem";
import { getContractEvents, getTransaction, waitForTransactionReceipt } from "viem/actions";
import { aiAttestAbi } from "../../abi/aiAttestAbi.js";
import { findTransactionReceipt } from "../../actions/findTransactionReceipt.js";
import { getBatch } from "../../actions/getBatch.js";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { broadcast, sendBatch } from "./sendBatch.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Drives one open batch to `anchored`, from whatever state a previous run left it in:
 * - already on chain (a crash after broadcasting): adopt that anchor;
 * - `sent` and the transaction pending or known: wait for it; unknown to the node (dropped): re-broadcast
 *   the same signed bytes, or re-sign with a fresh nonce if that nonce was used by something else;
 * - `built`: sign and send.
 * The root never changes, and the contract refuses a second anchor of it, so nothing is anchored twice.
 */
export async function confirmBatch(context: AnchorContext, open: StoredBatch): Promise<void> {
  const { store, client, deployment } = context;
  let batch = open;
  for (let attempt = 0; attempt < 3; attempt++) {
    const onChain = await guard("confirm", "reading the batch", () => getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root: batch.root }));
    if (onChain) {
      // anchored already (a crash after broadcasting, or an earlier transaction re-mined): adopt that anchor
      const receipt = batch.txHash ? await guard("confirm", "reading the anchor receipt", () => findTransactionReceipt(client, { hash: batch.txHash! })) : null;
      if (receipt?.status === "success") return settle(context, batch, batch.txHash!);
      const logs = await guard("confirm", "finding the anchor transaction", () =>
        getContractEvents(client, { address: deployment.contract, abi: aiAttestAbi, eventName: "BatchAnchored", args: { publisher: deployment.publisher, root: batch.root }, fromBlock: "earliest", strict: true }),
      );
      const log = logs.at(-1);
      if (log) return settle(context, batch, log.transactionHash);
    }
    if (batch.status === "sent" && batch.txHash && batch.rawTx) {
      const known = await guard("confirm", "looking up the anchor transaction", () => getTransaction(client, { hash: batch.txHash! }).catch(() => null));
      const receipt = known?.blockNumber ? await guard("confirm", "reading the anchor receipt", () => findTransactionReceipt(client, { hash: batch.txHash! })) : null;
      if (receipt?.status === "reverted") {
        await store.reopenBatch(batch.id);
        throw new AnchorRunError({ step: "confirm", message: `The anchor transaction ${batch.txHash} of batch ${batch.id} reverted; the batch will be re-sent.` });
      }
      if (!known) {
        const pendingNonce = await guard("send", "reading the anchorer's nonce", () => client.request({ method: "eth_getTransactionCount", params: [context.anchorer, "pending"] }));
        if (Number(pendingNonce) > batch.nonce!) {
          // that nonce went to another transaction: this one can never be mined
          await store.reopenBatch(batch.id);
          context.onStep?.({ step: "reopened", batchId: batch.id, reason: "transaction dropped" });
          batch = (await store.getBatch(batch.id))!;
          continue;
        }
        await guard("send", `re-broadcasting ${batch.txHash}`, () => broadcast(context, batch.rawTx!));
      }
      return settle(context, batch, batch.txHash);
    }
    const txHash = await sendBatch(context, batch);
    return settle(context, (await store.getBatch(batch.id))!, txHash);
  }
  throw new AnchorRunError({ step: "confirm", message: `Batch ${batch.id} could not be anchored after 3 attempts.` });
}

/** Waits for the receipt and confirmations, checks the chain holds the batch, and marks it anchored. */
async function settle(context: AnchorContext, batch: StoredBatch, txHash: Hash): Promise<void> {
  const { client, store, deployment } = context;
  let receipt;
  try {
    receipt = await waitForTransactionReceipt(client, { hash: txHash, confirmations: context.confirmations, timeout: context.receiptTimeout, pollingInterval: context.pollingInterval });
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError) {
      throw new AnchorRunError({ step: "confirm", message: `Anchor transaction ${txHash} of batch ${batch.id} was not confirmed within ${context.receiptTimeout / 1000} s.`, cause: error, metaMessages: ["The next run waits for it, or re-sends it if it was dropped."] });
    }
    throw toAnchorRunError("confirm", error, `waiting for ${txHash}`);
  }
  if (receipt.status !== "success") {
    await store.reopenBatch(batch.id);
    throw new AnchorRunError({ step: "confirm", message: `The anchor transaction ${receipt.transactionHash} of batch ${batch.id} reverted; the batch will be re-sent.` });
  }
  // viem returns a replacement's receipt when the transaction was replaced (same nonce): record what was mined,
  // and only if it anchored this root
  const anchoredHere = parseEventLogs({ abi: aiAttestAbi, logs: receipt.logs, eventName: "BatchAnchored" }).some(
    (log) => log.address.toLowerCase() === deployment.contract.toLowerCase() && log.args.root === batch.root && log.args.publisher === deployment.publisher,
  );
  const onChain = await guard("confirm", "reading the anchored batch", () => getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root: batch.root }));
  if (!onChain || !anchoredHere) {
    throw new AnchorRunError({ step: "confirm", message: `Transaction ${receipt.transactionHash} was mined but did not anchor batch ${batch.id} (replaced, or reorged); the next run re-checks it.` });
  }
  await store.markBatchAnchored({ batchId: batch.id, txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), anchoredAt: Number(onChain.anchoredAt), anchorer: onChain.anchorer });
  context.onStep?.({ step: "anchored", batchId: batch.id, txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber) });
}

async function guard<value>(step: "confirm" | "send", what: string, call: () => Promise<value>): Promise<value> {
  try {
    return await call();
  } catch (error) {
    throw toAnchorRunError(step, error, what);
  }
}
