import { type Address, type Hash, type Hex, getAddress } from "viem";
import { en } from "zod/locales";
import * as z from "zod/mini";
import { contentEncodings } from "../types/ContentEncoding.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

/** The format tag of the current proof bundle version. */
export const proofBundleFormat = "aiattest-bundle-v1";

// zod/mini configures no locale: the objects carry zod's English messages ("is missing", "expected object") themselves,
// so the schema reads the same whether or not the full zod (which installs them globally) is loaded too
const { localeError } = en();
const strictObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.strictObject(shape, { error: localeError });

const hash = z.pipe(
  z.string({ error: "must be a string of 0x-hex" }).check(z.regex(bytes32Pattern, { error: "must be 32 bytes of 0x-hex (66 characters)" })),
  z.transform((value) => value.toLowerCase() as Hash),
);

// EIP-55: all lower-case and all upper-case hex carry no checksum; mixed case must be the checksum
const address = z.pipe(
  z
    .string({ error: "must be a 0x-address string" })
    .check(
      z.regex(/^0x[0-9a-fA-F]{40}$/, { error: "must be a 20-byte 0x-address" }),
      z.refine((value) => hasValidChecksum(value), { error: "has mixed case that is not its EIP-55 checksum" }),
    ),
  z.transform((value) => getAddress(value) as Address),
);

const signature = z.pipe(
  z.string({ error: "must be a string of 0x-hex" }).check(z.regex(/^0x[0-9a-fA-F]{130}$/, { error: "must be a 65-byte signature in 0x-hex (132 characters)" })),
  z.transform((value) => value.toLowerCase() as Hex),
);

/** A JSON integer from `min` to 2^53 - 1, the largest every JSON parser reads exactly. */
const wholeNumber = (min: 0 | 1, what = "a number") =>
  z
    .number({ error: `must be ${what}` })
    .check(
      z.int({ error: "must be a whole number" }),
      z.gte(min, { error: min === 0 ? "must not be negative" : "must be positive" }),
      z.lte(Number.MAX_SAFE_INTEGER, { error: "must be at most 2^53 - 1" }),
    );

/** Unix seconds; JSON numbers are exact up to 2^53 - 1, far beyond any block time, and inside uint64. */
const unixSeconds = wholeNumber(0, "a number of unix seconds");

// controls (C0, C1, DEL), line separators and bidirectional formatting characters: text that could rewrite
// what a terminal or a page shows next to a verdict (a regex, so the generated JSON Schema carries it as a pattern)
const printable = /^[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/u;

/** A printable string of at least `min` and at most `max` UTF-16 code units. */
const text = (min: 0 | 1, max: number) =>
  z
    .string({ error: "must be a string" })
    .check(
      z.maxLength(max, { error: `must be at most ${max} characters` }),
      z.regex(printable, { error: "must not contain control or bidirectional-formatting characters" }),
      ...(min === 1 ? [z.minLength(1, { error: "must not be empty" })] : []),
    );

// an http(s) URL; the scheme is checked by pattern (so the JSON Schema carries it) and the rest by WHATWG URL parsing
const bundleUrl = text(1, 2048).check(
  z.regex(/^https?:\/\//, { error: "must be an http or https URL" }),
  z.refine((value) => URL.canParse(value), { error: "must be an http or https URL" }),
);

const anchorSchema = strictObject({
  root: hash,
  proof: z.array(hash, { error: "must be an array of 32-byte hashes" }).check(z.maxLength(256, { error: "must hold at most 256 hashes" })),
  leafIndex: wholeNumber(0),
  anchorer: address,
  txHash: hash,
  blockNumber: wholeNumber(1),
  anchoredAt: unixSeconds,
  manifestUri: text(0, 2048),
});

/**
 * The zod schema of a v1 proof bundle. Hex is normalized (lower-case hashes, checksummed addresses), and
 * unknown keys are refused so a typo cannot silently drop a field.
 */
export const proofBundleSchema = strictObject({
  format: z.literal(proofBundleFormat, { error: `must be "${proofBundleFormat}"` }),
  chainId: wholeNumber(1),
  contract: address,
  publisher: address,
  model: strictObject({ name: text(1, 256), version: text(1, 256) }),
  output: strictObject({ modelId: hash, requestHash: hash, responseHash: hash, timestamp: unixSeconds }),
  content: strictObject({
    encoding: z.enum(contentEncodings, { error: `must be one of ${contentEncodings.join(", ")}` }),
    responseSalt: hash,
    /** Omitted (null) when the request was not committed, or is withheld by whoever shares the bundle. */
    requestSalt: z.nullable(hash),
  }),
  signer: address,
  signature,
  recordId: text(1, 128),
  /**
   * Optional: where the proof server serves this record's bundle (`<public URL>/v1/records/<id>`), so a receipt
   * says where its anchored proof will be (`aiattest upgrade`). A locator only: unsigned, never trusted by a verifier.
   */
  bundleUrl: z.optional(bundleUrl),
  anchor: z.nullable(anchorSchema),
});

function hasValidChecksum(value: string): boolean {
  const hex = value.slice(2);
  return hex === hex.toLowerCase() || hex === hex.toUpperCase() || getAddress(value) === value;
}
