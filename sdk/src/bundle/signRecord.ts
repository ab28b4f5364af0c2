import { type Address, type Hash, type Hex, zeroHash } from "viem";
import { generateSalt } from "../hashing/generateSalt.js";
import { hashContent, hashEncodedContent } from "../hashing/hashContent.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { type OutputSigner, signOutput } from "../signing/signOutput.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { Output } from "../types/Output.js";
import { signerAddressOf } from "../signing/signerAddressOf.js";

/** A salted, hashed and signed output: everything a receipt needs, nothing of the text itself. */
export type SignedRecord = Output & {
  encoding: ContentEncoding;
  responseSalt: Hash;
  requestSalt: Hash | null;
  signer: Address;
  signature: Hex;
  /** `keccak256(digest)`: the Merkle leaf, so anchoring never re-hashes. */
  leaf: Hash;
};

export type SignRecordParameters = {
  signer: OutputSigner;
  domain: AttestDomain;
  modelId: Hash;
  response: string | Uint8Array | unknown;
  /** The request, to commit it too (its hash is zero otherwise). */
  request?: string | Uint8Array | unknown;
  encoding?: ContentEncoding | undefined;
  /** Unix seconds the signer claims. */
  timestamp: bigint;
  /** The response already encoded (`encodeContent` of `response` with `encoding`), when the caller needed its bytes too. */
  encodedResponse?: Uint8Array | undefined;
  /** Fixed salts, for reproducible test vectors only: production receipts must use fresh random salts. */
  salts?: { response: Hex; request?: Hex | undefined } | undefined;
};

/**
 * Salts, hashes and signs one output: the one place a receipt's content is made, for `createReceipt` and the
 * recorder alike. Fresh 32-byte salts per output (one for the response, one for the request) keep short answers
 * from being brute-forced, and let a holder share the response's proof while withholding the request.
 *
 * @example
 * const record = await signRecord({ signer: account, domain, modelId, response: "Paris.", timestamp: 1767225600n })
 */
export async function signRecord(parameters: SignRecordParameters): Promise<SignedRecord> {
  const { signer, domain, modelId, response, request, encoding = "utf8", timestamp } = parameters;
  const responseSalt = parameters.salts?.response ?? generateSalt();
  const requestSalt = request === undefined ? null : (parameters.salts?.request ?? generateSalt());
  const output: Output = {
    modelId,
    requestHash: requestSalt === null ? zeroHash : hashContent({ salt: requestSalt, content: request, encoding }),
    responseHash:
      parameters.encodedResponse === undefined || parameters.salts !== undefined
        ? hashContent({ salt: responseSalt, content: response, encoding })
        : hashEncodedContent({ salt: responseSalt, bytes: parameters.encodedResponse, encoding }),
    timestamp,
  };
  const digest = hashOutput({ domain, output });
  const signature = await signOutput({ signer, domain, output, digest });
  return { ...output, encoding, responseSalt, requestSalt, signer: signerAddressOf(signer), signature, leaf: hashOutputLeaf(digest) };
}
