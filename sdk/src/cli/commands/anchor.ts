import { channel } from "node:diagnostics_channel";
import { formatGwei, getAddress } from "viem";
import type { z } from "zod";
import { optionalSetting } from "../../config/optionalSetting.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { AnchorStepEvent } from "../../pipeline/anchorer/AnchorContext.js";
import { type RunAnchorerReturnType, runAnchorer } from "../../pipeline/runAnchorer.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";
import { CliError } from "../../errors/CliError.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

/** Where `aiattest anchor` publishes each step event, once that step is durable. */
const anchorStepChannel = channel("aiattest:anchor-step");

const anchorOptionsSchema = globalOptionsSchema;

export type AnchorOptions = z.input<typeof anchorOptionsSchema>;

export type AnchorResult = RunAnchorerReturnType;

/**
 * `aiattest anchor`: one anchoring run, what cron calls. Resumes whatever a crashed or interrupted run left,
 * then anchors every pending record in batches of at most AIATTEST_MAX_BATCH. Another run holding the lock
 * makes this one return `{ status: "locked" }` at once.
 *
 * Each step event is also published on the `aiattest:anchor-step` diagnostics channel (a no-op with no subscriber):
 * the crash tests subscribe from a preload to stop a run at every durable boundary.
 *
 * @throws {CliError} (exit 2) when the store is bound to another contract than the configured one.
 * @throws {AnchorRunError} (exit 1) when the RPC fails or the contract refuses; nothing is lost.
 * @example
 * const run = await anchor({}, context)
 */
