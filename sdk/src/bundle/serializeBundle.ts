import type { ProofBundle } from "./ProofBundle.js";

/**
 * The canonical JSON text of a bundle (two-space indent, fields in schema order, trailing newline), so two
 * serializations of the same bundle are byte-identical.
 *
 * @example
 * await writeFile("bundle.json", serializeBundle(bundle))
 */
export function serializeBundle(bundle: ProofBundle): string {
  const ordered: ProofBundle = {
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
    ...(bundle.bundleUrl === undefined ? {} : { bundleUrl: bundle.bundleUrl }),
    anchor:
      bundle.anchor === null
        ? null
        : {
            root: bundle.anchor.root,
            proof: [...bundle.anchor.proof],
            leafIndex: bundle.anchor.leafIndex,
            anchorer: bundle.anchor.anchorer,
            txHash: bundle.anchor.txHash,
            blockNumber: bundle.anchor.blockNumber,
            anchoredAt: bundle.anchor.anchoredAt,
            manifestUri: bundle.anchor.manifestUri,
          },
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
