import type { Address, Hash } from "viem";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { ProofBundle } from "./ProofBundle.js";
import { proofBundleFormat } from "./proofBundleSchema.js";
import type { SignedRecord } from "./signRecord.js";

export type ToProofBundleParameters = {
  /** The deployment the record is signed for (a store's `StoreDeployment`). */
  deployment: AttestDomain & { publisher: Address };
  model: { name: string; version: string };
  record: SignedRecord & { id: number | string; leafIndex?: number | null; proof?: readonly Hash[] | null };
  /** The record's batch once anchored (a store's `StoredBatch`); null or unanchored gives a signed-only receipt. */
  batch: {
    status: string;
    root: Hash;
    manifestUri: string;
    txHash: Hash | null;
    blockNumber: number | null;
    anchoredAt: number | null;
    anchorer: Address | null;
  } | null;
  /** Where the proof server serves this bundle (`<public URL>/v1/records/<id>`): a locator only, never trusted. */
  bundleUrl?: string | undefined;
};

/**
 * Assembles the proof bundle of a signed record: a receipt while its batch is not anchored, the full proof
 * once it is. The only place a bundle is put together.
 *
 * @example
 * const bundle = toProofBundle({ deployment, model, record, batch })
 */
export function toProofBundle({ deployment, model, record, batch, bundleUrl }: ToProofBundleParameters): ProofBundle {
  const isAnchored = batch?.status === "anchored" && record.proof != null && record.leafIndex != null;
  return {
    format: proofBundleFormat,
    chainId: deployment.chainId,
    contract: deployment.contract,
    publisher: deployment.publisher,
    model: { name: model.name, version: model.version },
    output: { modelId: record.modelId, requestHash: record.requestHash, responseHash: record.responseHash, timestamp: Number(record.timestamp) },
    content: { encoding: record.encoding, responseSalt: record.responseSalt, requestSalt: record.requestSalt },
    signer: record.signer,
    signature: record.signature,
    recordId: String(record.id),
    ...(bundleUrl === undefined ? {} : { bundleUrl }),
    anchor: isAnchored
      ? {
          root: batch.root,
          proof: [...record.proof!],
          leafIndex: record.leafIndex!,
          anchorer: batch.anchorer!,
          txHash: batch.txHash!,
          blockNumber: batch.blockNumber!,
          anchoredAt: batch.anchoredAt!,
          manifestUri: batch.manifestUri,
        }
      : null,
  };
}
