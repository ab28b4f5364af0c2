// The public API of @aiattest/sdk (browser-safe: no Node built-ins). Node-only parts live behind other entry points.
export { aiAttestAbi } from "./abi/aiAttestAbi.js";

export { auditBundle, type AuditBundleParameters, type AuditBundleResult, type AuditBundleSkip } from "./audit/auditBundle.js";
export { auditManifest, type AuditManifestParameters, type AuditManifestReturnType } from "./audit/auditManifest.js";
export { auditCheckNames, auditReasons, type AuditCheck, type AuditCheckName, type AuditedAnchor, type AuditManifestResult, type AuditReason } from "./audit/AuditManifestResult.js";
export { fetchManifest, type FetchManifestParameters } from "./audit/fetchManifest.js";
export { maxManifestBytes } from "./audit/maxManifestBytes.js";
export { ManifestFetchError } from "./errors/ManifestFetchError.js";

export { anchorBatch, type AnchorBatchErrorType, type AnchorBatchParameters, type AnchorBatchReturnType } from "./actions/anchorBatch.js";
export { AttestTransactionError } from "./errors/AttestTransactionError.js";
export type { AttestWalletClient } from "./actions/AttestWalletClient.js";
export { authorizeKey, defaultKeyConsentLifetime, type AuthorizeKeyErrorType, type AuthorizeKeyParameters, type AuthorizeKeyReturnType } from "./actions/authorizeKey.js";
export { deployAttest, type DeployAttestErrorType, type DeployAttestParameters, type DeployAttestReturnType } from "./actions/deployAttest.js";
export { getBatch, type GetBatchErrorType, type GetBatchParameters, type GetBatchReturnType } from "./actions/getBatch.js";
export { getKey, type GetKeyErrorType, type GetKeyParameters, type GetKeyReturnType } from "./actions/getKey.js";
export { getModel, type GetModelErrorType, type GetModelParameters, type GetModelReturnType } from "./actions/getModel.js";
export { listModels, type ListedModel, type ListModelsErrorType, type ListModelsParameters, type ListModelsReturnType } from "./actions/listModels.js";
export { registerModel, type RegisterModelErrorType, type RegisterModelParameters, type RegisterModelReturnType } from "./actions/registerModel.js";
export { retireModel, type RetireModelErrorType, type RetireModelParameters, type RetireModelReturnType } from "./actions/retireModel.js";
export { revokeKey, type RevokeKeyErrorType, type RevokeKeyParameters, type RevokeKeyReturnType } from "./actions/revokeKey.js";
export { updateModelMetadata, type UpdateModelMetadataErrorType, type UpdateModelMetadataParameters, type UpdateModelMetadataReturnType } from "./actions/updateModelMetadata.js";

export { createReceipt, type CreateReceiptParameters } from "./bundle/createReceipt.js";
export { parseBundle, parseBundleOrThrow, type ParseBundleReturnType } from "./bundle/parseBundle.js";
export type { ProofBundle, ProofBundleAnchor } from "./bundle/ProofBundle.js";
export { proofBundleFormat, proofBundleSchema } from "./bundle/proofBundleSchema.js";
export { proofBundleJsonSchema } from "./bundle/proofBundleJsonSchema.js";
export { serializeBundle } from "./bundle/serializeBundle.js";

export { canonicalAttestAddresses } from "./deployment/canonicalAttestAddresses.js";
export { getCanonicalAttestAddress } from "./deployment/getCanonicalAttestAddress.js";

export type { AttestErrorName } from "./errors/AttestErrorName.js";
export { BaseError, type BaseErrorParameters } from "./errors/BaseError.js";
export { BundleParseError, type BundleFieldIssue } from "./errors/BundleParseError.js";
export { ChainReadError } from "./errors/ChainReadError.js";
export { InvalidArgumentError } from "./errors/InvalidArgumentError.js";
export { InvalidSignatureError, type InvalidSignatureReason } from "./errors/InvalidSignatureError.js";
export { InvariantError } from "./errors/InvariantError.js";

export { computeModelId, type ComputeModelIdParameters } from "./hashing/computeModelId.js";
export { generateSalt } from "./hashing/generateSalt.js";
export { getAttestTypedDataDomain } from "./hashing/getAttestTypedDataDomain.js";
export { hashContent, type HashContentParameters } from "./hashing/hashContent.js";
export { hashOutput, type HashOutputParameters } from "./hashing/hashOutput.js";
export { hashOutputLeaf } from "./hashing/hashOutputLeaf.js";
export { hashOutputStruct } from "./hashing/hashOutputStruct.js";
export { attestDomainName, attestDomainVersion, outputTypes, outputTypesByVersion } from "./hashing/outputTypes.js";

export type { BatchManifest, BatchManifestMeta } from "./merkle/BatchManifest.js";
export { batchManifestFormat } from "./merkle/batchManifestFormat.js";
export { computeMerkleRoot } from "./merkle/computeMerkleRoot.js";
export { createMerkleTree, type CreateMerkleTreeErrorType, type CreateMerkleTreeOptions } from "./merkle/createMerkleTree.js";
export { dumpManifest } from "./merkle/dumpManifest.js";
export { getAllProofs, type MerkleProofs } from "./merkle/getAllProofs.js";
export { getLeafIndex, type GetLeafIndexParameters } from "./merkle/getLeafIndex.js";
export { getLeaves } from "./merkle/getLeaves.js";
export { getProof, type GetProofParameters } from "./merkle/getProof.js";
export { loadManifest, type LoadManifestErrorType, type LoadManifestReturnType } from "./merkle/loadManifest.js";
export { loadMerkleHasher, type MerkleHasher } from "./hashing/loadMerkleHasher.js";
export type { MerkleLeaves } from "./merkle/MerkleLeaves.js";
export type { MerkleProof } from "./merkle/MerkleProof.js";
export type { MerkleTree } from "./merkle/MerkleTree.js";
export { verifyProof, type VerifyProofParameters } from "./merkle/verifyProof.js";

export { privateKeyToSigner } from "./signing/privateKeyToSigner.js";
export { recoverOutputSigner, type RecoverOutputSignerParameters } from "./signing/recoverOutputSigner.js";
export { keyAuthorizationTypes, signKeyAuthorization, type SignKeyAuthorizationParameters } from "./signing/signKeyAuthorization.js";
export { signOutput, type OutputSigner, type SignOutputParameters } from "./signing/signOutput.js";

export type { AttestDomain } from "./types/AttestDomain.js";
export { contentEncodings, type ContentEncoding } from "./types/ContentEncoding.js";
export { keyRoleIds, keyRoles, type KeyRole } from "./types/KeyRole.js";
export type { Output } from "./types/Output.js";

export { explorerInputs, type ExplorerAnswer, type ExplorerCall, type ExplorerInput, type ExplorerInputs, type ExplorerInputsErrorType, type ExplorerInputsParameters } from "./verify/explorerInputs.js";
export { responseHashCommand, type ResponseHashCommandParameters } from "./verify/responseHashCommand.js";
export { verifyOutput, type VerifyOutputParameters } from "./verify/verifyOutput.js";
export { verifyCheckNames, verifyReasons, type ChainReadPoint, type VerifyCheck, type VerifyCheckName, type VerifyReason, type VerifyResult } from "./verify/VerifyResult.js";
