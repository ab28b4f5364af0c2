import { type Address, type Hash, type TransactionSerialized, WaitForTransactionReceiptTimeoutError, recoverTransactionAddress } from "viem";
import { getBlockNumber, getTransaction, waitForTransactionReceipt } from "viem/actions";
import { findTransactionReceipt } from "../../actions/findTransactionReceipt.js";
import { type GetBatchReturnType, getBatch } from "../../actions/getBatch.js";
import { getKey } from "../../actions/getKey.js";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { foreignAnchorError } from "./foreignAnchorError.js";
import { isAnchorValid } from "./isAnchorValid.js";
import { findAnchorEvent } from "./findAnchorEvent.js";
import { findBatchAnchoredEvent } from "./findBatchAnchoredEvent.js";
import { findOurAnchor } from "./findOurAnchor.js";
import { detachRetiredMembers } from "./detachRetiredMembers.js";
import { detachVoidMembers } from "./detachVoidMembers.js";
import { ensureManifest } from "./ensureManifest.js";
import { readAnchorTimeRange } from "./readAnchorTimeRange.js";
import { broadcast, sendBatch } from "./sendBatch.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Drives one open batch to `anchored`, from whatever state a previous run left it in:
 * - on chain, valid, by a transaction this anchorer sent (a crash after broadcasting): adopt that anchor;
 * - on chain, valid, by any other transaction (a stolen key, even a copy of this one): never adopt it; stop
 *   with an `AnchorRunError` naming it;
 * - on chain but void (its key revoked back to it), ours or not: anchor over it, which the contract allows;
 * - `sent` and the transaction pending or known: wait for it; unknown to the node (dropped): re-broadcast
 *   the same signed bytes, or re-sign with a fresh nonce if that nonce was used by something else;
 * - `sent` and still pending after `replaceAfterBlocks`: replace it (same nonce, fees raised; or, signed by a key
 *   rotated away, a new transaction from this run's key);
 * - `built`: make sure its manifest file exists (written again from the store after a crash), take out the
 *   members whose signer's window may close before the anchor lands, and those of a model retired at or before
 *   their claimed time (reported), then sign and send.
 * Once mined, members whose signer's window does not hold the anchor's real time, or whose model was retired at or
 * before their claimed time (a retirement mined meanwhile), leave the batch, reported.
 * Fees never exceed the lab's cap: when the cap leaves too little, it returns `capped` and the batch waits.
 * The root never changes, and the contract refuses a second anchor of it while the first is valid, so nothing
 * is anchored twice.
 */
export async function confirmBatch(context: AnchorContext, open: StoredBatch): Promise<{ capped: { needed: bigint; cap: bigint } } | undefined> {
  const { store, client, deployment } = context;
  let batch = open;
  // a replaced send, then a void anchor to reopen over, then a fresh send: four rounds at most
  for (let attempt = 0; attempt < 4; attempt++) {
    const onChain = await guard("confirm", "reading the batch", () => getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root: batch.root }));
    if (onChain) {
      const key = onChain.anchorer === deployment.publisher ? null : await guard("confirm", "reading the anchorer key", () => getKey(client, { contract: deployment.contract, key: onChain.anchorer }));
      if (isAnchorValid({ publisher: deployment.publisher, anchorer: onChain.anchorer, anchoredAt: onChain.anchoredAt, key })) {
        const ours = (await guard("confirm", "finding our anchor transaction", () => findOurAnchor(context, batch, onChain))) ?? (await guard("confirm", "finding the anchor of this root", () => findOwnAnchorElsewhere(context, batch, onChain)));
        if (!ours) throw await guard("confirm", "finding the anchor of this root", () => foreignAnchorError(context, batch, onChain));
        if (await settle(context, batch, ours)) return undefined;
        batch = (await store.getBatch(batch.id))!;
        continue;
      }
      // void (its key revoked back to it), whoever made it: the contract takes an anchor over it
      context.onStep?.({ step: "reopened", batchId: batch.id, reason: `its root's anchor by ${onChain.anchorer} at ${onChain.anchoredAt} is void` });
      if (batch.status === "sent" && batch.txHash && (await guard("confirm", "reading the anchor receipt", () => findTransactionReceipt(client, { hash: batch.txHash! })))) {
        // our transaction was mined (it made that anchor, or reverted against it): sign a new one
        await store.reopenBatch(batch.id);
        batch = (await store.getBatch(batch.id))!;
      }
    }
    if (batch.status === "sent" && batch.txHash && batch.rawTx) {
      const known = await guard("confirm", "looking up the anchor transaction", () => getTransaction(client, { hash: batch.txHash! }).catch(() => null));
      const receipt = known?.blockNumber ? await guard("confirm", "reading the anchor receipt", () => findTransactionReceipt(client, { hash: batch.txHash! })) : null;
      if (receipt?.status === "reverted") {
        await store.reopenBatch(batch.id);
        throw new AnchorRunError({ step: "confirm", message: `The anchor transaction ${batch.txHash} of batch ${batch.id} reverted; the batch will be re-sent.` });
      }
      if (!known) {
        // the nonce of the key that signed it, which is not this run's after a key rotation
        const { from } = (await sentBy(batch))!;
        const pendingNonce = await guard("send", "reading the anchorer's nonce", () => client.request({ method: "eth_getTransactionCount", params: [from, "pending"] }));
        if (Number(pendingNonce) > batch.nonce!) {
          // that nonce went to another transaction: this one can never be mined
          await store.reopenBatch(batch.id);
          context.onStep?.({ step: "reopened", batchId: batch.id, reason: "transaction dropped" });
          batch = (await store.getBatch(batch.id))!;
          continue;
        }
        await guard("send", `re-broadcasting ${batch.txHash}`, () => broadcast(context, batch.rawTx!));
      } else if (known.blockNumber === null) {
        // still pending: once it has waited replaceAfterBlocks, replaced
        const head = Number(await guard("confirm", "reading the head block", () => getBlockNumber(client, { cacheTime: 0 })));
        if (batch.sentAtBlock === null || head - batch.sentAtBlock >= context.replaceAfterBlocks) {
          const { from } = (await sentBy(batch))!;
          // by this run's key: the same nonce, fees raised; signed by another key (rotated away): a new transaction from this
          // one, and whichever is mined first anchors the root (the other reverts: the contract takes a root once)
          const replaced = await sendBatch(context, batch, { replacing: from === context.wallet.account.address ? batch.rawTx : undefined });
          if ("capped" in replaced) return replaced;
          if ("txHash" in replaced) {
            context.onStep?.({ step: "replaced", batchId: batch.id, txHash: replaced.txHash, previous: batch.txHash });
            batch = (await store.getBatch(batch.id))!;
          }
        }
      }
      if (await settle(context, batch, batch.txHash!)) return undefined;
      batch = (await store.getBatch(batch.id))!;
      continue;
    }
    // built (new, or reopened: a revocation voided its anchor, or its transaction was dropped): members whose signer
    // may no longer be valid when this anchor lands, or whose model was retired before they claim, leave it first,
    // reported, so it never claims them
    await guard("send", "checking the batch's manifest file", () => ensureManifest(context, batch));
    const range = await guard("send", "reading the chain's time", () => readAnchorTimeRange(context));
    await guard("send", "reading the windows of the batch's signer keys", () => detachVoidMembers(context, { batch, range }));
    await guard("send", "reading the retirement of the batch's models", () => detachRetiredMembers(context, { batch }));
    const sent = await sendBatch(context, batch);
    if ("capped" in sent) return sent;
    if (!("txHash" in sent)) throw new AnchorRunError({ step: "send", message: `Batch ${batch.id}: no fees chosen for its first transaction.` });
    if (await settle(context, (await store.getBatch(batch.id))!, sent.txHash)) return undefined;
    batch = (await store.getBatch(batch.id))!;
  }
  throw new AnchorRunError({ step: "confirm", message: `Batch ${batch.id} could not be anchored after 4 attempts.` });
}

