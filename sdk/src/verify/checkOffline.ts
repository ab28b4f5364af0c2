import { type Address, type Hash, zeroHash } from "viem";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { InvalidSignatureError } from "../errors/InvalidSignatureError.js";
import { computeModelId } from "../hashing/computeModelId.js";
import { hashContent } from "../hashing/hashContent.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { processProof } from "../merkle/processProof.js";
import { recoverDigestSigner } from "../signing/recoverOutputSigner.js";
import type { Output } from "../types/Output.js";
import type { VerifyCheck } from "./VerifyResult.js";

export type CheckOfflineParameters = {
  bundle: ProofBundle;
  output: Output;
  response: string | Uint8Array;
  request?: string | Uint8Array | undefined;
};

/**
 * The checks that need no chain, in verification order: content, request, signature, model id, Merkle proof.
 * Returns the checks and the recovered signer (null when the signature does not recover).
 */
export async function checkOffline({ bundle, output, response, request }: CheckOfflineParameters) {
  const checks: VerifyCheck[] = [];
  const { content } = bundle;

  // content: the text delivered is the text that was signed
  const responseHash = hashOrNull({ salt: content.responseSalt, content: response, encoding: content.encoding });
  checks.push(
    responseHash === output.responseHash
      ? { name: "content", outcome: "pass", message: `The response matches the signed responseHash (${content.encoding}).` }
      : { name: "content", outcome: "fail", reason: "content-mismatch", message: "content mismatch: the response text is not the text that was signed (tampered, truncated or re-encoded)." },
  );

  // request: checked when it was committed and both its text and salt are at hand
  if (output.requestHash === zeroHash) {
    checks.push({ name: "request", outcome: "skip", message: "The request was not committed in this output." });
  } else if (request === undefined || content.requestSalt === null) {
    checks.push({ name: "request", outcome: "skip", message: "The request was committed but its text or salt was not provided." });
  } else {
    const requestHash = hashOrNull({ salt: content.requestSalt, content: request, encoding: content.encoding });
    checks.push(
      requestHash === output.requestHash
        ? { name: "request", outcome: "pass", message: "The request matches the signed requestHash." }
        : { name: "request", outcome: "fail", reason: "request-mismatch", message: "request mismatch: the request text is not the one that was signed." },
    );
  }

  // signature: canonical (low-s) and from the signer the bundle names
  const digest = hashOutput({ domain: { chainId: bundle.chainId, contract: bundle.contract }, output });
  let signer: Address | null = null;
  try {
    signer = await recoverDigestSigner({ digest, signature: bundle.signature });
    checks.push(
      signer === bundle.signer
        ? { name: "signature", outcome: "pass", message: `Signed by ${signer} for chain ${bundle.chainId}, contract ${bundle.contract}.` }
        : { name: "signature", outcome: "fail", reason: "bad-signature", message: `bad signature: it recovers to ${signer}, not to the bundle's signer ${bundle.signer} (wrong key, chain, contract or output).` },
    );
  } catch (error) {
    if (!(error instanceof InvalidSignatureError)) throw error;
    checks.push({
      name: "signature",
      outcome: "fail",
      reason: error.reason === "high-s" ? "malleable-signature" : "malformed-signature",
      message: error.shortMessage,
    });
  }

  // model id: the model's name and version are bound to its publisher
  const modelId = computeModelId({ publisher: bundle.publisher, name: bundle.model.name, version: bundle.model.version });
  checks.push(
    modelId === output.modelId
      ? { name: "modelId", outcome: "pass", message: `Model "${bundle.model.name}" ${bundle.model.version} of publisher ${bundle.publisher}.` }
      : { name: "modelId", outcome: "fail", reason: "model-id-mismatch", message: "The output's modelId is not keccak256(abi.encode(publisher, name, version)) of the bundle's model." },
  );

  // Merkle proof: the output's leaf is in the batch root
  if (bundle.anchor === null) {
    checks.push({ name: "merkleProof", outcome: "skip", message: "Signed-only receipt: not in an anchored batch yet." });
  } else {
    const leaf = hashOutputLeaf(digest);
    const computed: Hash = processProof(leaf, bundle.anchor.proof);
    checks.push(
      computed === bundle.anchor.root
        ? { name: "merkleProof", outcome: "pass", message: `The output is leaf ${bundle.anchor.leafIndex} of batch ${bundle.anchor.root}.` }
        : { name: "merkleProof", outcome: "fail", reason: "proof-invalid", message: "proof invalid: the Merkle proof does not lead from this output's leaf to the batch root." },
    );
  }
  return { checks, signer };
}

function hashOrNull(parameters: Parameters<typeof hashContent>[0]): Hash | null {
  try {
    return hashContent(parameters);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return null;
    throw error;
  }
}
