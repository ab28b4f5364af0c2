import { type KeyObject, createSecretKey } from "node:crypto";
import type { Hex } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";

const lookupSecretPattern = /^0x[0-9a-fA-F]{64}$/;

/** The last secret turned into a key: a recorder keys every output with the same one. */
let cached: { secret: string; key: KeyObject } | undefined;

/**
 * The HMAC key of a lookup secret (32 bytes as `0x` + 64 hex digits). The error never quotes the value: it is a secret.
 *
 * @throws {InvalidArgumentError} if the secret is not 0x + 64 hex digits.
 * @example
 * const key = lookupSecretKeyOf(process.env.AIATTEST_LOOKUP_SECRET as Hex)
 */
export function lookupSecretKeyOf(secret: Hex): KeyObject {
  if (cached?.secret === secret) return cached.key;
  if (typeof secret !== "string" || !lookupSecretPattern.test(secret)) {
    throw new InvalidArgumentError({
      argument: "lookup secret",
      expected: "32 bytes as 0x + 64 hex digits (e.g. from `openssl rand -hex 32`, with 0x in front)",
      received: typeof secret === "string" ? `a value of ${secret.length} characters (not shown: it is a secret)` : typeof secret,
    });
  }
  const key = createSecretKey(Buffer.from(secret.slice(2), "hex"));
  cached = { secret, key };
  return key;
}
