import { type Address, type Hash, type Hex, getAddress } from "viem";
import { z } from "zod";
import { contentEncodings } from "../types/ContentEncoding.js";

/** The format tag of the current proof bundle version. */
export const proofBundleFormat = "aiattest-bundle-v1";

const hash = z
  .string({ error: "must be a string of 0x-hex" })
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: "must be 32 bytes of 0x-hex (66 characters)" })
  .transform((value) => value.toLowerCase() as Hash);

const address = z
  .string({ error: "must be a 0x-address string" })
  .regex(/^0x[0-9a-fA-F]{40}$/, { error: "must be a 20-byte 0x-address" })
  .transform((value) => getAddress(value) as Address);

const signature = z
  .string({ error: "must be a string of 0x-hex" })
  .regex(/^0x[0-9a-fA-F]{130}$/, { error: "must be a 65-byte signature in 0x-hex (132 characters)" })
  .transform((value) => value.toLowerCase() as Hex);

/** Unix seconds; JSON numbers are exact up to 2^53 - 1, far beyond any block time, and inside uint64. */
const unixSeconds = z
  .number({ error: "must be a number of unix seconds" })
  .int({ error: "must be a whole number of unix seconds" })
  .nonnegative({ error: "must not be negative" });

// controls (C0, C1, DEL), line separators and bidirectional formatting characters: text that could rewrite
// what a terminal or a page shows next to a verdict
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A printable string of at most `max` UTF-16 code units. */
const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !unprintable.test(value), { error: "must not contain control or bidirectional-formatting characters" });

const anchorSchema = z.strictObject({
  root: hash,
  proof: z.array(hash, { error: "must be an array of 32-byte hashes" }).max(256, { error: "must hold at most 256 hashes" }),
  leafIndex: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).nonnegative({ error: "must not be negative" }),
  anchorer: address,
  txHash: hash,
  blockNumber: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).positive({ error: "must be positive" }),
  anchoredAt: unixSeconds,
  manifestUri: text(2048),
});

/**
 * The zod schema of a v1 proof bundle. Hex is normalized (lower-case hashes, checksummed addresses), and
 * unknown keys are refused so a typo cannot silently drop a field.
 */
export const proofBundleSchema = z.strictObject({
  format: z.literal(proofBundleFormat, { error: `must be "${proofBundleFormat}"` }),
  chainId: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).positive({ error: "must be positive" }),
  contract: address,
  publisher: address,
  model: z.strictObject({ name: text(256).min(1, { error: "must not be empty" }), version: text(256).min(1, { error: "must not be empty" }) }),
  output: z.strictObject({ modelId: hash, requestHash: hash, responseHash: hash, timestamp: unixSeconds }),
  content: z.strictObject({
    encoding: z.enum(contentEncodings, { error: `must be one of ${contentEncodings.join(", ")}` }),
    responseSalt: hash,
    /** Omitted (null) when the request was not committed, or is withheld by whoever shares the bundle. */
    requestSalt: hash.nullable(),
  }),
  signer: address,
  signature,
  recordId: text(128).min(1, { error: "must not be empty" }),
  anchor: anchorSchema.nullable(),
});