/**
 * Waits for the receipt and confirmations, checks the chain holds the batch, and marks it anchored. False when
 * the transaction mined in its place was not ours (replaced with the same nonce, e.g. by a stolen copy of this
 * key) or ours reverted because the root was anchored by another: the caller then judges the chain again.
 */
async function settle(context: AnchorContext, batch: StoredBatch, txHash: Hash): Promise<boolean> {
  const { client, store, deployment } = context;
  let receipt;
  try {
    // sender and nonce let viem find a replacement mined before it first reads the transaction
    const replacement = txHash === batch.txHash ? await sentBy(batch) : undefined;
    receipt = await waitForTransactionReceipt(client, { hash: txHash, confirmations: context.confirmations, timeout: context.receiptTimeout, pollingInterval: context.pollingInterval, replacement });
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError) {
      throw new AnchorRunError({ step: "confirm", message: `Anchor transaction ${txHash} of batch ${batch.id} was not confirmed within ${context.receiptTimeout / 1000} s.`, cause: error, metaMessages: ["The next run waits for it, or re-sends it if it was dropped."] });
    }
    throw toAnchorRunError("confirm", error, `waiting for ${txHash}`);
  }
  // viem returns a replacement's receipt when the transaction was replaced (same nonce): only one we sent counts
  if (!(await store.getBatchTransactions(batch.id)).includes(receipt.transactionHash)) return false;
  const onChain = await guard("confirm", "reading the anchored batch", () => getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root: batch.root }));
  if (receipt.status !== "success") {
    if (onChain) return false;
    await store.reopenBatch(batch.id);
    throw new AnchorRunError({ step: "confirm", message: `The anchor transaction ${receipt.transactionHash} of batch ${batch.id} reverted; the batch will be re-sent.` });
  }
  const event = findBatchAnchoredEvent({ logs: receipt.logs, deployment, root: batch.root });
  if (!onChain || !event) {
    throw new AnchorRunError({ step: "confirm", message: `Transaction ${receipt.transactionHash} was mined but did not anchor batch ${batch.id} (reorged); the next run re-checks it.` });
  }
  // the real anchor time, against each member's signer window: a transaction stuck past a window's end (sent by this
  // run or an earlier one) voids those members, which leave the batch and are reported, never silently; so does a
  // retirement of their model mined before the anchor. Before the batch is marked anchored: a run stopped in between
  // finds it still sent, and checks again
  const at = onChain.anchoredAt;
  await guard("confirm", "reading the windows of the batch's signer keys", () => detachVoidMembers(context, { batch, range: { earliest: at, latest: at }, anchoredAt: Number(at) }));
  await guard("confirm", "reading the retirement of the batch's models", () => detachRetiredMembers(context, { batch, anchoredAt: Number(at), blockNumber: receipt.blockNumber }));
  const { detached } = await store.markBatchAnchored({
    batchId: batch.id,
    txHash: receipt.transactionHash,
    blockNumber: Number(receipt.blockNumber),
    blockHash: receipt.blockHash,
    anchoredAt: Number(onChain.anchoredAt),
    anchorer: onChain.anchorer,
    gasUsed: Number(receipt.gasUsed),
    feeWei: receipt.gasUsed * receipt.effectiveGasPrice,
  });
  // the chain's time we batched by (the pending block's) ran ahead of the block that took the anchor
  if (detached > 0) context.onStep?.({ step: "detached", batchId: batch.id, count: detached, anchoredAt: Number(onChain.anchoredAt) });
  context.onStep?.({ step: "anchored", batchId: batch.id, txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber) });
  return true;
}

