import { createHmac } from "node:crypto";
import type { Hash, Hex } from "viem";
import { lookupSecretKeyOf } from "./lookupSecretKeyOf.js";

const fingerprintLabel = Buffer.from("aiattest lookup secret fingerprint v1", "utf8");

/**
 * `HMAC-SHA256(secret, utf8("aiattest lookup secret fingerprint v1"))`: names a lookup secret without revealing it
 * (a PRF output, safe to store and print). The store keeps it, so a lookup can tell "wrong secret" from "no match".
 *
 * @throws {InvalidArgumentError} if the secret is not 0x + 64 hex digits.
 * @example
 * const fingerprint = lookupSecretFingerprint(secret) // "0x…" (66 chars)
 */
export function lookupSecretFingerprint(secret: Hex): Hash {
  return `0x${createHmac("sha256", lookupSecretKeyOf(secret)).update(fingerprintLabel).digest("hex")}`;
}
