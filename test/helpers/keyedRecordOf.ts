import { type Hash, type Hex, keccak256, toHex, zeroHash } from "viem";
import { encodeContent, hashContent } from "../../sdk/src/hashing/hashContent.js";
import { lookupKeysOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";

/**
 * A record of `text` (utf8) as a store keeps it, salted and hashed for real, with its lookup keys under `lookup` when
 * given (a record the index knows) and none otherwise (not indexed). Signature and leaf are placeholders: lookup
 * tests read the index, nothing here is verified or anchored.
 *
 * @example
 * await store.insertRecords(texts.map((text, index) => keyedRecordOf({ text, index, modelId, lookup: { secret, secretId } })))
 */
export function keyedRecordOf({ text, index, modelId, lookup, spacing = 86_400n }: { text: string; index: number; modelId: Hash; lookup?: { secret: Hex; secretId: number } | undefined; spacing?: bigint }): NewRecord {
  const responseSalt: Hash = keccak256(toHex(`salt ${index}`));
  return {
    modelId,
    requestHash: zeroHash,
    responseHash: hashContent({ salt: responseSalt, content: text }),
    timestamp: 1_767_225_600n + BigInt(index) * spacing,
    encoding: "utf8",
    responseSalt,
    requestSalt: null,
    signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    signature: `0x${"ab".repeat(64)}1b`,
    leaf: keccak256(toHex(`leaf ${index}`)),
    ...(lookup ? { lookup: { secretId: lookup.secretId, ...lookupKeysOf({ secret: lookup.secret, bytes: encodeContent({ content: text, encoding: "utf8" }) }) } } : {}),
  };
}