/**
 * An anchor of the batch's root by a transaction this store does not list, but naming the batch's own manifest
 * URI: the same anchor this anchorer would make, sent before the store was restored from a backup (or by a twin
 * of this anchorer). Adopted: it publishes nothing the lab did not. Another URI is never adopted.
 */
async function findOwnAnchorElsewhere(context: AnchorContext, batch: StoredBatch, onChain: NonNullable<GetBatchReturnType>): Promise<Hash | null> {
  const event = await findAnchorEvent(context, { root: batch.root, anchoredAt: onChain.anchoredAt });
  if (event?.uri !== batch.manifestUri || event.anchorer !== onChain.anchorer) return null;
  await context.store.adoptBatchTransaction({ batchId: batch.id, txHash: event.txHash });
  context.onStep?.({ step: "adopted", batchId: batch.id, txHash: event.txHash, reason: `its root is anchored with its own manifest URI (block ${event.blockNumber}) by a transaction this store did not list (restored from a backup?)` });
  return event.txHash;
}

/** The sender and nonce of the batch's signed transaction, if it has one. */
async function sentBy(batch: StoredBatch): Promise<{ from: Address; nonce: number } | undefined> {
  if (!batch.rawTx || batch.nonce === null) return undefined;
  return { from: await recoverTransactionAddress({ serializedTransaction: batch.rawTx as TransactionSerialized }), nonce: batch.nonce };
}

async function guard<value>(step: "confirm" | "send", what: string, call: () => Promise<value>): Promise<value> {
  try {
    return await call();
  } catch (error) {
    throw toAnchorRunError(step, error, what);
  }
}
