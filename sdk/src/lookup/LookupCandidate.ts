import type { Hash } from "viem";
import type { ContentEncoding } from "../types/ContentEncoding.js";

/**
 * A record whose lookup key has the tag asked for: a candidate only, until re-checked. An `exact` candidate is
 * confirmed by recomputing `responseHash` from the sample's bytes and `responseSalt`; a `normalized` one by
 * comparing the full `mac` with the sample's normalized key under the secret `secretId` names.
 */
export type LookupCandidate = {
  tag: bigint;
  kind: "exact" | "normalized";
  /** The full normalized key; null for `exact` rows (the salted response hash re-checks those). */
  mac: Hash | null;
  secretId: number;
  recordId: number;
  modelId: Hash;
  timestamp: bigint;
  encoding: ContentEncoding;
  responseSalt: Hash;
  responseHash: Hash;
};

/** A lookup secret the store knows, by its fingerprint, and how many records were keyed with it. */
export type StoredLookupSecret = {
  id: number;
  fingerprint: Hash;
  createdAt: number;
  records: number;
};
