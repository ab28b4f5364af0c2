import { z } from "zod";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import type { CommandContext } from "../CommandContext.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { notImplemented } from "../notImplemented.js";
import { parseOptions } from "../parseOptions.js";

const recordOptionsSchema = globalOptionsSchema.extend({
  /** A model id (0x + 64 hex digits) of the publisher. */
  model: z.string().trim().regex(/^0x[0-9a-fA-F]{64}$/, "expected a model id: 0x followed by 64 hex digits"),
  /** The response file, hashed as its exact bytes. */
  response: z.string().min(1),
  request: z.string().min(1).optional(),
  encoding: z.enum(["utf8", "jcs"]).optional(),
  /** Where to write the receipt (default: stdout). */
  out: z.string().min(1).optional(),
});

export type RecordOptions = z.input<typeof recordOptionsSchema>;

export type RecordResult = ProofBundle;

/**
 * `aiattest record --model <id> --response <file>`: signs and durably records one output, returning its
 * receipt (a signed-only bundle).
 *
 * TODO(pipeline): after parsing, `loadCommandConfig(parsed, context)`, then `requireSetting(config, "signerKey")`,
 * `requireSetting(config, "db")`, `connectAttest(config, context)` for the deployment (chain id, contract,
 * publisher = getKey(signer).publisher), open the store, `createRecorder(...)`, read the files with
 * `readInputFile`, `recorder.record(...)`, write `--out` if given, and return the receipt.
 *
 * @example
 * const receipt = await record({ model: modelId, response: "answer.txt" }, context)
 */
export async function record(options: RecordOptions, _context: CommandContext): Promise<RecordResult> {
  parseOptions(recordOptionsSchema, options);
  throw notImplemented("record");
}
