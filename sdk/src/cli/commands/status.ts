import { existsSync } from "node:fs";
import { type Address, type Client, type Hash, getAddress } from "viem";
import { getModel } from "../../actions/getModel.js";
import { ChainReadError } from "../../errors/ChainReadError.js";
import { CliError } from "../../errors/CliError.js";
import { StoreError } from "../../errors/StoreError.js";
import { exitCodes } from "../exitCodes.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { BatchStatus, Store, StoreDeployment, StoredBatch } from "../../store/Store.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { describeStoreLocation } from "../../store/postgres/describeStoreLocation.js";
import { isPostgresUrl } from "../../store/postgres/isPostgresUrl.js";
import { readPublisherKeys } from "../readPublisherKeys.js";
import type { KeyListEntry } from "./keyList.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";
import { parseOptions } from "../parseOptions.js";
import type { z } from "zod";

const statusOptionsSchema = globalOptionsSchema.extend({ last: wholeNumberOption({ min: 1, max: 10_000 }).optional() });

export type StatusOptions = z.input<typeof statusOptionsSchema>;

export type StatusBatch = {
  id: number;
  root: Hash;
  count: number;
  /** built, sent, anchored, or final (anchored, and its block final). */
  status: BatchStatus | "final";
  txHash: Hash | null;
  blockNumber: number | null;
  anchoredAt: number | null;
  gasUsed: number | null;
  /** The fee paid, in wei. */
  feeWei: bigint | null;
};

export type StatusResult = {
  db: string;
  deployment: { chainId: number; contract: Address; publisher: Address } | null;
  /** Records in no batch yet. */
  pending: number;
  /** Records not anchored: pending, or in a batch built or sent (one reopened by a reorg or a voided anchor too). */
  unanchored: number;
  batches: StatusBatch[];
  /** The batch being anchored (built, or its transaction sent), if any. */
  openBatch: StatusBatch | null;
  /** The last batch anchored: its block, the block's time and the transaction. */
  lastAnchor: { batchId: number; blockNumber: number | null; anchoredAt: number | null; txHash: Hash | null } | null;
  /** The publisher's signer and anchorer keys with their windows, read from the chain; null when they were not read. */
  keys: KeyListEntry[] | null;
  /** Why the keys were not read (no RPC, the chain down): the store part stands on its own. */
  keysUnread: string | null;
  /**
   * Pending records void for good: signed by a key that is not an active signer of the publisher (its window
   * closed, or never one), so no anchor can make them verify; the anchor run never batches them. Per signer, and
   * the first 100 ids. Null when the keys were not read.
   */
  voidPending: { count: number; recordIds: number[]; signers: { signer: Address; count: number; validUntil: bigint | null }[] } | null;
  /**
   * Pending records void for good: of a model retired at or before the time they claim (signed from cached facts
   * while the chain could not be read), so no anchor can make them verify; the anchor run never batches them. Per
   * model, and the first 100 ids. Null when the keys were not read, or the chain failed while the models were read.
   */
  voidRetired: { count: number; recordIds: number[]; models: { modelId: Hash; count: number; retiredAt: bigint }[] } | null;
};

/**
 * `aiattest status`: what the lab's store holds: the records not batched yet and not anchored yet, the open batch,
 * the last anchor, and the last batches (`--last`, default 10) and every batch not anchored, each built, sent,
 * anchored or final, with what anchoring cost. Then, from the chain when an RPC is configured, the publisher's keys
 * and their windows; without an RPC, or with the chain down, the store part is printed and `keysUnread` says why.
 *
 * @throws {CliError} (exit 2) when there is no store at AIATTEST_DB, or its schema is older (it is never created or
 * migrated here: status only reads).
 *
 * @example
 * const { pending, batches } = await status({ last: 5 }, context)
 */
