import { existsSync } from "node:fs";
import type { Address, Hash } from "viem";
import { CliError } from "../../errors/CliError.js";
import { exitCodes } from "../exitCodes.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { BatchStatus } from "../../store/Store.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
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
};

/**
 * `aiattest status`: what the lab's store holds, read locally with no chain access: the records not batched yet
 * and not anchored yet, and the last batches (`--last`, default 10) and every batch not anchored, each built, sent,
 * anchored or final, with what anchoring cost.
 *
 * @throws {CliError} (exit 2) when there is no store at AIATTEST_DB (it is never created here).
 *
 * @example
 * const { pending, batches } = await status({ last: 5 }, context)
 */
export async function status(options: StatusOptions, context: CommandContext): Promise<StatusResult> {
  const parsed = parseOptions(statusOptionsSchema, options);
  const db = requireSetting(loadCommandConfig(parsed, context), "db");
  if (!existsSync(db)) throw new CliError({ message: `No store at ${db}: check AIATTEST_DB (status never creates one)`, exitCode: exitCodes.usage });
  const store = await openStore(db);
  try {
    const batches = await store.getRecentBatches(parsed.last ?? 10);
    const pending = await store.countPending();
    return {
      db,
      deployment: await store.getDeployment(),
      pending,
      // every batch not anchored is listed, so its records are counted here
      unanchored: pending + batches.filter((batch) => batch.status !== "anchored").reduce((sum, batch) => sum + batch.count, 0),
      batches: batches.map((batch) => ({
        id: batch.id,
        root: batch.root,
        count: batch.count,
        status: batch.status === "anchored" && batch.final ? "final" : batch.status,
        txHash: batch.txHash,
        blockNumber: batch.blockNumber,
        anchoredAt: batch.anchoredAt,
        gasUsed: batch.gasUsed,
        feeWei: batch.feeWei,
      })),
    };
  } finally {
    await store.close();
  }
}
