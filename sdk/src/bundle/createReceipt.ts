import type { Address, Hex } from "viem";
import { computeModelId } from "../hashing/computeModelId.js";
import type { OutputSigner } from "../signing/signOutput.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { ProofBundle } from "./ProofBundle.js";
import { signRecord } from "./signRecord.js";
import { toProofBundle } from "./toProofBundle.js";

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
 * that becomes a full proof once its batch is anchored. The recorder makes its receipts the same way
 * (`signRecord`, then `toProofBundle`), and stores them too.
 *
 * @example
 * const receipt = await createReceipt({ signer: account, domain, publisher, model: { name: "m", version: "1" }, response: "Paris.", recordId: "42" })
 */
export async function createReceipt(parameters: CreateReceiptParameters): Promise<ProofBundle> {
  const { signer, domain, publisher, model, response, request, encoding, recordId, salts } = parameters;
  const record = await signRecord({
    signer,
    domain,
    modelId: computeModelId({ publisher, name: model.name, version: model.version }),
    response,
    request,
    encoding,
    timestamp: parameters.timestamp ?? BigInt(Math.floor(Date.now() / 1000)),
    salts,
  });
  return toProofBundle({ deployment: { ...domain, publisher }, model, record: { ...record, id: recordId }, batch: null });
}
