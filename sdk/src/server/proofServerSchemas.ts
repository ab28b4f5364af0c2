import type { Hash } from "viem";
import { z } from "zod";
import { outputInputSchema } from "../pipeline/parseOutputInput.js";

// Every input the proof server takes (path parameters, query strings) is parsed by one of these schemas, and the
// OpenAPI document (`createOpenApiDocument`) is generated from the same ones, so the two cannot disagree.

/** The text of a record id: a positive decimal integer of at most 16 digits, no sign, no leading zero. */
export const recordIdPattern = /^[1-9][0-9]{0,15}$/;

/** A record id in a path: a positive decimal integer up to 2^53 - 1, no sign, no leading zero. */
export const recordIdParameterSchema = z
  .string()
  .regex(recordIdPattern, "must be a positive whole number (the record id), without leading zeros")
  .transform(Number)
  .refine((id) => Number.isSafeInteger(id), "must be at most 2^53 - 1")
  .meta({ description: "The record id (a positive whole number)", example: "42" });

/** A batch root in a path: `0x` + 64 hex digits, either case, with or without the `.json` the anchored URI ends in. */
export const manifestRootParameterSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}(\.json)?$/, "must be the batch root: 0x and 64 hex digits, optionally followed by .json")
  .transform((value) => value.slice(0, 66).toLowerCase() as Hash)
  .meta({ description: "The batch's Merkle root, optionally followed by .json (the anchored manifest URI's form)", example: `0x${"ab".repeat(32)}.json` });

/** The most batches one page holds, and the default page size. */
export const maxBatchPageSize = 100;
export const defaultBatchPageSize = 20;

const cursorPrefix = "b1.";

/** The opaque cursor of the page after batch `id`. */
export function encodeBatchCursor(id: number): string {
  return `${cursorPrefix}${Buffer.from(String(id)).toString("base64url")}`;
}

/** The query of `GET /v1/batches`: an opaque cursor from a previous page, and a page size. */
export const batchesQuerySchema = z.strictObject({
  cursor: z
    .string()
    .max(64, "is not a cursor this server gave")
    .transform((value, context) => {
      const id = value.startsWith(cursorPrefix) ? Buffer.from(value.slice(cursorPrefix.length), "base64url").toString() : "";
      if (/^[1-9][0-9]{0,15}$/.test(id) && Number.isSafeInteger(Number(id)) && encodeBatchCursor(Number(id)) === value) return Number(id);
      context.addIssue({ code: "custom", message: "is not a cursor this server gave (take nextCursor from the previous page)" });
      return z.NEVER;
    })
    .optional()
    .meta({ description: "Opaque: the nextCursor of the previous page; omitted for the first page" }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${maxBatchPageSize}`)
    .transform(Number)
    .refine((limit) => limit <= maxBatchPageSize, `must be a whole number from 1 to ${maxBatchPageSize}`)
    .optional()
    .meta({ description: `Batches per page, 1 to ${maxBatchPageSize} (default ${defaultBatchPageSize})` }),
});

const hashSchema = z.string().regex(/^0x[0-9a-f]{64}$/);
const addressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** One batch as `GET /v1/batches` lists it. */
export const batchSummarySchema = z.object({
  root: hashSchema,
  count: z.number().int().positive().meta({ description: "Records in the batch" }),
  status: z.enum(["built", "sent", "anchored"]),
  final: z.boolean().meta({ description: "The anchoring block is final: the anchor can no longer be reorged away" }),
  txHash: hashSchema.nullable().meta({ description: "The anchoring (or pending) transaction" }),
  blockNumber: z.number().int().nullable(),
  anchoredAt: z.number().int().nullable().meta({ description: "Block time of the anchor, unix seconds" }),
  anchorer: addressSchema.nullable(),
  manifestUri: z.string().meta({ description: "The URI the anchor names" }),
  manifestUrl: z.string().meta({ description: "Where this server serves the manifest (path relative to the server)" }),
});

/** A page of `GET /v1/batches`, oldest batch first. */
export const batchPageSchema = z.object({
  batches: z.array(batchSummarySchema),
  nextCursor: z.string().nullable().meta({ description: "Pass as cursor for the next page; null on the last page" }),
});

/** `GET /v1/health`. */
export const healthSchema = z.object({
  status: z.literal("ok"),
  store: z.literal("reachable"),
  pending: z.number().int().nonnegative().meta({ description: "Records not in any batch yet" }),
  lastAnchor: z
    .object({ root: hashSchema, txHash: hashSchema, blockNumber: z.number().int(), anchoredAt: z.number().int(), final: z.boolean() })
    .nullable()
    .meta({ description: "The newest anchored batch; null when none is" }),
});

/** An RFC 9457 problem body (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string().meta({ description: "A URN naming the kind of problem (urn:aiattest:problem:...)" }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  field: z.string().optional().meta({ description: "The request field a 400 is about: a body field's path, or a header name" }),
});

/** The body of `POST /v1/outputs` (`aiattest serve --ingest`): an output to record, as `record --jsonl` takes a line, with its model. */
export const outputsBodySchema = outputInputSchema.required({ model: true });

/** An `Idempotency-Key` header: 1 to 255 printable ASCII characters (space included), chosen by the client per request. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, "must be 1 to 255 printable ASCII characters")
  .meta({ description: "Makes a retry safe: a request repeated with this key (and the same body) returns the first receipt, recording nothing" });

export type BatchSummary = z.output<typeof batchSummarySchema>;
export type BatchPage = z.output<typeof batchPageSchema>;
export type Health = z.output<typeof healthSchema>;
export type Problem = z.output<typeof problemSchema>;
