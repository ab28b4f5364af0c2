import type { Hash } from "viem";
import { CliError } from "../../errors/CliError.js";
import { type OutputInput, parseOutputInput } from "../../pipeline/parseOutputInput.js";
import { exitCodes } from "../exitCodes.js";

export type RecordLine = OutputInput;

/**
 * Parses and checks line `lineNumber` of a JSONL input before anything is signed (`parseOutputInput`, the parser the
 * ingestion API uses too): JSON, the shape, the model id (the line's, else `defaultModel`), and content the encoding
 * can hash. The text of a line is never quoted in an error: it is someone's output.
 *
 * @throws {CliError} (exit 2) naming the line and what is wrong with it.
 * @example
 * const line = parseRecordLine({ text: '{"response":"Paris."}', lineNumber: 1, defaultModel: modelId })
 */
export function parseRecordLine({ text, lineNumber, defaultModel }: { text: string; lineNumber: number; defaultModel: Hash | undefined }): RecordLine {
  const parsed = parseOutputInput({ text, defaultModel });
  if (parsed.ok) return parsed.output;
  const problem =
    parsed.kind === "empty"
      ? 'empty line (each line is one JSON object: {"response": …})'
      : parsed.kind === "no-model"
        ? 'no "model", and no --model to default to'
        : parsed.problem;
  throw new CliError({
    message: `Line ${lineNumber} of the JSONL input: ${problem}`,
    exitCode: exitCodes.usage,
    metaMessages: [`Every line before it was recorded and its receipt written; nothing from line ${lineNumber} on was recorded.`],
  });
}
