import type { ProofBundle } from "./ProofBundle.js";

/**
 * The canonical JSON text of a bundle (two-space indent, fields in schema order, trailing newline), so two
 * serializations of the same bundle are byte-identical.
 *
 * @example
 * await writeFile("bundle.json", serializeBundle(bundle))
 */
export function serializeBundle(bundle: ProofBundle): string {
  const { anchor } = bundle;
  // one literal in schema order: `bundleUrl` when undefined is left out by JSON.stringify, as the proof is written as
  // it stands (a spread or a copied array here cost the proof server more than the stringify itself)
  const ordered = {
    format: bundle.format,
    chainId: bundle.chainId,
    contract: bundle.contract,
    publisher: bundle.publisher,
    model: { name: bundle.model.name, version: bundle.model.version },
    output: {
      modelId: bundle.output.modelId,
      requestHash: bundle.output.requestHash,
      responseHash: bundle.output.responseHash,
      timestamp: bundle.output.timestamp,
    },
    content: {
      encoding: bundle.content.encoding,
      responseSalt: bundle.content.responseSalt,
      requestSalt: bundle.content.requestSalt,
    },
    signer: bundle.signer,
    signature: bundle.signature,
    recordId: bundle.recordId,
    bundleUrl: bundle.bundleUrl,
    anchor:
      anchor === null
        ? null
        : {
            root: anchor.root,
            proof: anchor.proof,
            leafIndex: anchor.leafIndex,
            anchorer: anchor.anchorer,
            txHash: anchor.txHash,
            blockNumber: anchor.blockNumber,
            anchoredAt: anchor.anchoredAt,
            manifestUri: anchor.manifestUri,
          },
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
