import type { ProofBundle } from "../bundle/ProofBundle.js";
import { proofBundleFormat } from "../bundle/proofBundleSchema.js";
import type { NewRecord, StoreDeployment, StoredBatch, StoredModel } from "../store/Store.js";

export type ToProofBundleParameters = {
  deployment: StoreDeployment;
  model: StoredModel;
  record: NewRecord & { id: number; leafIndex?: number | null; proof?: readonly `0x${string}`[] | null };
  /** The record's batch once anchored; null or unanchored gives a signed-only receipt. */
  batch: StoredBatch | null;
};

/**
 * Assembles the proof bundle of a stored record: a receipt while its batch is not anchored, the full proof
 * once it is.
 *
 * @example
 * const bundle = toProofBundle({ deployment, model, record, batch })
 */
export function toProofBundle({ deployment, model, record, batch }: ToProofBundleParameters): ProofBundle {
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
