import { randomUUID } from "node:crypto";
import type { Chain, Client, LocalAccount, Transport, WalletClient } from "viem";
import { getBlock, getChainId } from "viem/actions";
import { getChainTime } from "../actions/getChainTime.js";
import { getKey } from "../actions/getKey.js";
import { AnchorRunError } from "../errors/AnchorRunError.js";
import type { Store, StoredBatch } from "../store/Store.js";
import type { AnchorContext, AnchorStepEvent } from "./anchorer/AnchorContext.js";
import { buildBatch } from "./anchorer/buildBatch.js";
import { checkReorgs } from "./anchorer/checkReorgs.js";
import { checkVoidedAnchors } from "./anchorer/checkVoidedAnchors.js";
import { confirmBatch } from "./anchorer/confirmBatch.js";
import { screenPendingModels } from "./anchorer/screenPendingModels.js";
import { screenPendingSigners } from "./anchorer/screenPendingSigners.js";
import { findRestoredAnchors, recoverRestoredBatch } from "./anchorer/recoverRestoredBatches.js";
import { toAnchorRunError } from "./anchorer/toAnchorRunError.js";

/** Seconds an anchor sent now is expected to take to be mined, unless `signerMargin` says otherwise. */
export const defaultSignerMargin = 120;

export type RunAnchorerParameters = {
  store: Store;
  /** A client of the deployment's chain. */
  client: Client;
  /** The anchorer key (or the publisher itself) as a local account: transactions are signed here. */
  wallet: WalletClient<Transport, Chain | undefined, LocalAccount>;
  manifest: { dir: string; baseUrl?: string | undefined };
  confirmations?: number | undefined;
  maxBatchSize?: number | undefined;
  receiptTimeout?: number | undefined;
  pollingInterval?: number | undefined;
  /**
   * Blocks below the head at which an anchor is final and no longer re-checked for reorgs. Default: the chain's
   * `finalized` block decides (set a depth for an RPC that does not serve it).
   */
  finalityDepth?: number | undefined;
  /** The most the lab pays per gas, in wei (AIATTEST_MAX_FEE_GWEI): above it the run sends nothing and says so. */
  maxFeePerGas?: bigint | undefined;
  /** Blocks after which a sent anchor still not mined is replaced with fees raised (default 10). */
  replaceAfterBlocks?: number | undefined;
  /**
   * Seconds an anchor is expected to take to be mined (default 120): records whose signer's window closes within
   * it of the chain's time are not batched (`closing`), and an anchor mined later is checked at its real time.
   */
  signerMargin?: number | undefined;
  onStep?: ((event: AnchorStepEvent) => void) | undefined;
};

export type RunAnchorerReturnType =
  | { status: "locked" }
  | {
      status: "done";
      batches: Pick<StoredBatch, "id" | "root" | "count" | "txHash" | "blockNumber" | "anchoredAt" | "gasUsed" | "feeWei">[];
      anchored: number;
      reopened: number;
      /** Pending records signed by a key whose window has closed (revoked, rotated away): void for good, never anchored, reported per key. */
      voidSigned: number;
      /** Pending records whose signer's window closes before an anchor sent now is sure to be mined: not batched (void once it closes). */
      closing: number;
      /** The first ids (up to 100) of the `voidSigned` and `closing` records, in id order. */
      voidSignedIds: number[];
      /**
       * Pending records of a model retired at or before the time they claim (signed from cached facts during a chain
       * outage): void for good, never anchored, reported per model. A record also void by its signer is counted in
       * `voidSigned` too.
       */
      voidRetired: number;
      /** The first ids (up to 100) of the `voidRetired` records, in id order. */
      voidRetiredIds: number[];
      /**
       * Members this run took out of a batch because their signer's window does not cover its anchor's time, or their
       * model was retired at or before the time they claim: before sending (a batch re-anchored after a revocation
       * voided its anchor, or built by an earlier run), or once mined (an anchor that landed after a window closed, or
       * after a retirement). Void: pending again, never batched again. Every id.
       */
      voided: { count: number; recordIds: number[] };
      /** Pending records left for a later run: claimed after the chain's time (a lab clock ahead), or recorded during this run (void and closing ones not included). */
      waiting: number;
      /** Set when fees were above the cap: the open batch waits for cheaper blocks (wei per gas: what the next block needs, and the cap). */
      feeCapped: { needed: bigint; cap: bigint } | null;
    };

