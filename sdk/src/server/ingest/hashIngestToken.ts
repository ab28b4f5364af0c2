import { hash } from "node:crypto";
import type { Hash } from "viem";

/**
 * The SHA-256 of an ingestion token, the only form the store keeps: a token is 32 random bytes, so a plain hash
 * (no salt, no stretching) is enough to make a stolen store useless for calling the API.
 *
 * @example
 * const tokenHash = hashIngestToken("aia_3q2-…")
 */
export function hashIngestToken(token: string): Hash {
  return `0x${hash("sha256", token, "hex")}`;
}
