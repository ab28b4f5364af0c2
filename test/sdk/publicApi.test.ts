import { expect, test } from "vitest";

// any change to what the SDK exports shows up here, in review
test("the names exported by @aiattest/sdk", async () => {
  expect(Object.keys(await import("../../sdk/src/index.js")).sort()).toMatchInlineSnapshot(`
    [
      "AttestTransactionError",
      "BaseError",
      "BundleParseError",
      "ChainReadError",
      "InvalidArgumentError",
      "InvalidSignatureError",
      "InvariantError",
      "MerkleEmptyLeavesError",
      "MerkleInvalidLeafError",
      "MerkleInvalidProofError",
      "MerkleInvalidRootError",
      "MerkleLeafIndexOutOfBoundsError",
      "MerkleLeafNotFoundError",
      "MerkleManifestFieldError",
      "MerkleManifestFormatError",
      "MerkleManifestJsonError",
      "MerkleManifestRootMismatchError",
      "aiAttestAbi",
      "anchorBatch",
      "assertCanonicalSignature",
      "attestDomainName",
      "attestDomainVersion",
      "authorizeKey",
      "batchManifestFormat",
      "computeMerkleRoot",
      "computeModelId",
      "contentEncodings",
      "createMerkleTree",
      "createReceipt",
      "defaultKeyConsentLifetime",
      "deployAttest",
      "dumpManifest",
      "encodeContent",
      "findTransactionReceipt",
      "generateSalt",
      "getAllProofs",
      "getAttestTypedDataDomain",
      "getBatch",
      "getKey",
      "getLeafIndex",
      "getLeaves",
      "getMerkleHasher",
      "getModel",
      "getProof",
      "hashContent",
      "hashOutput",
      "hashOutputLeaf",
      "hashOutputStruct",
      "keyAuthorizationTypes",
      "keyRoleIds",
      "keyRoles",
      "listModels",
      "loadManifest",
      "loadMerkleHasher",
      "outputTypeHash",
      "outputTypes",
      "outputTypesByVersion",
      "parseBundle",
      "parseBundleOrThrow",
      "privateKeyToSigner",
      "processProof",
      "proofBundleFormat",
      "proofBundleJsonSchema",
      "proofBundleSchema",
      "recoverDigestSigner",
      "recoverOutputSigner",
      "registerModel",
      "retireModel",
      "revokeKey",
      "secp256k1HalfOrder",
      "serializeBundle",
      "signKeyAuthorization",
      "signOutput",
      "updateModelMetadata",
      "verifyCheckNames",
      "verifyOutput",
      "verifyProof",
      "verifyReasons",
    ]
  `);
});

test("the names exported by @aiattest/sdk/node", async () => {
  expect(Object.keys(await import("../../sdk/src/node.js")).sort()).toMatchInlineSnapshot(`
    [
      "AnchorRunError",
      "ConfigError",
      "SqliteStore",
      "StoreError",
      "connectChain",
      "createRecorder",
      "getProofBundle",
      "loadConfig",
      "openSqliteStore",
      "optionalSetting",
      "requireSetting",
      "runAnchorer",
      "toProofBundle",
    ]
  `);
});

test("the names exported by @aiattest/sdk/ethers", async () => {
  expect(Object.keys(await import("../../sdk/src/ethers.js")).sort()).toMatchInlineSnapshot(`
    [
      "ethersProviderToClient",
      "ethersSignerToAccount",
    ]
  `);
});
