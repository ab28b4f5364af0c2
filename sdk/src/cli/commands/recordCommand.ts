import type { CommandContext } from "../CommandContext.js";
import { type RecordOptions, type RecordResult, record } from "./record.js";
import { type RecordJsonlOptions, type RecordJsonlResult, recordJsonl } from "./recordJsonl.js";

/**
 * `aiattest record`: one output (`--response`), or one per line of a JSONL input (`--jsonl`).
 *
 * @example
 * const result = await recordCommand({ jsonl: "outputs.jsonl", model: modelId }, context)
 */
export function recordCommand(options: (RecordOptions | RecordJsonlOptions) & { jsonl?: unknown }, context: CommandContext): Promise<RecordResult | RecordJsonlResult> {
  return options.jsonl === undefined ? record(options as RecordOptions, context) : recordJsonl(options as RecordJsonlOptions, context);
}
