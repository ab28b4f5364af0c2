import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { requireSetting } from "../../config/requireSetting.js";
import { getProofBundle } from "../../pipeline/getProofBundle.js";
import { CliError } from "../../errors/CliError.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";
import { parseOptions } from "../parseOptions.js";

const proofOptionsSchema = globalOptionsSchema.extend({
  recordId: wholeNumberOption({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  out: z.string().min(1).optional(),
});

export type ProofOptions = z.input<typeof proofOptionsSchema>;

/**
 * `aiattest proof <recordId>`: the record's proof bundle from the store — anchored once its batch is, its
 * signed-only receipt before. Reads only the local database: no chain access.
 *
 * @throws {CliError} (exit 1) when the store has no such record; (exit 2) without a record id.
 * @example
 * const bundle = await proof({ recordId: "42", out: "answer.proof.json" }, context)
 */
export async function proof(options: ProofOptions, context: CommandContext): Promise<ProofBundle> {
  if (options.recordId === undefined) throw new CliError({ message: "Give a record id, or --all or --batch <root> with --out-dir <dir>.", exitCode: exitCodes.usage });
  const parsed = parseOptions(proofOptionsSchema, options);
  const db = requireSetting(loadCommandConfig(parsed, context), "db");
  const store = await openStore(db);
  try {
    const bundle = await getProofBundle({ store, recordId: parsed.recordId });
    if (!bundle) throw new CliError({ message: `No record ${parsed.recordId} in ${db}.`, exitCode: exitCodes.failure });
    if (parsed.out) await writeFile(resolve(context.cwd, parsed.out), serializeBundle(bundle));
    context.logger?.info(bundle.anchor ? `Record ${parsed.recordId} is anchored in batch ${bundle.anchor.root}.` : `Record ${parsed.recordId} is not anchored yet: this is its signed receipt.`);
    return bundle;
  } finally {
    await store.close();
  }
}
