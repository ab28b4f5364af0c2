import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { requireSetting } from "../../config/requireSetting.js";
import { CliError } from "../../errors/CliError.js";
import { InvariantError } from "../../errors/InvariantError.js";
import { getProofBundle } from "../../pipeline/getProofBundle.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { bytes32Option } from "../options/bytes32Option.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const proofAllOptionsSchema = globalOptionsSchema
  .extend({
    recordId: z.undefined({ error: "give a record id, or --all or --batch, not both" }).optional(),
    all: z.boolean().optional(),
    batch: bytes32Option.optional(),
    outDir: z.string({ error: "--out-dir is required with --all or --batch" }).min(1, "expected a directory"),
  })
  .refine((options) => (options.all === true) !== (options.batch !== undefined), { message: "give either --all or --batch <root>, not both", path: ["all"] });

export type ProofAllOptions = z.input<typeof proofAllOptionsSchema>;

export type ProofAllResult = {
  /** Absolute path of the folder written to. */
  outDir: string;
  /** The batch root, with --batch. */
  batch: string | null;
  /** Files written: one `<id>.proof.json` per record. */
  written: number;
  anchored: number;
  /** Records not anchored yet: their file holds the receipt. */
  receipts: number;
};

/** Records read from the store per page: memory stays flat whatever the store holds. */
const pageSize = 1_000;

/**
 * `aiattest proof --all --out-dir DIR` and `aiattest proof --batch ROOT --out-dir DIR`: every record's proof bundle
 * (or receipt, until anchored) as `DIR/<id>.proof.json`, streamed from the store a page at a time (a store can hold
 * millions), with progress by record. Existing files of the same name are overwritten.
 *
 * @throws {CliError} (exit 2) when there is no store at AIATTEST_DB; (exit 1) when no batch has that root.
 * @example
 * const { written } = await proofAll({ all: true, outDir: "proofs" }, context)
 */
export async function proofAll(options: ProofAllOptions, context: CommandContext): Promise<ProofAllResult> {
  const parsed = parseOptions(proofAllOptionsSchema, options);
  const db = requireSetting(loadCommandConfig(parsed, context), "db");
  if (!existsSync(db)) throw new CliError({ message: `No store at ${db}: check AIATTEST_DB`, exitCode: exitCodes.usage });
  const outDir = resolve(context.cwd, parsed.outDir);
  const store = await openStore(db);
  const result: ProofAllResult = { outDir, batch: parsed.batch ?? null, written: 0, anchored: 0, receipts: 0 };
  try {
    const batch = parsed.batch === undefined ? null : await store.getBatchByRoot(parsed.batch);
    if (parsed.batch !== undefined && !batch) throw new CliError({ message: `No batch with root ${parsed.batch} in ${db}.` });
    await mkdir(outDir, { recursive: true });
    const progress = context.logger?.progress({ total: batch?.count, label: batch ? `proofs of batch ${batch.root.slice(0, 10)}…` : "proofs" });
    try {
      for (let afterId = 0; ; ) {
        const ids = await store.listRecordIds({ afterId, limit: pageSize, batchId: batch?.id });
        if (ids.length === 0) break;
        for (const id of ids) {
          const bundle = await getProofBundle({ store, recordId: id });
          if (!bundle) throw new InvariantError(`Record ${id} was listed but cannot be read.`);
          await writeFile(join(outDir, `${id}.proof.json`), serializeBundle(bundle));
          result.written++;
          if (bundle.anchor) result.anchored++;
          else result.receipts++;
          progress?.increment();
        }
        afterId = ids.at(-1)!;
      }
    } finally {
      progress?.stop();
    }
    return result;
  } finally {
    await store.close();
  }
}
