import { z } from "zod";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import type { CommandContext } from "../CommandContext.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { notImplemented } from "../notImplemented.js";
import { parseOptions } from "../parseOptions.js";

const proofOptionsSchema = globalOptionsSchema.extend({
  recordId: z.string().trim().min(1, "expected a record id"),
  /** Where to write the bundle (default: stdout). */
  out: z.string().min(1).optional(),
});

export type ProofOptions = z.input<typeof proofOptionsSchema>;

export type ProofResult = ProofBundle;

/**
 * `aiattest proof <recordId>`: the proof bundle of one record (anchored when its batch is).
 *
 * TODO(pipeline): `loadCommandConfig(parsed, context)`, `requireSetting(config, "db")`, open the store and
 * return `getProofBundle(...)`; throw a `CliError` (exit 1) for an unknown record id.
 *
 * @example
 * const bundle = await proof({ recordId: "42" }, context)
 */
export async function proof(options: ProofOptions, _context: CommandContext): Promise<ProofResult> {
  parseOptions(proofOptionsSchema, options, { positionals: ["recordId"] });
  throw notImplemented("proof");
}
