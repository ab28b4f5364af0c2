import { type Address, type Hex, zeroHash } from "viem";
import { computeModelId } from "../hashing/computeModelId.js";
import { generateSalt } from "../hashing/generateSalt.js";
import { hashContent } from "../hashing/hashContent.js";
import { type OutputSigner, signOutput } from "../signing/signOutput.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { Output } from "../types/Output.js";
import type { ProofBundle } from "./ProofBundle.js";
import { proofBundleFormat } from "./proofBundleSchema.js";

export type CreateReceiptParameters = {
  signer: OutputSigner;
  domain: AttestDomain;
  publisher: Address;
  model: { name: string; version: string };
  response: string | Uint8Array | unknown;
  /** The request, to commit it too (its hash is zero otherwise). */
  request?: string | Uint8Array | unknown;
  encoding?: ContentEncoding | undefined;
  recordId: string;
  /** Unix seconds; defaults to now. */
  timestamp?: bigint | undefined;
  /** Fixed salts, for reproducible test vectors only: production receipts must use fresh random salts. */
  salts?: { response: Hex; request?: Hex | undefined } | undefined;
};

/**
 * Salts, hashes and signs one output, and returns its receipt: a signed-only proof bundle (`anchor: null`)
 * that becomes a full proof once its batch is anchored. Fresh 32-byte salts per output (one for the
 * response, one for the request) keep short answers from being brute-forced, and let a holder share the
 * response's proof while withholding the request.
 *
 * @example
 * const receipt = await createReceipt({ signer: account, domain, publisher, model: { name: "m", version: "1" }, response: "Paris.", recordId: "42" })
 */
export async function createReceipt(parameters: CreateReceiptParameters): Promise<ProofBundle> {
  const { signer, domain, publisher, model, response, request, encoding = "utf8", recordId } = parameters;
  const responseSalt = parameters.salts?.response ?? generateSalt();
  const requestSalt = request === undefined ? null : (parameters.salts?.request ?? generateSalt());
  const output: Output = {
    modelId: computeModelId({ publisher, name: model.name, version: model.version }),
    requestHash: requestSalt === null ? zeroHash : hashContent({ salt: requestSalt, content: request, encoding }),
    responseHash: hashContent({ salt: responseSalt, content: response, encoding }),
    timestamp: parameters.timestamp ?? BigInt(Math.floor(Date.now() / 1000)),
  };
  const signature = await signOutput({ signer, domain, output });
  return {
    format: proofBundleFormat,
    chainId: domain.chainId,
    contract: domain.contract,
    publisher,
    model: { name: model.name, version: model.version },
    output: { ...output, timestamp: Number(output.timestamp) },
    content: { encoding, responseSalt, requestSalt },
    signer: "transport" in signer ? signer.account.address : signer.address,
    signature,
    recordId,
    anchor: null,
  };
}