/**
 * One anchoring run, what cron calls: lock → re-check every anchor not final yet for reorgs, and every anchor
 * for a revocation of its anchorer that voided it → read the window of each key with pending records against the
 * time an anchor can land (`voidSigned`, `closing`: never batched, reported by id) → read the retirement of each
 * model with pending records (`voidRetired`: those claimed at or after it, never batched, reported by id) → finish
 * the open (or reopened) batches, taking out members whose signer's window does not cover their anchor's time, or
 * whose model was retired before they claim (`voided`) → then, while records
 * claimed no later than the chain's time are pending: take up to `maxBatchSize`, build the tree, write the
 * manifest, persist the batch (its tree kept once: proofs are derived from it when read), send `anchor`, persist the tx, wait for confirmations, mark anchored. Records claimed after
 * the chain's time (a lab clock running ahead) wait for a later run, counted in `waiting`. After a restore from
 * backup, pending records that a manifest in the manifest folder shows anchored since are put back in that batch
 * and its anchor adopted, not anchored twice. Fees follow the node's estimate, never above `maxFeePerGas`: when
 * the next block needs more, the run sends nothing more and returns `feeCapped` (the next run retries); a sent
 * anchor still not mined after `replaceAfterBlocks` is replaced, same nonce, fees raised (under the cap).
 *
 * Every step is durable before the next starts, so a crash or an RPC outage anywhere is resumed by the next
 * run: no record is dropped or anchored twice, and a dropped, reorged or voided anchor is re-sent with the same
 * root. Only an anchor made by a transaction this anchorer sent is adopted: another anchor of a batch's root (a
 * stolen key front-running it) stops the run while valid, and is anchored over once void. A run that finds
 * another one holding the lock (a file lock beside the store, freed by the kernel when its process dies)
 * returns `{ status: "locked" }`.
 *
 * @throws {AnchorRunError} when the chain cannot be reached or refuses the anchor, or a valid anchor of a
 * batch's root was made by a transaction this anchorer never sent (nothing is lost).
 * @example
 * const result = await runAnchorer({ store, client: publicClient, wallet, manifest: { dir: "./manifests" } })
 */
