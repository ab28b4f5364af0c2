import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openRecorder } from "../openRecorder.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";
import { readInputFile } from "../readInputFile.js";
import { readStdin } from "../readStdin.js";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";

const recordOptionsSchema = globalOptionsSchema.extend({
  /** A model id (0x + 64 hex digits) of the publisher. */
  model: z.string({ error: "required" }).trim().regex(bytes32Pattern, "expected a model id: 0x followed by 64 hex digits"),
  /** The response file, hashed as its exact bytes; `-` reads standard input. */
  response: z.string({ error: "required (or --jsonl FILE for many outputs, one JSON object a line)" }).min(1),
  request: z.string().min(1).optional(),
  encoding: z.enum(["utf8", "jcs"]).optional(),
  /** Where to write the receipt (default: stdout). */
  out: z.string().min(1).optional(),
});

export type RecordOptions = z.input<typeof recordOptionsSchema>;

export type RecordResult = ProofBundle;

/**
 * `aiattest record --model <id> --response <file|->`: signs one output with the signer key and records it
 * durably in the store; returns its receipt (a signed-only bundle, anchored later by `aiattest anchor`).
 *
 * @throws {CliError} (exit 2) when a file cannot be read; {ConfigError} for a missing signer key or database.
 * @example
 * const receipt = await record({ model: modelId, response: "answer.txt" }, context)
 */
export async function record(options: RecordOptions, context: CommandContext): Promise<RecordResult> {
  const parsed = parseOptions(recordOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const [response, request] = await Promise.all([
    parsed.response === "-" ? readStdin() : readInputFile({ path: parsed.response, cwd: context.cwd, what: "response" }),
    parsed.request === undefined ? undefined : readInputFile({ path: parsed.request, cwd: context.cwd, what: "request" }),
  ]);
  const { recorder, store } = await openRecorder(config, context);
  try {
    const receipt = await recorder.record({ modelId: parsed.model as `0x${string}`, response, request, encoding: parsed.encoding });
    if (parsed.out) await writeFile(resolve(context.cwd, parsed.out), serializeBundle(receipt));
    context.logger?.info(`Recorded output ${receipt.recordId}${parsed.out ? `; receipt written to ${parsed.out}` : ""}.`);
    return receipt;
  } finally {
    recorder.close();
    await store.close();
  }
}
