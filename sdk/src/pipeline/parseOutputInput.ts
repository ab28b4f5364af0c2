import type { Hash } from "viem";
import { z } from "zod";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { encodeContent } from "../hashing/hashContent.js";
import { findStrictJsonViolation } from "../json/findStrictJsonViolation.js";
import { contentEncodings, type ContentEncoding } from "../types/ContentEncoding.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

/**
 * An output to record, as JSON: `{"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"}`
 * (one line of `aiattest record --jsonl`, or the body of `POST /v1/outputs`). `response` (and `request`) is the text
 * as delivered, hashed as its exact UTF-8 (`utf8`, the default), or for `jcs` a JSON text or any JSON value, hashed
 * in its canonical form. Unknown keys are refused, so a misspelt `"requets"` is not silently left out of the receipt.
 */
export const outputInputSchema = z.strictObject({
  response: z
    .unknown()
    .refine((value) => value !== undefined, "required")
    .meta({ description: "The response as delivered: a string (utf8), or for jcs a JSON text or any JSON value" }),
  request: z.unknown().optional().meta({ description: "The request, hashed like the response (optional)" }),
  model: z.string().regex(bytes32Pattern, "expected a model id: 0x followed by 64 hex digits").optional().meta({ description: "The model id (0x + 64 hex digits)" }),
  encoding: z.enum(contentEncodings).optional().meta({ description: "How response and request are hashed (default utf8)" }),
});

export type OutputInput = { modelId: Hash; response: unknown; request: unknown; encoding: ContentEncoding };

/** Why a text is not an output to record: what is wrong, and the field it is about (null for the text as a whole). */
export type OutputInputProblem = {
  kind: "empty" | "not-json" | "duplicate-key" | "lone-surrogate" | "shape" | "no-model" | "content";
  field: string | null;
  problem: string;
};

export type ParseOutputInputResult = { ok: true; output: OutputInput } | ({ ok: false } & OutputInputProblem);

/**
 * Parses and checks one output given as JSON text before anything is signed: JSON (no name twice in an object, no
 * lone surrogate), the shape, the model id (the text's, else `defaultModel`), and content the encoding can hash
 * (`utf8` takes only a string). The one parser of `record --jsonl` lines and ingestion API bodies; a problem never
 * quotes the text (it is someone's output).
 *
 * @example
 * const parsed = parseOutputInput({ text: '{"response":"Paris."}', defaultModel: modelId })
 */
export function parseOutputInput({ text, defaultModel }: { text: string; defaultModel?: Hash | undefined }): ParseOutputInputResult {
  if (text.trim() === "") return { ok: false, kind: "empty", field: null, problem: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, kind: "not-json", field: null, problem: "not valid JSON" };
  }
  // JSON.parse keeps the last of two equal names: {"response": "a", "response": "b"} has no one meaning
  const violation = findStrictJsonViolation(text);
  if (violation) {
    return violation.kind === "duplicate-key"
      ? { ok: false, kind: "duplicate-key", field: null, problem: "a name appears twice in one object" }
      : { ok: false, kind: "lone-surrogate", field: null, problem: "a lone surrogate escape in a string" };
  }
  const parsed = outputInputSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `"${issue.path.join(".")}": ${issue.message}` : issue.message));
    const first = parsed.error.issues[0]!;
    const field = first.path.length > 0 ? first.path.join(".") : first.code === "unrecognized_keys" ? first.keys.join(", ") : null;
    return { ok: false, kind: "shape", field, problem: `${issues.join("; ")} (expected {"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"})` };
  }
  const { response, request, model, encoding = "utf8" } = parsed.data;
  const modelId = (model ?? defaultModel) as Hash | undefined;
  if (modelId === undefined) return { ok: false, kind: "no-model", field: "model", problem: 'no "model"' };
  for (const [field, content] of [["response", response], ["request", request]] as const) {
    if (content === undefined) continue;
    try {
      encodeContent({ content, encoding });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      return { ok: false, kind: "content", field, problem: `"${field}" cannot be hashed as ${encoding}: ${error.shortMessage}` };
    }
  }
  return { ok: true, output: { modelId, response, request, encoding } };
}
