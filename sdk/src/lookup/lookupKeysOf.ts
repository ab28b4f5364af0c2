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

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The two lookup keys of a response, kept in the lab's private provenance index: one over its exact content bytes,
 * one over its normalized text (see `normalizeLookupText`). Nobody without the secret can test a guess against them.
 *
 * @throws {InvalidArgumentError} if the secret is not 0x + 64 hex digits.
 * @example
 * const keys = lookupKeysOf({ secret, bytes: encodeContent({ content: "Paris.", encoding: "utf8" }) })
 */
export function lookupKeysOf({ secret, bytes, text }: LookupKeysOfParameters): LookupKeys {
  const key = lookupSecretKeyOf(secret);
  const exact = createHmac("sha256", key).update(bytes).digest("hex");
  const normalized = createHmac("sha256", key)
    .update(normalizeLookupText(text ?? utf8.decode(bytes)), "utf8")
    .digest("hex");
  return { exact: `0x${exact}`, normalized: `0x${normalized}` };
}
