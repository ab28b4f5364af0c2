// The public API of @aiattest/sdk (browser-safe: no Node built-ins). Node-only parts live behind other entry points.
export { aiAttestAbi } from "./abi/aiAttestAbi.js";

export { getBatch, type GetBatchParameters, type GetBatchReturnType } from "./actions/getBatch.js";
export { getKey, keyRoles, type GetKeyParameters, type GetKeyReturnType, type KeyRole } from "./actions/getKey.js";
export { getModel, type GetModelParameters, type GetModelReturnType } from "./actions/getModel.js";

export { createReceipt, type CreateReceiptParameters } from "./bundle/createReceipt.js";
export { parseBundle, parseBundleOrThrow, type ParseBundleReturnType } from "./bundle/parseBundle.js";
export type { ProofBundle, ProofBundleAnchor } from "./bundle/ProofBundle.js";
export { proofBundleFormat, proofBundleSchema } from "./bundle/proofBundleSchema.js";
export { proofBundleJsonSchema } from "./bundle/proofBundleJsonSchema.js";
export { serializeBundle } from "./bundle/serializeBundle.js";

export { BaseError, type BaseErrorParameters } from "./errors/BaseError.js";
export { BundleParseError, type BundleFieldIssue } from "./errors/BundleParseError.js";
export { ChainReadError } from "./errors/ChainReadError.js";
export { InvalidArgumentError } from "./errors/InvalidArgumentError.js";
export { InvalidSignatureError, type InvalidSignatureReason } from "./errors/InvalidSignatureError.js";
export { InvariantError } from "./errors/InvariantError.js";

export { computeModelId, type ComputeModelIdParameters } from "./hashing/computeModelId.js";
export { generateSalt } from "./hashing/generateSalt.js";
export { getAttestTypedDataDomain } from "./hashing/getAttestTypedDataDomain.js";
export { encodeContent, hashContent, type HashContentParameters } from "./hashing/hashContent.js";
export { hashOutput, type HashOutputParameters } from "./hashing/hashOutput.js";
export { hashOutputLeaf } from "./hashing/hashOutputLeaf.js";
export { hashOutputStruct, outputTypeHash } from "./hashing/hashOutputStruct.js";
export { attestDomainName, attestDomainVersion, outputTypes, outputTypesByVersion } from "./hashing/outputTypes.js";

export { recoverDigestSigner, recoverOutputSigner, assertCanonicalSignature, secp256k1HalfOrder, type RecoverOutputSignerParameters } from "./signing/recoverOutputSigner.js";
export { keyAuthorizationTypes, keyRoleIds, signKeyAuthorization, type SignKeyAuthorizationParameters } from "./signing/signKeyAuthorization.js";
export { signOutput, type OutputSigner, type SignOutputParameters } from "./signing/signOutput.js";

export type { AttestDomain } from "./types/AttestDomain.js";
export { contentEncodings, type ContentEncoding } from "./types/ContentEncoding.js";
export type { Output } from "./types/Output.js";

export { verifyOutput, type VerifyOutputParameters } from "./verify/verifyOutput.js";
export { verifyCheckNames, verifyReasons, type VerifyCheck, type VerifyCheckName, type VerifyReason, type VerifyResult } from "./verify/VerifyResult.js";