export async function status(options: StatusOptions, context: CommandContext): Promise<StatusResult> {
  const parsed = parseOptions(statusOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const db = requireSetting(config, "db");
  // status only reads: a missing store (SQLite file or PostgreSQL schema) is refused, an older schema never migrated
  if (!isPostgresUrl(db) && !existsSync(db)) throw new CliError({ message: `No store at ${db}: check AIATTEST_DB (status never creates one)`, exitCode: exitCodes.usage });
  const store = await openStore(db, { readOnly: true }).catch((error: unknown) => {
    if (error instanceof StoreError) throw new CliError({ message: error.shortMessage, metaMessages: [...(error.metaMessages ?? []), "Check AIATTEST_DB: status never creates or upgrades a store."], exitCode: exitCodes.usage });
    throw error;
  });
  try {
    const batches = await store.getRecentBatches(parsed.last ?? 10);
    const pending = await store.countPending();
    const deployment = await store.getDeployment();
    const [openBatch, lastAnchored] = await Promise.all([store.getOpenBatch(), store.getLastAnchoredBatch()]);
    const keys = await readPublisherKeys({ config, context, deployment });
    const voidPending = keys.keys === null ? null : await readVoidPending(store, keys);
    const voidRetired = keys.keys === null || deployment === null ? null : await readVoidRetired(store, { client: keys.client, deployment });
    return {
      db: describeStoreLocation(db),
      deployment,
      pending,
      // every batch not anchored is listed, so its records are counted here
      unanchored: pending + batches.filter((batch) => batch.status !== "anchored").reduce((sum, batch) => sum + batch.count, 0),
      batches: batches.map(toStatusBatch),
      openBatch: openBatch && toStatusBatch(openBatch),
      lastAnchor: lastAnchored && { batchId: lastAnchored.id, blockNumber: lastAnchored.blockNumber, anchoredAt: lastAnchored.anchoredAt, txHash: lastAnchored.txHash },
      keys: keys.keys,
      keysUnread: keys.keys === null ? keys.unread : null,
      voidPending,
      voidRetired,
    };
  } finally {
    await store.close();
  }
}

/** Pending records whose signer is not an active signer key of the publisher at the chain's time: void for good. */
async function readVoidPending(store: Store, { keys, chainTime }: { keys: KeyListEntry[]; chainTime: bigint }): Promise<StatusResult["voidPending"]> {
  const signers = [];
  for (const { signer, count } of await store.countPendingBySigner()) {
    const key = keys.find((entry) => entry.role === "signer" && getAddress(entry.key) === signer);
    if (key && chainTime < key.validUntil) continue;
    signers.push({ signer, count, validUntil: key ? key.validUntil : null });
  }
  const recordIds = signers.length === 0 ? [] : await store.listPendingIdsBySigners({ signers: signers.map((entry) => entry.signer), limit: 100 });
  return { count: signers.reduce((sum, entry) => sum + entry.count, 0), recordIds, signers };
}

/** Pending records of a model retired at or before the time they claim: void for good. Null when the chain fails meanwhile. */
async function readVoidRetired(store: Store, { client, deployment }: { client: Client; deployment: StoreDeployment }): Promise<StatusResult["voidRetired"]> {
  const models = [];
  try {
    for (const { modelId } of await store.countPendingByModel()) {
      const model = await getModel(client, { contract: deployment.contract, modelId });
      if (!model || model.retiredAt === 0n) continue;
      const count = await store.countPendingRetired({ modelId, retiredAt: model.retiredAt });
      if (count > 0) models.push({ modelId, count, retiredAt: model.retiredAt });
    }
  } catch (error) {
    // the chain is the optional part of the status, as for the keys
    if (error instanceof ChainReadError) return null;
    throw error;
  }
  const recordIds = models.length === 0 ? [] : await store.listPendingRetiredIds({ models: models.map(({ modelId, retiredAt }) => ({ modelId, retiredAt })), limit: 100 });
  return { count: models.reduce((sum, entry) => sum + entry.count, 0), recordIds, models };
}

function toStatusBatch(batch: StoredBatch): StatusBatch {
  return {
    id: batch.id,
    root: batch.root,
    count: batch.count,
    status: batch.status === "anchored" && batch.final ? "final" : batch.status,
    txHash: batch.txHash,
    blockNumber: batch.blockNumber,
    anchoredAt: batch.anchoredAt,
    gasUsed: batch.gasUsed,
    feeWei: batch.feeWei,
  };
}
