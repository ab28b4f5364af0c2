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
      "ManifestFetchError",
      "aiAttestAbi",
      "anchorBatch",
      "attestDomainName",
      "attestDomainVersion",
      "auditBundle",
      "auditCheckNames",
      "auditManifest",
      "auditReasons",
      "authorizeKey",
      "batchManifestFormat",
      "canonicalAttestAddresses",
      "computeMerkleRoot",
      "computeModelId",
      "contentEncodings",
      "createMerkleTree",
      "createReceipt",
      "defaultKeyConsentLifetime",
      "deployAttest",
      "dumpManifest",
      "explorerInputs",
      "fetchManifest",
      "generateSalt",
      "getAllProofs",
      "getAttestTypedDataDomain",
      "getBatch",
      "getCanonicalAttestAddress",
      "getKey",
      "getLeafIndex",
      "getLeaves",
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
      "maxManifestBytes",
      "outputTypes",
      "outputTypesByVersion",
      "parseBundle",
      "parseBundleOrThrow",
      "privateKeyToSigner",
      "proofBundleFormat",
      "proofBundleJsonSchema",
      "proofBundleSchema",
      "recoverOutputSigner",
      "registerModel",
      "responseHashCommand",
      "retireModel",
      "revokeKey",
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
      "SqliteStore",
      "StoreError",
      "createRecorder",
      "getProofBundle",
      "lookupKeysOf",
      "lookupSecretFingerprint",
      "lookupTagOf",
      "normalizeLookupText",
      "openPostgresStore",
      "openSqliteStore",
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
