import { createHmac } from "node:crypto";
import type { Hash, Hex } from "viem";
import { lookupSecretKeyOf } from "./lookupSecretKeyOf.js";
import { normalizeLookupText } from "./normalizeLookupText.js";

export type LookupKeysOfParameters = {
  /** The lab's lookup secret: 0x + 64 hex digits. */
  secret: Hex;
  /** The exact content bytes hashed for the response hash (`encodeContent`: UTF-8 text, or the RFC 8785 JSON). */
  bytes: Uint8Array;
  /** The text of `bytes`, when the caller has it already (saves decoding them); it must be exactly their text. */
  text?: string | undefined;
};

export type LookupKeys = {
  /** `HMAC-SHA256(secret, bytes)`. */
  exact: Hash;
  /** `HMAC-SHA256(secret, utf8(normalizeLookupText(text of bytes)))`. */
  normalized: Hash;
};

/** The text of the bytes exactly: a leading U+FEFF is part of it (PROTOCOL §3: no BOM handling). */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The two lookup keys of a response, kept in the lab's private provenance index: one over its exact content bytes,
 * one over its normalized text (see `normalizeLookupText`). Nobody without the secret can test a guess against them.
 *
 * @throws {InvalidArgumentError} if the secret is not 0x + 64 hex digits.
 * @example
 * const keys = lookupKeysOf({ secret, bytes: encodeContent({ content: "Paris.", encoding: "utf8" }) })
 */
export function lookupKeysOf(parameters: LookupKeysOfParameters): LookupKeys {
  const { exact, normalized } = lookupDigestsOf(parameters);
  return { exact: `0x${exact.toString("hex")}`, normalized: `0x${normalized.toString("hex")}` };
}

/**
 * `lookupKeysOf` as bytes, for a lookup's hot loop (no hex strings). A text already normal (the usual case) is
 * hashed once: its normalized key is its exact key.
 */
export function lookupDigestsOf({ secret, bytes, text }: LookupKeysOfParameters): { exact: Buffer; normalized: Buffer } {
  const key = lookupSecretKeyOf(secret);
  const exact = createHmac("sha256", key).update(bytes).digest();
  const original = text ?? utf8.decode(bytes);
  const normal = normalizeLookupText(original);
  if (normal === original) return { exact, normalized: exact };
  return { exact, normalized: createHmac("sha256", key).update(normal, "utf8").digest() };
}

/**
 * The normalized key alone, as bytes: what a normalized candidate's full mac is compared with.
 *
 * @example
 * normalizedDigestOf({ secret, text: "Caf\u00e9 au lait" })
 */
export function normalizedDigestOf({ secret, text }: { secret: Hex; text: string }): Buffer {
  return createHmac("sha256", lookupSecretKeyOf(secret)).update(normalizeLookupText(text), "utf8").digest();
}
