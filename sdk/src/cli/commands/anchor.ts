import type { z } from "zod";
import type { CommandContext } from "../CommandContext.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { notImplemented } from "../notImplemented.js";
import { parseOptions } from "../parseOptions.js";

const anchorOptionsSchema = globalOptionsSchema;

export type AnchorOptions = z.input<typeof anchorOptionsSchema>;

/** What one anchoring run did (to be defined with the anchorer's state machine). */
export type AnchorResult = Record<string, unknown>;

/**
 * `aiattest anchor`: what cron runs. Resumes or starts one batch: lock, take pending records, build the tree,
 * persist, send, wait for confirmations.
 *
 * TODO(pipeline): `loadCommandConfig(parsed, context)`, then `requireSetting` for "anchorerKey", "db",
 * "manifestDir", "confirmations", "maxBatch" and `optionalSetting(config, "manifestBaseUrl")`;
 * `connectAttest(config, context)` gives `walletClient(anchorerKey)`; run the anchorer with `anchorBatch`
 * (sdk/src/actions/anchorBatch.ts, which returns anchoredAt) and report progress with
 * `context.logger?.progress(...)`.
 *
 * @example
 * const run = await anchor({}, context)
 */
export async function anchor(options: AnchorOptions, _context: CommandContext): Promise<AnchorResult> {
  parseOptions(anchorOptionsSchema, options);
  throw notImplemented("anchor");
}