export async function runAnchorer(parameters: RunAnchorerParameters): Promise<RunAnchorerReturnType> {
  const { store, client, wallet, manifest, confirmations = 1, maxBatchSize = 100_000, receiptTimeout = 120_000, pollingInterval = 1_000, finalityDepth, onStep } = parameters;
  const { maxFeePerGas, replaceAfterBlocks = 10, signerMargin = defaultSignerMargin } = parameters;
  const deployment = await store.getDeployment();
  if (!deployment) {
    return { status: "done", batches: [], anchored: 0, reopened: 0, voidSigned: 0, closing: 0, voidSignedIds: [], voidRetired: 0, voidRetiredIds: [], voided: { count: 0, recordIds: [] }, waiting: 0, feeCapped: null };
  }

  const lock = { name: "anchorer", owner: randomUUID() };
  if (!(await store.acquireLock(lock))) return { status: "locked" };
  try {
    const anchorer = wallet.account.address;
    await checkSetup({ client, deployment, anchorer });
    // once the chain's time estimate (the pending block's) has run ahead of a block that took an anchor, the rest of
    // the run batches by the latest block's time, a bound no later block can fall below
    let estimateRanAhead = false;
    const voided: number[] = [];
    const voidedIn = new Map<number, number>();
    const step = (event: AnchorStepEvent) => {
      if (event.step === "detached") estimateRanAhead = true;
      if (event.step === "void-members" || event.step === "void-retired-members") {
        voided.push(...event.recordIds);
        voidedIn.set(event.batchId, (voidedIn.get(event.batchId) ?? 0) + event.recordIds.length);
      }
      onStep?.(event);
    };
    const context: AnchorContext = {
      ...{ store, client, wallet, deployment, anchorer, confirmations, receiptTimeout, pollingInterval, maxFeePerGas, replaceAfterBlocks, manifest, signerMargin, lock },
      excludedSigners: new Set(),
      retiredModels: new Map(),
      onStep: step,
    };
    const reopened = (await checkReorgs(context, { finalityDepth })) + (await checkVoidedAnchors(context));

    const restored = await findRestoredAnchors(context);
    const screened = await screenPendingSigners(context);
    const retired = await screenPendingModels(context);

    const batches: StoredBatch[] = [];
    let feeCapped: { needed: bigint; cap: bigint } | null = null;
    for (;;) {
      const batch =
        (await store.getOpenBatch()) ?? (await recoverRestoredBatch(context, restored)) ?? (await buildBatch(context, { maxBatchSize, chainTime: await readChainTime(client, { latest: estimateRanAhead }) }));
      if (!batch) break;
      const outcome = await confirmBatch(context, batch);
      if (outcome) {
        feeCapped = outcome.capped;
        break;
      }
      batches.push((await store.getBatch(batch.id))!);
    }
    return {
      status: "done",
      batches: batches.map(({ id, root, count, txHash, blockNumber, anchoredAt, gasUsed, feeWei }) => ({ id, root, count, txHash, blockNumber, anchoredAt, gasUsed, feeWei })),
      // a member taken out as void is not counted as anchored
      anchored: batches.reduce((sum, batch) => sum + batch.count - (voidedIn.get(batch.id) ?? 0), 0),
      reopened,
      voidSigned: screened.voidSigned,
      closing: screened.closing,
      voidSignedIds: screened.recordIds,
      voidRetired: retired.voidRetired,
      voidRetiredIds: retired.recordIds,
      voided: { count: voided.length, recordIds: voided.sort((a, b) => a - b) },
      waiting: await countWaiting(context),
      feeCapped,
    };
  } finally {
    await store.releaseLock(lock);
  }
}

/**
 * Pending records a later run anchors: those of a signer this run found not valid over the anchor's time, or of a
 * model retired before they claim, are void, not waiting.
 */
async function countWaiting({ store, excludedSigners, retiredModels }: AnchorContext): Promise<number> {
  return store.countPending({ excludeSigners: [...excludedSigners], excludeModels: [...retiredModels.values()] });
}

async function readChainTime(client: Client, { latest }: { latest: boolean }): Promise<bigint> {
  try {
    return latest ? (await getBlock(client, { blockTag: "latest" })).timestamp : await getChainTime(client);
  } catch (error) {
    throw toAnchorRunError("build", error, "reading the chain's time");
  }
}

/** Fails early, with a fix, when the RPC serves another chain or the key cannot anchor for the publisher. */
async function checkSetup({ client, deployment, anchorer }: { client: Client; deployment: NonNullable<Awaited<ReturnType<Store["getDeployment"]>>>; anchorer: `0x${string}` }) {
  try {
    const chainId = await getChainId(client);
    if (chainId !== deployment.chainId) {
      throw new AnchorRunError({ step: "lock", message: `The RPC serves chain ${chainId}, but the records were signed for chain ${deployment.chainId}.`, metaMessages: ["Point AIATTEST_RPC_URL at the deployment's chain."] });
    }
    if (anchorer === deployment.publisher) return;
    const key = await getKey(client, { contract: deployment.contract, key: anchorer });
    if (key.role !== "anchorer" || key.publisher !== deployment.publisher) {
      throw new AnchorRunError({
        step: "lock",
        message: `${anchorer} is not an anchorer of publisher ${deployment.publisher} (it is ${key.role === "none" ? "unknown to the registry" : `a ${key.role} of ${key.publisher}`}).`,
        metaMessages: ["Authorize it with `aiattest key add anchorer`, or set AIATTEST_ANCHORER_KEY to the right key."],
      });
    }
  } catch (error) {
    throw toAnchorRunError("lock", error, "checking the chain and the anchorer key");
  }
}
