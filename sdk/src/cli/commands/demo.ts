import type { z } from "zod";
import type { CommandContext } from "../CommandContext.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { notImplemented } from "../notImplemented.js";
import { parseOptions } from "../parseOptions.js";

const demoOptionsSchema = globalOptionsSchema;

export type DemoOptions = z.input<typeof demoOptionsSchema>;

/** What the demo did (to be defined). */
export type DemoResult = Record<string, unknown>;

/**
 * `aiattest demo`: deploy, register, authorize, record, anchor and verify end to end on a local chain.
 *
 * TODO(pipeline): chain the command functions (`deploy`, `modelRegister`, `keyAdd`, `record`, `anchor`,
 * `proof`, `verify`), passing each the same `context` with `env` extended by the deployed AIATTEST_CONTRACT.
 *
 * @example
 * const summary = await demo({}, context)
 */
export async function demo(options: DemoOptions, _context: CommandContext): Promise<DemoResult> {
  parseOptions(demoOptionsSchema, options);
  throw notImplemented("demo");
}
