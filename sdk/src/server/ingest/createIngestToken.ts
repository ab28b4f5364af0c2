import { randomBytes } from "node:crypto";
import type { Hash } from "viem";
import { hashIngestToken } from "./hashIngestToken.js";

/** What every ingestion token starts with: a secret scanner (or a person) can tell one at a glance. */
export const ingestTokenPrefix = "aia_";

/** An ingestion token: `aia_` and 43 base64url characters (32 random bytes). */
export const ingestTokenPattern = /^aia_[A-Za-z0-9_-]{43}$/;

/**
 * A fresh bearer token for the ingestion API, and the hash the store keeps (`aiattest token create` prints the
 * token once; nothing can show it again).
 *
 * @example
 * const { token, tokenHash } = createIngestToken()
 * await store.createToken({ name: "inference-eu", tokenHash })
 */
export function createIngestToken(): { token: string; tokenHash: Hash } {
  const token = `${ingestTokenPrefix}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashIngestToken(token) };
}