export async function anchor(options: AnchorOptions, context: CommandContext): Promise<AnchorResult> {
  const parsed = parseOptions(anchorOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const anchorer = requireSetting(config, "anchorerKey");
  const db = requireSetting(config, "db");
  const manifest = { dir: requireSetting(config, "manifestDir"), baseUrl: optionalSetting(config, "manifestBaseUrl") };
  const confirmations = requireSetting(config, "confirmations");
  const maxBatchSize = requireSetting(config, "maxBatch");
  const finalityDepth = optionalSetting(config, "finalityDepth");
  const maxFeePerGas = optionalSetting(config, "maxFeeGwei");
  const replaceAfterBlocks = requireSetting(config, "replaceAfterBlocks");
  const connection = await connectAttest(config, context);

  const store = await openStore(db);
  let progress: ReturnType<NonNullable<CommandContext["logger"]>["progress"]> | undefined;
  try {
    // the store is bound to one deployment: a setting naming another is a mistake to report, not to override
    const bound = await store.getDeployment();
    if (bound && getAddress(bound.contract) !== getAddress(connection.contract)) {
      throw new CliError({
        message: `The store ${db} holds records of contract ${bound.contract}, but AIATTEST_CONTRACT (or --contract) names ${connection.contract}`,
        exitCode: exitCodes.usage,
        metaMessages: ["Anchor those records with the contract they were signed for, or point AIATTEST_DB at this contract's store."],
      });
    }
    const pending = await store.countPending();
    if (pending > 0) context.logger?.info(`${pending} record(s) pending.`);
    // progress counts records anchored, out of those pending now and those of a batch an earlier run left open
    const open = await store.getOpenBatch();
    const batchCounts = new Map<number, number>(open ? [[open.id, open.count]] : []);
    const total = pending + (open?.count ?? 0);
    if (total > 0) progress = context.logger?.progress({ total, label: "anchoring records" });
    const onStep = (event: AnchorStepEvent) => {
      if (event.step === "built") batchCounts.set(event.batchId, event.count);
      else if (event.step === "anchored") {
        progress?.increment(batchCounts.get(event.batchId) ?? 0);
        context.logger?.info(`Batch ${event.batchId} anchored in block ${event.blockNumber} (tx ${event.txHash}).`);
      } else if (event.step === "reopened") context.logger?.info(`Batch ${event.batchId} reopened: ${event.reason}.`);
      else if (event.step === "missing")
        context.logger?.warn(`The anchored manifest ${event.root}.json holds ${event.count} output(s) this store does not (recorded after the backup it was restored from?): their receipts stay as issued, but this store cannot serve their bundles.`);
      else if (event.step === "replaced") context.logger?.warn(`Batch ${event.batchId}: ${event.previous} was not mined after ${replaceAfterBlocks} blocks; replaced by ${event.txHash}.`);
      else if (event.step === "detached")
        context.logger?.warn(`Batch ${event.batchId}: ${event.count} record(s) claimed after its anchor's block time (${event.anchoredAt}) left it and are pending again: the next run anchors them.`);
      else if (event.step === "void-signed")
        context.logger?.warn(
          `${event.count} pending record(s) signed by ${event.signer}, ${event.validUntil === null ? "not a signer key of the publisher" : `whose window closed at ${formatUnixTime(event.validUntil)}`}, are void for good (verify: signer-revoked): not anchored, their receipts cannot be honoured; re-issue what matters with a valid key. Record ids: ${listIds(event.recordIds, event.count)}.`,
        );
      else if (event.step === "void-retired")
        context.logger?.warn(
          `${event.count} pending record(s) of model ${event.modelId}, claimed at or after its retirement at ${formatUnixTime(event.retiredAt)} (signed from facts the recorder read before it: during a chain outage, or within its 60 s refresh), are void for good (verify: model-retired): not anchored, their receipts cannot be honoured; re-issue what matters with an active model. Record ids: ${listIds(event.recordIds, event.count)}.`,
        );
      else if (event.step === "void-retired-members")
        context.logger?.warn(
          `Batch ${event.batchId}: ${event.recordIds.length} record(s) of model ${event.modelId}, claimed at or after its retirement at ${formatUnixTime(event.retiredAt)}, are void (verify: model-retired): taken out of the batch ${event.anchoredAt === null ? "before it was sent" : `once anchored at ${formatUnixTime(event.anchoredAt)}`}, and never anchored again. Record ids: ${listIds(event.recordIds, event.recordIds.length)}.`,
        );
      else if (event.step === "signer-closing")
        context.logger?.warn(
          `${event.count} pending record(s) signed by ${event.signer}, whose window closes at ${formatUnixTime(event.validUntil)}, before an anchor sent now is sure to be mined (${formatUnixTime(event.latestAnchorTime)}): not anchored; they become void when it closes. Record ids: ${listIds(event.recordIds, event.count)}.`,
        );
      else if (event.step === "void-members")
        context.logger?.warn(
          `Batch ${event.batchId}: ${event.recordIds.length} record(s) signed by ${event.signer}, ${event.validUntil === null ? "not a signer key of the publisher" : `whose window closes at ${formatUnixTime(event.validUntil)}`}, ${event.anchoredAt === null ? `could be anchored after that (by ${formatUnixTime(event.latestAnchorTime)})` : `were anchored at ${formatUnixTime(event.anchoredAt)}, after that`}: void (verify: signer-revoked), taken out of the batch and never anchored again. Record ids: ${listIds(event.recordIds, event.recordIds.length)}.`,
        );
      else if (event.step === "adopted") context.logger?.warn(`Batch ${event.batchId}: adopting transaction ${event.txHash}: ${event.reason}.`);
      else if (event.step === "manifest-rewritten") context.logger?.warn(`Batch ${event.batchId}: its manifest ${event.path} was missing (a crash while it was written); written again from the store, root ${event.root}.`);
      anchorStepChannel.publish(event);
    };
    const result = await runAnchorer({
      store,
      client: connection.publicClient,
      wallet: connection.walletClient(anchorer),
      manifest,
      confirmations,
      maxBatchSize,
      finalityDepth,
      maxFeePerGas,
      replaceAfterBlocks,
      onStep,
    });
    if (result.status === "locked") context.logger?.info("Another anchoring run holds the lock; nothing to do.");
    else {
      if (result.batches.length === 0) context.logger?.info("Nothing to anchor.");
      if (result.feeCapped) {
        context.logger?.warn(
          `Fees are above AIATTEST_MAX_FEE_GWEI: the next block needs ${formatGwei(result.feeCapped.needed)} gwei per gas, the cap is ${formatGwei(result.feeCapped.cap)}. Nothing more was sent; the next run retries.`,
        );
      }
      if (result.waiting > 0 && !result.feeCapped) context.logger?.warn(`${result.waiting} record(s) left pending for the next run: claimed after the chain's time (is this machine's clock ahead of the chain's?), or recorded during this run.`);
    }
    return result;
  } finally {
    progress?.stop();
    await store.close();
  }
}

/** Record ids as a person reads them in a warning: all of them, or the first ones and how many more. */
function listIds(recordIds: number[], count: number): string {
  return count > recordIds.length ? `${recordIds.join(", ")} and ${count - recordIds.length} more` : recordIds.join(", ");
}
