import type { ProofBundle } from "./ProofBundle.js";

/**
 * The first field in which `candidate` is not the proof of the same output as `receipt`, or null when every
 * signed or identifying field is equal: deployment (chain, contract, publisher), model, the signed output,
 * content encoding and salts, signer, signature and record id. The anchor and the `bundleUrl` locator may differ:
 * they are what an upgrade adds. A receipt's withheld request salt (`null`) matches any.
 *
 * @example
 * const field = findOutputMismatch({ receipt, candidate: fetched })
 * if (field) throw new Error(`the server's bundle differs in ${field}`)
 */
export function findOutputMismatch({ receipt, candidate }: { receipt: ProofBundle; candidate: ProofBundle }): string | null {
  const fields: [string, unknown, unknown][] = [
    ["format", receipt.format, candidate.format],
    ["chainId", receipt.chainId, candidate.chainId],
    ["contract", receipt.contract, candidate.contract],
    ["publisher", receipt.publisher, candidate.publisher],
    ["model.name", receipt.model.name, candidate.model.name],
    ["model.version", receipt.model.version, candidate.model.version],
    ["output.modelId", receipt.output.modelId, candidate.output.modelId],
    ["output.requestHash", receipt.output.requestHash, candidate.output.requestHash],
    ["output.responseHash", receipt.output.responseHash, candidate.output.responseHash],
    ["output.timestamp", receipt.output.timestamp, candidate.output.timestamp],
    ["content.encoding", receipt.content.encoding, candidate.content.encoding],
    ["content.responseSalt", receipt.content.responseSalt, candidate.content.responseSalt],
    ["content.requestSalt", receipt.content.requestSalt ?? candidate.content.requestSalt, candidate.content.requestSalt],
    ["signer", receipt.signer, candidate.signer],
    ["signature", receipt.signature, candidate.signature],
    ["recordId", receipt.recordId, candidate.recordId],
  ];
  return fields.find(([, expected, actual]) => expected !== actual)?.[0] ?? null;
}
