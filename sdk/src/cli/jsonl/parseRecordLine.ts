import type { Hash } from "viem";
import { z } from "zod";
import { CliError } from "../../errors/CliError.js";
import { InvalidArgumentError } from "../../errors/InvalidArgumentError.js";
import { encodeContent } from "../../hashing/hashContent.js";
import { findStrictJsonViolation } from "../../json/findStrictJsonViolation.js";
import { contentEncodings, type ContentEncoding } from "../../types/ContentEncoding.js";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";
import { exitCodes } from "../exitCodes.js";

/**
 * One line of `aiattest record --jsonl`: an output to record. `response` (and `request`) is the text as delivered,
 * hashed as its exact UTF-8 (`utf8`, the default), or for `jcs` a JSON text or any JSON value, hashed in its
 * canonical form. Unknown keys are refused, so a misspelt `"requets"` is not silently left out of the receipt.
 */
const recordLineSchema = z.strictObject({
  response: z.unknown().refine((value) => value !== undefined, "required"),
  request: z.unknown().optional(),
  model: z.string().regex(bytes32Pattern, "expected a model id: 0x followed by 64 hex digits").optional(),
  encoding: z.enum(contentEncodings).optional(),
});

export type RecordLine = { modelId: Hash; response: unknown; request: unknown; encoding: ContentEncoding };

/**
 * Parses and checks line `lineNumber` of a JSONL input before anything is signed: JSON, the shape, the model id
 * (the line's, else `defaultModel`), and content the encoding can hash (`utf8` takes only a string). The text of
 * a line is never quoted in an error: it is someone's output.
 *
 * @throws {CliError} (exit 2) naming the line and what is wrong with it.
 * @example
 * const line = parseRecordLine({ text: '{"response":"Paris."}', lineNumber: 1, defaultModel: modelId })
 */
export function parseRecordLine({ text, lineNumber, defaultModel }: { text: string; lineNumber: number; defaultModel: Hash | undefined }): RecordLine {
  const fail = (problem: string) =>
    new CliError({
      message: `Line ${lineNumber} of the JSONL input: ${problem}`,
      exitCode: exitCodes.usage,
      metaMessages: [`Every line before it was recorded and its receipt written; nothing from line ${lineNumber} on was recorded.`],
    });
  if (text.trim() === "") throw fail('empty line (each line is one JSON object: {"response": …})');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail("not valid JSON");
  }
  // JSON.parse keeps the last of two equal names: {"response": "a", "response": "b"} has no one meaning
  const violation = findStrictJsonViolation(text);
  if (violation) throw fail(violation.kind === "duplicate-key" ? "a name appears twice in one object" : "a lone surrogate escape in a string");
  const parsed = recordLineSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `"${issue.path.join(".")}": ${issue.message}` : issue.message));
    throw fail(`${issues.join("; ")} (expected {"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"})`);
  }
  const { response, request, model, encoding = "utf8" } = parsed.data;
  const modelId = (model ?? defaultModel) as Hash | undefined;
  if (modelId === undefined) throw fail('no "model", and no --model to default to');
  for (const [field, content] of [["response", response], ["request", request]] as const) {
    if (content === undefined) continue;
    try {
      encodeContent({ content, encoding });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      throw fail(`"${field}" cannot be hashed as ${encoding}: ${error.shortMessage}`);
    }
  }
  return { modelId, response, request, encoding };
}
