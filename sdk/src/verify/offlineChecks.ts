import { type Hash, zeroHash } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { InvalidSignatureError } from "../errors/InvalidSignatureError.js";
import { computeModelId } from "../hashing/computeModelId.js";
import { hashContent } from "../hashing/hashContent.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { processProof } from "../merkle/internal/processProof.js";
import { recoverDigestSigner } from "../signing/recoverOutputSigner.js";
import { checkContractTrust } from "./checkContractTrust.js";
import type { Check } from "./VerifyContext.js";

/** contract: the bundle names a contract whose identity is established by derivation, or that the caller trusts. */
export const checkContract: Check = ({ bundle: { contract }, trustedContracts }) => {
  const { isTrusted, message } = checkContractTrust({ contract, trustedContracts }, "bundle");
  return isTrusted ? { name: "contract", outcome: "pass", message } : { name: "contract", outcome: "fail", reason: "untrusted-contract", message };
};

/** content: the response delivered is the one whose hash was signed. */
export const checkContent: Check = ({ bundle: { content }, output, response }) =>
  response === undefined
    ? { name: "content", outcome: "skip", message: "Not made: no response was given (withoutResponse), so this verdict says nothing about any text." }
    : hashOrNull({ salt: content.responseSalt, content: response, encoding: content.encoding }) === output.responseHash
    ? { name: "content", outcome: "pass", message: `The response matches the signed responseHash (${content.encoding}).` }
    : {
        name: "content",
        outcome: "fail",
        reason: "content-mismatch",
        message: "content mismatch: the response does not hash to the bundle's responseHash. Either the text was altered, truncated or re-encoded, or the bundle was.",
      };

/** request: when the caller gives a request, the output must commit it and the bundle must let it be checked. */
export const checkRequest: Check = ({ bundle: { content }, output, request }) => {
  const isCommitted = output.requestHash !== zeroHash;
  if (request === undefined) {
    return { name: "request", outcome: "skip", message: isCommitted ? "A request is committed, but none was given to check." : "No request is committed, and none was given." };
  }
  if (!isCommitted) {
    return {
      name: "request",
      outcome: "fail",
      reason: "request-not-committed",
      message: "request not committed: a request was given, but this output commits none (requestHash is zero), so nothing shows that the response answers it.",
    };
  }
  if (content.requestSalt === null) {
    return {
      name: "request",
      outcome: "fail",
      reason: "request-withheld",
      message: "request withheld: the output commits a request, but the bundle withholds its salt, so the request given cannot be checked. Ask for the bundle with its requestSalt.",
    };
  }
  return hashOrNull({ salt: content.requestSalt, content: request, encoding: content.encoding }) === output.requestHash
    ? { name: "request", outcome: "pass", message: "The request matches the signed requestHash." }
    : { name: "request", outcome: "fail", reason: "request-mismatch", message: "request mismatch: the request given is not the one that was signed (or the bundle was altered)." };
};

/** signature: canonical (low-s) and recovering to the signer the bundle names. */
export const checkSignature: Check = async ({ bundle, digest }) => {
  try {
    const signer = await recoverDigestSigner({ digest, signature: bundle.signature });
    return signer === bundle.signer
      ? { name: "signature", outcome: "pass", message: `Signed by key ${signer} for chain ${bundle.chainId} and contract ${bundle.contract}.` }
      : {
          name: "signature",
          outcome: "fail",
          reason: "bad-signature",
          message: "bad signature: it does not recover to the bundle's signer. The output, chain, contract or signer in the bundle differ from what was signed.",
        };
  } catch (error) {
    if (!(error instanceof InvalidSignatureError)) throw error;
    return { name: "signature", outcome: "fail", reason: error.reason === "high-s" ? "malleable-signature" : "malformed-signature", message: error.shortMessage };
  }
};

/** modelId: the model's name and version are bound to its publisher. */
export const checkModelId: Check = ({ bundle, output }) =>
  computeModelId({ publisher: bundle.publisher, name: bundle.model.name, version: bundle.model.version }) === output.modelId
    ? { name: "modelId", outcome: "pass", message: "The output's modelId is keccak256(abi.encode(publisher, name, version)) of the bundle's model." }
    : { name: "modelId", outcome: "fail", reason: "model-id-mismatch", message: "The output's modelId is not keccak256(abi.encode(publisher, name, version)) of the bundle's model." };

/** merkleProof: the output's leaf leads to the batch root (the leaf's position is not established by this). */
export const checkMerkleProof: Check = ({ bundle: { anchor }, digest }) => {
  if (anchor === null) return { name: "merkleProof", outcome: "skip", message: "Signed-only receipt: not in an anchored batch yet." };
  const computed: Hash = processProof(hashOutputLeaf(digest), anchor.proof);
  return computed === anchor.root
    ? { name: "merkleProof", outcome: "pass", message: `The output's leaf is in the tree of root ${anchor.root}.` }
    : { name: "merkleProof", outcome: "fail", reason: "proof-invalid", message: "proof invalid: the Merkle proof does not lead from this output's leaf to the batch root." };
};

function hashOrNull(parameters: Parameters<typeof hashContent>[0]): Hash | null {
  try {
    return hashContent(parameters);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return null;
    throw error;
  }
}
