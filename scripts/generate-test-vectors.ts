// Writes docs/test-vectors.json: the fixed inputs and expected outputs of every derivation docs/PROTOCOL.md specifies,
// which test/sdk/testVectors.test.ts checks against the SDK (and, for the digest, against the contract). The
// verification cases (bundles and verdicts) are the conformance suite: scripts/generate-conformance.ts. Every value
// is deterministic: fixed keys, salts and times; RFC 6979 signatures. Run: npm run generate:vectors
import { writeFile } from "node:fs/promises";
import { encodeAbiParameters, type Hash, type Hex, keccak256, parseAbiParameters, stringToHex, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { aiAttestBytecode } from "../sdk/src/abi/aiAttestBytecode.js";
import { createReceipt } from "../sdk/src/bundle/createReceipt.js";
import { deterministicDeploymentProxy } from "../sdk/src/deployment/deterministicDeploymentProxy.js";
import { canonicalAttestSalt, getCanonicalAttestAddress } from "../sdk/src/deployment/getCanonicalAttestAddress.js";
import { computeModelId } from "../sdk/src/hashing/computeModelId.js";
import { encodeContent, hashContent } from "../sdk/src/hashing/hashContent.js";
import { hashOutput } from "../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../sdk/src/hashing/hashOutputLeaf.js";
import { hashOutputStruct, outputTypeHash } from "../sdk/src/hashing/hashOutputStruct.js";
import { lookupKeysOf } from "../sdk/src/lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../sdk/src/lookup/lookupSecretFingerprint.js";
import { lookupTagOf } from "../sdk/src/lookup/lookupTagOf.js";
import { normalizeLookupText } from "../sdk/src/lookup/normalizeLookupText.js";
import { createMerkleTree } from "../sdk/src/merkle/createMerkleTree.js";
import { getLeafIndex } from "../sdk/src/merkle/getLeafIndex.js";
import { getLeaves } from "../sdk/src/merkle/getLeaves.js";
import { getProof } from "../sdk/src/merkle/getProof.js";

const salt = (label: string): Hash => keccak256(toHex(`aiattest vector salt: ${label}`));
// Hardhat's first account deploys the contract first, so the in-process test chain has it at this address (not
// the canonical one: the vectors stay the same when the contract's code, and so its canonical address, changes)
const domain = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const signerKey: Hex = keccak256(toHex("aiattest vector signer key"));
const publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const model = { name: "atlas", version: "1.0" };
const timestamp = 1_767_225_600n; // 2026-01-01T00:00:00Z

const contentCases = [
  { text: "", encoding: "utf8" },
  { text: "Paris.", encoding: "utf8" },
  { text: "naïve café — 東京 🚀👩‍👩‍👧", encoding: "utf8" },
  { text: '{"b": [1, 2.50], "a": "é"}', encoding: "jcs", canonical: '{"a":"é","b":[1,2.5]}' },
] as const;

const content = contentCases.map((item, index) => ({
  ...item,
  salt: salt(`content ${index}`),
  hash: hashContent({ salt: salt(`content ${index}`), content: item.text, encoding: item.encoding }),
}));

// the provenance index (informative, §11): a fixed secret, its fingerprint, and each case's keys and tags
const lookupSecret: Hex = keccak256(toHex("aiattest vector lookup secret"));
const lookupCases = [
  { text: "Paris.", encoding: "utf8" },
  { text: "Cafe\u0301 cre\u0300me", encoding: "utf8" },
  // a leading U+FEFF is a character of the text (§3: no BOM handling): kept in both keys
  { text: "\ufeffParis.", encoding: "utf8" },
  { text: " \tHello,\u00a0world!\r\n\n  Second\u3000line. ", encoding: "utf8" },
  { text: '{"b": [1, 2.50], "a": "x\u00a0  y"}', encoding: "jcs" },
] as const;
const lookup = {
  secret: lookupSecret,
  fingerprint: lookupSecretFingerprint(lookupSecret),
  cases: lookupCases.map((item) => {
    const bytes = encodeContent({ content: item.text, encoding: item.encoding });
    const keys = lookupKeysOf({ secret: lookupSecret, bytes });
    return {
      ...item,
      normalizedText: normalizeLookupText(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)),
      exact: keys.exact,
      normalized: keys.normalized,
      exactTag: String(lookupTagOf(keys.exact)),
      normalizedTag: String(lookupTagOf(keys.normalized)),
    };
  }),
};

const output = { modelId: computeModelId({ publisher, ...model }), requestHash: content[1]!.hash, responseHash: content[2]!.hash, timestamp };
const digest = hashOutput({ domain, output });

// five signed receipts, anchored as one batch (leaves sorted: OpenZeppelin SimpleMerkleTree's layout)
const signer = privateKeyToAccount(signerKey);
const responses = ["Paris.", "", "yes", "naïve café — 東京 🚀👩‍👩‍👧", "The answer is 42.\n"];
const receipts = await Promise.all(
  responses.map((response, index) =>
    createReceipt({ signer, domain, publisher, model, response, recordId: String(index + 1), timestamp: timestamp + BigInt(index), salts: { response: salt(`receipt ${index}`) } }),
  ),
);
const leaves = receipts.map((receipt) => hashOutputLeaf(hashOutput({ domain, output: { ...receipt.output, timestamp: BigInt(receipt.output.timestamp) } })));
const tree = await createMerkleTree(leaves);
const root = tree.root;
// the canonical deployment of the contract this SDK ships (changes with the contract's code)
const canonicalAddress = getCanonicalAttestAddress();
const deployment = {
  proxy: deterministicDeploymentProxy.address,
  proxyRuntimeCode: deterministicDeploymentProxy.runtimeCode,
  salt: canonicalAttestSalt,
  creationCodeHash: keccak256(aiAttestBytecode),
  address: canonicalAddress,
};

const vectors = {
  description: "aiattest protocol test vectors; see docs/PROTOCOL.md. Checked by test/sdk/testVectors.test.ts.",
  domain: {
    name: "aiattest",
    version: "1",
    ...domain,
    typeString: "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
    // keccak256(abi.encode(keccak256(typeString), keccak256(name), keccak256(version), chainId, verifyingContract))
    separator: keccak256(
      encodeAbiParameters(parseAbiParameters("bytes32, bytes32, bytes32, uint256, address"), [
        keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
        keccak256(stringToHex("aiattest")),
        keccak256(stringToHex("1")),
        BigInt(domain.chainId),
        domain.contract,
      ]),
    ),
  },
  modelId: { publisher, ...model, expected: computeModelId({ publisher, ...model }) },
  content,
  output: {
    typeString: "Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)",
    typeHash: outputTypeHash,
    value: { ...output, timestamp: Number(output.timestamp) },
    structHash: hashOutputStruct(output),
    digest,
    leaf: hashOutputLeaf(digest),
  },
  // `leaves` and `proofs[i]` in signing (insertion) order; `treeOrder` as a manifest lists them (sorted);
  // `leafIndexes[i]` is leaves[i]'s position in treeOrder, what a bundle's anchor.leafIndex holds
  merkle: {
    leaves,
    proofs: leaves.map((leaf) => getProof(tree, { leaf })),
    treeOrder: getLeaves(tree),
    leafIndexes: leaves.map((leaf) => getLeafIndex(tree, { leaf })),
    root,
  },
  signer: { privateKey: signerKey, address: signer.address },
  deployment,
  lookup,
};
await writeFile(new URL("../docs/test-vectors.json", import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
console.log("wrote docs/test-vectors.json");
